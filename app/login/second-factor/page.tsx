import { redirect } from 'next/navigation';
import { serverCaller } from '../../../server/api/server-caller';
import { SignInShell } from '../sign-in-shell';
import { TotpCodeForm } from './totp-code-form';
import { TotpEnrollment } from './totp-enrollment';

export const dynamic = 'force-dynamic';

/** The second sign-in step of security officers and administrators: set up the app once, then a code. */
export default async function SecondFactorPage() {
  const caller = await serverCaller();
  const pending = await caller.auth.totp.status();
  if (!pending) {
    redirect(
      (await caller.auth.me())
        ? '/'
        : (await caller.auth.password.status())
          ? '/login/new-password'
          : '/login',
    );
  }
  return pending.step === 'enroll' ? (
    <SignInShell subtitle="Set up two-step sign-in" wide>
      <TotpEnrollment displayName={pending.displayName} />
    </SignInShell>
  ) : (
    <SignInShell subtitle="Two-step sign-in">
      <TotpCodeForm displayName={pending.displayName} />
    </SignInShell>
  );
}

import { redirect } from 'next/navigation';
import { serverCaller } from '../../../server/api/server-caller';
import { SignInShell } from '../sign-in-shell';
import { NewPasswordForm } from './new-password-form';

export const dynamic = 'force-dynamic';

/** First sign-in, or after an administrator's reset: the temporary password is replaced before anything else. */
export default async function NewPasswordPage() {
  const caller = await serverCaller();
  const pending = await caller.auth.password.status();
  if (!pending) {
    redirect(
      (await caller.auth.me()) ? '/' : (await caller.auth.totp.status()) ? '/login/second-factor' : '/login',
    );
  }
  return (
    <SignInShell subtitle="Choose your password">
      <NewPasswordForm username={pending.username} displayName={pending.displayName} />
    </SignInShell>
  );
}

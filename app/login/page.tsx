import { redirect } from 'next/navigation';
import { serverCaller } from '../../server/api/server-caller';
import { LoginForm } from './login-form';
import { SignInShell } from './sign-in-shell';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ expired?: string }> }) {
  const caller = await serverCaller();
  if (await caller.auth.me()) redirect('/');
  const { expired } = await searchParams;
  return (
    <SignInShell subtitle="Sign in with your workbench account">
      <LoginForm expired={expired === '1'} />
    </SignInShell>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../_trpc/client';

export function LogoutButton() {
  const trpc = useTRPC();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSettled: () => window.location.assign('/login') }),
  );
  return (
    <button
      type="button"
      onClick={() => logout.mutate()}
      className="rounded-md border border-slate-700 px-3 py-1 text-xs text-slate-200 hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}

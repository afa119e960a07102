import type { ReactNode } from 'react';
import { areasByRole, roleNames } from '../../server/auth/roles';
import { LogoutButton } from './logout-button';
import { NavLinks } from './nav-links';
import { requireUser } from './session';

export const dynamic = 'force-dynamic';

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-800 bg-slate-900 text-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
          <span className="flex items-center gap-2 text-sm font-semibold tracking-tight">
            <span className="inline-block size-2.5 rounded-sm bg-brand-500" aria-hidden /> EMV Data
            Preparation
          </span>
          <NavLinks areas={[...areasByRole[user.role]]} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-right leading-tight">
              <span className="block font-medium" data-testid="current-user">
                {user.displayName}
              </span>
              <span className="block text-xs text-slate-400">{roleNames[user.role]}</span>
            </span>
            <LogoutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl space-y-6 px-6 py-8">{children}</main>
    </div>
  );
}

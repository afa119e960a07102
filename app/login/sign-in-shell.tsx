import type { ReactNode } from 'react';
import { cn } from '../_components/ui/cn';

/** The frame of the sign-in steps (password, authenticator code): the product mark on a dark backdrop. */
export function SignInShell({
  subtitle,
  wide = false,
  children,
}: {
  subtitle: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-brand-700 px-4 py-10">
      <div className={cn('w-full', wide ? 'max-w-xl' : 'max-w-sm')}>
        <div className="mb-6 text-center text-white">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-xl bg-white/10 ring-1 ring-white/20">
            <svg
              viewBox="0 0 24 24"
              className="size-7"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              aria-hidden
            >
              <rect x="2.5" y="5" width="19" height="14" rx="2" />
              <rect x="5.5" y="9" width="5" height="4" rx="0.8" />
              <path d="M5.5 16h8" />
            </svg>
          </div>
          <h1 className="text-xl font-semibold">EMV Data Preparation Workbench</h1>
          <p className="mt-1 text-sm text-slate-300">{subtitle}</p>
        </div>
        {children}
      </div>
    </main>
  );
}

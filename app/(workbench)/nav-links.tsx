'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Area } from '../../server/auth/roles';
import { cn } from '../_components/ui/cn';

const links: Record<Area, { href: string; label: string }> = {
  dashboard: { href: '/', label: 'Overview' },
  profiles: { href: '/profiles', label: 'Profiles' },
  jobs: { href: '/jobs', label: 'Jobs' },
  keys: { href: '/keys', label: 'Keys' },
  approvals: { href: '/approvals', label: 'Approvals' },
  exports: { href: '/exports', label: 'Exports' },
  audit: { href: '/audit', label: 'Audit trail' },
  users: { href: '/users', label: 'Users' },
  bureaus: { href: '/bureaus', label: 'Bureaus' },
  calculator: { href: '/calculator', label: 'Calculator' },
};

export function NavLinks({ areas }: { areas: Area[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1">
      {areas.map((area) => {
        const { href, label } = links[area];
        const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <Link
            key={area}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'rounded-md px-3 py-1.5 text-sm text-slate-300 hover:bg-slate-800 hover:text-white',
              active && 'bg-slate-800 text-white',
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

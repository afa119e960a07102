import Link from 'next/link';
import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { KeyInventory } from './key-inventory';

const headerLink =
  'inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50';

export default async function KeysPage() {
  const { user, allowed } = await userWithArea('keys');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Keys"
        description="The key inventory: usage, algorithm and check value. Key values never leave the HSM."
        actions={
          user.role === 'security_officer' ? (
            <div className="flex gap-2">
              <Link href="/keys/ceremonies" className={headerLink}>
                Key ceremonies
              </Link>
              <Link href="/keys/issuer-keys" className={headerLink}>
                Issuer keys and CA keys
              </Link>
            </div>
          ) : null
        }
      />
      <KeyInventory canGenerate={user.role === 'security_officer'} />
    </>
  );
}

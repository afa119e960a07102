import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { AuditTrail } from './audit-trail';

export default async function AuditPage() {
  const { allowed } = await userWithArea('audit');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Append-only and hash-chained: every entry names the one before it."
      />
      <AuditTrail />
    </>
  );
}

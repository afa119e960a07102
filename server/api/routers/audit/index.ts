import { router } from '../../trpc';
import { listAuditEvents, verifyAudit } from './audit-procedures';

export const auditRouter = router({ list: listAuditEvents, verify: verifyAudit });

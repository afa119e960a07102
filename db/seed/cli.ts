import { hashPassword } from '../../server/auth/password';
import { recordAudit } from '../../server/services/audit-trail';
import { openDatabase } from '../client';
import { seedDemo } from './demo';

const handle = await openDatabase();
const created = await seedDemo(handle.db, hashPassword);
if (created.length) {
  await recordAudit(
    handle.db,
    { id: null, name: 'Demo seed', role: 'system', origin: 'seed' },
    { category: 'management', action: 'demo.seed', details: { created } },
  );
}
console.log(created.length ? `seeded: ${created.join(', ')}` : 'demo data already present');
await handle.close();

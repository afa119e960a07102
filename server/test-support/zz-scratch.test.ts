import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './databases';
import { recordAudit, verifyAuditChain } from '../services/audit-trail';
it('scratch', async () => {
  for (const kind of ['pglite','postgres'] as const) {
    const h = await freshDatabase(kind);
    const actor = { id: null, name: 'x', role: 'system', origin: 'o' };
    await recordAudit(h.db, actor, { category: 'management', action: 'a', details: { when: undefined } as any });
    console.log(kind, 'undefined', await verifyAuditChain(h.db));
    const h2 = await freshDatabase(kind);
    await recordAudit(h2.db, actor, { category: 'management', action: 'a', details: { when: new Date() } as any });
    console.log(kind, 'date', await verifyAuditChain(h2.db));
    try { await h.db.execute(sql`update audit_events set action = 'b'`); } catch (e: any) { console.log(kind, e.constructor.name, e.message, '|cause|', e.cause?.message, e.cause?.code); }
    await h.close(); await h2.close();
  }
});

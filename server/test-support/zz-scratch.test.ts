import { it } from 'vitest';
import { freshDatabase } from './databases';
import { seedDemo } from '../../db/seed/demo';
import { hashPassword } from '../auth/password';
import { login } from '../auth/login';
import { findUserByUsername } from '../../db/queries/users';
it('scratch', async () => {
  for (const kind of ['pglite', 'postgres'] as const) {
    const h = await freshDatabase(kind);
    await seedDemo(h.db, hashPassword);
    const r = await Promise.allSettled(Array.from({ length: 10 }, () => login(h.db, { username: 'analyst', password: 'wrong', origin: 'x' })));
    const u = await findUserByUsername(h.db, { username: 'analyst' });
    console.log(kind, r.map((x) => x.status === 'rejected' ? (x.reason as Error).message.slice(0, 20) : 'ok'), u!.failedLogins, u!.lockedUntil);
    await h.close();
  }
});

import { openDatabase } from './client';

const handle = await openDatabase();
console.log(`migrations applied (${handle.kind})`);
await handle.close();

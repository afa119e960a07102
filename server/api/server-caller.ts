import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createContextFromHeaders } from './context';
import { createCaller } from './root';

/** The tRPC API for server components: same procedures, same role checks, no HTTP hop. */
export const serverCaller = cache(async () =>
  createCaller(await createContextFromHeaders(await headers(), null)),
);

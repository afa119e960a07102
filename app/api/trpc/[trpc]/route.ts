import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContextFromHeaders } from '../../../../server/api/context';
import { appRouter } from '../../../../server/api/root';
import { refuseCrossSiteRequest } from '../../../../server/api/request-guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  const refused = refuseCrossSiteRequest(request);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    allowMethodOverride: true,
    createContext: ({ req, resHeaders }) => createContextFromHeaders(req.headers, resHeaders),
  });
}

export { handler as GET, handler as POST };

/**
 * The workbench's HTTP API in the test process, for the CLI's commands to talk to over real HTTP: the
 * very route handlers Next.js serves (tRPC, uploads, bureau downloads), on a random port, with the
 * test's database and HSM bridge. The preparation queue is left out: tests run prepareJob themselves.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { DbHandle } from '../../../db/client';
import type { HsmBridgeClient } from '../../hsm/bridge-client';

export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface WorkbenchServer {
  url: string;
  /** Every request the server received, in order. */
  requests: LoggedRequest[];
  close: () => Promise<void>;
}

export async function startWorkbenchServer(
  handle: DbHandle,
  bridge: HsmBridgeClient,
): Promise<WorkbenchServer> {
  // The processes' singletons (server/db/database.ts, server/hsm/bridge.ts, server/jobs/job-runner.ts).
  const globals = globalThis as unknown as {
    dataprepDb?: Promise<DbHandle>;
    hsmBridge?: HsmBridgeClient;
    dataprepQueue?: Promise<unknown>;
  };
  globals.dataprepDb = Promise.resolve(handle);
  globals.hsmBridge = bridge;
  globals.dataprepQueue = Promise.resolve({ send: async () => null });
  const trpcRoute = await import('../../../app/api/trpc/[trpc]/route');
  const uploadRoute = await import('../../../app/api/uploads/route');
  const fileRoute = await import('../../../app/api/jobs/[jobId]/files/[kind]/route');

  const requests: LoggedRequest[] = [];
  const route = (request: Request, path: string): Promise<Response> | Response => {
    if (path.startsWith('/api/trpc/')) return trpcRoute.POST(request);
    if (path === '/api/uploads') {
      return request.method === 'POST' ? uploadRoute.POST(request) : new Response(null, { status: 405 });
    }
    const file = /^\/api\/jobs\/([^/]+)\/files\/([^/]+)$/.exec(path);
    if (file && request.method === 'GET') {
      return fileRoute.GET(request, { params: Promise.resolve({ jobId: file[1]!, kind: file[2]! }) });
    }
    return new Response('Not found', { status: 404 });
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      requests.push({ method: req.method ?? '', path: url.pathname, headers: { ...req.headers } });
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
          headers.append(name, one);
        }
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: 'half',
      } as RequestInit);
      const response = await route(request, url.pathname);
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader('set-cookie', cookies);
      if (response.body) await pipeline(Readable.fromWeb(response.body as WebReadableStream), res);
      else res.end();
    })().catch((error: unknown) => {
      console.error('[test workbench]', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

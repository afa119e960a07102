import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../api/root';
import { sessionCookieName } from '../../auth/session';
import { serverOptions } from '../cli-args';
import type { CliIo } from '../cli-io';
import { loadSession, sessionFile, type StoredSession } from './session-store';

/**
 * What each procedure takes. Names the CLI passes through as typed (a key usage, an algorithm) are
 * checked by the server, which answers with the allowed values.
 */
export type ApiInput = inferRouterInputs<AppRouter>;
export type ApiOutput = inferRouterOutputs<AppRouter>;

export const defaultUrl = 'http://localhost:3000';

/** A command that could not do its work: printed as "error: …" with the lines after it, exit status 1. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** The workbench a command talks to: --url, else DATAPREP_URL, else the demo's address. */
export function workbenchUrl(option: string | undefined, env: CliIo['env']): URL {
  const text = option ?? env.DATAPREP_URL ?? defaultUrl;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CommandFailure(`"${text}" is not a URL: give the workbench's address, e.g. ${defaultUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CommandFailure(`"${text}" is not an http or https address`);
  }
  return new URL(url.origin);
}

export interface Workbench {
  url: URL;
  /** The tRPC API, called as the browser calls it: every call a JSON POST with the session cookie. */
  api: TRPCClient<AppRouter>;
  /** A plain request (upload, download) to a path of the workbench, with the session cookie. */
  request: (path: string, init?: RequestInit) => Promise<Response>;
  /** The session cookie ("name=value") as the server last set it; null once it cleared it. */
  cookie: () => string | null;
}

/**
 * What the API requires (server/api/request-guard.ts) is what a browser sends: POST, a JSON content
 * type, and no foreign Origin. The CLI sends no Origin or Sec-Fetch-Site at all (only browsers do),
 * which the guard accepts. Refusals by the guard are not tRPC answers: their message is passed on.
 */
export function openWorkbench(url: URL, cookie: string | null): Workbench {
  let current = cookie;
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (current) headers.set('cookie', current);
    headers.set('user-agent', 'dataprep-cli');
    let response: Response;
    try {
      response = await fetch(new URL(path, url), { ...init, headers, redirect: 'manual' });
    } catch (error) {
      throw unreachable(url, error);
    }
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0]!.trim();
      if (pair.startsWith(`${sessionCookieName}=`)) {
        current = pair === `${sessionCookieName}=` ? null : pair;
      }
    }
    return response;
  };
  const guardedFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const target = new URL(String(input instanceof Request ? input.url : input));
    const response = await request(`${target.pathname}${target.search}`, init);
    if (!response.ok && response.headers.get('content-type')?.includes('application/json')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { error?: { message?: unknown; json?: unknown } } | null;
      if (typeof body?.error?.message === 'string' && body.error.json === undefined) {
        throw new CommandFailure(body.error.message);
      }
    }
    return response;
  };
  const api = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/api/trpc', url).toString(),
        transformer: superjson,
        methodOverride: 'POST',
        fetch: guardedFetch,
      }),
    ],
  });
  return { url, api, request, cookie: () => current };
}

function unreachable(url: URL, error: unknown): CommandFailure {
  const { code, message } = (error as { cause?: { code?: string; message?: string } }).cause ?? {};
  const cause = code ?? message;
  return new CommandFailure(
    `cannot reach the workbench at ${url.origin}${cause ? ` (${cause})` : ''}: is it running? Start it with "npm run demo", or give its address with --url or DATAPREP_URL.`,
  );
}

/** The signed-in workbench for a command: its URL, the stored session, and a client that sends it. */
export function signedIn(
  io: CliIo,
  values: { [K in keyof typeof serverOptions]?: unknown },
): { workbench: Workbench; session: StoredSession; file: string } {
  const url = workbenchUrl(values.url as string | undefined, io.env);
  const file = sessionFile(url, io.env);
  const session = loadSession(file, io.err);
  if (!session) {
    throw new CommandFailure(
      `not signed in to ${url.origin}: run "npx dataprep login --user NAME" first (session file ${file}).`,
    );
  }
  return { workbench: openWorkbench(url, session.cookie), session, file };
}

/** The message a person should read for a failed call, and what to do about it. */
export function failureOf(error: unknown): CommandFailure | null {
  if (error instanceof CommandFailure) return error;
  if (!(error instanceof TRPCClientError)) return null;
  const cause = (error as TRPCClientError<AppRouter>).cause;
  if (cause instanceof CommandFailure) return cause;
  const data = (error as TRPCClientError<AppRouter>).data as
    { code?: string; problems?: Array<{ path?: string; message: string }> } | undefined;
  if (!data) {
    return new CommandFailure(
      `the workbench gave an answer the CLI does not understand (${error.message}); is --url the workbench's address?`,
    );
  }
  // The message names the first problems already; the rest are listed one per line.
  const lines = (data.problems ?? [])
    .map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`)
    .filter((problem) => !error.message.includes(problem))
    .map((problem) => `  ${problem}`);
  if (data.code === 'UNAUTHORIZED') lines.push('Sign in again with "npx dataprep login --user NAME".');
  return new CommandFailure(error.message, lines);
}

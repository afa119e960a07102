'use client';

import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '../../server/api/root';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * A session that ended (idle timeout) sends the person back to the login page, saying why. Not from
 * the sign-in pages themselves, where a refusal (a wrong code) is shown on the form.
 */
function onApiError(error: unknown) {
  if (
    error instanceof TRPCClientError &&
    error.data?.code === 'UNAUTHORIZED' &&
    !window.location.pathname.startsWith('/login')
  ) {
    window.location.assign('/login?expired=1');
  }
}

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onApiError }),
        mutationCache: new MutationCache({ onError: onApiError }),
        defaultOptions: { queries: { staleTime: 5_000, retry: false } },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // Every call is a JSON POST: the API refuses anything else (CSRF defence).
      links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, methodOverride: 'POST' })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message a person should read for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return 'Something went wrong. Try again.';
}

export function fieldErrors(error: unknown): Record<string, string[] | undefined> {
  if (error instanceof TRPCClientError) return (error.data?.fieldErrors as Record<string, string[]>) ?? {};
  return {};
}

/** Problems the server listed with their place (a JSON path, a row), e.g. for an imported profile. */
export function errorProblems(
  error: unknown,
): Array<{ path: string; message: string; tag?: string; tagName?: string }> {
  if (error instanceof TRPCClientError && Array.isArray(error.data?.problems)) {
    return error.data.problems as Array<{ path: string; message: string; tag?: string; tagName?: string }>;
  }
  return [];
}

'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../../_trpc/client';
import { Empty, ErrorNotice, Loading } from './states';

/**
 * The one way a panel shows a query: loading, then the error in words, then the empty state, then the data.
 */
export function QueryState<T, E>({
  query,
  empty,
  isEmpty = (data) => Array.isArray(data) && data.length === 0,
  children,
}: {
  query: UseQueryResult<T, E>;
  empty?: { title: string; hint?: ReactNode };
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) {
    return (
      <div className="p-5">
        <ErrorNotice message={errorMessage(query.error)} />
      </div>
    );
  }
  const data = query.data as T;
  if (empty && isEmpty(data)) return <Empty title={empty.title}>{empty.hint}</Empty>;
  return <>{children(data)}</>;
}

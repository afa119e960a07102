'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../_components/ui/badge';
import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { Field, TextInput } from '../../../_components/ui/form-field';
import { Empty, ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage, useTRPC } from '../../../_trpc/client';
import { useDebounced } from './use-debounced';

/** The EMV data dictionary, searchable by tag or name. */
export function DataDictionary() {
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const settled = useDebounced(query.trim(), 250);
  const results = useQuery({
    ...trpc.profiles.dictionary.queryOptions({ query: settled }),
    placeholderData: keepPreviousData,
  });
  return (
    <Card>
      <CardHeader title="Data dictionary" description="EMV Book 3, contactless, CPS and scheme-style tags." />
      <CardBody className="space-y-3">
        <Field label="Search by tag or name" htmlFor="dictionary-search">
          <TextInput
            id="dictionary-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="e.g. 9F37 or unpredictable"
          />
        </Field>
        {results.isPending ? (
          <Loading label="Searching…" />
        ) : results.error ? (
          <ErrorNotice message={errorMessage(results.error)} />
        ) : results.data.length === 0 ? (
          <Empty title="No data element matches">Try a tag such as 9F26, or a word of its name.</Empty>
        ) : (
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" data-testid="dictionary-results">
            {results.data.map((element) => (
              <li key={`${element.family}-${element.tag}`} className="py-2 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span>
                    <span className="font-mono text-xs text-slate-500">{element.tag}</span>{' '}
                    <span className="font-medium text-slate-900">{element.name}</span>
                  </span>
                  {element.family === 'emv' ? null : <Badge>{element.family}</Badge>}
                </div>
                <div className="text-xs text-slate-500">
                  {element.constructed ? 'constructed' : `${element.format}, ${element.length} byte(s)`} ·
                  from the {element.source}
                  {element.secret ? ' · secret' : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

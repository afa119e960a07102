'use client';

import { useState } from 'react';
import { Select, TextInput } from '../../../../_components/ui/form-field';
import { searchCodes, type CodeOption } from '../../../../../server/emv/profile/editors';

/**
 * A searchable select of ISO numeric codes ("978 EUR Euro"): the search narrows the list by code or
 * name; the value stored is the three digits. A stored code the list lacks stays shown as it is.
 */
export function CodePicker({
  id,
  label,
  tag,
  value,
  options,
  labelOf,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  tag?: string;
  value: string;
  options: readonly CodeOption[];
  labelOf: (code: string) => string;
  disabled: boolean;
  onChange: (code: string) => void;
}) {
  const [query, setQuery] = useState('');
  const found = searchCodes(options, query);
  const shown = found.some((option) => option.code === value)
    ? found
    : [{ code: value, label: labelOf(value) }, ...found];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label} {tag ? <span className="font-mono text-xs font-normal text-slate-500">({tag})</span> : null}
      </label>
      <div className="flex gap-2">
        <TextInput
          type="search"
          aria-label={`Search ${label}`}
          placeholder="Search"
          value={query}
          disabled={disabled}
          onChange={(e) => setQuery(e.target.value)}
          className="w-44 shrink-0"
        />
        <Select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {shown.map((option) => (
            <option key={option.code} value={option.code}>
              {option.label}
            </option>
          ))}
        </Select>
      </div>
      <p className="text-xs text-slate-500">
        {query && found.length === 0
          ? 'Nothing matches the search.'
          : query
            ? `${found.length} of ${options.length} match.`
            : `${options.length} codes.`}
      </p>
    </div>
  );
}

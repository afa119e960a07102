'use client';

import { useState } from 'react';
import { Select, TextInput } from '../../../../_components/ui/form-field';
import { searchDataElements, type ElementFamily } from '../../../../../server/emv/dictionary';
import type { DataElement } from '../../../../../server/emv/dictionary/types';

/** "n 12, 6 bytes" / "b, 1 to 252 bytes": the dictionary's format and length rule of an element. */
export function lengthRule(element: DataElement): string {
  const [min, max] = typeof element.length === 'number' ? [element.length, element.length] : element.length;
  const bytes = min === max ? `${min} byte${min === 1 ? '' : 's'}` : `${min} to ${max} bytes`;
  return `${element.format}, ${bytes}`;
}

/**
 * A data element picked from the dictionary by tag or name ("9F14", "offline"), shown as
 * "9F14 Lower Consecutive Offline Limit"; `onChange` gets the chosen tag, or '' when none.
 */
export function TagSearch({
  id,
  label,
  family,
  value,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  family: ElementFamily;
  value: string;
  disabled: boolean;
  onChange: (tag: string) => void;
}) {
  const [query, setQuery] = useState('');
  const found = query.trim() ? searchDataElements(query, { family, limit: 40 }) : [];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <TextInput
          type="search"
          aria-label={`Search ${label}`}
          placeholder="Tag or name, e.g. 9F14 or offline"
          value={query}
          disabled={disabled}
          className="w-56 shrink-0"
          onChange={(e) => {
            setQuery(e.target.value);
            const first = e.target.value.trim()
              ? searchDataElements(e.target.value, { family, limit: 1 })[0]
              : undefined;
            onChange(first?.tag ?? '');
          }}
        />
        <Select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {found.length === 0 ? <option value="">{query ? 'Nothing matches' : 'Search first'}</option> : null}
          {found.map((element) => (
            <option key={element.tag} value={element.tag}>
              {element.tag} {element.name} ({lengthRule(element)})
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}

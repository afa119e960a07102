'use client';

import { Fragment } from 'react';
import { Table, Td, Th } from '../../../../_components/ui/table';
import type { BitDefinition } from '../../../../../server/emv/profile/bits';
import { bitStringHex, withBit } from '../../../../../server/emv/profile/editors';
import { EncodedValue } from './encoded-value';

export interface BitColumn {
  /** Short name used in the checkbox labels, e.g. "Denial". */
  label: string;
  tag: string;
  tagName: string;
  ids: string[];
  onChange: (ids: string[]) => void;
}

/**
 * A bit string as checkboxes named as the Books name its bits, one column per data element sharing the
 * layout (the three IACs use the TVR's), with the hex each column gives.
 */
export function BitEditor({
  table,
  length,
  columns,
  disabled,
  testId,
}: {
  table: readonly BitDefinition[];
  length: number;
  columns: BitColumn[];
  disabled: boolean;
  testId: string;
}) {
  const bytes = Array.from({ length }, (_, i) => i + 1).filter((byte) => table.some((b) => b.byte === byte));
  return (
    <div className="space-y-4">
      <div className={`grid gap-3 ${columns.length > 1 ? 'sm:grid-cols-3' : 'sm:grid-cols-2'}`}>
        {columns.map((column) => (
          <EncodedValue
            key={column.tag}
            tag={column.tag}
            name={column.tagName}
            hex={bitStringHex(table, length, column.ids)}
          />
        ))}
      </div>
      <Table data-testid={testId}>
        <thead>
          <tr>
            <Th className="w-16">Bit</Th>
            <Th>Meaning</Th>
            {columns.map((column) => (
              <Th key={column.tag} className="w-24 text-center">
                {column.label}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {bytes.map((byte) => (
            <Fragment key={byte}>
              <tr className="bg-slate-50">
                <Td colSpan={2 + columns.length} className="py-1 text-xs font-semibold text-slate-500">
                  Byte {byte}
                </Td>
              </tr>
              {table
                .filter((bit) => bit.byte === byte)
                .map((bit) => (
                  <tr key={bit.id}>
                    <Td className="py-1.5 font-mono text-xs text-slate-500">b{bit.bit}</Td>
                    <Td className="py-1.5 text-slate-800">{bit.name}</Td>
                    {columns.map((column) => (
                      <Td key={column.tag} className="py-1.5 text-center">
                        <input
                          type="checkbox"
                          aria-label={`${column.label}: ${bit.name}`}
                          checked={column.ids.includes(bit.id)}
                          disabled={disabled}
                          onChange={(e) =>
                            column.onChange(withBit(table, column.ids, bit.id, e.target.checked))
                          }
                          className="size-4 rounded border-slate-300 accent-brand-600"
                        />
                      </Td>
                    ))}
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

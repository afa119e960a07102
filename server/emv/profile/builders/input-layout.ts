/**
 * The input layout builder: the columns of a CSV or fixed-width file (the cardholder file or an
 * additional input) and a live parse of one sample row, each column with its value or its problem as
 * the import would report it (input-rows.ts: ISO/IEC 7812 PAN, ISO/IEC 7813 name and dates, ISO 9564
 * PIN blocks). The PAN is shown masked (first 6 / last 4) and a PIN block never.
 */
import { maskPan } from '../../pan';
import { moveItem } from '../editors';
import { cardholderRulesOf, checkCardholderValues } from '../input-rows';
import type { CardTemplate, InputLayout } from '../schema/card';

export type ColumnRole = InputLayout['columns'][number]['role'];

export const COLUMN_ROLE_LABELS: Record<ColumnRole, string> = {
  pan: 'PAN',
  'pan-sequence-number': 'PAN sequence number',
  'cardholder-name': 'Cardholder name',
  'expiry-date': 'Expiry date (YYMM)',
  'effective-date': 'Effective date (YYMM)',
  'pin-block': 'PIN block',
  pvki: 'PVKI',
  other: 'Other',
};

/** A fixed-width column's usual width by role, for a new column. */
const DEFAULT_WIDTH: Record<ColumnRole, number> = {
  pan: 19,
  'pan-sequence-number': 2,
  'cardholder-name': 26,
  'expiry-date': 4,
  'effective-date': 4,
  'pin-block': 16,
  pvki: 1,
  other: 10,
};

const endOf = (layout: Extract<InputLayout, { kind: 'fixed-width' }>) =>
  layout.columns.reduce((end, column) => Math.max(end, column.start + column.length - 1), 0);

/** The layout as the other kind: CSV columns get consecutive positions, fixed-width ones lose them. */
export function withLayoutKind(layout: InputLayout, kind: InputLayout['kind']): InputLayout {
  if (layout.kind === kind) return layout;
  if (kind === 'csv') {
    return {
      kind: 'csv',
      delimiter: ',',
      header: true,
      columns: layout.columns.map(({ name, role }) => ({ name, role })),
    };
  }
  let start = 1;
  const columns = layout.columns.map(({ name, role }) => {
    const column = { name, role, start, length: DEFAULT_WIDTH[role] };
    start += column.length;
    return column;
  });
  return { kind: 'fixed-width', recordLength: Math.max(1, start - 1), columns };
}

/** Adds a column at the end (a fixed-width one after the last, which lengthens the record if needed). */
export function addColumn(layout: InputLayout, name: string, role: ColumnRole): InputLayout {
  if (layout.kind === 'csv') return { ...layout, columns: [...layout.columns, { name, role }] };
  const start = endOf(layout) + 1;
  const length = DEFAULT_WIDTH[role];
  return {
    ...layout,
    recordLength: Math.max(layout.recordLength, start + length - 1),
    columns: [...layout.columns, { name, role, start, length }],
  };
}

export function removeColumn(layout: InputLayout, index: number): InputLayout {
  const columns = layout.columns.filter((_, i) => i !== index);
  return layout.kind === 'csv'
    ? { ...layout, columns: columns as typeof layout.columns }
    : { ...layout, columns: columns as typeof layout.columns };
}

export function moveColumn(layout: InputLayout, from: number, to: number): InputLayout {
  return layout.kind === 'csv'
    ? { ...layout, columns: moveItem(layout.columns, from, to) }
    : { ...layout, columns: moveItem(layout.columns, from, to) };
}

export interface SampleColumn {
  name: string;
  role: ColumnRole;
  /** What the row holds there, as a person may see it: a PAN masked, a PIN block "(hidden)". */
  value: string;
  problem?: string;
}

export interface SampleParse {
  columns: SampleColumn[];
  /** A problem of the row as a whole (its width). */
  rowProblem?: string;
}

/** Characters, not UTF-16 units, as the import counts them (fixed-width.ts). */
const characters = (text: string) => Array.from(text);

/**
 * Cuts one sample row by the layout: `cut` is the row's fields (CSV, already split by the import's CSV
 * reader) or its text (fixed width). The values are then checked by their columns' roles against the
 * card template's rules (PAN length, BIN range, date rules, overrides), as the import checks every row.
 */
export function parseSampleRow(
  card: CardTemplate,
  layout: InputLayout,
  cut: readonly string[] | string,
  now: Date,
  options: { additional?: boolean } = {},
): SampleParse {
  const values: Record<string, string> = {};
  let rowProblem: string | undefined;
  if (layout.kind === 'csv') {
    const fields = typeof cut === 'string' ? [cut] : cut;
    if (fields.length !== layout.columns.length) {
      rowProblem = `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}; the layout has ${layout.columns.length} columns`;
    }
    layout.columns.forEach((column, i) => (values[column.name] = fields[i] ?? ''));
  } else {
    const line = characters(typeof cut === 'string' ? cut : cut.join(''));
    if (line.length !== layout.recordLength) {
      rowProblem = `the line has ${line.length} characters; the record length is ${layout.recordLength}`;
    }
    for (const column of layout.columns) {
      values[column.name] = line
        .slice(column.start - 1, column.start - 1 + column.length)
        .join('')
        .replace(/ +$/, '');
    }
  }
  // An additional input has no overrides; its columns are checked by their roles all the same.
  const rules = cardholderRulesOf(
    options.additional ? { ...card, input: layout, overrides: undefined } : { ...card, input: layout },
  );
  const { problems } = checkCardholderValues(rules, values, 1, now);
  return {
    ...(rowProblem ? { rowProblem } : {}),
    columns: layout.columns.map(({ name, role }) => {
      const raw = (values[name] ?? '').trim();
      const value =
        role === 'pin-block' ? '(hidden)' : role === 'pan' && /^\d{11,}$/.test(raw) ? maskPan(raw) : raw;
      const problem = problems.find((p) => p.field === name)?.reason;
      return { name, role, value, ...(problem ? { problem } : {}) };
    }),
  };
}

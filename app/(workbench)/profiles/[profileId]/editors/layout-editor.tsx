'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { cn } from '../../../../_components/ui/cn';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import { parseCsv } from '../../../../../server/services/import/csv';
import {
  COLUMN_ROLE_LABELS,
  addColumn,
  moveColumn,
  parseSampleRow,
  removeColumn,
  withLayoutKind,
  type ColumnRole,
} from '../../../../../server/emv/profile/builders/input-layout';
import type { CardTemplate, InputLayout } from '../../../../../server/emv/profile/schema/card';
import { IconButton } from './icon-button';
import { ValidatedInput } from './validated-input';

const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const columnNameProblem = (text: string) =>
  COLUMN_NAME.test(text)
    ? undefined
    : 'A column name starts with a letter, then letters, digits or _ (at most 40)';

/** The sample row cut by the layout: each column with its value or what the import would say. */
function SampleParse({
  id,
  card,
  layout,
  additional,
}: {
  id: string;
  card: CardTemplate;
  layout: InputLayout;
  additional: boolean;
}) {
  const [text, setText] = useState('');
  let cut: string[] | string = text;
  let syntax: string | undefined;
  if (layout.kind === 'csv' && text !== '') {
    try {
      cut = parseCsv(text, layout.delimiter)[0]?.fields ?? [];
    } catch (error) {
      syntax = (error as Error).message;
    }
  }
  const parsed =
    text === '' || syntax ? undefined : parseSampleRow(card, layout, cut, new Date(), { additional });
  return (
    <div className="space-y-2">
      <Field
        label="Sample row"
        htmlFor={`${id}-sample`}
        hint="Paste one row of a file (made-up data): it is cut and checked here and not stored."
        error={syntax}
      >
        <TextInput
          id={`${id}-sample`}
          className="font-mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      {parsed ? (
        <div className="space-y-1" data-testid={`${id}-sample-parse`}>
          {parsed.rowProblem ? <p className="text-xs text-red-700">The row: {parsed.rowProblem}</p> : null}
          <table className="w-full text-xs">
            <tbody>
              {parsed.columns.map((column) => (
                <tr key={column.name} className="border-t border-slate-100" data-testid="sample-column">
                  <td className="py-1 pr-2 font-mono">{column.name}</td>
                  <td className="py-1 pr-2 text-slate-500">{COLUMN_ROLE_LABELS[column.role]}</td>
                  <td className="py-1 pr-2 font-mono">{column.value === '' ? '(empty)' : column.value}</td>
                  <td className={cn('py-1', column.problem ? 'text-red-700' : 'text-emerald-700')}>
                    {column.problem ?? 'ok'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/**
 * An input layout (the cardholder file or an additional input): CSV with its delimiter and header, or
 * fixed width with the record length and each column's start and length; the columns with their roles;
 * and a live parse of a pasted sample row.
 */
export function LayoutEditor({
  id,
  title,
  card,
  layout,
  roles,
  disabled,
  additional = false,
  onChange,
  onRenameColumn,
}: {
  id: string;
  title: string;
  card: CardTemplate;
  layout: InputLayout;
  roles: readonly ColumnRole[];
  disabled: boolean;
  additional?: boolean;
  onChange: (layout: InputLayout) => void;
  /** Renames a column and what refers to it (sources, rules, joins). */
  onRenameColumn: (from: string, to: string) => void;
}) {
  const [newName, setNewName] = useState('');
  const [newRole, setNewRole] = useState<ColumnRole>('other');
  const newProblem =
    newName === ''
      ? undefined
      : (columnNameProblem(newName) ??
        (layout.columns.some((c) => c.name === newName) ? `Column "${newName}" exists already` : undefined));
  const setColumn = (i: number, change: Record<string, unknown>) =>
    onChange({
      ...layout,
      columns: layout.columns.map((c, k) => (k === i ? { ...c, ...change } : c)),
    } as InputLayout);
  const number = (min: number, max: number, what: string) => (text: string) =>
    /^\d{1,4}$/.test(text) && Number(text) >= min && Number(text) <= max
      ? undefined
      : `${what} must be a whole number from ${min} to ${max}`;
  return (
    <div className="space-y-3">
      <div className="grid gap-4 md:grid-cols-3">
        <Field label={`${title} format`} htmlFor={`${id}-kind`}>
          <Select
            id={`${id}-kind`}
            value={layout.kind}
            disabled={disabled}
            onChange={(e) => onChange(withLayoutKind(layout, e.target.value as InputLayout['kind']))}
          >
            <option value="csv">CSV (separated values)</option>
            <option value="fixed-width">Fixed width</option>
          </Select>
        </Field>
        {layout.kind === 'csv' ? (
          <>
            <ValidatedInput
              id={`${id}-delimiter`}
              label={`${title} separator`}
              mono
              value={layout.delimiter}
              disabled={disabled}
              check={(text) =>
                text.length !== 1 || '"\r\n'.includes(text)
                  ? 'The separator is one character, not a quote or a line break'
                  : undefined
              }
              onCommit={(text) => onChange({ ...layout, delimiter: text })}
            />
            <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={layout.header}
                disabled={disabled}
                onChange={(e) => onChange({ ...layout, header: e.target.checked })}
              />
              {title}: the first line names the columns
            </label>
          </>
        ) : (
          <ValidatedInput
            id={`${id}-record-length`}
            label={`${title} record length`}
            mono
            value={String(layout.recordLength)}
            disabled={disabled}
            check={number(1, 4096, 'The record length')}
            onCommit={(text) => onChange({ ...layout, recordLength: Number(text) })}
          />
        )}
      </div>
      <table className="w-full text-sm" data-testid={`${id}-columns`}>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1 pr-2 font-medium">Column</th>
            <th className="py-1 pr-2 font-medium">Role</th>
            {layout.kind === 'fixed-width' ? (
              <>
                <th className="py-1 pr-2 font-medium">Start</th>
                <th className="py-1 pr-2 font-medium">Length</th>
              </>
            ) : null}
            <th />
          </tr>
        </thead>
        <tbody>
          {layout.columns.map((column, i) => (
            <tr key={i} className="border-t border-slate-100 align-top" data-testid="layout-column">
              <td className="py-1 pr-2">
                <ValidatedInput
                  id={`${id}-column-${i}-name`}
                  label={`${title} column ${i + 1} name`}
                  mono
                  value={column.name}
                  disabled={disabled}
                  check={(text) =>
                    columnNameProblem(text) ??
                    (layout.columns.some((c, k) => k !== i && c.name === text)
                      ? `Column "${text}" exists already`
                      : undefined)
                  }
                  onCommit={(text) => onRenameColumn(column.name, text)}
                />
              </td>
              <td className="py-1 pr-2">
                <Field label={`${title} column ${i + 1} role`} htmlFor={`${id}-column-${i}-role`}>
                  <Select
                    id={`${id}-column-${i}-role`}
                    value={column.role}
                    disabled={disabled}
                    onChange={(e) => setColumn(i, { role: e.target.value })}
                  >
                    {[...new Set([...roles, column.role])].map((role) => (
                      <option key={role} value={role}>
                        {COLUMN_ROLE_LABELS[role]}
                      </option>
                    ))}
                  </Select>
                </Field>
              </td>
              {'start' in column ? (
                <>
                  <td className="w-28 py-1 pr-2">
                    <ValidatedInput
                      id={`${id}-column-${i}-start`}
                      label={`${title} column ${i + 1} start`}
                      mono
                      value={String(column.start)}
                      disabled={disabled}
                      check={number(1, 4096, 'The start')}
                      onCommit={(text) => setColumn(i, { start: Number(text) })}
                    />
                  </td>
                  <td className="w-28 py-1 pr-2">
                    <ValidatedInput
                      id={`${id}-column-${i}-length`}
                      label={`${title} column ${i + 1} length`}
                      mono
                      value={String(column.length)}
                      disabled={disabled}
                      check={number(1, 4096, 'The length')}
                      onCommit={(text) => setColumn(i, { length: Number(text) })}
                    />
                  </td>
                </>
              ) : null}
              <td className="py-1">
                {disabled ? null : (
                  <div className="flex gap-1 pt-6">
                    <IconButton
                      label={`Move ${title} column ${column.name} up`}
                      disabled={i === 0}
                      onClick={() => onChange(moveColumn(layout, i, i - 1))}
                    >
                      <ArrowUp className="size-4" />
                    </IconButton>
                    <IconButton
                      label={`Move ${title} column ${column.name} down`}
                      disabled={i === layout.columns.length - 1}
                      onClick={() => onChange(moveColumn(layout, i, i + 1))}
                    >
                      <ArrowDown className="size-4" />
                    </IconButton>
                    <IconButton
                      label={`Remove ${title} column ${column.name}`}
                      disabled={layout.columns.length === 1}
                      onClick={() => onChange(removeColumn(layout, i))}
                    >
                      <Trash2 className="size-4" />
                    </IconButton>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {disabled ? null : (
        <div className="flex flex-wrap items-start gap-3">
          <div className="w-56">
            <Field label={`New ${title} column name`} htmlFor={`${id}-new-name`} error={newProblem}>
              <TextInput
                id={`${id}-new-name`}
                className="font-mono"
                value={newName}
                invalid={newProblem !== undefined}
                onChange={(e) => setNewName(e.target.value)}
              />
            </Field>
          </div>
          <div className="w-56">
            <Field label={`New ${title} column role`} htmlFor={`${id}-new-role`}>
              <Select
                id={`${id}-new-role`}
                value={newRole}
                onChange={(e) => setNewRole(e.target.value as ColumnRole)}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {COLUMN_ROLE_LABELS[role]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button
            type="button"
            variant="secondary"
            className="mt-6"
            disabled={newName === '' || newProblem !== undefined}
            onClick={() => {
              onChange(addColumn(layout, newName, newRole));
              setNewName('');
            }}
          >
            <Plus className="size-4" /> Add column to {title}
          </Button>
        </div>
      )}
      <SampleParse id={id} card={card} layout={layout} additional={additional} />
    </div>
  );
}

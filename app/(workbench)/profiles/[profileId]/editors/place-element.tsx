'use client';

import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import { sourceOptions, type SourceKind } from '../../../../../server/emv/profile/builders/records';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import type { ValueSource } from '../../../../../server/emv/profile/schema/common';
import { familyOf } from '../../../../../server/emv/profile/values';
import type { SectionProps } from './section-props';
import { TagSearch } from './tag-search';

const KIND_LABELS: Record<SourceKind, string> = {
  template: 'This template (its editors)',
  card: 'Card template field',
  generated: 'Generated at preparation',
  cardholder: 'Cardholder file column',
  constant: 'Constant',
};

/** The columns of the card template's input layout, read loosely (the JSON may be mid-edit). */
function inputColumns(profile: SectionProps['profile']): string[] {
  const input = (profile.card as { input?: { columns?: Array<{ name?: unknown }> } }).input;
  return (input?.columns ?? []).map((column) => String(column.name ?? '')).filter(Boolean);
}

/**
 * Places a data element found in the dictionary into a record (or into another list of `targets`, e.g.
 * the application's own DGIs), with the sources that can fill it (the value checks decide the same
 * way): a constant, this template, the card template, a cardholder column or preparation.
 */
export function PlaceElement({
  app,
  profile,
  disabled,
  onPlace,
  targets,
}: Pick<SectionProps, 'app' | 'profile' | 'disabled'> & {
  onPlace: (record: number, tag: string, source: ValueSource) => void;
  /** Where elements go, by index: labels and the field's label; the records when absent. */
  targets?: { label: string; options: Array<{ index: number; label: string }>; empty: string };
}) {
  const into = targets ?? {
    label: 'Into record',
    options: app.records.map((r, index) => ({ index, label: `SFI ${r.sfi} record ${r.number}` })),
    empty: 'Add a record first',
  };
  const template = asTemplate(app);
  const [tag, setTag] = useState('');
  const [chosenTarget, setRecord] = useState<number | undefined>(undefined);
  const record = into.options.some((o) => o.index === chosenTarget)
    ? chosenTarget!
    : (into.options[0]?.index ?? -1);
  const [kind, setKind] = useState<SourceKind | ''>('');
  const [detail, setDetail] = useState('');
  const options = tag ? sourceOptions(tag, template) : undefined;
  const chosenKind = kind && options?.kinds.includes(kind) ? kind : options?.kinds[0];
  const columns = inputColumns(profile);
  const choices =
    chosenKind === 'card'
      ? options!.cardFields
      : chosenKind === 'generated'
        ? options!.generated
        : chosenKind === 'cardholder'
          ? columns
          : [];
  const chosenDetail =
    chosenKind === 'constant' ? detail : choices.includes(detail) ? detail : (choices[0] ?? '');
  const source = (): ValueSource | undefined => {
    switch (chosenKind) {
      case 'template':
        return { from: 'template' };
      case 'constant':
        return { from: 'constant', value: chosenDetail.trim() };
      case 'card':
        return { from: 'card', field: chosenDetail as never };
      case 'generated':
        return { from: 'generated', item: chosenDetail as never };
      case 'cardholder':
        return chosenDetail ? { from: 'cardholder', column: chosenDetail } : undefined;
      default:
        return undefined;
    }
  };
  const ready = tag !== '' && record >= 0 && source() !== undefined;
  return (
    <fieldset className="space-y-3 rounded-md border border-dashed border-slate-300 p-3" disabled={disabled}>
      <legend className="px-1 text-sm font-medium text-slate-700">Place a data element</legend>
      <TagSearch
        id="place-tag"
        label="Data element"
        family={familyOf(template)}
        value={tag}
        disabled={disabled}
        onChange={setTag}
      />
      <div className="grid gap-3 md:grid-cols-3">
        <Field label={into.label} htmlFor="place-record">
          <Select id="place-record" value={record} onChange={(e) => setRecord(Number(e.target.value))}>
            {into.options.length === 0 ? <option value={-1}>{into.empty}</option> : null}
            {into.options.map((o) => (
              <option key={`${o.index}-${o.label}`} value={o.index}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Value from"
          htmlFor="place-source"
          hint={chosenKind === 'template' && options?.section ? `Filled from ${options.section}.` : undefined}
        >
          <Select
            id="place-source"
            value={chosenKind ?? ''}
            onChange={(e) => {
              setKind(e.target.value as SourceKind);
              setDetail('');
            }}
          >
            {(options?.kinds ?? []).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        {chosenKind === 'constant' ? (
          <Field
            label="Constant value"
            htmlFor="place-value"
            hint="Digits for n/cn, text for a/an/ans, hex for b."
          >
            <TextInput
              id="place-value"
              value={detail}
              className="font-mono"
              onChange={(e) => setDetail(e.target.value)}
            />
          </Field>
        ) : choices.length ? (
          <Field label="Which" htmlFor="place-detail">
            <Select id="place-detail" value={chosenDetail} onChange={(e) => setDetail(e.target.value)}>
              {choices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
      </div>
      <Button
        type="button"
        variant="secondary"
        disabled={!ready}
        onClick={() => {
          const placed = source();
          if (placed) onPlace(record, tag, placed);
          setDetail('');
        }}
      >
        <Plus className="size-4" aria-hidden />
        Place element
      </Button>
    </fieldset>
  );
}

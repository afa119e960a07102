'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import {
  addAdditionalInput,
  addOverride,
  newAdditionalInput,
  overrideTargets,
  removeAdditionalInput,
  removeOverride,
  targetKey,
} from '../../../../../server/emv/profile/builders/extra-inputs';
import {
  renameInputColumn,
  type ProfileParts,
} from '../../../../../server/emv/profile/builders/column-rename';
import type { ApplicationTemplate } from '../../../../../server/emv/profile/schema/application';
import { inputName } from '../../../../../server/emv/profile/schema/card';
import type { CardSectionProps } from './card-section';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import { LayoutEditor } from './layout-editor';
import { ValidatedInput, zodProblem } from './validated-input';

const ADDITIONAL_ROLES = ['other', 'pan'] as const;
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Additional input files joined to the cardholder file, each with its own layout and join columns. */
function AdditionalInputs({
  card,
  edit,
  editCard,
  disabled,
}: Pick<CardSectionProps, 'card' | 'edit' | 'editCard' | 'disabled'>) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const inputs = card.additionalInputs ?? [];
  const nameProblem =
    name === ''
      ? undefined
      : (zodProblem(inputName)(name) ??
        (inputs.some((i) => i.name === name) ? `An additional input is already named "${name}"` : undefined));
  const mainColumns = card.input.columns.map((c) => c.name);
  return (
    <section className="space-y-3">
      <h3 className="text-sm font-semibold text-slate-800">Additional input files</h3>
      <p className="text-xs text-slate-500">
        Files from other systems joined to the cardholder file row by row: a row joins when its key column
        equals the cardholder file’s column. Their columns are value sources of the records.
      </p>
      {inputs.map((input, i) => (
        <div
          key={i}
          className="space-y-3 rounded-md border border-slate-200 p-3"
          data-testid="additional-input"
        >
          <div className="grid gap-4 md:grid-cols-4">
            <ValidatedInput
              id={`additional-${i}-name`}
              label={`Input ${i + 1} name`}
              mono
              value={input.name}
              disabled={disabled}
              check={zodProblem(inputName)}
              onCommit={(text) => editCard((k) => void (k.additionalInputs![i]!.name = text))}
            />
            <ValidatedInput
              id={`additional-${i}-label`}
              label={`Input ${i + 1} label`}
              value={input.label}
              disabled={disabled}
              check={(text) =>
                text.length < 1 || text.length > 60 ? 'A label has 1 to 60 characters' : undefined
              }
              onCommit={(text) => editCard((k) => void (k.additionalInputs![i]!.label = text))}
            />
            <Field label={`Input ${i + 1} key column`} htmlFor={`additional-${i}-join`}>
              <Select
                id={`additional-${i}-join`}
                value={input.joinColumn}
                disabled={disabled}
                onChange={(e) => editCard((k) => void (k.additionalInputs![i]!.joinColumn = e.target.value))}
              >
                {[...new Set([input.joinColumn, ...input.layout.columns.map((c) => c.name)])].map(
                  (column) => (
                    <option key={column} value={column}>
                      {column}
                    </option>
                  ),
                )}
              </Select>
            </Field>
            <Field label={`Input ${i + 1} joins to cardholder column`} htmlFor={`additional-${i}-joins-to`}>
              <Select
                id={`additional-${i}-joins-to`}
                value={input.joinsTo}
                disabled={disabled}
                onChange={(e) => editCard((k) => void (k.additionalInputs![i]!.joinsTo = e.target.value))}
              >
                {[...new Set([input.joinsTo, ...mainColumns])].map((column) => (
                  <option key={column} value={column}>
                    {column}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <LayoutEditor
            id={`additional-${i}`}
            title={`Input ${input.name}`}
            card={card}
            layout={input.layout}
            roles={ADDITIONAL_ROLES}
            disabled={disabled}
            additional
            onChange={(layout) => editCard((k) => void (k.additionalInputs![i]!.layout = layout))}
            onRenameColumn={(from, to) =>
              edit((_, profile) =>
                renameInputColumn(profile as unknown as ProfileParts, input.name, from, to),
              )
            }
          />
          {disabled ? null : (
            <Button
              type="button"
              variant="secondary"
              onClick={() => editCard((k) => removeAdditionalInput(k, i))}
            >
              <Trash2 className="size-4" /> Remove additional input {input.name}
            </Button>
          )}
        </div>
      ))}
      {disabled || inputs.length >= 4 ? null : (
        <div className="flex flex-wrap items-start gap-3">
          <div className="w-56">
            <Field label="New input name" htmlFor="additional-new-name" error={nameProblem}>
              <TextInput
                id="additional-new-name"
                className="font-mono"
                value={name}
                invalid={nameProblem !== undefined}
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
          </div>
          <div className="w-72">
            <Field
              label="New input label"
              htmlFor="additional-new-label"
              hint="What the new-job form asks for."
            >
              <TextInput id="additional-new-label" value={label} onChange={(e) => setLabel(e.target.value)} />
            </Field>
          </div>
          <Button
            type="button"
            variant="secondary"
            className="mt-6"
            disabled={name === '' || nameProblem !== undefined || label.trim() === ''}
            onClick={() => {
              editCard((k) => addAdditionalInput(k, newAdditionalInput(k, name, label.trim().slice(0, 60))));
              setName('');
              setLabel('');
            }}
          >
            <Plus className="size-4" /> Add additional input
          </Button>
        </div>
      )}
    </section>
  );
}

/** Per-card overrides: a column of the cardholder file that replaces a template value for its row. */
function Overrides({
  card,
  applications,
  editCard,
  disabled,
}: Pick<CardSectionProps, 'card' | 'editCard' | 'disabled'> & { applications: ApplicationTemplate[] }) {
  const targets = overrideTargets(applications, card.applications);
  const [column, setColumn] = useState('');
  const [target, setTarget] = useState(targets[0]?.key ?? '');
  const overrides = card.overrides ?? [];
  const columnProblem =
    column === '' || COLUMN_NAME.test(column)
      ? undefined
      : 'A column name starts with a letter, then letters, digits or _ (at most 40)';
  const labelOf = (key: string) => targets.find((t) => t.key === key)?.label ?? key;
  return (
    <section className="space-y-3">
      <h3 className="text-sm font-semibold text-slate-800">Per-card overrides</h3>
      <p className="text-xs text-slate-500">
        A column of the cardholder file (role “other”) whose value, when not empty, replaces the template’s
        for that card. Keys, PINs, certificates and values a card field fills are never offered.
      </p>
      <ul className="space-y-2">
        {overrides.map((override, i) => (
          <li key={i} className="flex items-center gap-3 text-sm" data-testid="card-override">
            <span className="font-mono">{override.column}</span>
            <span aria-hidden>→</span>
            <span>{labelOf(targetKey(override.target))}</span>
            {disabled ? null : (
              <IconButton
                label={`Remove the override from column ${override.column}`}
                disabled={false}
                onClick={() => editCard((k) => removeOverride(k, i))}
              >
                <Trash2 className="size-4" />
              </IconButton>
            )}
          </li>
        ))}
      </ul>
      {disabled || overrides.length >= 16 ? null : (
        <div className="flex flex-wrap items-start gap-3">
          <div className="w-56">
            <Field
              label="Override column"
              htmlFor="override-column"
              error={columnProblem}
              hint="Added to the cardholder file with role “other” when it is new."
            >
              <TextInput
                id="override-column"
                className="font-mono"
                value={column}
                invalid={columnProblem !== undefined}
                onChange={(e) => setColumn(e.target.value)}
              />
            </Field>
          </div>
          <div className="w-96">
            <Field label="Overrides" htmlFor="override-target">
              <Select id="override-target" value={target} onChange={(e) => setTarget(e.target.value)}>
                {targets.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button
            type="button"
            variant="secondary"
            className="mt-6"
            disabled={column === '' || columnProblem !== undefined || !targets.some((t) => t.key === target)}
            onClick={() => {
              const chosen = targets.find((t) => t.key === target)!;
              editCard((k) => addOverride(k, column, chosen.target));
              setColumn('');
            }}
          >
            <Plus className="size-4" /> Add override
          </Button>
        </div>
      )}
    </section>
  );
}

/** Additional inputs and per-card overrides of the card template, with their checks. */
export function ExtraInputsEditor(props: CardSectionProps) {
  const applications = props.profile.applications as unknown as ApplicationTemplate[];
  return (
    <div className="space-y-6">
      <AdditionalInputs
        card={props.card}
        edit={props.edit}
        editCard={props.editCard}
        disabled={props.disabled}
      />
      <Overrides
        card={props.card}
        applications={applications}
        editCard={props.editCard}
        disabled={props.disabled}
      />
      <InlineChecks
        checking={props.checking}
        issues={issuesFor(props.groups, ['$.card.additionalInputs', '$.card.overrides'])}
      />
    </div>
  );
}

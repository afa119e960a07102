'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { Button } from '../../../../_components/ui/button';
import { cn } from '../../../../_components/ui/cn';
import { Select } from '../../../../_components/ui/form-field';
import { maskPanEverywhere } from '../../../../../server/services/mask-pan-everywhere';
import {
  TRACK_FIELD_LABELS,
  TRACK_NAMES,
  discretionaryRoom,
  sampleSurface,
  trackLayout,
  type TrackName,
} from '../../../../../server/emv/profile/builders/surface-layout';
import { moveItem } from '../../../../../server/emv/profile/editors';
import type { TrackField } from '../../../../../server/emv/profile/schema/card';
import { columnWithRole } from '../../../../../server/emv/profile/values';
import { longestRendering, unknownPlaceholders } from '../../../../../server/emv/profile/surface';
import { CardFront } from './card-front';
import type { CardSectionProps } from './card-section';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import { ValidatedInput } from './validated-input';

const FIELDS = Object.keys(TRACK_FIELD_LABELS) as Array<TrackField['field']>;

function templateProblem(text: string): string | undefined {
  if (text.length < 1 || text.length > 60) return 'A line template has 1 to 60 characters';
  const unknown = unknownPlaceholders(text);
  return unknown.length
    ? `Unknown placeholder ${unknown[0]}; use {pan}, {pan4}, {expiry}, {effective}, {name} or {column:NAME}`
    : undefined;
}

/** One track: its parts left to right at the longest PAN, and the discretionary fields to edit. */
function TrackEditor({
  track,
  title,
  card,
  disabled,
  editCard,
  sample,
}: {
  track: TrackName;
  title: string;
  sample?: string;
} & Pick<CardSectionProps, 'card' | 'disabled' | 'editCard'>) {
  const layout = trackLayout(card, track);
  const fields = card.surface[track].discretionary;
  const columns = card.input.columns.map((column) => column.name);
  const setFields = (change: (fields: TrackField[]) => TrackField[]) =>
    editCard((k) => void (k.surface[track].discretionary = change(k.surface[track].discretionary)));
  const over = layout.size > layout.max;
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid={`track-${track}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="text-sm font-semibold text-slate-800">{title}</h4>
        <span
          className={cn('text-xs', over ? 'text-red-700' : 'text-slate-500')}
          data-testid={`track-size-${track}`}
        >
          {layout.size} of {layout.max} {layout.unit} at the longest PAN;{' '}
          {Math.max(0, discretionaryRoom(card, track))} {track === 'chipTrack2' ? 'digits' : 'characters'} of
          discretionary data left
        </span>
      </div>
      <div
        className="flex overflow-x-auto rounded border border-slate-300 font-mono text-[10px]"
        aria-label={`${title} layout`}
      >
        {layout.parts.map((part, i) => (
          <div
            key={`${part.label}-${i}`}
            title={`${part.label}: positions ${part.start}–${part.start + part.length - 1}`}
            style={{ flexGrow: part.length, flexBasis: 0 }}
            className={cn(
              'min-w-6 truncate border-r border-slate-300 px-1 py-1 last:border-r-0',
              part.fixed
                ? 'bg-slate-100 text-slate-500'
                : part.discretionary
                  ? 'bg-amber-50 text-amber-900'
                  : 'bg-sky-50 text-sky-900',
            )}
          >
            {part.label}
          </div>
        ))}
      </div>
      {sample ? (
        <p className="break-all font-mono text-xs text-slate-600" data-testid={`track-sample-${track}`}>
          {sample}
        </p>
      ) : null}
      <ul className="space-y-2">
        {fields.map((field, i) => (
          <li key={i} className="flex flex-wrap items-end gap-2" data-testid="track-field">
            <Select
              aria-label={`${title} field ${i + 1}`}
              value={field.field}
              disabled={disabled}
              className="w-36"
              onChange={(e) =>
                setFields((all) =>
                  all.map((f, k) => {
                    if (k !== i) return f;
                    const kind = e.target.value as TrackField['field'];
                    if (kind === 'constant')
                      return { field: kind, length: f.length, value: '0'.repeat(f.length) };
                    if (kind === 'column')
                      return { field: kind, length: f.length, column: columns[0] ?? 'column' };
                    return { field: kind, length: f.length };
                  }),
                )
              }
            >
              {FIELDS.map((kind) => (
                <option key={kind} value={kind}>
                  {TRACK_FIELD_LABELS[kind]}
                </option>
              ))}
            </Select>
            <div className="w-32">
              <ValidatedInput
                id={`${track}-field-${i}-length`}
                label={`${title} field ${i + 1} length`}
                mono
                value={String(field.length)}
                disabled={disabled}
                check={(text) =>
                  /^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 20
                    ? undefined
                    : 'A field is 1 to 20 characters long'
                }
                onCommit={(text) =>
                  setFields((all) => all.map((f, k) => (k === i ? { ...f, length: Number(text) } : f)))
                }
              />
            </div>
            {field.field === 'constant' ? (
              <div className="w-44">
                <ValidatedInput
                  id={`${track}-field-${i}-value`}
                  label={`${title} field ${i + 1} value`}
                  mono
                  value={field.value ?? ''}
                  disabled={disabled}
                  check={(text) => (/^\d+$/.test(text) ? undefined : 'A constant is digits')}
                  onCommit={(text) =>
                    setFields((all) => all.map((f, k) => (k === i ? { ...f, value: text } : f)))
                  }
                />
              </div>
            ) : null}
            {field.field === 'pvki' ? (
              <div className="w-44">
                <ValidatedInput
                  id={`${track}-field-${i}-pvki`}
                  label={`${title} field ${i + 1} PVK index`}
                  hint="Empty: the file's pvki column"
                  mono
                  value={field.value ?? ''}
                  disabled={disabled}
                  check={(text) => (/^\d*$/.test(text) ? undefined : 'A PVK index is digits, usually 1 to 6')}
                  onCommit={(text) =>
                    setFields((all) =>
                      all.map((f, k) => {
                        if (k !== i) return f;
                        const { value: _old, ...rest } = f;
                        return text === '' ? rest : { ...rest, value: text };
                      }),
                    )
                  }
                />
              </div>
            ) : null}
            {field.field === 'column' ? (
              <Select
                aria-label={`${title} field ${i + 1} column`}
                className="w-40"
                value={field.column ?? ''}
                disabled={disabled}
                onChange={(e) =>
                  setFields((all) => all.map((f, k) => (k === i ? { ...f, column: e.target.value } : f)))
                }
              >
                {columns.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </Select>
            ) : null}
            {disabled ? null : (
              <IconButton
                label={`Remove ${title} field ${i + 1}`}
                disabled={disabled}
                onClick={() => setFields((all) => all.filter((_, k) => k !== i))}
              >
                <Trash2 className="size-4" />
              </IconButton>
            )}
          </li>
        ))}
      </ul>
      {disabled ? null : (
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            setFields((all) => [...all, { field: track === 'chipTrack2' ? 'icvv' : 'cvv', length: 3 }])
          }
        >
          <Plus className="size-4" /> Add a field to {title}
        </Button>
      )}
    </div>
  );
}

/**
 * The surface: embossing or laser lines with placeholders, drawn on a made-up card as they change, and
 * the tracks (ISO/IEC 7813) with where PVKI, PVV, CVV and the issuer's data go in the discretionary data.
 */
export function SurfaceEditor({ card, editCard, disabled, groups, checking }: CardSectionProps) {
  const { surface: raw, card: data } = sampleSurface(card);
  const pan = data.cardholder[columnWithRole(card, 'pan') ?? ''];
  const surface = maskPanEverywhere(raw, pan);
  const lines = card.surface.embossing;
  const setLines = (change: (lines: typeof card.surface.embossing) => typeof card.surface.embossing) =>
    editCard((k) => void (k.surface.embossing = change(k.surface.embossing)));
  return (
    <div className="space-y-5">
      <div className="grid gap-5 2xl:grid-cols-[1fr_auto]">
        <div className="space-y-3">
          <h3 className="text-sm font-semibold text-slate-800">Embossing and laser lines</h3>
          <ul className="space-y-3">
            {lines.map((line, i) => {
              const longest = longestRendering(line.template, card.constants.panLength);
              return (
                <li key={i} className="rounded-md border border-slate-200 p-3" data-testid="embossing-line">
                  <div className="grid gap-3 sm:grid-cols-[10rem_1fr_7rem_auto]">
                    <ValidatedInput
                      id={`embossing-${i}-name`}
                      label={`Line ${i + 1} name`}
                      value={line.name}
                      disabled={disabled}
                      check={(text) =>
                        text.length < 1 || text.length > 40 ? 'A line name has 1 to 40 characters' : undefined
                      }
                      onCommit={(text) =>
                        setLines((all) => all.map((l, k) => (k === i ? { ...l, name: text } : l)))
                      }
                    />
                    <ValidatedInput
                      id={`embossing-${i}-template`}
                      label={`Line ${i + 1} text`}
                      mono
                      value={line.template}
                      disabled={disabled}
                      check={templateProblem}
                      onCommit={(text) =>
                        setLines((all) => all.map((l, k) => (k === i ? { ...l, template: text } : l)))
                      }
                    />
                    <ValidatedInput
                      id={`embossing-${i}-max`}
                      label={`Line ${i + 1} at most`}
                      mono
                      value={String(line.maxLength)}
                      disabled={disabled}
                      check={(text) =>
                        /^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 40
                          ? undefined
                          : 'A line holds 1 to 40 characters'
                      }
                      onCommit={(text) =>
                        setLines((all) =>
                          all.map((l, k) => (k === i ? { ...l, maxLength: Number(text) } : l)),
                        )
                      }
                    />
                    {disabled ? null : (
                      <div className="flex items-end gap-1">
                        <IconButton
                          label={`Move line ${i + 1} up`}
                          disabled={i === 0}
                          onClick={() => setLines((all) => moveItem(all, i, i - 1))}
                        >
                          <ArrowUp className="size-4" />
                        </IconButton>
                        <IconButton
                          label={`Move line ${i + 1} down`}
                          disabled={i === lines.length - 1}
                          onClick={() => setLines((all) => moveItem(all, i, i + 1))}
                        >
                          <ArrowDown className="size-4" />
                        </IconButton>
                        <IconButton
                          label={`Remove line ${i + 1}`}
                          disabled={false}
                          onClick={() => setLines((all) => all.filter((_, k) => k !== i))}
                        >
                          <Trash2 className="size-4" />
                        </IconButton>
                      </div>
                    )}
                  </div>
                  <p
                    className={cn(
                      'mt-1 text-xs',
                      longest > line.maxLength ? 'text-red-700' : 'text-slate-500',
                    )}
                    data-testid={`embossing-length-${i}`}
                  >
                    Up to {longest} characters with a {card.constants.panLength}-digit PAN and a 26-character
                    name; the line holds {line.maxLength}.
                  </p>
                </li>
              );
            })}
          </ul>
          {disabled || lines.length >= 6 ? null : (
            <Button
              type="button"
              variant="secondary"
              onClick={() =>
                setLines((all) => [
                  ...all,
                  { name: `Line ${all.length + 1}`, template: '{name}', maxLength: 26 },
                ])
              }
            >
              <Plus className="size-4" /> Add a line
            </Button>
          )}
          <p className="text-xs text-slate-500">
            Placeholders: {'{pan}'}, {'{pan4}'} (groups of four), {'{expiry}'} and {'{effective}'} (MM/YY),{' '}
            {'{name}'}, {'{column:NAME}'} (a column of the input layout).
          </p>
        </div>
        <div className="space-y-2">
          <CardFront lines={surface.embossing} label="The front of a made-up card with the embossing lines" />
          <ul className="font-mono text-xs text-slate-700" data-testid="surface-lines">
            {surface.embossing.map((line, i) => (
              <li key={`${line.name}-${i}`}>
                {line.name}: {line.text}
              </li>
            ))}
          </ul>
          {surface.problems?.map((problem) => (
            <p key={problem} className="text-xs text-red-700">
              {problem}
            </p>
          ))}
        </div>
      </div>
      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-800">Tracks (ISO/IEC 7813)</h3>
        <p className="text-xs text-slate-500">
          Blue: data from the card; amber: discretionary data; grey: separators. CVV, PVV and iCVV are
          computed at preparation and show as *.
        </p>
        {TRACK_NAMES.map(([track, title]) => (
          <TrackEditor
            key={track}
            track={track}
            title={title}
            card={card}
            disabled={disabled}
            editCard={editCard}
            sample={
              track === 'track1'
                ? surface.track1?.text
                : track === 'track2'
                  ? surface.track2?.text
                  : undefined
            }
          />
        ))}
      </div>
      <InlineChecks checking={checking} issues={issuesFor(groups, ['$.card.surface'])} />
    </div>
  );
}

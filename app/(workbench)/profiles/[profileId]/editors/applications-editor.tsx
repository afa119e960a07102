'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../../../_components/ui/badge';
import { Button } from '../../../../_components/ui/button';
import { Field, PairOptions, Select, TextInput } from '../../../../_components/ui/form-field';
import {
  addApplication,
  moveApplication,
  removeApplication,
  type ApplicationsOfCard,
} from '../../../../../server/emv/profile/builders/applications';
import type { BlankApplicationInput } from '../../../../../server/emv/profile/builders/blank';
import { asCardProfile } from '../../../../../server/emv/profile/editors';
import { applicationTemplate } from '../../../../../server/emv/profile/schema/application';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import type { SectionProps } from './section-props';

export const FAMILIES = [
  ['generic', 'Generic EMV'],
  ['cpa', 'EMV CPA'],
  ['vsdc-style', 'VSDC-style'],
  ['mchip-style', 'M/Chip-style'],
] as const;
export const INTERFACES = [
  ['contact', 'Contact'],
  ['contactless', 'Contactless'],
  ['both', 'Contact and contactless'],
] as const;

const aidRule = applicationTemplate.shape.identity.shape.aid;

/**
 * The applications of the card in directory order (the order is the priority, 87, and the order of
 * the PSE and PPSE entries): add a blank one, remove, reorder, and pick the one the other editors change.
 */
export function ApplicationsEditor({
  profile,
  index,
  disabled,
  edit,
  groups,
  checking,
  onPick,
}: SectionProps & { onPick: (index: number) => void }) {
  const apps = profile.applications;
  const change = (fn: (p: ApplicationsOfCard) => void) => edit((_, p) => fn(asCardProfile(p)));
  // The editors keep acting on the same application when it, or its neighbour, moves.
  const move = (from: number, to: number) => {
    change((p) => moveApplication(p, from, to));
    if (index === from) onPick(to);
    else if (index === to) onPick(from);
  };
  return (
    <div className="space-y-4">
      <ol
        className="divide-y divide-slate-100 rounded-md border border-slate-200"
        data-testid="application-list"
      >
        {apps.map((app, i) => (
          <li
            key={`${app.id}-${i}`}
            data-testid="application-row"
            className="flex flex-wrap items-center gap-3 px-3 py-2"
          >
            <span className="w-6 font-mono text-xs text-slate-500">{i + 1}</span>
            <div className="min-w-48 flex-1">
              <div className="text-sm font-medium text-slate-900">
                {app.name} <span className="font-mono text-xs text-slate-500">({app.id})</span>
              </div>
              <div className="text-xs text-slate-500">
                AID <span className="font-mono">{app.identity.aid}</span> · {app.interfaces} · {app.family} ·
                priority {app.identity.priority?.value ?? 'none'}
              </div>
            </div>
            {i === index ? (
              <Badge tone="info">Editing</Badge>
            ) : (
              <Button type="button" variant="secondary" onClick={() => onPick(i)}>
                Edit {app.name}
              </Button>
            )}
            {disabled ? null : (
              <div className="flex gap-1">
                <IconButton label={`Move ${app.name} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  <ArrowUp className="size-4" aria-hidden />
                </IconButton>
                <IconButton
                  label={`Move ${app.name} down`}
                  disabled={i === apps.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  <ArrowDown className="size-4" aria-hidden />
                </IconButton>
                <IconButton
                  label={`Remove ${app.name}`}
                  disabled={apps.length <= 1}
                  onClick={() => {
                    change((p) => removeApplication(p, i));
                    onPick(Math.max(0, i <= index ? index - 1 : index));
                  }}
                >
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              </div>
            )}
          </li>
        ))}
      </ol>
      {disabled ? null : (
        <AddApplication
          onAdd={(input) => {
            change((p) => addApplication(p, input));
            onPick(apps.length);
          }}
        />
      )}
      <InlineChecks
        checking={checking}
        issues={issuesFor(groups, ['$.card.applications', '$.card.directories'], 'aid-', undefined).concat(
          issuesFor(groups, [], 'id-duplicate'),
        )}
      />
    </div>
  );
}

function AddApplication({ onAdd }: { onAdd: (input: BlankApplicationInput) => void }) {
  const [name, setName] = useState('');
  const [aid, setAid] = useState('');
  const [family, setFamily] = useState<BlankApplicationInput['family']>('generic');
  const [interfaces, setInterfaces] = useState<BlankApplicationInput['interfaces']>('contact');
  const [tried, setTried] = useState(false);
  const aidProblem = aidRule.safeParse(aid).error?.issues[0]?.message;
  const nameProblem = name.trim() ? undefined : 'Give the application a name';
  return (
    <fieldset className="space-y-3 rounded-md border border-dashed border-slate-300 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">Add a blank application</legend>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="New application name" htmlFor="new-app-name" error={tried ? nameProblem : undefined}>
          <TextInput
            id="new-app-name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          label="New application AID"
          htmlFor="new-app-aid"
          error={tried && aidProblem ? `The AID ${aidProblem}` : undefined}
          hint="5 to 16 bytes of upper-case hex (RID ‖ PIX)."
        >
          <TextInput
            id="new-app-aid"
            value={aid}
            className="font-mono"
            onChange={(e) => setAid(e.target.value.trim())}
          />
        </Field>
        <Field label="New application family" htmlFor="new-app-family">
          <Select
            id="new-app-family"
            value={family}
            onChange={(e) => setFamily(e.target.value as typeof family)}
          >
            <PairOptions pairs={FAMILIES} />
          </Select>
        </Field>
        <Field label="New application interfaces" htmlFor="new-app-interfaces">
          <Select
            id="new-app-interfaces"
            value={interfaces}
            onChange={(e) => setInterfaces(e.target.value as typeof interfaces)}
          >
            <PairOptions pairs={INTERFACES} />
          </Select>
        </Field>
      </div>
      <Button
        type="button"
        variant="secondary"
        onClick={() => {
          setTried(true);
          if (aidProblem || nameProblem) return;
          onAdd({ name: name.trim(), aid, family, interfaces });
          setName('');
          setAid('');
          setTried(false);
        }}
      >
        <Plus className="size-4" aria-hidden />
        Add application
      </Button>
    </fieldset>
  );
}

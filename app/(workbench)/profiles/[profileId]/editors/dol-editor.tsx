'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { TextInput } from '../../../../_components/ui/form-field';
import { dataElement, tagLabel } from '../../../../../server/emv/dictionary';
import {
  addCvnNeeds,
  addDolEntry,
  cvnNeeds,
  DOL_LABELS,
  dolPath,
  dolsOf,
  readDol,
  writeDol,
  type DolName,
} from '../../../../../server/emv/profile/builders/dols';
import { cvnProfile } from '../../../../../server/emv/profile/cvn';
import { asTemplate, bytesToHex, moveItem } from '../../../../../server/emv/profile/editors';
import { encodeDol } from '../../../../../server/emv/profile/template-values';
import { familyOf } from '../../../../../server/emv/profile/values';
import { EncodedValue } from './encoded-value';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import type { SectionProps } from './section-props';
import { lengthRule, TagSearch } from './tag-search';

/** PDOL, CDOL1, CDOL2, DDOL and TDOL as rows of tag and length (Book 3 5.4), checked against the dictionary. */
export function DolEditor(props: SectionProps) {
  const { app, appPath, groups, checking } = props;
  const template = asTemplate(app);
  const dols = dolsOf(template);
  return (
    <div className="space-y-5">
      {dols.map((which) => (
        <DolTable key={which} which={which} {...props} />
      ))}
      <InlineChecks
        checking={checking}
        issues={issuesFor(
          groups,
          [...dols.map((which) => dolPath(appPath, which)), `${appPath}.dols`],
          'cdol',
          appPath,
        ).concat(issuesFor(groups, [], 'cvn-', appPath))}
      />
    </div>
  );
}

function DolTable({ which, app, disabled, edit }: SectionProps & { which: DolName }) {
  const template = asTemplate(app);
  const family = familyOf(template);
  const { tag, label } = DOL_LABELS[which];
  const entries = readDol(template, which);
  const [adding, setAdding] = useState('');
  const change = (fn: (entries: ReturnType<typeof readDol>) => ReturnType<typeof readDol>) =>
    edit((a) => writeDol(asTemplate(a), which, fn(readDol(asTemplate(a), which))));
  const cvn = which === 'cdol1' ? cvnProfile(template.family, template.cryptogram.cvn) : undefined;
  const needs = which === 'cdol1' ? cvnNeeds(template) : [];
  return (
    <section className="space-y-2 rounded-md border border-slate-200 p-3" data-testid={`dol-${which}`}>
      <h4 className="text-sm font-semibold text-slate-800">
        <span className="font-mono">{tag}</span> {label}
      </h4>
      {entries.length ? (
        <EncodedValue tag={tag} name={label} hex={bytesToHex(encodeDol(entries))} />
      ) : (
        <p className="text-xs text-slate-500">Empty: the profile has no {label}.</p>
      )}
      <ol className="divide-y divide-slate-100">
        {entries.map((entry, i) => {
          const element = dataElement(entry.tag, family);
          return (
            <li
              key={`${entry.tag}-${i}`}
              data-testid="dol-entry"
              className="flex flex-wrap items-center gap-2 py-1.5"
            >
              <span className="w-56 text-sm">
                <span className="font-mono">{entry.tag}</span> {element?.name ?? 'not in the dictionary'}
              </span>
              <TextInput
                aria-label={`${label} ${entry.tag} length`}
                inputMode="numeric"
                className="w-20 font-mono"
                value={entry.length}
                disabled={disabled}
                onChange={(e) => {
                  const length = Number(e.target.value);
                  if (Number.isInteger(length) && length >= 1 && length <= 255)
                    change((list) => list.map((other, k) => (k === i ? { ...other, length } : other)));
                }}
              />
              <span className="text-xs text-slate-500">
                {element ? `dictionary: ${lengthRule(element)}` : 'unknown tag'}
              </span>
              {disabled ? null : (
                <span className="ml-auto flex gap-1">
                  <IconButton
                    label={`Move ${label} ${entry.tag} up`}
                    disabled={i === 0}
                    onClick={() => change((list) => moveItem(list, i, i - 1))}
                  >
                    <ArrowUp className="size-4" aria-hidden />
                  </IconButton>
                  <IconButton
                    label={`Move ${label} ${entry.tag} down`}
                    disabled={i === entries.length - 1}
                    onClick={() => change((list) => moveItem(list, i, i + 1))}
                  >
                    <ArrowDown className="size-4" aria-hidden />
                  </IconButton>
                  <IconButton
                    label={`Remove ${entry.tag} from ${label}`}
                    disabled={false}
                    onClick={() => change((list) => list.filter((_, k) => k !== i))}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </IconButton>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {cvn ? (
        <div className="text-xs text-slate-600" data-testid="cvn-needs">
          CVN {cvn.cvn} ({cvn.description}) computes the cryptogram over:{' '}
          {needs.map((need, i) => (
            <span key={need.tag} className={need.asked ? 'text-emerald-700' : 'font-medium text-red-700'}>
              {i ? ', ' : ''}
              {tagLabel(need.tag, family)} {need.asked ? '✓' : '(missing)'}
            </span>
          ))}
          {!disabled && needs.some((need) => !need.asked) ? (
            <Button
              type="button"
              variant="ghost"
              className="ml-2 h-7 px-2"
              onClick={() => edit((a) => addCvnNeeds(asTemplate(a)))}
            >
              Add what CVN {cvn.cvn} needs
            </Button>
          ) : null}
        </div>
      ) : null}
      {disabled ? null : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-80 flex-1">
            <TagSearch
              id={`dol-add-${which}`}
              label={`Tag to add to ${label}`}
              family={family}
              value={adding}
              disabled={disabled}
              onChange={setAdding}
            />
          </div>
          <Button
            type="button"
            variant="secondary"
            disabled={!adding}
            onClick={() => edit((a) => addDolEntry(asTemplate(a), which, adding))}
          >
            <Plus className="size-4" aria-hidden />
            Add to {label}
          </Button>
        </div>
      )}
    </section>
  );
}

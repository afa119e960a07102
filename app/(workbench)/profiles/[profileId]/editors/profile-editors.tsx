'use client';

import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Card, CardBody, CardHeader } from '../../../../_components/ui/card';
import { cn } from '../../../../_components/ui/cn';
import { Field, Select } from '../../../../_components/ui/form-field';
import { ErrorNotice } from '../../../../_components/ui/states';
import { AUC_BITS, TVR_BITS } from '../../../../../server/emv/profile/bits';
import { currencyByCode } from '../../../../../server/emv/profile/data/codes';
import {
  COUNTRY_OPTIONS,
  CURRENCY_OPTIONS,
  countryLabel,
  currencyLabel,
  editProfileText,
  readEditableProfile,
  withIccPrivateKeyForm,
  type EditableApplication,
  type EditableProfile,
} from '../../../../../server/emv/profile/editors';
import { CheckCounts } from '../../profile-status';
import { EditingCopyNotice, SaveVersionBar, UnlockButton } from '../save-version-bar';
import type { VersionDraft } from '../use-version-draft';
import { VersionChecks } from '../version-checks';
import { BitEditor } from './bit-editor';
import { builderSection } from './builder-sections';
import { CodePicker } from './code-picker';
import { CvmListEditor } from './cvm-list-editor';
import { IccKeyFormEditor } from './icc-key-form-editor';
import { InlineChecks, issuesFor } from './inline-checks';

const sections = [
  { id: 'applications', label: 'Applications' },
  { id: 'identity', label: 'Identity' },
  { id: 'records', label: 'Records' },
  { id: 'dols', label: 'DOLs' },
  { id: 'cvm', label: 'CVM list' },
  { id: 'action-codes', label: 'Issuer action codes' },
  { id: 'usage-control', label: 'Usage control' },
  { id: 'codes', label: 'Currency and country' },
  { id: 'risk', label: 'Offline risk' },
  { id: 'keys', label: 'Keys and PIN' },
  { id: 'icc-key', label: 'ICC private key' },
  { id: 'cps-mapping', label: 'CPS mapping' },
  { id: 'card-constants', label: 'Card constants' },
  { id: 'surface', label: 'Surface' },
  { id: 'input-layout', label: 'Input layout' },
  { id: 'extra-inputs', label: 'More inputs and overrides' },
] as const;
type Section = (typeof sections)[number]['id'];

/**
 * Visual editors of the card's applications (list, identity, records with the AFL and AIP, DOLs, CVM
 * list, IACs, AUC, currency and country, offline risk, keys and PIN, ICC private key form) and of the card
 * template (constants, surface, input layout, additional inputs and overrides) over the same unsaved
 * text the JSON editor shows: each change rewrites that text, so the checks, the JSON tab and the save
 * see it at once.
 */
export function ProfileEditors({ draft }: { draft: VersionDraft }) {
  const read = useMemo(() => readEditableProfile(draft.text), [draft.text]);
  const [chosen, setChosen] = useState(0);
  const [section, setSection] = useState<Section>('cvm');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    draft.saveVersion();
  };
  // Enter in an editor's field commits that field; it must not save a new version behind the analyst's back
  // (the browser would submit the form). Only the note and the Save button save.
  const keepEnterInField = (event: KeyboardEvent<HTMLFormElement>) => {
    const field = event.target;
    if (event.key === 'Enter' && field instanceof HTMLInputElement && field.id !== 'version-note') {
      event.preventDefault();
    }
  };

  if (!read.ok) {
    return (
      <div className="space-y-6">
        <ErrorNotice
          message={`The visual editors cannot read the profile: ${read.problem}. Fix it in the “Checks and JSON” tab.`}
        />
        <VersionChecks draft={draft} />
      </div>
    );
  }
  const applications = read.profile.applications;
  const index = Math.min(chosen, applications.length - 1);
  const app = applications[index]!;
  const appPath = `$.applications[${index}]`;
  const disabled = draft.readOnly;
  const edit = (change: (app: EditableApplication, profile: EditableProfile) => void) =>
    draft.setText(editProfileText(draft.text, (profile) => change(profile.applications[index]!, profile)));
  const groups = draft.checks?.groups;
  const checking = draft.checks === null;
  const builder = builderSection(
    section,
    { profile: read.profile, app, index, appPath, disabled, edit, groups, checking },
    setChosen,
  );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Edit"
          description={
            disabled
              ? draft.approved
                ? 'Approved versions are immutable.'
                : 'Read-only for your role.'
              : 'Changes go into the profile JSON as you make them. Saving makes a new version; this one is kept.'
          }
          actions={<UnlockButton draft={draft} />}
        />
        <CardBody>
          <form onSubmit={submit} onKeyDown={keepEnterInField} className="space-y-5" noValidate>
            <EditingCopyNotice draft={draft} />
            <div className="flex flex-wrap items-end justify-between gap-4">
              {applications.length > 1 ? (
                <div className="w-80">
                  <Field label="Application" htmlFor="editor-application">
                    <Select
                      id="editor-application"
                      value={index}
                      onChange={(e) => setChosen(Number(e.target.value))}
                    >
                      {applications.map((a, i) => (
                        <option key={`${a.id}-${i}`} value={i}>
                          {a.name} ({a.id})
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
              ) : (
                <p className="text-sm text-slate-600">
                  Application <span className="font-medium text-slate-900">{app.name}</span>{' '}
                  <span className="font-mono text-xs">({app.id})</span>
                </p>
              )}
              <p className="text-sm" data-testid="editor-check-counts">
                {draft.checks ? (
                  <>
                    {draft.dirty ? 'Unsaved changes: ' : `Version ${draft.version.number}: `}
                    <CheckCounts errors={draft.checks.errors} warnings={draft.checks.warnings} />
                  </>
                ) : (
                  <span className="text-slate-500">Checking…</span>
                )}
              </p>
            </div>
            <div
              role="tablist"
              aria-label="Editors"
              className="flex flex-wrap gap-1 border-b border-slate-200"
            >
              {sections.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  role="tab"
                  id={`editor-tab-${s.id}`}
                  aria-selected={section === s.id}
                  aria-controls={`editor-panel-${s.id}`}
                  onClick={() => setSection(s.id)}
                  className={cn(
                    '-mb-px border-b-2 px-3 py-1.5 text-sm font-medium',
                    section === s.id
                      ? 'border-brand-600 text-brand-700'
                      : 'border-transparent text-slate-500 hover:text-slate-800',
                  )}
                >
                  {s.label}
                </button>
              ))}
            </div>
            <div
              role="tabpanel"
              id={`editor-panel-${section}`}
              aria-labelledby={`editor-tab-${section}`}
              className="space-y-4"
            >
              {builder ??
                (section === 'cvm' ? (
                  <>
                    <CvmListEditor
                      key={index}
                      cvm={app.cvm}
                      disabled={disabled}
                      onChange={(cvm) =>
                        edit((a) => {
                          a.cvm = cvm;
                        })
                      }
                    />
                    <InlineChecks
                      checking={checking}
                      issues={issuesFor(groups, [`${appPath}.cvm`], 'cvm-', appPath)}
                    />
                  </>
                ) : section === 'action-codes' ? (
                  <>
                    <BitEditor
                      testId="iac-bits"
                      table={TVR_BITS}
                      length={5}
                      disabled={disabled}
                      columns={(
                        [
                          ['default', 'Default', '9F0D'],
                          ['denial', 'Denial', '9F0E'],
                          ['online', 'Online', '9F0F'],
                        ] as const
                      ).map(([key, label, tag]) => ({
                        label,
                        tag,
                        tagName: `Issuer Action Code - ${label}`,
                        ids: app.actionCodes[key],
                        onChange: (ids) =>
                          edit((a) => {
                            a.actionCodes[key] = ids;
                          }),
                      }))}
                    />
                    <InlineChecks
                      checking={checking}
                      issues={issuesFor(groups, [`${appPath}.actionCodes`])}
                    />
                  </>
                ) : section === 'usage-control' ? (
                  <>
                    <BitEditor
                      testId="auc-bits"
                      table={AUC_BITS}
                      length={2}
                      disabled={disabled}
                      columns={[
                        {
                          label: 'Allowed',
                          tag: '9F07',
                          tagName: 'Application Usage Control',
                          ids: app.usageControl,
                          onChange: (ids) =>
                            edit((a) => {
                              a.usageControl = ids;
                            }),
                        },
                      ]}
                    />
                    <InlineChecks
                      checking={checking}
                      issues={issuesFor(groups, [`${appPath}.usageControl`])}
                    />
                  </>
                ) : section === 'icc-key' ? (
                  <>
                    <IccKeyFormEditor
                      app={app}
                      disabled={disabled}
                      onChange={(form) => edit((a) => withIccPrivateKeyForm(a, form))}
                    />
                    <InlineChecks
                      checking={checking}
                      issues={issuesFor(groups, [`${appPath}.keys.iccKey`]).concat(
                        issuesFor(groups, [], 'dgi-', appPath).filter((issue) =>
                          /ICC (private )?key/.test(issue.message),
                        ),
                      )}
                    />
                  </>
                ) : (
                  <>
                    <div className="grid gap-5 md:grid-cols-2">
                      <CodePicker
                        id="application-currency"
                        label="Application currency"
                        tag="9F42"
                        value={app.risk.currency}
                        options={CURRENCY_OPTIONS}
                        labelOf={currencyLabel}
                        disabled={disabled}
                        onChange={(code) =>
                          edit((a) => {
                            a.risk.currency = code;
                            // 9F44 follows the currency's minor units (ISO 4217), as the checks expect.
                            const currency = currencyByCode(code);
                            if (currency) a.risk.currencyExponent = currency.minorUnits;
                          })
                        }
                      />
                      <CodePicker
                        id="issuer-country"
                        label="Issuer country"
                        tag="5F28"
                        value={app.risk.country}
                        options={COUNTRY_OPTIONS}
                        labelOf={countryLabel}
                        disabled={disabled}
                        onChange={(code) =>
                          edit((a) => {
                            a.risk.country = code;
                          })
                        }
                      />
                      <CodePicker
                        id="card-currency"
                        label="Card template currency"
                        value={read.profile.card.constants.currency}
                        options={CURRENCY_OPTIONS}
                        labelOf={currencyLabel}
                        disabled={disabled}
                        onChange={(code) =>
                          edit((_, profile) => {
                            profile.card.constants.currency = code;
                          })
                        }
                      />
                      <CodePicker
                        id="card-country"
                        label="Card template country"
                        value={read.profile.card.constants.country}
                        options={COUNTRY_OPTIONS}
                        labelOf={countryLabel}
                        disabled={disabled}
                        onChange={(code) =>
                          edit((_, profile) => {
                            profile.card.constants.country = code;
                          })
                        }
                      />
                    </div>
                    <p className="text-xs text-slate-500">
                      9F44 Application Currency Exponent is{' '}
                      <span className="font-mono" data-testid="currency-exponent">
                        {app.risk.currencyExponent}
                      </span>
                      ; picking the application currency sets it to the currency’s minor units. The card
                      template’s codes are shared by every application of the card.
                    </p>
                    <InlineChecks
                      checking={checking}
                      issues={issuesFor(groups, [
                        `${appPath}.risk.currency`,
                        `${appPath}.risk.currencyExponent`,
                        `${appPath}.risk.country`,
                        '$.card.constants.currency',
                        '$.card.constants.country',
                      ])}
                    />
                  </>
                ))}
            </div>
            <SaveVersionBar draft={draft} />
          </form>
        </CardBody>
      </Card>
      <VersionChecks draft={draft} />
    </div>
  );
}

'use client';

import { useMemo, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Card, CardBody, CardHeader } from '../../../../_components/ui/card';
import { cn } from '../../../../_components/ui/cn';
import { Select } from '../../../../_components/ui/form-field';
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

/**
 * The editors in two groups: the card's (its applications and the card template, shared by every
 * application) and the chosen application's; the application picker sits with the application's group.
 */
const sections = [
  { id: 'applications', label: 'Applications', group: 'card' },
  { id: 'card-constants', label: 'Card constants', group: 'card' },
  { id: 'surface', label: 'Surface', group: 'card' },
  { id: 'input-layout', label: 'Input layout', group: 'card' },
  { id: 'extra-inputs', label: 'More inputs and overrides', group: 'card' },
  { id: 'identity', label: 'Identity', group: 'application' },
  { id: 'interface-data', label: 'Interface data', group: 'application' },
  { id: 'records', label: 'Records', group: 'application' },
  { id: 'dols', label: 'DOLs', group: 'application' },
  { id: 'cvm', label: 'CVM list', group: 'application' },
  { id: 'action-codes', label: 'Issuer action codes', group: 'application' },
  { id: 'usage-control', label: 'Usage control', group: 'application' },
  { id: 'codes', label: 'Currency and country', group: 'application' },
  { id: 'risk', label: 'Offline risk', group: 'application' },
  { id: 'keys', label: 'Keys and PIN', group: 'application' },
  { id: 'icc-key', label: 'ICC private key', group: 'application' },
  { id: 'cps-mapping', label: 'CPS mapping', group: 'application' },
] as const;
type Section = (typeof sections)[number]['id'];

/** One group's tabs, under its title (the card, or the application with its picker). */
function EditorTabs({
  group,
  title,
  section,
  onChoose,
}: {
  group: (typeof sections)[number]['group'];
  title: ReactNode;
  section: Section;
  onChoose: (section: Section) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid={`editor-group-${group}`}>
      <div className="w-24 shrink-0 text-sm text-slate-600 md:w-auto">{title}</div>
      <div
        role="tablist"
        aria-label={group === 'card' ? 'Card editors' : 'Application editors'}
        className="flex flex-wrap gap-1"
      >
        {sections
          .filter((s) => s.group === group)
          .map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`editor-tab-${s.id}`}
              aria-selected={section === s.id}
              aria-controls={`editor-panel-${s.id}`}
              onClick={() => onChoose(s.id)}
              className={cn(
                'rounded-md px-3 py-1 text-sm font-medium',
                section === s.id
                  ? 'bg-brand-50 text-brand-700 ring-1 ring-brand-100'
                  : 'text-slate-500 hover:bg-slate-50 hover:text-slate-800',
              )}
            >
              {s.label}
            </button>
          ))}
      </div>
    </div>
  );
}

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
            <div className="space-y-3 border-b border-slate-200 pb-3">
              <p className="text-right text-sm" data-testid="editor-check-counts">
                {draft.checks ? (
                  <>
                    {draft.dirty ? 'Unsaved changes: ' : `Version ${draft.version.number}: `}
                    <CheckCounts errors={draft.checks.errors} warnings={draft.checks.warnings} />
                  </>
                ) : (
                  <span className="text-slate-500">Checking…</span>
                )}
              </p>
              <EditorTabs
                group="card"
                title={<span className="font-medium text-slate-900">Card</span>}
                section={section}
                onChoose={setSection}
              />
              <EditorTabs
                group="application"
                title={
                  applications.length > 1 ? (
                    <span className="flex items-center gap-2">
                      <label htmlFor="editor-application" className="font-medium text-slate-900">
                        Application
                      </label>
                      <Select
                        id="editor-application"
                        className="w-72"
                        value={index}
                        onChange={(e) => setChosen(Number(e.target.value))}
                      >
                        {applications.map((a, i) => (
                          <option key={`${a.id}-${i}`} value={i}>
                            {a.name} ({a.id})
                          </option>
                        ))}
                      </Select>
                    </span>
                  ) : (
                    <span>
                      Application <span className="font-medium text-slate-900">{app.name}</span>{' '}
                      <span className="font-mono text-xs">({app.id})</span>
                    </span>
                  )
                }
                section={section}
                onChoose={setSection}
              />
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

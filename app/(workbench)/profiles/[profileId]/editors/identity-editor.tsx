'use client';

import { Field, PairOptions, Select } from '../../../../_components/ui/form-field';
import { cvnChoices, setFamily, setInterfaces } from '../../../../../server/emv/profile/builders/identity';
import { asCardProfile, asTemplate } from '../../../../../server/emv/profile/editors';
import { applicationTemplate } from '../../../../../server/emv/profile/schema/application';
import { FAMILIES, INTERFACES } from './applications-editor';
import { InlineChecks, issuesFor } from './inline-checks';
import type { SectionProps } from './section-props';
import { ValidatedInput, zodProblem } from './validated-input';

const shape = applicationTemplate.shape;
const identity = shape.identity.shape;
const languagesRule = identity.languages.unwrap();

/**
 * Identity of the application (EMV 4.4 Book 3 Annex A): AID (4F), label (50), preferred name (9F12),
 * priority (87, from the order on the card), languages (5F2D), issuer code table index (9F11), version
 * (9F08); and its family, cryptogram version and interfaces. A text is written only once the profile
 * format accepts it.
 */
export function IdentityEditor({ app, index, appPath, disabled, edit, groups, checking }: SectionProps) {
  const id = (field: string) => `identity-${field}`;
  const setIdentity = (change: (identity: Record<string, unknown>) => void) =>
    edit((a) => change(a.identity as Record<string, unknown>));
  const languages = (app.identity as { languages?: string[] }).languages;
  const codeTable = (app.identity as { issuerCodeTableIndex?: number }).issuerCodeTableIndex;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <ValidatedInput
          id={id('name')}
          label="Application name"
          value={app.name}
          disabled={disabled}
          hint="How the workbench names it; not on the card."
          check={zodProblem(shape.name)}
          onCommit={(text) => edit((a) => void (a.name = text))}
        />
        <ValidatedInput
          id={id('aid')}
          label="AID (4F)"
          mono
          value={app.identity.aid}
          disabled={disabled}
          hint="RID ‖ PIX, 5 to 16 bytes of hex."
          check={(text) => {
            const problem = zodProblem(identity.aid)(text);
            return problem ? `The AID ${problem}` : undefined;
          }}
          onCommit={(text) => setIdentity((i) => void (i.aid = text))}
        />
        <ValidatedInput
          id={id('label')}
          label="Application label (50)"
          value={app.identity.label}
          disabled={disabled}
          check={zodProblem(identity.label)}
          onCommit={(text) => setIdentity((i) => void (i.label = text))}
        />
        <ValidatedInput
          id={id('preferred-name')}
          label="Application preferred name (9F12)"
          value={(app.identity as { preferredName?: string }).preferredName ?? ''}
          disabled={disabled}
          hint="Empty: none."
          check={(text) => (text === '' ? undefined : zodProblem(identity.preferredName.unwrap())(text))}
          onCommit={(text) =>
            setIdentity((i) => {
              if (text === '') delete i.preferredName;
              else i.preferredName = text;
            })
          }
        />
        <ValidatedInput
          id={id('languages')}
          label="Language preference (5F2D)"
          value={(languages ?? []).join(' ')}
          disabled={disabled}
          hint="ISO 639-1 codes, most preferred first, e.g. “en fr”. Empty: none."
          check={(text) => {
            const codes = text.split(/[\s,]+/).filter(Boolean);
            return codes.length === 0 ? undefined : languagesRule.safeParse(codes).error?.issues[0]?.message;
          }}
          onCommit={(text) =>
            setIdentity((i) => {
              const codes = text.split(/[\s,]+/).filter(Boolean);
              if (codes.length) i.languages = codes;
              else delete i.languages;
            })
          }
        />
        <ValidatedInput
          id={id('version')}
          label="Application version number (9F08)"
          mono
          value={(app.identity as { applicationVersion?: string }).applicationVersion ?? ''}
          disabled={disabled}
          check={zodProblem(identity.applicationVersion)}
          onCommit={(text) => setIdentity((i) => void (i.applicationVersion = text))}
        />
        <Field label="Issuer code table index (9F11)" htmlFor={id('code-table')}>
          <Select
            id={id('code-table')}
            value={codeTable ?? ''}
            disabled={disabled}
            onChange={(e) =>
              setIdentity((i) => {
                if (e.target.value === '') delete i.issuerCodeTableIndex;
                else i.issuerCodeTableIndex = Number(e.target.value);
              })
            }
          >
            <option value="">None</option>
            {Array.from({ length: 10 }, (_, n) => (
              <option key={n + 1} value={n + 1}>
                ISO/IEC 8859-{n + 1}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Application priority (87)"
          htmlFor={id('confirmation')}
          hint="The priority follows the order in the Applications list."
        >
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <span className="font-mono" data-testid="identity-priority">
              {app.identity.priority?.value ?? 'none'}
            </span>
            <input
              id={id('confirmation')}
              type="checkbox"
              disabled={disabled || !app.identity.priority}
              checked={app.identity.priority?.cardholderConfirmation ?? false}
              onChange={(e) =>
                edit((a) => {
                  if (a.identity.priority) a.identity.priority.cardholderConfirmation = e.target.checked;
                })
              }
            />
            Cardholder confirmation required
          </label>
        </Field>
        <Field label="Interfaces" htmlFor={id('interfaces')}>
          <Select
            id={id('interfaces')}
            value={app.interfaces}
            disabled={disabled}
            onChange={(e) =>
              edit((_, p) => setInterfaces(asCardProfile(p), index, e.target.value as typeof app.interfaces))
            }
          >
            <PairOptions pairs={INTERFACES} />
          </Select>
        </Field>
        <Field label="Family" htmlFor={id('family')} hint="Decides what scheme-style tags mean.">
          <Select
            id={id('family')}
            value={app.family}
            disabled={disabled}
            onChange={(e) => edit((a) => setFamily(asTemplate(a), e.target.value as typeof app.family))}
          >
            <PairOptions pairs={FAMILIES} />
          </Select>
        </Field>
        <Field label="Cryptogram version (CVN)" htmlFor={id('cvn')}>
          <Select
            id={id('cvn')}
            value={app.cryptogram.cvn}
            disabled={disabled}
            onChange={(e) => edit((a) => void (a.cryptogram.cvn = e.target.value))}
          >
            {cvnChoices(app.family).map((choice) => (
              <option key={choice.cvn} value={choice.cvn}>
                {choice.cvn} {choice.description}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <InlineChecks
        checking={checking}
        issues={issuesFor(
          groups,
          [
            `${appPath}.identity`,
            `${appPath}.id`,
            `${appPath}.name`,
            `${appPath}.cryptogram`,
            `${appPath}.interfaces`,
          ],
          'interface',
          appPath,
        )}
      />
    </div>
  );
}

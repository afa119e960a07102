'use client';

import { tagLabel } from '../../../../../server/emv/dictionary';
import { placedElements } from '../../../../../server/emv/profile/checks/issue';
import { RISK_FIELDS, riskTags, setRiskLimit } from '../../../../../server/emv/profile/builders/risk';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import { interfacesOf } from '../../../../../server/emv/profile/interfaces';
import { familyOf } from '../../../../../server/emv/profile/values';
import { InlineChecks, issuesFor } from './inline-checks';
import type { SectionProps } from './section-props';
import { ValidatedInput } from './validated-input';

/** Where a placed tag sits, for people: "SFI 1 record 2" or "DGI 0D01". */
function placeOf(path: string, app: SectionProps['app']): string {
  const record = /\.records\[(\d+)\]/.exec(path);
  if (record) {
    const r = app.records[Number(record[1])]!;
    return `SFI ${r.sfi} record ${r.number}`;
  }
  const dgi = /\.cps\.dgis\[(\d+)\]/.exec(path);
  return dgi ? `DGI ${app.cps.dgis[Number(dgi[1])]!.dgi}` : 'a response';
}

/**
 * Offline risk parameters: the consecutive offline limits (9F14, 9F23) and cumulative amounts, with the
 * tags of the application's family that carry each and where they are placed. Setting a limit places
 * its tags; emptying the field removes it and them.
 */
export function RiskEditor({ app, appPath, disabled, edit, groups, checking }: SectionProps) {
  const template = asTemplate(app);
  const family = familyOf(template);
  const placed = placedElements(template, appPath, interfacesOf(template));
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        {RISK_FIELDS.map(({ field, label, max }) => {
          const tags = riskTags(template, field);
          const value = app.risk[field];
          return (
            <div key={field} className="space-y-1">
              <ValidatedInput
                id={`risk-${field}`}
                label={label}
                mono
                value={value === undefined ? '' : String(value)}
                disabled={disabled}
                hint={
                  field.startsWith('cumulative')
                    ? 'In minor units of the application currency. Empty: none.'
                    : 'Number of transactions. Empty: none.'
                }
                check={(text) =>
                  text.trim() === '' || (/^\d+$/.test(text.trim()) && Number(text) <= max)
                    ? undefined
                    : `${label} must be a whole number from 0 to ${max}, or empty`
                }
                onCommit={(text) =>
                  edit((a) =>
                    setRiskLimit(asTemplate(a), field, text.trim() === '' ? undefined : Number(text)),
                  )
                }
              />
              <ul className="text-xs text-slate-600" data-testid={`risk-tags-${field}`}>
                {tags.length === 0 ? (
                  <li>No data element of {app.family} applications carries it.</li>
                ) : (
                  tags.map((tag) => {
                    const at = placed.filter((p) => p.tlv.tag === tag);
                    return (
                      <li key={tag}>
                        {tagLabel(tag, family)}:{' '}
                        {at.length ? `in ${at.map((p) => placeOf(p.path, app)).join(', ')}` : 'not placed'}
                      </li>
                    );
                  })
                )}
              </ul>
            </div>
          );
        })}
      </div>
      <InlineChecks
        checking={checking}
        issues={issuesFor(
          groups,
          RISK_FIELDS.map(({ field }) => `${appPath}.risk.${field}`),
        )}
      />
    </div>
  );
}

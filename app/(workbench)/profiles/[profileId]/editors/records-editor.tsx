'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import { recordDgi, tagName } from '../../../../../server/emv/dictionary';
import {
  addRecord,
  moveElement,
  nextRecord,
  placeElement,
  removeElement,
  removeRecord,
  setConstantValue,
  setRecordInterfaces,
  setRecordOda,
} from '../../../../../server/emv/profile/builders/records';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import { describeSource, familyOf } from '../../../../../server/emv/profile/values';
import { AflAipPanel } from './afl-aip-panel';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import { PlaceElement } from './place-element';
import type { SectionProps } from './section-props';

/**
 * The records builder: SFI/record table with the data elements placed in each (tag and name, where the
 * value comes from), which records are in the signed static data, and the AFL and AIP computed live.
 * Records keep their DGI (SFI ‖ record, CPS v1.1) as they come and go.
 */
export function RecordsEditor(props: SectionProps) {
  const { app, appPath, disabled, edit, groups, checking } = props;
  const family = familyOf(asTemplate(app));
  const next = nextRecord(asTemplate(app));
  const [sfi, setSfi] = useState(String(next.sfi));
  const [number, setNumber] = useState('');
  const [refusal, setRefusal] = useState<string | undefined>();
  const label = (r: { sfi: number; number: number }) => `SFI ${r.sfi} record ${r.number}`;
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="space-y-4">
        <ol className="space-y-3" data-testid="records">
          {app.records.length === 0 ? (
            <li className="text-sm text-slate-500">No records yet: add one below.</li>
          ) : null}
          {app.records.map((record, r) => (
            <li
              key={`${record.sfi}-${record.number}-${r}`}
              data-testid="record"
              data-record={`${record.sfi}.${record.number}`}
              className="rounded-md border border-slate-200"
            >
              <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 bg-slate-50 px-3 py-2">
                <span className="text-sm font-semibold text-slate-800">{label(record)}</span>
                <span className="font-mono text-xs text-slate-500">
                  DGI {recordDgi(record.sfi, record.number)}
                </span>
                {app.interfaces === 'both' ? (
                  <Select
                    aria-label={`${label(record)} is read on`}
                    className="w-48"
                    value={record.interfaces?.[0] ?? ''}
                    disabled={disabled}
                    onChange={(e) =>
                      edit((a) =>
                        setRecordInterfaces(
                          asTemplate(a),
                          r,
                          (e.target.value || undefined) as 'contact' | 'contactless' | undefined,
                        ),
                      )
                    }
                  >
                    <option value="">Both interfaces</option>
                    <option value="contact">Contact only</option>
                    <option value="contactless">Contactless only</option>
                  </Select>
                ) : null}
                <label className="ml-auto flex items-center gap-1 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    aria-label={`${label(record)} is signed (static data)`}
                    checked={record.oda}
                    disabled={disabled}
                    onChange={(e) => edit((a) => setRecordOda(asTemplate(a), r, e.target.checked))}
                  />
                  Signed (static data)
                </label>
                {disabled ? null : (
                  <IconButton
                    label={`Remove ${label(record)}`}
                    disabled={false}
                    onClick={() => edit((a) => removeRecord(asTemplate(a), r))}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </IconButton>
                )}
              </div>
              <ul className="divide-y divide-slate-100">
                {record.tlvs.length === 0 ? (
                  <li className="px-3 py-2 text-xs text-slate-500">Holds no data yet.</li>
                ) : null}
                {record.tlvs.map((tlv, t) => (
                  <li
                    key={`${tlv.tag}-${t}`}
                    data-testid="placed-element"
                    className="flex flex-wrap items-center gap-2 px-3 py-1.5"
                  >
                    <span className="font-mono text-sm text-slate-900">{tlv.tag}</span>
                    <span className="text-sm text-slate-700">{tagName(tlv.tag, family)}</span>
                    {tlv.source?.from === 'constant' ? (
                      <label className="flex items-center gap-1 text-xs text-slate-500">
                        constant
                        <TextInput
                          aria-label={`Value of ${tlv.tag} in ${label(record)}`}
                          className="h-8 w-40 py-1 font-mono text-xs"
                          value={tlv.source.value}
                          disabled={disabled}
                          onChange={(e) =>
                            edit((a) =>
                              setConstantValue(asTemplate(a), { record: r, tlv: t }, e.target.value),
                            )
                          }
                        />
                      </label>
                    ) : (
                      <span className="text-xs text-slate-500">
                        {tlv.source
                          ? describeSource(tlv.source)
                          : `${tlv.children?.length ?? 0} nested elements`}
                      </span>
                    )}
                    {disabled ? null : (
                      <span className="ml-auto flex items-center gap-1">
                        <Select
                          aria-label={`Move ${tlv.tag} of ${label(record)} to`}
                          value=""
                          className="w-44"
                          onChange={(e) =>
                            edit((a) =>
                              moveElement(asTemplate(a), { record: r, tlv: t }, Number(e.target.value)),
                            )
                          }
                        >
                          <option value="">Move to…</option>
                          {app.records.map((other, o) =>
                            o === r ? null : (
                              <option key={`${other.sfi}-${other.number}`} value={o}>
                                {label(other)}
                              </option>
                            ),
                          )}
                        </Select>
                        <IconButton
                          label={`Remove ${tlv.tag} from ${label(record)}`}
                          disabled={false}
                          onClick={() => edit((a) => removeElement(asTemplate(a), r, t))}
                        >
                          <Trash2 className="size-4" aria-hidden />
                        </IconButton>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        {disabled ? null : (
          <fieldset className="flex flex-wrap items-end gap-3 rounded-md border border-dashed border-slate-300 p-3">
            <legend className="px-1 text-sm font-medium text-slate-700">Add a record</legend>
            <div className="w-24">
              <Field label="SFI" htmlFor="new-record-sfi">
                <TextInput
                  id="new-record-sfi"
                  inputMode="numeric"
                  value={sfi}
                  onChange={(e) => setSfi(e.target.value)}
                />
              </Field>
            </div>
            <div className="w-32">
              <Field label="Record number" htmlFor="new-record-number">
                <TextInput
                  id="new-record-number"
                  inputMode="numeric"
                  placeholder={String(nextRecord(asTemplate(app), Number(sfi) || 1).number)}
                  value={number}
                  onChange={(e) => setNumber(e.target.value)}
                />
              </Field>
            </div>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                const s = Number(sfi);
                const n = number.trim() ? Number(number) : nextRecord(asTemplate(app), s || 1).number;
                let problem: string | undefined;
                edit((a) => {
                  problem = addRecord(asTemplate(a), s, n);
                });
                setRefusal(problem);
                if (!problem) setNumber('');
              }}
            >
              <Plus className="size-4" aria-hidden />
              Add record
            </Button>
            {refusal ? (
              <p role="alert" className="w-full text-xs text-red-600">
                {refusal}
              </p>
            ) : null}
          </fieldset>
        )}
        {disabled ? null : (
          <PlaceElement
            {...props}
            onPlace={(record, tag, source) => edit((a) => placeElement(asTemplate(a), record, tag, source))}
          />
        )}
        <InlineChecks
          checking={checking}
          issues={issuesFor(
            groups,
            [`${appPath}.records`, `${appPath}.contact.processing`, `${appPath}.contactless.processing`],
            'oda-',
            appPath,
          )}
        />
      </div>
      <AflAipPanel app={app} disabled={disabled} edit={edit} />
    </div>
  );
}

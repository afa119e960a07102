'use client';

import { ArrowDown, ArrowUp, Trash2 } from 'lucide-react';
import { Fragment, useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { TextInput } from '../../../../_components/ui/form-field';
import { Table, Td, Th } from '../../../../_components/ui/table';
import { tagName } from '../../../../../server/emv/dictionary';
import {
  describeDgiContent,
  encryptionRequiredBecause,
  moveDgi,
  placeDgiElement,
  removeDgiElement,
  removeOwnDgi,
  renumberDgi,
  renumberRefusedBecause,
  setDgiEncrypted,
} from '../../../../../server/emv/profile/builders/cps-mapping';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import { describeSource, familyOf } from '../../../../../server/emv/profile/values';
import { AddOwnDgi } from './add-own-dgi';
import { CpsReset } from './cps-reset';
import { dgiSizes } from './dgi-sizes';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import { PlaceElement } from './place-element';
import type { SectionProps } from './section-props';

/** A refusal shown under the row it concerns. */
interface Refusal {
  row: number;
  text: string;
}

/**
 * The CPS mapping (EMV CPS v1.1 section 2): the application's DGIs in send order, what each carries,
 * whether it is encrypted and its size when the preview builder knows it; the analyst reorders,
 * encrypts, renumbers where CPS allows, adds and fills the application's own DGIs, or resets to the
 * defaults. The rules are the builder's (server/emv/profile/builders/cps-mapping.ts).
 */
export function CpsMappingEditor(props: SectionProps) {
  const { app, appPath, disabled, edit, groups, checking } = props;
  const template = asTemplate(app);
  const family = familyOf(template);
  const sizes = dgiSizes(template);
  const [refusal, setRefusal] = useState<Refusal | undefined>();
  const [renumbering, setRenumbering] = useState<number | undefined>();
  const [number, setNumber] = useState('');
  const dgis = app.cps.dgis;
  /** Runs a builder operation on the unsaved text and shows its refusal, if any, under `row`. */
  const apply = (row: number, operation: (a: ReturnType<typeof asTemplate>) => string | undefined) => {
    let problem: string | undefined;
    edit((a) => {
      problem = operation(asTemplate(a));
    });
    setRefusal(problem ? { row, text: problem } : undefined);
    return problem === undefined;
  };
  const renumber = (i: number) => {
    if (apply(i, (a) => renumberDgi(a, i, number))) setRenumbering(undefined);
  };
  const own = dgis.map((spec, index) => ({ spec, index })).filter(({ spec }) => spec.content.kind === 'data');

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        The DGIs are sent in this order (STORE DATA, EMV CPS v1.1). Records go in DGI SFI ‖ record number;
        keys, the offline PIN block and the ICC private key are always encrypted.
      </p>
      <Table data-testid="cps-mapping">
        <thead>
          <tr>
            <Th>#</Th>
            <Th>DGI</Th>
            <Th>Carries</Th>
            <Th>Encrypted</Th>
            <Th>Size</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {dgis.map((spec, i) => {
            // An own DGI's elements are listed under it, each with its source and a remove button.
            const carries =
              spec.content.kind === 'data' && spec.content.tlvs.length
                ? "The application's own data:"
                : describeDgiContent(spec, template);
            const fixedNumber = renumberRefusedBecause(spec);
            const mustEncrypt = encryptionRequiredBecause(spec, template);
            const size = sizes[i];
            return (
              <Fragment key={`${spec.dgi}-${i}`}>
                <tr data-testid="cps-dgi" data-dgi={spec.dgi}>
                  <Td className="text-xs text-slate-400">{i + 1}</Td>
                  <Td>
                    {renumbering === i ? (
                      // Not a <form>: the editors frame is one already (Enter there saves the version).
                      <span className="flex items-center gap-1">
                        <TextInput
                          aria-label={`New number for DGI ${spec.dgi}`}
                          className="h-8 w-20 py-1 font-mono text-xs"
                          value={number}
                          autoFocus
                          onChange={(e) => setNumber(e.target.value)}
                          onKeyDown={(e) => {
                            if (e.key !== 'Enter') return;
                            e.preventDefault();
                            renumber(i);
                          }}
                        />
                        <Button type="button" variant="secondary" onClick={() => renumber(i)}>
                          Renumber
                        </Button>
                        <Button type="button" variant="ghost" onClick={() => setRenumbering(undefined)}>
                          Cancel
                        </Button>
                      </span>
                    ) : (
                      <span className="flex items-center gap-2">
                        <span className="font-mono text-sm font-semibold text-slate-900" title={fixedNumber}>
                          {spec.dgi}
                        </span>
                        {disabled || fixedNumber ? null : (
                          <button
                            type="button"
                            className="text-xs text-brand-700 underline"
                            aria-label={`Renumber DGI ${spec.dgi}`}
                            onClick={() => {
                              setRenumbering(i);
                              setNumber(spec.dgi);
                              setRefusal(undefined);
                            }}
                          >
                            renumber
                          </button>
                        )}
                      </span>
                    )}
                  </Td>
                  <Td>
                    <span data-testid="cps-dgi-carries">{carries}</span>
                    {spec.content.kind === 'data' && spec.content.tlvs.length ? (
                      <ul className="mt-1 space-y-0.5">
                        {spec.content.tlvs.map((tlv, t) => (
                          <li key={`${tlv.tag}-${t}`} className="flex items-center gap-2 text-xs">
                            <span className="font-mono">{tlv.tag}</span>
                            <span>{tagName(tlv.tag, family)}</span>
                            <span className="text-slate-500">
                              {tlv.source
                                ? describeSource(tlv.source)
                                : `${tlv.children?.length ?? 0} nested`}
                            </span>
                            {disabled ? null : (
                              <button
                                type="button"
                                className="text-slate-400 hover:text-red-600"
                                aria-label={`Remove ${tlv.tag} from DGI ${spec.dgi}`}
                                onClick={() => edit((a) => removeDgiElement(asTemplate(a), i, t))}
                              >
                                <Trash2 className="size-3.5" aria-hidden />
                              </button>
                            )}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </Td>
                  <Td>
                    <label className="flex items-center gap-1 text-xs text-slate-600">
                      <input
                        type="checkbox"
                        aria-label={`DGI ${spec.dgi} encrypted`}
                        checked={spec.encrypted}
                        disabled={disabled}
                        onChange={(e) => {
                          const on = e.target.checked;
                          apply(i, (a) => setDgiEncrypted(a, i, on));
                        }}
                      />
                      {mustEncrypt ? 'secret' : null}
                    </label>
                  </Td>
                  <Td className="whitespace-nowrap text-xs" data-testid="cps-dgi-size">
                    {size === undefined ? (
                      <span className="text-slate-400" title="Known at preparation">
                        —
                      </span>
                    ) : (
                      `${size} bytes`
                    )}
                  </Td>
                  <Td>
                    {disabled ? null : (
                      <span className="flex items-center gap-1">
                        <IconButton
                          label={`Move DGI ${spec.dgi} up`}
                          disabled={i === 0}
                          onClick={() => apply(i, (a) => moveDgi(a, i, i - 1))}
                        >
                          <ArrowUp className="size-4" aria-hidden />
                        </IconButton>
                        <IconButton
                          label={`Move DGI ${spec.dgi} down`}
                          disabled={i === dgis.length - 1}
                          onClick={() => apply(i, (a) => moveDgi(a, i, i + 1))}
                        >
                          <ArrowDown className="size-4" aria-hidden />
                        </IconButton>
                        {spec.content.kind === 'data' ? (
                          <IconButton
                            label={`Remove DGI ${spec.dgi}`}
                            disabled={false}
                            onClick={() => apply(i, (a) => removeOwnDgi(a, i))}
                          >
                            <Trash2 className="size-4" aria-hidden />
                          </IconButton>
                        ) : null}
                      </span>
                    )}
                  </Td>
                </tr>
                {refusal?.row === i ? (
                  <tr>
                    <td colSpan={6} className="px-4 pb-2">
                      <p role="alert" data-testid="cps-refusal" className="text-xs text-red-600">
                        {refusal.text}
                      </p>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </Table>
      {disabled ? null : (
        <>
          <AddOwnDgi edit={edit} />
          <PlaceElement
            {...props}
            targets={{
              label: 'Into DGI',
              options: own.map(({ spec, index }) => ({ index, label: `DGI ${spec.dgi}` })),
              empty: 'Add an own DGI first',
            }}
            onPlace={(index, tag, source) => apply(index, (a) => placeDgiElement(a, index, tag, source))}
          />
          <CpsReset app={template} edit={edit} />
        </>
      )}
      <InlineChecks checking={checking} issues={issuesFor(groups, [`${appPath}.cps`], 'dgi-', appPath)} />
    </div>
  );
}

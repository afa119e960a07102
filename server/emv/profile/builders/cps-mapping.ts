/**
 * The CPS mapping builder: which DGIs an application's data goes into, which are encrypted and in what
 * order they are sent (EMV CPS v1.1 section 2; ../cps-defaults.ts lays out the defaults). Each
 * operation changes `app.cps.dgis` in place and returns the reason it refuses, or undefined:
 * - records stay in DGI SFI ‖ record number (CPS) and the SELECT/GPO responses at the numbers the
 *   records builder keeps them at (9102/9103, 9104/9207, syncCpsMapping), so neither is renumbered;
 * - a DGI that carries a secret (keys, PIN block, ICC private key, a secret data element) stays
 *   encrypted (the same rule as the checks, checks/check-cps.ts);
 * - only the application's own data DGIs are added or removed here; the others follow the records,
 *   keys and PIN of the template.
 */
import { recordDgi, tagName } from '../../dictionary';
import { secretCarried } from '../checks/check-cps';
import { defaultCpsMapping } from '../cps-defaults';
import { moveItem } from '../editors';
import {
  MASTER_KEY_USAGES,
  type ApplicationTemplate,
  type DgiSpec,
  type IccKeyComponent,
} from '../schema/application';
import type { PlacedTlv, ValueSource } from '../schema/common';
import { dataElement } from '../../dictionary';
import { familyOf } from '../values';

/** The ICC private key components as people name them (EMV CPS v1.1 Annex A; EMV Book 2 A2.1). */
export const ICC_KEY_COMPONENT_NAMES: Record<IccKeyComponent, string> = {
  'q-inverse-mod-p': 'CRT constant q⁻¹ mod p',
  'd-mod-q-1': 'CRT constant d mod (q − 1)',
  'd-mod-p-1': 'CRT constant d mod (p − 1)',
  q: 'prime factor q',
  p: 'prime factor p',
  modulus: 'modulus',
  'private-exponent': 'private exponent',
};

/** "MK-AC" out of "Application cryptograms (MK-AC)". */
function keyName(usage: keyof typeof MASTER_KEY_USAGES): string {
  return /\(([^)]+)\)$/.exec(MASTER_KEY_USAGES[usage])?.[1] ?? usage;
}

/** What a DGI carries, for people: "Record 2 of SFI 1", "SELECT response (contact)", … */
export function describeDgiContent(spec: DgiSpec, app: ApplicationTemplate): string {
  const content = spec.content;
  switch (content.kind) {
    case 'record':
      return `Record ${content.number} of SFI ${content.sfi}`;
    case 'select-response':
      return `SELECT response data (${content.interface})`;
    case 'gpo-response':
      return `GET PROCESSING OPTIONS response data (${content.interface})`;
    case 'card-master-keys':
      return `Card master keys: ${content.usages.map(keyName).join(', ')}`;
    case 'key-check-values':
      return `Key check values of ${content.usages.map(keyName).join(', ')}`;
    case 'offline-pin-block':
      return 'Offline PIN block';
    case 'pin-try-counter-and-limit':
      return 'PIN Try Counter and PIN Try Limit';
    case 'icc-private-key':
      return `ICC private key: ${ICC_KEY_COMPONENT_NAMES[content.component]}`;
    case 'data': {
      const family = familyOf(app);
      const tags = content.tlvs.map((tlv) => `${tlv.tag} ${tagName(tlv.tag, family)}`);
      return `The application's own data${tags.length ? `: ${tags.join(', ')}` : ' (no data elements yet)'}`;
    }
  }
}

/** Why the DGI must stay encrypted, or undefined when it may be sent in clear. */
export function encryptionRequiredBecause(spec: DgiSpec, app: ApplicationTemplate): string | undefined {
  const secret = secretCarried(spec.content, app);
  return secret
    ? `DGI ${spec.dgi} carries ${secret}, a secret: CPS sends secret data only encrypted under the DEK session key, so it cannot be unencrypted.`
    : undefined;
}

/** Why the DGI keeps its number, or undefined when the analyst may renumber it. */
export function renumberRefusedBecause(spec: DgiSpec): string | undefined {
  const content = spec.content;
  if (content.kind === 'record')
    return `Record ${content.number} of SFI ${content.sfi} goes in DGI ${recordDgi(content.sfi, content.number)} (CPS: SFI ‖ record number); change the record in the Records section.`;
  if (content.kind === 'select-response' || content.kind === 'gpo-response')
    return `The records builder keeps the SELECT and GET PROCESSING OPTIONS response DGIs at their CPS numbers (9102/9103, 9104/9207).`;
  return undefined;
}

/** Why `dgi` cannot be the number of a DGI (other than the one at `except`), or undefined. */
export function dgiNumberProblem(app: ApplicationTemplate, dgi: string, except?: number): string | undefined {
  const number = dgi.trim().toUpperCase();
  if (!/^[0-9A-F]{4}$/.test(number)) return 'A DGI number is 4 hex digits, e.g. 0D01.';
  const used = app.cps.dgis.findIndex((spec, i) => i !== except && spec.dgi.toUpperCase() === number);
  if (used >= 0)
    return `DGI ${number} is used already (${describeDgiContent(app.cps.dgis[used]!, app)}); every DGI number is used once.`;
  const record = app.records.find((r) => recordDgi(r.sfi, r.number) === number);
  if (record)
    return `DGI ${number} is the DGI of record ${record.number} of SFI ${record.sfi} (CPS: SFI ‖ record number); pick another number.`;
  return undefined;
}

/** Moves the DGI at `from` to `to` in the send order. */
export function moveDgi(app: ApplicationTemplate, from: number, to: number): string | undefined {
  const count = app.cps.dgis.length;
  if (from < 0 || from >= count) return 'There is no such DGI.';
  if (to < 0) return `DGI ${app.cps.dgis[from]!.dgi} is sent first already.`;
  if (to >= count) return `DGI ${app.cps.dgis[from]!.dgi} is sent last already.`;
  app.cps.dgis = moveItem(app.cps.dgis, from, to);
  return undefined;
}

/** Marks the DGI at `index` encrypted or not; a secret-carrying DGI cannot be unencrypted. */
export function setDgiEncrypted(
  app: ApplicationTemplate,
  index: number,
  encrypted: boolean,
): string | undefined {
  const spec = app.cps.dgis[index];
  if (!spec) return 'There is no such DGI.';
  if (!encrypted) {
    const because = encryptionRequiredBecause(spec, app);
    if (because) return because;
  }
  spec.encrypted = encrypted;
  return undefined;
}

/** Gives the DGI at `index` another number, where CPS leaves the number to the card. */
export function renumberDgi(app: ApplicationTemplate, index: number, dgi: string): string | undefined {
  const spec = app.cps.dgis[index];
  if (!spec) return 'There is no such DGI.';
  const refused = renumberRefusedBecause(spec) ?? dgiNumberProblem(app, dgi, index);
  if (refused) return refused;
  spec.dgi = dgi.trim().toUpperCase();
  return undefined;
}

/** Adds a DGI for the application's own data (TLV data elements), sent last and in clear. */
export function addOwnDgi(app: ApplicationTemplate, dgi: string): string | undefined {
  const problem = dgiNumberProblem(app, dgi);
  if (problem) return problem;
  app.cps.dgis.push({ dgi: dgi.trim().toUpperCase(), encrypted: false, content: { kind: 'data', tlvs: [] } });
  return undefined;
}

/** Removes one of the application's own data DGIs; the others follow the template. */
export function removeOwnDgi(app: ApplicationTemplate, index: number): string | undefined {
  const spec = app.cps.dgis[index];
  if (!spec) return 'There is no such DGI.';
  if (spec.content.kind !== 'data')
    return `DGI ${spec.dgi} holds ${describeDgiContent(spec, app)}, which the template needs; only the application's own data DGIs are removed here.`;
  app.cps.dgis.splice(index, 1);
  return undefined;
}

/**
 * Places a data element at the end of an own data DGI, as in a record. A secret element marks the
 * DGI encrypted, as the checks require.
 */
export function placeDgiElement(
  app: ApplicationTemplate,
  index: number,
  tag: string,
  source: ValueSource,
): string | undefined {
  const spec = app.cps.dgis[index];
  if (!spec || spec.content.kind !== 'data')
    return 'Data elements go only in the application’s own data DGIs.';
  const tlv: PlacedTlv = { tag, source };
  spec.content.tlvs.push(tlv);
  if (dataElement(tag, familyOf(app))?.secret) spec.encrypted = true;
  return undefined;
}

export function removeDgiElement(app: ApplicationTemplate, index: number, tlvIndex: number): void {
  const spec = app.cps.dgis[index];
  if (spec?.content.kind === 'data') spec.content.tlvs.splice(tlvIndex, 1);
}

/**
 * What "reset to CPS defaults" would change, one line each: DGIs removed and added, encryption and
 * content changes, and the send order. Empty when the mapping is the default one.
 */
export function cpsDefaultChanges(app: ApplicationTemplate): string[] {
  const now = app.cps.dgis;
  const defaults = defaultCpsMapping(app);
  const byNumber = (list: DgiSpec[]) => new Map(list.map((spec) => [spec.dgi.toUpperCase(), spec]));
  const before = byNumber(now);
  const after = byNumber(defaults);
  const lines: string[] = [];
  for (const [dgi, spec] of before) {
    if (!after.has(dgi)) lines.push(`DGI ${dgi} (${describeDgiContent(spec, app)}) is removed`);
  }
  for (const [dgi, spec] of after) {
    const old = before.get(dgi);
    if (!old) {
      lines.push(`DGI ${dgi} (${describeDgiContent(spec, app)}) is added`);
      continue;
    }
    if (JSON.stringify(old.content) !== JSON.stringify(spec.content))
      lines.push(
        `DGI ${dgi} holds ${describeDgiContent(spec, app)} instead of ${describeDgiContent(old, app)}`,
      );
    if (old.encrypted !== spec.encrypted)
      lines.push(`DGI ${dgi} is ${spec.encrypted ? 'encrypted' : 'sent in clear'}`);
  }
  const order = (list: DgiSpec[]) => list.map((spec) => spec.dgi.toUpperCase()).join(' ');
  if (order(now) !== order(defaults)) lines.push(`send order: ${order(now)} → ${order(defaults)}`);
  return lines;
}

/** Replaces the mapping with the CPS defaults (../cps-defaults.ts); the own data DGIs go. */
export function resetCpsMapping(app: ApplicationTemplate): void {
  app.cps.dgis = defaultCpsMapping(app);
}

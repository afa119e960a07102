/**
 * Tags whose value the designer builds from a structured section of the application template (CVM list
 * builder, IAC and AUC bit editors, DOL editors, risk parameters, identity, keys). An analyst places
 * such a tag with the source `{ "from": "template" }`; the value follows the section.
 */
import { dataElement } from '../dictionary';
import { encodeValue } from '../dictionary/value-format';
import { AUC_BITS, TVR_BITS, encodeBits } from './bits';
import { encodeCvmList } from './cvm';
import type { ApplicationTemplate } from './schema/application';
import type { DolEntry } from './schema/common';
import { encodeTag } from '../tlv/ber-tlv';

export function encodeDol(entries: readonly DolEntry[]): Buffer {
  return Buffer.concat(entries.flatMap((entry) => [encodeTag(entry.tag), Buffer.from([entry.length])]));
}

function digits(tag: string, text: string): Buffer {
  return encodeValue(dataElement(tag)!, text);
}

type Builder = (app: ApplicationTemplate) => Buffer | undefined;

const COMMON: Record<string, { section: string; build: Builder }> = {
  '8E': { section: 'cvm', build: (app) => encodeCvmList(app.cvm) },
  '9F0D': {
    section: 'actionCodes.default',
    build: (app) => encodeBits(TVR_BITS, 5, app.actionCodes.default),
  },
  '9F0E': { section: 'actionCodes.denial', build: (app) => encodeBits(TVR_BITS, 5, app.actionCodes.denial) },
  '9F0F': { section: 'actionCodes.online', build: (app) => encodeBits(TVR_BITS, 5, app.actionCodes.online) },
  '9F07': { section: 'usageControl', build: (app) => encodeBits(AUC_BITS, 2, app.usageControl) },
  '8C': { section: 'dols.cdol1', build: (app) => app.dols.cdol1 && encodeDol(app.dols.cdol1) },
  '8D': { section: 'dols.cdol2', build: (app) => app.dols.cdol2 && encodeDol(app.dols.cdol2) },
  '9F49': { section: 'dols.ddol', build: (app) => app.dols.ddol && encodeDol(app.dols.ddol) },
  '97': { section: 'dols.tdol', build: (app) => app.dols.tdol && encodeDol(app.dols.tdol) },
  // Book 3 10.3: the SDA Tag List, if present, contains only the tag of the AIP.
  '9F4A': { section: 'static data authentication', build: () => Buffer.from([0x82]) },
  '9F42': { section: 'risk.currency', build: (app) => digits('9F42', app.risk.currency) },
  '9F44': {
    section: 'risk.currencyExponent',
    build: (app) => digits('9F44', String(app.risk.currencyExponent)),
  },
  '5F28': { section: 'risk.country', build: (app) => digits('5F28', app.risk.country) },
  '9F14': {
    section: 'risk.lowerConsecutiveOfflineLimit',
    build: (app) => byte(app.risk.lowerConsecutiveOfflineLimit),
  },
  '9F23': {
    section: 'risk.upperConsecutiveOfflineLimit',
    build: (app) => byte(app.risk.upperConsecutiveOfflineLimit),
  },
  '8F': { section: 'keys.issuerPublicKey.caIndex', build: (app) => hex(app.keys.issuerPublicKey?.caIndex) },
  '9F47': {
    section: 'keys.iccKey.exponent',
    build: (app) => app.keys.iccKey && Buffer.from(app.keys.iccKey.exponent === 3 ? [3] : [1, 0, 1]),
  },
  '9F08': { section: 'identity.applicationVersion', build: (app) => hex(app.identity.applicationVersion) },
  '50': { section: 'identity.label', build: (app) => Buffer.from(app.identity.label, 'latin1') },
  '9F12': {
    section: 'identity.preferredName',
    build: (app) =>
      app.identity.preferredName === undefined
        ? undefined
        : Buffer.from(app.identity.preferredName, 'latin1'),
  },
  '87': {
    section: 'identity.priority',
    build: (app) => app.identity.priority && priorityByte(app.identity.priority),
  },
  '5F2D': {
    section: 'identity.languages',
    build: (app) => app.identity.languages && Buffer.from(app.identity.languages.join(''), 'latin1'),
  },
  '9F11': {
    section: 'identity.issuerCodeTableIndex',
    build: (app) =>
      app.identity.issuerCodeTableIndex === undefined
        ? undefined
        : digits('9F11', String(app.identity.issuerCodeTableIndex)),
  },
};

const FAMILY: Partial<
  Record<ApplicationTemplate['family'], Record<string, { section: string; build: Builder }>>
> = {
  'vsdc-style': {
    '9F54': {
      section: 'risk.cumulativeOfflineLowerLimit',
      build: (app) => amount('9F54', app.risk.cumulativeOfflineLowerLimit),
    },
    '9F5C': {
      section: 'risk.cumulativeOfflineUpperLimit',
      build: (app) => amount('9F5C', app.risk.cumulativeOfflineUpperLimit),
    },
    '9F58': {
      section: 'risk.lowerConsecutiveOfflineLimit',
      build: (app) => byte(app.risk.lowerConsecutiveOfflineLimit),
    },
    '9F59': {
      section: 'risk.upperConsecutiveOfflineLimit',
      build: (app) => byte(app.risk.upperConsecutiveOfflineLimit),
    },
    '9F51': { section: 'risk.currency', build: (app) => digits('9F42', app.risk.currency) },
    '9F57': { section: 'risk.country', build: (app) => digits('5F28', app.risk.country) },
  },
  'mchip-style': {
    CA: {
      section: 'risk.cumulativeOfflineLowerLimit',
      build: (app) => amount('9F02', app.risk.cumulativeOfflineLowerLimit),
    },
    CB: {
      section: 'risk.cumulativeOfflineUpperLimit',
      build: (app) => amount('9F02', app.risk.cumulativeOfflineUpperLimit),
    },
    C6: { section: 'keys.pin.tryLimit', build: (app) => Buffer.from([app.keys.pin.tryLimit]) },
    C8: { section: 'risk.country', build: (app) => digits('5F28', app.risk.country) },
    C9: { section: 'risk.currency', build: (app) => digits('9F42', app.risk.currency) },
  },
};

function byte(value: number | undefined): Buffer | undefined {
  return value === undefined ? undefined : Buffer.from([value]);
}

function hex(value: string | undefined): Buffer | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'hex');
}

function amount(tag: string, value: number | undefined): Buffer | undefined {
  return value === undefined
    ? undefined
    : encodeValue(dataElement(tag) ?? dataElement('9F02')!, String(value));
}

/** Book 3 Annex C (Table 48): b8 cardholder confirmation required, b4–b1 the priority. */
function priorityByte(priority: { value: number; cardholderConfirmation: boolean }): Buffer {
  return Buffer.from([(priority.cardholderConfirmation ? 0x80 : 0) | priority.value]);
}

export function templateSection(tag: string, family: ApplicationTemplate['family']): string | undefined {
  return (FAMILY[family]?.[tag] ?? COMMON[tag])?.section;
}

/**
 * The value a structured section gives a tag: `undefined` with `section` when the tag is owned but the
 * section is empty, and no section at all when no section fills that tag.
 */
export function templateValue(tag: string, app: ApplicationTemplate): { section?: string; value?: Buffer } {
  const owner = FAMILY[app.family]?.[tag] ?? COMMON[tag];
  if (!owner) return {};
  return { section: owner.section, value: owner.build(app) };
}

export function templateOwnedTags(family: ApplicationTemplate['family']): string[] {
  return [...Object.keys(COMMON), ...Object.keys(FAMILY[family] ?? {})];
}

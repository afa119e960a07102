/**
 * "Start from scratch": a profile with one application that holds no data yet, and the blank
 * application the designer adds beside others. The card-level defaults follow ISO/IEC 7813 (service
 * code 201: international interchange, integrated circuit, normal authorization, no restrictions) and
 * the CPS default DGI mapping (EMV CPS v1.1 section 2, see ../cps-defaults.ts). Everything that makes
 * a card work (records, DOLs, CVM list, keys) is left for the analyst: the checks say what is missing.
 */
import { defaultCpsMapping } from '../cps-defaults';
import { CVN_TABLE } from '../cvn';
import { currencyByCode } from '../data/codes';
import type { ApplicationTemplate } from '../schema/application';
import type { CardTemplate } from '../schema/card';
import type { ProfileDocument } from '../schema/document';

export type ApplicationFamily = ApplicationTemplate['family'];
export type ApplicationInterfaces = ApplicationTemplate['interfaces'];

export interface BlankApplicationInput {
  name: string;
  aid: string;
  family: ApplicationFamily;
  interfaces: ApplicationInterfaces;
}

/** A slug from a name ("Classic credit 2027" -> "classic-credit-2027"), unique among `taken`. */
export function applicationId(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'application';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Book 3 4.3: the Application Label is ans 1–16 with only the space as a special character. */
function labelOf(name: string): string {
  const label = name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 16)
    .trim();
  return label || 'APPLICATION';
}

export function blankApplication(
  input: BlankApplicationInput,
  card: Pick<CardTemplate['constants'], 'currency' | 'country'>,
  taken: readonly string[] = [],
): ApplicationTemplate {
  const primary = input.interfaces === 'contactless' ? 'contactless' : 'contact';
  const app: ApplicationTemplate = {
    id: applicationId(input.name, taken),
    name: input.name.trim().slice(0, 80),
    family: input.family,
    identity: { aid: input.aid, label: labelOf(input.name), applicationVersion: '0001' },
    interfaces: input.interfaces,
    [primary]: {
      selection: { proprietary: [], issuerDiscretionary: [] },
      processing: { oda: [], terminalRiskManagement: true, issuerAuthentication: true },
    },
    records: [],
    dols: {},
    cvm: { amountX: 0, amountY: 0, rules: [] },
    actionCodes: { default: [], denial: [], online: [] },
    usageControl: [],
    risk: {
      currency: card.currency,
      currencyExponent: currencyByCode(card.currency)?.minorUnits ?? 2,
      country: card.country,
    },
    cryptogram: { cvn: CVN_TABLE.find((entry) => entry.family === input.family)!.cvn },
    // CPS v1.1 section 2: DGI 8000 holds the AC, SMI and SMC card master keys.
    keys: {
      masterKeys: [
        { usage: 'E0', derivation: 'option-a' },
        { usage: 'E2', derivation: 'option-a' },
        { usage: 'E1', derivation: 'option-a' },
      ],
      pin: { offline: 'none', tryLimit: 3 },
    },
    cps: { dgis: [] },
  };
  app.cps.dgis = defaultCpsMapping(app);
  return app;
}

export interface BlankProfileInput {
  name: string;
  /** 6 to 8 digits: the BIN range is this one BIN, the issuer identification number its first 6. */
  bin: string;
  currency: string;
  country: string;
  application: BlankApplicationInput;
}

export function blankProfile(input: BlankProfileInput): ProfileDocument {
  const constants = { currency: input.currency, country: input.country };
  const app = blankApplication(input.application, constants);
  const interfaces = input.application.interfaces;
  return {
    format: 'emv-dataprep-profile',
    version: 1,
    name: input.name,
    environment: 'test',
    applications: [app],
    card: {
      id: applicationId(`${input.name} card`, []),
      name: input.name.slice(0, 80),
      applications: [app.id],
      // PSE (1PAY.SYS.DDF01) for contact, PPSE (2PAY.SYS.DDF01) for contactless: EMV Book 1 12.2, Book B.
      directories: { pse: interfaces !== 'contactless', ppse: interfaces !== 'contact' },
      constants: {
        binRange: { low: input.bin, high: input.bin },
        issuerIdentificationNumber: input.bin.slice(0, 6),
        country: input.country,
        currency: input.currency,
        serviceCode: '201',
        panLength: 16,
        effectiveDate: { rule: 'preparation-month' },
        expiryDate: { rule: 'months-after-effective', months: 36 },
      },
      surface: {
        // ISO/IEC 7811-1 embossing: PAN in groups, validity, cardholder name (26 characters).
        embossing: [
          { name: 'PAN', template: '{pan4}', maxLength: 23 },
          { name: 'Validity', template: 'VALID THRU {expiry}', maxLength: 19 },
          { name: 'Cardholder', template: '{name}', maxLength: 26 },
        ],
        track1: { discretionary: [] },
        track2: { discretionary: [] },
        chipTrack2: { discretionary: [] },
      },
      input: {
        kind: 'csv',
        delimiter: ',',
        header: true,
        columns: [
          { name: 'pan', role: 'pan' },
          { name: 'psn', role: 'pan-sequence-number' },
          { name: 'name', role: 'cardholder-name' },
        ],
      },
    },
  };
}

/** The application template: one EMV application as the analyst designs it (versioned by the app). */
import { z } from 'zod';
import { AIP_BITS, AUC_BITS, TVR_BITS, type BitDefinition } from '../bits';
import { dol, hexBytes, hexOfLength, interfaceName, placedTlv, slug, threeDigitCode } from './common';

function bitIds(table: readonly BitDefinition[]) {
  return z.enum(table.map((entry) => entry.id) as [string, ...string[]]);
}
export const tvrBit = bitIds(TVR_BITS);
export const aucBit = bitIds(AUC_BITS);
export const aipBit = bitIds(AIP_BITS);

export const odaMethod = z.enum(['sda', 'dda', 'cda']);
export type OdaMethod = z.infer<typeof odaMethod>;

export const selectionData = z.strictObject({
  pdol: dol.optional(),
  /** Data objects of the FCI Proprietary Template (A5) besides those built from the identity. */
  proprietary: z.array(placedTlv),
  /** Content of the FCI Issuer Discretionary Data (BF0C). */
  issuerDiscretionary: z.array(placedTlv),
});

export const processingData = z.strictObject({
  oda: z.array(odaMethod),
  terminalRiskManagement: z.boolean(),
  issuerAuthentication: z.boolean(),
  onDeviceCvm: z.boolean().optional(),
  /** Data objects returned with AIP and AFL in the GET PROCESSING OPTIONS response (e.g. 9F10). */
  responseData: z.array(placedTlv).optional(),
  /** Only to reproduce a legacy card: the checks compare these with the computed AIP and AFL. */
  aipOverride: hexOfLength(2).optional(),
  aflOverride: hexBytes.optional(),
});

export const interfaceSpec = z.strictObject({
  selection: selectionData.optional(),
  processing: processingData.optional(),
});

export const recordSpec = z.strictObject({
  sfi: z.number().int().min(1).max(30),
  number: z.number().int().min(1).max(254),
  /** Interfaces whose AFL lists this record; all of the application's interfaces when absent. */
  interfaces: z.array(interfaceName).min(1).optional(),
  /** In the static data to be authenticated (Book 3 10.3). */
  oda: z.boolean(),
  tlvs: z.array(placedTlv),
});
export type RecordSpec = z.infer<typeof recordSpec>;

/** Book 3 Annex C3, Table 39: CVM codes (b6–b1 of the first byte of a CV Rule). */
export const CVM_METHODS = {
  'fail-cvm': 0x00,
  'plaintext-pin-by-icc': 0x01,
  'enciphered-pin-online': 0x02,
  'plaintext-pin-by-icc-and-signature': 0x03,
  'enciphered-pin-by-icc': 0x04,
  'enciphered-pin-by-icc-and-signature': 0x05,
  signature: 0x1e,
  'no-cvm-required': 0x1f,
} as const;
/** Book 3 Annex C3, Table 40: CVM condition codes (second byte of a CV Rule). */
export const CVM_CONDITIONS = {
  always: 0x00,
  'unattended-cash': 0x01,
  'not-unattended-cash-not-manual-cash-not-cashback': 0x02,
  'terminal-supports-cvm': 0x03,
  'manual-cash': 0x04,
  'purchase-with-cashback': 0x05,
  'application-currency-under-x': 0x06,
  'application-currency-over-x': 0x07,
  'application-currency-under-y': 0x08,
  'application-currency-over-y': 0x09,
} as const;
export type CvmMethod = keyof typeof CVM_METHODS;
export type CvmCondition = keyof typeof CVM_CONDITIONS;

export const cvmRule = z.strictObject({
  method: z.enum(Object.keys(CVM_METHODS) as [CvmMethod, ...CvmMethod[]]),
  condition: z.enum(Object.keys(CVM_CONDITIONS) as [CvmCondition, ...CvmCondition[]]),
  /** b7 of the first byte: apply the succeeding rule if this CVM is unsuccessful. */
  applyNextIfUnsuccessful: z.boolean(),
});
export type CvmRule = z.infer<typeof cvmRule>;

const amount = z.number().int().min(0).max(0xffffffff);

/** TR-31 key usages of the issuer master keys the application needs (ANSI X9.143 Table 6). */
export const MASTER_KEY_USAGES = {
  E0: 'Application cryptograms (MK-AC)',
  E1: 'Secure messaging for confidentiality (MK-SMC)',
  E2: 'Secure messaging for integrity (MK-SMI)',
  E3: 'Data authentication code (MK-DAC)',
  E4: 'Dynamic numbers (MK-IDN)',
  E6: 'Other EMV card master key',
  C0: 'Card verification values (CVK: CVV, iCVV, dCVV)',
  V2: 'PIN verification value (PVK, PVV method)',
} as const;
export type MasterKeyUsage = keyof typeof MASTER_KEY_USAGES;
export const masterKeyUsage = z.enum(Object.keys(MASTER_KEY_USAGES) as [MasterKeyUsage, ...MasterKeyUsage[]]);

const iccPrivateKeyForm = z.enum(['crt', 'modulus-exponent']);
export type IccPrivateKeyForm = z.infer<typeof iccPrivateKeyForm>;

export const keysSpec = z.strictObject({
  masterKeys: z.array(
    z.strictObject({ usage: masterKeyUsage, derivation: z.enum(['option-a', 'option-b', 'none']) }),
  ),
  issuerPublicKey: z
    .strictObject({
      keyLabel: z.string().min(1).max(80),
      caIndex: hexOfLength(1),
      modulusBits: z.number().int().min(512).max(1984),
    })
    .optional(),
  iccKey: z
    .strictObject({
      modulusBits: z.number().int().min(512).max(1984),
      exponent: z.union([z.literal(3), z.literal(65537)]),
      /**
       * How the card takes its private key (EMV CPS v1.1 Annex A): CRT constants (DGIs 8201-8205), or
       * modulus and private exponent. Absent means CRT, so templates written before the option stay valid.
       */
      privateKeyForm: iccPrivateKeyForm.optional(),
    })
    .optional(),
  pin: z.strictObject({
    offline: z.enum(['none', 'plaintext', 'enciphered', 'plaintext-and-enciphered']),
    tryLimit: z.number().int().min(1).max(15),
  }),
});

/** The parts of the ICC private key a DGI can hold: the five CRT constants, or modulus and private exponent. */
export const CRT_COMPONENTS = ['q-inverse-mod-p', 'd-mod-q-1', 'd-mod-p-1', 'q', 'p'] as const;
export const MODULUS_EXPONENT_COMPONENTS = ['modulus', 'private-exponent'] as const;
const iccKeyComponent = z.enum([...CRT_COMPONENTS, ...MODULUS_EXPONENT_COMPONENTS]);
export type IccKeyComponent = z.infer<typeof iccKeyComponent>;

/** The components a card takes for its ICC private key form. */
export function iccKeyComponentsOf(form: IccPrivateKeyForm): readonly IccKeyComponent[] {
  return form === 'crt' ? CRT_COMPONENTS : MODULUS_EXPONENT_COMPONENTS;
}

/**
 * The DGIs of the ICC private key, as cps-defaults.ts maps them: the CRT constants in 8201-8205 (EMV
 * CPS v1.1 Annex A); for the modulus-exponent form the private exponent in 8101 and the modulus in
 * 8103, the workbench's convention (dictionary/data-groupings.ts) and the numbers the virtual card
 * reads. A card whose personalization specification names other DGIs gets them by editing the mapping.
 */
export const ICC_PRIVATE_KEY_DGIS: Record<IccPrivateKeyForm, ReadonlyArray<[string, IccKeyComponent]>> = {
  crt: [
    ['8201', 'q-inverse-mod-p'],
    ['8202', 'd-mod-q-1'],
    ['8203', 'd-mod-p-1'],
    ['8204', 'q'],
    ['8205', 'p'],
  ],
  'modulus-exponent': [
    ['8101', 'private-exponent'],
    ['8103', 'modulus'],
  ],
};

/** The template's ICC private key form; CRT when the template does not say. */
export function iccPrivateKeyFormOf(iccKey: { privateKeyForm?: IccPrivateKeyForm }): IccPrivateKeyForm {
  return iccKey.privateKeyForm ?? 'crt';
}

export const dgiContent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record'), sfi: z.number().int(), number: z.number().int() }),
  z.strictObject({ kind: z.literal('select-response'), interface: interfaceName }),
  z.strictObject({ kind: z.literal('gpo-response'), interface: interfaceName }),
  z.strictObject({ kind: z.literal('card-master-keys'), usages: z.array(masterKeyUsage).min(1) }),
  z.strictObject({ kind: z.literal('key-check-values'), usages: z.array(masterKeyUsage).min(1) }),
  z.strictObject({ kind: z.literal('offline-pin-block') }),
  z.strictObject({ kind: z.literal('pin-try-counter-and-limit') }),
  z.strictObject({ kind: z.literal('icc-private-key'), component: iccKeyComponent }),
  z.strictObject({ kind: z.literal('data'), tlvs: z.array(placedTlv) }),
]);
export type DgiContent = z.infer<typeof dgiContent>;

export const dgiSpec = z.strictObject({
  dgi: hexOfLength(2),
  encrypted: z.boolean(),
  content: dgiContent,
});
export type DgiSpec = z.infer<typeof dgiSpec>;

export const applicationTemplate = z.strictObject({
  id: slug,
  name: z.string().min(1).max(80),
  family: z.enum(['vsdc-style', 'mchip-style', 'cpa', 'generic']),
  identity: z.strictObject({
    aid: hexOfLength(5, 16),
    label: z.string().min(1).max(16),
    preferredName: z.string().min(1).max(16).optional(),
    priority: z
      .strictObject({ value: z.number().int().min(1).max(15), cardholderConfirmation: z.boolean() })
      .optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code, e.g. "en"'))
      .min(1)
      .max(4)
      .optional(),
    issuerCodeTableIndex: z.number().int().min(1).max(10).optional(),
    applicationVersion: hexOfLength(2),
  }),
  interfaces: z.enum(['contact', 'contactless', 'both']),
  contact: interfaceSpec.optional(),
  contactless: interfaceSpec.optional(),
  records: z.array(recordSpec),
  dols: z.strictObject({
    cdol1: dol.optional(),
    cdol2: dol.optional(),
    ddol: dol.optional(),
    tdol: dol.optional(),
  }),
  cvm: z.strictObject({ amountX: amount, amountY: amount, rules: z.array(cvmRule).max(121) }),
  actionCodes: z.strictObject({ default: z.array(tvrBit), denial: z.array(tvrBit), online: z.array(tvrBit) }),
  usageControl: z.array(aucBit),
  risk: z.strictObject({
    currency: threeDigitCode,
    currencyExponent: z.number().int().min(0).max(9),
    country: threeDigitCode,
    lowerConsecutiveOfflineLimit: z.number().int().min(0).max(255).optional(),
    upperConsecutiveOfflineLimit: z.number().int().min(0).max(255).optional(),
    cumulativeOfflineLowerLimit: z.number().int().min(0).max(999999999999).optional(),
    cumulativeOfflineUpperLimit: z.number().int().min(0).max(999999999999).optional(),
  }),
  cryptogram: z.strictObject({ cvn: hexOfLength(1) }),
  keys: keysSpec,
  cps: z.strictObject({ dgis: z.array(dgiSpec) }),
});
export type ApplicationTemplate = z.infer<typeof applicationTemplate>;
export type InterfaceSpec = z.infer<typeof interfaceSpec>;
export type SelectionData = z.infer<typeof selectionData>;
export type ProcessingData = z.infer<typeof processingData>;

/**
 * Fixtures for the virtual card and terminal tests: clear test keys (issuer master keys, KMC, KEK), a
 * test CA, issuer and ICC RSA keys made with node:crypto, and a card prepared from a profile the way
 * preparation will do it: certificates over the static data, secrets encrypted under the KEK, DGIs from
 * profile/buildDgis. `faults` produce the broken outputs the validation must catch. Test use only.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { concat, fromHex, toHex } from '../bytes';
import { buildIccCertificate, applicationPanField } from '../certificates/icc-certificate';
import { buildIssuerCertificate, issuerIdentifierFromPan } from '../certificates/issuer-certificate';
import type { RsaPrivateKey, RsaPublicKey } from '../certificates/rsa';
import { signStaticData } from '../certificates/static-data';
import { diversifyKmcEmvCps, diversifyKmcKdf3 } from '../crypto/card-static-keys';
import { tdesEcbEncrypt } from '../crypto/des';
import { deriveIccMasterKeyOptionA } from '../crypto/icc-master-key';
import { tdesKcv } from '../crypto/kcv';
import { padIso9797 } from '../crypto/mac';
import { withLuhnDigit } from '../pan';
import type { CardData } from '../profile/card-data';
import { buildDgis, type BuiltDgi } from '../profile/dgis';
import { ppseDgis, pseDgis } from '../profile/directories';
import { staticDataToSign } from '../profile/static-data';
import {
  ICC_PRIVATE_KEY_DGIS,
  type ApplicationTemplate,
  type IccKeyComponent,
  type MasterKeyUsage,
  iccPrivateKeyFormOf,
} from '../profile/schema/application';
import type { ProfileDocument } from '../profile/schema/document';
import { demo } from '../profile/testing';
import { PPSE_AID, PSE_AID, VirtualCard, type AppletInstall } from '../virtual-card/virtual-card';
import type { ScpProtocol } from '../virtual-card/dgi-encryption';
import type { CaKeyEntry, TerminalConfig, TerminalSettings } from './config';
import { softwareIssuerHost } from './issuer-host';
import { clearKekTranslator, type BureauApplication, type PersonalizationOptions } from './personalize';

export const TEST_KEYS = {
  imkAc: fromHex('0123456789ABCDEFFEDCBA9876543210'),
  imkSmi: fromHex('1F2E3D4C5B6A79880F1E2D3C4B5A6978'),
  imkSmc: fromHex('A1B2C3D4E5F60718293A4B5C6D7E8F90'),
  /** The GP default key as KMC: TDES for SCP02 (EMV CPS diversification), AES-128 for SCP03 (KDF3). */
  kmc: fromHex('404142434445464748494A4B4C4D4E4F'),
  kek: fromHex('6B3F2A1C5D4E7F8091A2B3C4D5E6F708'),
  otherKek: fromHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0'),
  otherImk: fromHex('FEDCBA98765432100123456789ABCDEF'),
} as const;
export const TEST_PIN = '1234';
export const PREPARATION_DATE = '2026-03-15';
const KDD = fromHex('00001122334455667788');

/** A deterministic byte source: SHA-256 of seed and counter. */
export function seededRandom(seed: string): (length: number) => Buffer {
  let counter = 0;
  return (length) => {
    const out: Buffer[] = [];
    while (out.reduce((n, b) => n + b.length, 0) < length) {
      out.push(createHash('sha256').update(`${seed}:${counter++}`).digest());
    }
    return concat(...out).subarray(0, length);
  };
}

export interface TestRsaKey {
  publicKey: RsaPublicKey;
  privateKey: RsaPrivateKey;
  crt: { p: Buffer; q: Buffer; dp: Buffer; dq: Buffer; qi: Buffer };
}

const rsaKeys = new Map<string, TestRsaKey>();

/** An RSA key made once per label and test process (node:crypto). */
export function testRsaKey(label: string, bits: number, exponent: 3 | 65537): TestRsaKey {
  const id = `${label}:${bits}:${exponent}`;
  const cached = rsaKeys.get(id);
  if (cached) return cached;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: exponent });
  const jwk = privateKey.export({ format: 'jwk' });
  const b = (value: string | undefined) => Buffer.from(value!, 'base64url');
  const key: TestRsaKey = {
    publicKey: { modulus: b(jwk.n), exponent: b(jwk.e) },
    privateKey: { modulus: b(jwk.n), privateExponent: b(jwk.d) },
    crt: { p: b(jwk.p), q: b(jwk.q), dp: b(jwk.dp), dq: b(jwk.dq), qi: b(jwk.qi) },
  };
  rsaKeys.set(id, key);
  return key;
}

export const testCa = () => testRsaKey('test-ca', 1408, 3);
const otherCa = () => testRsaKey('other-ca', 1408, 3);

export interface PreparationFaults {
  /** The issuer certificate is signed by another CA key than the one the terminal trusts. */
  issuerCertificateFromOtherCa?: boolean;
  /** The ICC private key DGIs (8201-8205, or 8101 and 8103) hold another key than the one certified. */
  iccKeyNotCertified?: boolean;
  /** MK-AC is derived from this issuer master key instead of the test IMK. */
  mkAcFromImk?: Buffer;
  /** These secret DGIs are encrypted under another KEK than the bureau's. */
  underOtherKek?: readonly string[];
}

export interface PreparedCard {
  profile: ProfileDocument;
  app: ApplicationTemplate;
  pan: string;
  psn: string;
  /** In send order: PSE, PPSE, then the payment application. */
  applications: BureauApplication[];
  /** The payment application's DGIs as buildDgis made them. */
  built: BuiltDgi[];
  installs: AppletInstall[];
  expectations: NonNullable<TerminalSettings['expectations']>;
  caKeys: CaKeyEntry[];
}

/** The bridge's layout of CRT constants (hsm-bridge icc-private-key.ts): half the modulus, then 80 00. */
function crtComponent(value: Buffer, modulusLength: number): Buffer {
  const half = Math.ceil(modulusLength / 2);
  return padIso9797(concat(Buffer.alloc(half - value.length), value), 2);
}

/** The bridge's layout of modulus and private exponent (icc-private-key.ts): the modulus length, then 80 00. */
function modulusExponentComponent(value: Uint8Array, modulusLength: number): Buffer {
  return padIso9797(concat(Buffer.alloc(modulusLength - value.length), value), 2);
}

const MASTER_KEY_OF: Partial<Record<MasterKeyUsage, Buffer>> = {
  E0: TEST_KEYS.imkAc,
  E2: TEST_KEYS.imkSmi,
  E1: TEST_KEYS.imkSmc,
};

function requireComplete(dgis: readonly BuiltDgi[]): void {
  const incomplete = dgis.filter((dgi) => !dgi.complete);
  if (incomplete.length > 0) {
    throw new Error(
      `DGIs incomplete: ${incomplete.map((d) => `${d.dgi} ${d.problems.join(', ')}`).join('; ')}`,
    );
  }
}

export function prepareTestCard(profile: ProfileDocument, faults: PreparationFaults = {}): PreparedCard {
  const app = profile.applications[0]!;
  const pan = withLuhnDigit(`${profile.card.constants.issuerIdentificationNumber}000000001`);
  const psn = '01';
  const issuerSpec = app.keys.issuerPublicKey!;
  const issuer = testRsaKey('issuer', issuerSpec.modulusBits, 3);
  const iccSpec = app.keys.iccKey;
  const icc = iccSpec ? testRsaKey('icc', iccSpec.modulusBits, iccSpec.exponent) : undefined;
  const loaded =
    iccSpec && faults.iccKeyNotCertified
      ? testRsaKey('icc-other', iccSpec.modulusBits, iccSpec.exponent)
      : icc;
  const issuerCertificate = buildIssuerCertificate(
    {
      issuerIdentifier: issuerIdentifierFromPan(pan),
      expiry: fromHex('1230'),
      serial: fromHex('000001'),
      issuerPublicKey: issuer.publicKey,
    },
    (faults.issuerCertificateFromOtherCa ? otherCa() : testCa()).privateKey,
  );
  const encrypt = (dgi: string, clear: Buffer) =>
    toHex(tdesEcbEncrypt(faults.underOtherKek?.includes(dgi) ? TEST_KEYS.otherKek : TEST_KEYS.kek, clear));
  const keySpec = app.cps.dgis.find((d) => d.content.kind === 'card-master-keys')?.content;
  const usages = keySpec?.kind === 'card-master-keys' ? keySpec.usages : [];
  const masterKeys = usages.map((usage) => {
    const imk = usage === 'E0' && faults.mkAcFromImk ? faults.mkAcFromImk : MASTER_KEY_OF[usage]!;
    return deriveIccMasterKeyOptionA(imk, pan, psn);
  });
  const pinBlock = Buffer.from(`2${TEST_PIN.length}${TEST_PIN}`.padEnd(16, 'F'), 'hex');
  const cardData: CardData = {
    preparationDate: PREPARATION_DATE,
    cardholder: { pan, psn, name: 'DOE/JANE', expiry: '2903', pin_block: '0412AC89ABCDEF67' },
    verificationValues: { cvv: '123', icvv: '456', pvv: '7890', pvki: '1' },
    generated: {
      'issuer-public-key-certificate': toHex(issuerCertificate.certificate),
      'issuer-public-key-remainder': toHex(issuerCertificate.remainder),
      'issuer-public-key-exponent': toHex(issuerCertificate.exponent),
      'key-check-values': toHex(concat(...masterKeys.map((key) => tdesKcv(key, 3)))),
    },
    secrets: {
      'card-master-keys': { descriptor: 'test keys', ciphertext: encrypt('8000', concat(...masterKeys)) },
      'offline-pin-block': { descriptor: 'test PIN', ciphertext: encrypt('8010', pinBlock) },
      'icc-private-key': { descriptor: 'test ICC key', ciphertext: '00' },
    },
  };
  const signed = staticDataToSign(buildDgis(app, cardData, { card: profile.card }));
  const generated = { ...cardData.generated };
  if (icc) {
    const certificate = buildIccCertificate(
      {
        pan: applicationPanField(pan),
        expiry: fromHex('1230'),
        serial: fromHex('000002'),
        iccPublicKey: icc.publicKey,
        staticData: signed.bytes,
      },
      issuer.privateKey,
    );
    generated['icc-public-key-certificate'] = toHex(certificate.certificate);
    generated['icc-public-key-remainder'] = toHex(certificate.remainder);
  }
  generated['signed-static-application-data'] = toHex(
    signStaticData(fromHex('DAC1'), signed.bytes, issuer.privateKey),
  );
  const secrets = { ...cardData.secrets };
  if (loaded && iccSpec) {
    const n = loaded.publicKey.modulus.length;
    const crt = (dgi: string, value: Buffer) => encrypt(dgi, crtComponent(value, n));
    const me = (dgi: string, value: Uint8Array) => encrypt(dgi, modulusExponentComponent(value, n));
    const dgiOf = (component: IccKeyComponent) =>
      app.cps.dgis.find((d) => d.content.kind === 'icc-private-key' && d.content.component === component)
        ?.dgi ?? '8FFF';
    secrets['icc-private-key'] = {
      descriptor: 'test ICC key',
      components:
        iccPrivateKeyFormOf(iccSpec) === 'crt'
          ? {
              'q-inverse-mod-p': crt(dgiOf('q-inverse-mod-p'), loaded.crt.qi),
              'd-mod-q-1': crt(dgiOf('d-mod-q-1'), loaded.crt.dq),
              'd-mod-p-1': crt(dgiOf('d-mod-p-1'), loaded.crt.dp),
              q: crt(dgiOf('q'), loaded.crt.q),
              p: crt(dgiOf('p'), loaded.crt.p),
            }
          : {
              modulus: me(dgiOf('modulus'), loaded.privateKey.modulus),
              'private-exponent': me(dgiOf('private-exponent'), loaded.privateKey.privateExponent),
            },
    };
  }
  const dgis = buildDgis(app, { ...cardData, generated, secrets }, { card: profile.card });
  requireComplete(dgis);
  const directories: BureauApplication[] = [];
  const installs: AppletInstall[] = [];
  const bureau = (built: readonly BuiltDgi[]) =>
    built.map((d) => ({ dgi: d.dgi, data: fromHex(d.data!), encrypted: d.encrypted }));
  if (profile.card.directories.pse) {
    directories.push({ aid: toHex(PSE_AID), name: 'PSE', dgis: bureau(pseDgis([app])) });
    installs.push({ kind: 'directory', aid: toHex(PSE_AID) });
  }
  if (profile.card.directories.ppse) {
    directories.push({ aid: toHex(PPSE_AID), name: 'PPSE', dgis: bureau(ppseDgis([app])) });
    installs.push({ kind: 'directory', aid: toHex(PPSE_AID) });
  }
  installs.push({ kind: 'payment', aid: app.identity.aid, family: app.family, cvn: app.cryptogram.cvn });
  const rid = app.identity.aid.slice(0, 10);
  const ca = testCa().publicKey;
  return {
    profile,
    app,
    pan,
    psn,
    applications: [...directories, { aid: app.identity.aid, name: app.name, dgis: bureau(dgis) }],
    built: dgis,
    installs,
    expectations: {
      ...(app.keys.pin.offline !== 'none' ? { pinTryLimit: app.keys.pin.tryLimit } : {}),
      signedStaticData: { records: signed.records, aip: signed.aip },
    },
    caKeys: [
      {
        rid,
        index: issuerSpec.caIndex,
        environment: 'test',
        modulus: toHex(ca.modulus),
        exponent: toHex(ca.exponent),
      },
    ],
  };
}

/** The card's static keys from the test KMC: EMV CPS diversification (SCP02) or KDF3 (SCP03). */
export function cardStaticKeys(protocol: ScpProtocol, kdd: Buffer = KDD) {
  return protocol === 'SCP02' ? diversifyKmcEmvCps(TEST_KEYS.kmc, kdd) : diversifyKmcKdf3(TEST_KEYS.kmc, kdd);
}

/**
 * A blank virtual card with the prepared card's applets installed and its KMC-derived keys loaded;
 * `iParameter` overrides the usual '15' (SCP02) or '70' (SCP03), e.g. '35' for SCP02 with R-MAC.
 */
export function newTestCard(
  prepared: PreparedCard,
  protocol: ScpProtocol,
  seed = 'card',
  iParameter?: number,
): VirtualCard {
  return new VirtualCard({
    secureChannel: {
      protocol,
      keys: cardStaticKeys(protocol),
      keyDiversificationData: KDD,
      keyVersion: protocol === 'SCP02' ? 0x20 : 0x30,
      iParameter: iParameter ?? (protocol === 'SCP02' ? 0x15 : 0x70),
      sequenceCounter: 1,
    },
    applications: prepared.installs,
    random: seededRandom(seed),
  });
}

export function personalizationOptions(
  prepared: PreparedCard,
  protocol: ScpProtocol,
  overrides: Partial<PersonalizationOptions> = {},
): PersonalizationOptions {
  return {
    protocol,
    staticKeys: (kdd) => cardStaticKeys(protocol, kdd),
    translateSecret: clearKekTranslator(TEST_KEYS.kek),
    random: seededRandom('host'),
    pans: [prepared.pan],
    ...overrides,
  };
}

export function terminalConfig(
  prepared: PreparedCard,
  cardInterface: 'contact' | 'contactless',
  overrides: Partial<TerminalConfig> = {},
): TerminalConfig {
  const { app, profile } = prepared;
  return {
    interface: cardInterface,
    environment: 'test',
    caKeys: prepared.caKeys,
    transaction: {
      amount: 1234,
      currency: profile.card.constants.currency,
      country: profile.card.constants.country,
      date: PREPARATION_DATE.slice(2).replace(/-/g, ''),
    },
    floorLimit: 0,
    testPin: TEST_PIN,
    expectations: prepared.expectations,
    issuer: softwareIssuerHost({ issuerMasterKey: TEST_KEYS.imkAc, derivation: 'A', family: app.family }),
    random: seededRandom('terminal'),
    ...overrides,
  };
}

/**
 * A profile whose card takes its ICC private key as modulus and private exponent: the form set in
 * keys.iccKey and the CRT DGIs replaced, where they were, by those of the form (cps-defaults.ts).
 */
export function withModulusExponentIccKey(profile: ProfileDocument): ProfileDocument {
  const app = profile.applications[0]!;
  app.keys.iccKey!.privateKeyForm = 'modulus-exponent';
  const first = app.cps.dgis.findIndex((dgi) => dgi.content.kind === 'icc-private-key');
  const others = app.cps.dgis.filter((dgi) => dgi.content.kind !== 'icc-private-key');
  const form = ICC_PRIVATE_KEY_DGIS['modulus-exponent'].map(([dgi, component]) => ({
    dgi,
    encrypted: true,
    content: { kind: 'icc-private-key' as const, component },
  }));
  app.cps.dgis = [...others.slice(0, first), ...form, ...others.slice(first)];
  return profile;
}

/** The credit demo with SDA instead of DDA: SSAD (93) in SFI 3 record 2, no ICC key (no SDA demo ships). */
export function sdaCreditProfile(): ProfileDocument {
  const profile = demo('credit');
  const app = profile.applications[0]!;
  app.contact!.processing!.oda = ['sda'];
  delete app.keys.iccKey;
  delete app.dols.ddol;
  for (const record of app.records) record.tlvs = record.tlvs.filter((tlv) => tlv.tag !== '9F49');
  app.records.find((r) => r.sfi === 3 && r.number === 2)!.tlvs = [
    { tag: '93', source: { from: 'generated', item: 'signed-static-application-data' } },
  ];
  app.cps.dgis = app.cps.dgis.filter((dgi) => dgi.content.kind !== 'icc-private-key');
  return profile;
}

/** The profile without the SDA Tag List (9F4A): the AIP is then not part of the static data. */
export function withoutSdaTagList(profile: ProfileDocument): ProfileDocument {
  for (const record of profile.applications[0]!.records)
    record.tlvs = record.tlvs.filter((tlv) => tlv.tag !== '9F4A');
  return profile;
}

/**
 * Offline data authentication and keys (EMV 4.4 Book 2 sections 5 and 6, Book 3 Annex C1): the AIP
 * (computed, or typed to reproduce a legacy card) agrees with the ODA methods chosen; each method has
 * the keys it needs and its certificates placed in records read on that interface; key sizes nest
 * (NIC ≤ NI, Book 2 6.1); an AC master key exists.
 */
import { tagLabel } from '../../dictionary';
import { decodeBits, AIP_BITS, bitName } from '../bits';
import { computedAip, interfacesOf, processingFor, recordsFor } from '../interfaces';
import type { ApplicationTemplate } from '../schema/application';
import { familyOf } from '../values';
import type { IssueList } from './issue';

/** Book 2 Table 13/14 and 5.1: data objects the card must hold for each method. */
const ODA_DATA: Record<'sda' | 'dda' | 'cda', readonly string[]> = {
  sda: ['8F', '90', '9F32', '93'],
  dda: ['8F', '90', '9F32', '9F46', '9F47'],
  cda: ['8F', '90', '9F32', '9F46', '9F47'],
};

export function checkOda(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const family = familyOf(app);
  const usesPublicKeys = interfacesOf(app).some((name) => (processingFor(app, name)?.oda.length ?? 0) > 0);
  for (const name of interfacesOf(app)) {
    const processing = processingFor(app, name);
    const path = `${appPath}.${app[name]?.processing ? name : name === 'contact' ? 'contactless' : 'contact'}.processing`;
    if (!processing) continue;
    const computed = computedAip(app, name)!;
    if (processing.aipOverride && processing.aipOverride !== computed.toString('hex').toUpperCase()) {
      const typed = decodeBits(AIP_BITS, Buffer.from(processing.aipOverride, 'hex')).ids;
      const wanted = decodeBits(AIP_BITS, computed).ids;
      const extra = typed.filter((id) => !wanted.includes(id)).map((id) => bitName(AIP_BITS, id));
      const missing = wanted.filter((id) => !typed.includes(id)).map((id) => bitName(AIP_BITS, id));
      issues.error(
        'aip-mismatch',
        `${path}.aipOverride`,
        `82 AIP ${processing.aipOverride} on the ${name} interface disagrees with the choices (${computed.toString('hex').toUpperCase()})${extra.length ? `; set but not chosen: ${extra.join(', ')}` : ''}${missing.length ? `; chosen but not set: ${missing.join(', ')}` : ''}`,
        '82',
      );
    }
    const methods = processing.oda;
    if (methods.includes('sda')) {
      issues.warning(
        'sda-deprecated',
        `${path}.oda`,
        'SDA does not protect against replay; prefer DDA or CDA',
      );
    }
    if (methods.length > 0 && !app.keys.issuerPublicKey) {
      issues.error(
        'oda-keys',
        `${appPath}.keys.issuerPublicKey`,
        `${methods.join(', ').toUpperCase()} on the ${name} interface needs an issuer RSA key and CA index`,
      );
    }
    if (methods.some((m) => m === 'dda' || m === 'cda') && !app.keys.iccKey) {
      issues.error(
        'oda-keys',
        `${appPath}.keys.iccKey`,
        `DDA/CDA on the ${name} interface needs an ICC RSA key (length and exponent)`,
      );
    }
    const records = recordsFor(app, name);
    if (methods.length > 0 && !records.some((record) => record.oda)) {
      issues.error(
        'oda-records',
        `${appPath}.records`,
        `${methods.join(', ').toUpperCase()} on the ${name} interface, but no record read there is in the static data to be authenticated`,
      );
    }
    const placed = new Set(records.flatMap((record) => record.tlvs.map((tlv) => tlv.tag)));
    for (const method of methods) {
      for (const tag of ODA_DATA[method]) {
        if (!placed.has(tag)) {
          issues.error(
            'oda-data',
            `${appPath}.records`,
            `${method.toUpperCase()} needs ${tagLabel(tag, family)} in a record read on the ${name} interface`,
            tag,
          );
        }
      }
    }
    const icc = app.keys.iccKey;
    const issuer = app.keys.issuerPublicKey;
    if (
      methods.some((m) => m !== 'sda') &&
      icc &&
      issuer &&
      icc.modulusBits / 8 > issuer.modulusBits / 8 - 42 &&
      !placed.has('9F48')
    ) {
      issues.error(
        'oda-data',
        `${appPath}.records`,
        `a ${icc.modulusBits}-bit ICC key does not fit a certificate signed with a ${issuer.modulusBits}-bit issuer key; place 9F48 ICC Public Key Remainder on the ${name} interface`,
        '9F48',
      );
    }
  }
  checkOneStaticData(app, appPath, issues);
  const { issuerPublicKey: issuer, iccKey: icc } = app.keys;
  for (const [key, bits, path] of [
    ['issuer', issuer?.modulusBits, `${appPath}.keys.issuerPublicKey.modulusBits`],
    ['ICC', icc?.modulusBits, `${appPath}.keys.iccKey.modulusBits`],
  ] as const) {
    if (bits !== undefined && bits % 8 !== 0)
      issues.error(
        'key-length',
        path,
        `the ${key} key length must be a whole number of bytes, got ${bits} bits`,
      );
  }
  if (issuer && icc && icc.modulusBits > issuer.modulusBits) {
    issues.error(
      'key-length',
      `${appPath}.keys.iccKey.modulusBits`,
      `the ICC key (${icc.modulusBits} bits) must not be longer than the issuer key (${issuer.modulusBits} bits), Book 2 6.1`,
    );
  }
  const enciphered =
    app.keys.pin.offline === 'enciphered' || app.keys.pin.offline === 'plaintext-and-enciphered';
  if (issuer && !usesPublicKeys && !enciphered) {
    issues.warning(
      'keys-unused',
      `${appPath}.keys.issuerPublicKey`,
      'an issuer RSA key is configured but no interface uses offline data authentication or enciphered PIN',
    );
  }
  if (!app.keys.masterKeys.some((key) => key.usage === 'E0')) {
    issues.error(
      'ac-key-missing',
      `${appPath}.keys.masterKeys`,
      'the application needs an issuer master key for application cryptograms (E0)',
    );
  }
}

/**
 * A card carries one SSAD and one ICC certificate per application, computed over one static data set
 * (Book 3 10.3): every interface that authenticates offline must read the same signed records and, when
 * the SDA Tag List (9F4A) puts the AIP in the static data, present the same AIP; otherwise offline data
 * authentication fails on the other interface.
 */
function checkOneStaticData(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const withOda = interfacesOf(app).filter((name) => (processingFor(app, name)?.oda.length ?? 0) > 0);
  if (withOda.length < 2) return;
  const [first, second] = withOda as [(typeof withOda)[number], (typeof withOda)[number]];
  const signed = (name: typeof first) =>
    recordsFor(app, name)
      .filter((record) => record.oda)
      .map((record) => `SFI ${record.sfi} record ${record.number}`)
      .join(', ');
  if (signed(first) !== signed(second)) {
    issues.error(
      'oda-interfaces',
      `${appPath}.records`,
      `the ${first} interface signs ${signed(first) || 'no record'} and the ${second} interface ${signed(second) || 'no record'}: one SSAD or ICC certificate cannot verify on both`,
    );
  }
  const tagListed = app.records.some((record) => record.tlvs.some((tlv) => tlv.tag === '9F4A'));
  const aips = withOda.map((name) => computedAip(app, name)!.toString('hex').toUpperCase());
  if (tagListed && aips[0] !== aips[1]) {
    issues.error(
      'oda-interfaces',
      `${appPath}.records`,
      `9F4A puts the AIP in the static data, but the ${first} AIP is ${aips[0]} and the ${second} AIP ${aips[1]}: the one ICC certificate cannot verify on both; remove 9F4A or make the AIPs agree`,
      '9F4A',
    );
  }
}

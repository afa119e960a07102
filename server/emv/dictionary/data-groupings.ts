/**
 * Data Grouping Identifiers (DGIs) of the EMV Card Personalization Specification (CPS v1.1, July 2007,
 * section 2 "Data groupings" and the common DGIs of its Annex A): a DGI is a two-byte label for a block
 * of personalization data sent in one STORE DATA sequence. Numbers from '0101' to '1EFE' carry a record
 * (SFI ‖ record number); the others are defined by CPS or by the application.
 *
 * 9103 (contactless SELECT response) and 9207 (contactless GPO response), and 0D01/0E01 (application
 * internal data) follow a VSDC-style personalization script found in the public code corpus; they are
 * conventions of that family, not CPS definitions.
 *
 * 8101 (private exponent) and 8103 (modulus) carry the ICC private key in its modulus-exponent form,
 * which CPS Annex A allows beside the CRT constants; the DGI numbers are the workbench's convention
 * (not confirmed against a CPS copy here), and a profile that needs others maps them in cps.dgis.
 */

export interface DataGrouping {
  /** Four upper-case hex digits. */
  dgi: string;
  name: string;
  /** True when CPS requires the DGI to travel encrypted under the personalization DEK. */
  secret: boolean;
  spec: string;
}

const CPS = 'EMV CPS v1.1';
const VSDC = 'VSDC-style convention';
const MODULUS_EXPONENT = 'workbench convention (ICC key modulus-exponent form)';

const GROUPINGS: readonly DataGrouping[] = [
  { dgi: '8000', name: 'Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …)', secret: true, spec: CPS },
  { dgi: '9000', name: 'Key check values of the DGI 8000 keys', secret: false, spec: CPS },
  { dgi: '8010', name: 'Offline PIN block (reference PIN)', secret: true, spec: CPS },
  { dgi: '9010', name: 'PIN Try Counter and PIN Try Limit', secret: false, spec: CPS },
  {
    dgi: '8101',
    name: 'ICC private key private exponent (modulus-exponent form)',
    secret: true,
    spec: MODULUS_EXPONENT,
  },
  {
    dgi: '8103',
    name: 'ICC private key modulus (modulus-exponent form)',
    secret: true,
    spec: MODULUS_EXPONENT,
  },
  { dgi: '8201', name: 'ICC private key CRT constant q⁻¹ mod p', secret: true, spec: CPS },
  { dgi: '8202', name: 'ICC private key CRT constant d mod (q − 1)', secret: true, spec: CPS },
  { dgi: '8203', name: 'ICC private key CRT constant d mod (p − 1)', secret: true, spec: CPS },
  { dgi: '8204', name: 'ICC private key CRT constant prime factor q', secret: true, spec: CPS },
  { dgi: '8205', name: 'ICC private key CRT constant prime factor p', secret: true, spec: CPS },
  { dgi: '9102', name: 'SELECT response data (FCI Proprietary Template)', secret: false, spec: CPS },
  { dgi: '9103', name: 'SELECT response data (contactless)', secret: false, spec: VSDC },
  { dgi: '9104', name: 'GET PROCESSING OPTIONS response data (AIP, AFL)', secret: false, spec: CPS },
  { dgi: '9207', name: 'GET PROCESSING OPTIONS response data (contactless)', secret: false, spec: VSDC },
  { dgi: '0D01', name: 'Application internal data', secret: false, spec: VSDC },
  { dgi: '0E01', name: 'Application internal data (counters and limits)', secret: false, spec: VSDC },
];

const byDgi = new Map(GROUPINGS.map((grouping) => [grouping.dgi, grouping]));

/** Whether a DGI number has the form of a record DGI: SFI 1–30 ‖ record 1–254 (CPS section 2). */
export function recordOfDgi(dgi: string): { sfi: number; record: number } | undefined {
  if (!/^[0-9A-F]{4}$/.test(dgi)) return undefined;
  const sfi = parseInt(dgi.slice(0, 2), 16);
  const record = parseInt(dgi.slice(2), 16);
  if (sfi < 1 || sfi > 30 || record < 1 || record > 254) return undefined;
  return { sfi, record };
}

/** The DGI number of a record: SFI ‖ record number, each one byte. */
export function recordDgi(sfi: number, record: number): string {
  return `${hexByte(sfi)}${hexByte(record)}`;
}

function hexByte(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * What a DGI number means: a CPS-defined grouping first (so '0D01' is internal data, not SFI 13
 * record 1, in the VSDC-style convention), then the record form.
 */
export function dataGrouping(dgi: string): DataGrouping | undefined {
  const wanted = dgi.toUpperCase();
  const known = byDgi.get(wanted);
  if (known) return known;
  const record = recordOfDgi(wanted);
  if (record) {
    return { dgi: wanted, name: `Record ${record.record} of SFI ${record.sfi}`, secret: false, spec: CPS };
  }
  return undefined;
}

export function allDataGroupings(): readonly DataGrouping[] {
  return GROUPINGS;
}

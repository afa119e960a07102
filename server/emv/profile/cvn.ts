/**
 * Cryptogram versions (CVN) per application family: the session key method each implies, the ARPC
 * method, and the data elements CDOL1 must ask the terminal for.
 *
 * Every CVN here computes the application cryptogram over at least the "recommended minimum set of
 * data elements" of EMV 4.4 Book 2 section 8.1.1 (Table 26): of those, the terminal supplies through
 * CDOL1 Amount Authorised (9F02), Amount Other (9F03), Terminal Country Code (9F1A), TVR (95),
 * Transaction Currency Code (5F2A), Transaction Date (9A), Transaction Type (9C) and Unpredictable
 * Number (9F37); the card adds AIP and ATC itself. The same set is what jPOS builds for each of these
 * CVNs (github.com/jpos/jPOS, org.jpos.emv.cryptogram: VISACryptogram, MChipCryptogram, CPACryptogram).
 * Session key and ARPC methods: CVN 10 (VSDC-style) uses the ICC master key directly with ARPC method 1;
 * CVN 18 the EMV common session key (Book 2 A1.3) with ARPC method 2; M/Chip-style CVN '10'/'11' the
 * Mastercard session key derivation (ATC and UN) with ARPC method 1, '14'/'15' the EMV common session
 * key with ARPC method 1 (bit 1 of the CVN: counters included in the AC); CPA CVN 'A5' (Common Core
 * Definitions IAD format A, Book 3 Annex C7) the EMV common session key with ARPC method 2. The
 * workbench vectors (vectors/README.md) pin the same key choices.
 */

export type SessionKeyMethod = 'none' | 'emv-csk' | 'mastercard-skd';

export interface CvnProfile {
  /** One byte, upper-case hex. */
  cvn: string;
  family: 'vsdc-style' | 'mchip-style' | 'cpa' | 'generic';
  description: string;
  sessionKeys: SessionKeyMethod;
  arpcMethod: 1 | 2;
  /** Tags CDOL1 must request (Book 2 8.1.1). */
  cdol1: readonly string[];
}

/** The terminal-supplied part of Book 2 8.1.1, Table 26. */
export const MINIMUM_CDOL1 = ['9F02', '9F03', '9F1A', '95', '5F2A', '9A', '9C', '9F37'] as const;

export const CVN_TABLE: readonly CvnProfile[] = [
  {
    cvn: '0A',
    family: 'vsdc-style',
    description: 'CVN 10: ICC master key, no session key',
    sessionKeys: 'none',
    arpcMethod: 1,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: '12',
    family: 'vsdc-style',
    description: 'CVN 18: EMV common session key',
    sessionKeys: 'emv-csk',
    arpcMethod: 2,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: '10',
    family: 'mchip-style',
    description: 'Mastercard session key derivation',
    sessionKeys: 'mastercard-skd',
    arpcMethod: 1,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: '11',
    family: 'mchip-style',
    description: 'Mastercard session key derivation, counters in the AC',
    sessionKeys: 'mastercard-skd',
    arpcMethod: 1,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: '14',
    family: 'mchip-style',
    description: 'EMV common session key',
    sessionKeys: 'emv-csk',
    arpcMethod: 1,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: '15',
    family: 'mchip-style',
    description: 'EMV common session key, counters in the AC',
    sessionKeys: 'emv-csk',
    arpcMethod: 1,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: 'A5',
    family: 'cpa',
    description: 'CCD format A, version 5: EMV common session key (Triple DES)',
    sessionKeys: 'emv-csk',
    arpcMethod: 2,
    cdol1: MINIMUM_CDOL1,
  },
  {
    cvn: 'A5',
    family: 'generic',
    description: 'CCD format A, version 5: EMV common session key (Triple DES)',
    sessionKeys: 'emv-csk',
    arpcMethod: 2,
    cdol1: MINIMUM_CDOL1,
  },
];

export function cvnProfile(family: CvnProfile['family'], cvn: string): CvnProfile | undefined {
  return CVN_TABLE.find((entry) => entry.family === family && entry.cvn === cvn.toUpperCase());
}

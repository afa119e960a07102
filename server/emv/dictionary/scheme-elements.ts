/**
 * Tags outside EMV Book 3 that contactless, VSDC-style, M/Chip-style and CPA profiles personalize.
 * Tags from '9F50' and the context-specific class ('C1'…'DF7F') are assigned by each payment system,
 * so the same tag has a different meaning per family; a lookup names the family it wants.
 *
 * Sources (names and lengths cross-checked between them; none is a scheme document):
 * - contactless: EMV Contactless Book B (Entry Point: 9F29, 9F2A), Book C-3 (Kernel 3: 9F5A, 9F5D,
 *   9F66, 9F69, 9F6C, 9F6E, 9F7C) as summarised by EFTLab, "Complete list of EMV & NFC tags"
 *   (eftlab.com.au/knowledge-base/complete-list-of-emv-nfc-tags) and emvlab.org/emvtags;
 * - vsdc-style: the Visa-proprietary tags 9F51–9F79 as named in public terminal SDKs (Verifone ADK
 *   "VISA tags" group) and in a public VSDC-style personalization script (DGIs 0D01/0E01) found in the
 *   code corpus; lengths from the values those scripts personalize;
 * - mchip-style: the context-specific tags of M/Chip-style applications as listed in
 *   github.com/coolbong/node-tlv lib/Dictionary.js ("master card" section, M/Chip Advance naming) and
 *   the EMV Contactless Book C-2 (Kernel 2) card tags; lengths not published there are given as
 *   permissive ranges;
 * - cpa: EMV Common Payment Application Specification v1.0 (December 2005): 9F50 Offline Balance and
 *   the GET DATA templates BF30 (accumulators) and BF35 (counters), p. 155 as cited in
 *   github.com/johnzweng/bankomatinfos EmvUtils.java; 'C1' Application Control as listed in
 *   coolbong/node-tlv lib/Dictionary.js ("CPA" section). CPA's other proprietary tags could not be
 *   confirmed from a source at hand and are left out: the checks report them as unknown tags;
 * - globalplatform: GlobalPlatform Card Specification 2.3, 9F7F Card Production Life Cycle (CPLC).
 */
import type { ElementFamily, ElementRow } from './types';

const CONTACTLESS: readonly ElementRow[] = [
  ['9F29', 'Extended Selection', 'b', [1, 16], 'card', '61'],
  ['9F2A', 'Kernel Identifier', 'b', [1, 8], 'card', '61 A5'],
  ['9F5A', 'Application Program Identifier (Program ID)', 'b', [1, 16], 'card', 'BF0C'],
  ['9F5D', 'Available Offline Spending Amount (AOSA)', 'n', 6, 'card'],
  ['9F66', 'Terminal Transaction Qualifiers (TTQ)', 'b', 4, 'terminal'],
  ['9F69', 'Card Authentication Related Data', 'b', [5, 16], 'card', '70 77'],
  ['9F6C', 'Card Transaction Qualifiers (CTQ)', 'b', 2, 'card', '77'],
  ['9F6E', 'Form Factor Indicator (FFI)', 'b', 4, 'card', '77'],
  ['9F7C', 'Customer Exclusive Data (CED)', 'b', [1, 32], 'card', '77'],
];

const VSDC_STYLE: readonly ElementRow[] = [
  ['9F51', 'Application Currency Code (VSDC-style)', 'n', 2, 'card'],
  ['9F52', 'Application Default Action (ADA)', 'b', [2, 4], 'card'],
  ['9F53', 'Consecutive Transaction Counter International Limit (CTCIL)', 'b', 1, 'card'],
  ['9F54', 'Cumulative Total Transaction Amount Limit (CTTAL)', 'n', 6, 'card'],
  ['9F55', 'Geographic Indicator', 'b', 1, 'card'],
  ['9F56', 'Issuer Authentication Indicator', 'b', 1, 'card'],
  ['9F57', 'Issuer Country Code (VSDC-style)', 'n', 2, 'card'],
  ['9F58', 'Consecutive Transaction Counter Limit (CTCL)', 'b', 1, 'card'],
  ['9F59', 'Consecutive Transaction Counter Upper Limit (CTCUL)', 'b', 1, 'card'],
  ['9F5C', 'Cumulative Total Transaction Amount Upper Limit (CTTAUL)', 'n', 6, 'card'],
  ['9F5E', 'Consecutive Transaction International Upper Limit (CTIUL)', 'b', 1, 'card'],
  ['9F68', 'Card Additional Processes', 'b', 4, 'card'],
  ['9F6B', 'Card CVM Limit', 'n', 6, 'card'],
  ['9F6D', 'VLP Reset Threshold', 'n', 6, 'card'],
  ['9F72', 'Consecutive Transaction Counter International Country Limit (CTCICL)', 'b', 1, 'card'],
  ['9F73', 'Currency Conversion Factor', 'b', 4, 'card'],
  ['9F74', 'VLP Issuer Authorisation Code', 'a', 6, 'card'],
  ['9F75', 'Cumulative Total Transaction Amount Limit - Dual Currency', 'n', 6, 'card'],
  ['9F76', 'Secondary Application Currency Code', 'n', 2, 'card'],
  ['9F77', 'VLP Funds Limit', 'n', 6, 'card'],
  ['9F78', 'VLP Single Transaction Limit', 'n', 6, 'card'],
  ['9F79', 'VLP Available Funds', 'n', 6, 'card'],
  ['9F7E', 'Application Life Cycle Data', 'b', 48, 'card'],
];

const MCHIP_STYLE: readonly ElementRow[] = [
  ['56', 'Track 1 Data', 'ans', [1, 76], 'card', '70'],
  ['9F50', 'Offline Accumulator Balance', 'n', 6, 'card'],
  ['9F51', 'DRDOL', 'b', [1, 252], 'card', '70'],
  ['9F5B', 'DSDOL', 'b', [1, 252], 'card', '70'],
  ['9F5D', 'Application Capabilities Information', 'b', 3, 'card', '70'],
  ['9F62', 'Track 1 Bit Map for CVC3 (PCVC3TRACK1)', 'b', 6, 'card', '70'],
  ['9F63', 'Track 1 Bit Map for UN and ATC (PUNATCTRACK1)', 'b', 6, 'card', '70'],
  ['9F64', 'Track 1 Number of ATC Digits (NATCTRACK1)', 'b', 1, 'card', '70'],
  ['9F65', 'Track 2 Bit Map for CVC3 (PCVC3TRACK2)', 'b', 2, 'card', '70'],
  ['9F66', 'Track 2 Bit Map for UN and ATC (PUNATCTRACK2)', 'b', 2, 'card', '70'],
  ['9F67', 'Track 2 Number of ATC Digits (NATCTRACK2)', 'b', 1, 'card', '70'],
  ['9F69', 'Unpredictable Number Data Object List (UDOL)', 'b', [1, 252], 'card', '70'],
  ['9F6B', 'Track 2 Data', 'b', [1, 19], 'card', '70'],
  ['9F6C', 'Mag-stripe Application Version Number (Card)', 'b', 2, 'card', '70'],
  ['9F6E', 'Third Party Data', 'b', [5, 32], 'card', '70'],
  ['9F7E', 'Application Life Cycle Data', 'b', 48, 'card'],
  ['C3', 'Card Issuer Action Code - Decline (contact)', 'b', [2, 3], 'card'],
  ['C4', 'Card Issuer Action Code - Default (contact)', 'b', [2, 3], 'card'],
  ['C5', 'Card Issuer Action Code - Online (contact)', 'b', [2, 3], 'card'],
  ['C6', 'PIN Try Limit', 'b', 1, 'card'],
  ['C7', 'CDOL1 Related Data Length', 'b', 1, 'card'],
  ['C8', 'Card Risk Management Country Code', 'n', 2, 'card'],
  ['C9', 'Accumulator 1 Currency Code', 'n', 2, 'card'],
  ['CA', 'Accumulator 1 Lower Limit (Lower Cumulative Offline Transaction Amount)', 'n', 6, 'card'],
  ['CB', 'Accumulator 1 Upper Limit (Upper Cumulative Offline Transaction Amount)', 'n', 6, 'card'],
  ['CD', 'Card Issuer Action Code - Default (contactless)', 'b', [2, 3], 'card'],
  ['CE', 'Card Issuer Action Code - Online (contactless)', 'b', [2, 3], 'card'],
  ['CF', 'Card Issuer Action Code - Decline (contactless)', 'b', [2, 3], 'card'],
  ['D1', 'Accumulator 1 Currency Conversion Table', 'b', [5, 25], 'card'],
  ['D3', 'Additional Check Table', 'b', [1, 18], 'card'],
  ['D5', 'Application Control (contact)', 'b', [2, 6], 'card'],
  ['D6', 'Default ARPC Response Code', 'b', [1, 2], 'card'],
  ['D7', 'Application Control (contactless)', 'b', [2, 6], 'card'],
  ['D8', 'Application Interchange Profile (contactless)', 'b', 2, 'card'],
  ['D9', 'Application File Locator (contactless)', 'b', [4, 252], 'card'],
  ['DC', 'IVCVC3 Track 1 (contactless)', 'b', 2, 'card'],
  ['DD', 'IVCVC3 Track 2 (contactless)', 'b', 2, 'card'],
  ['DE', 'Log Data Table', 'b', [1, 252], 'card'],
  ['DF11', 'Accumulator 1 Control (contact)', 'b', [1, 4], 'card'],
  ['DF12', 'Accumulator 1 Control (contactless)', 'b', [1, 4], 'card'],
  ['DF13', 'Accumulator 2 Amount', 'n', 6, 'card'],
  ['DF14', 'Accumulator 2 Control (contact)', 'b', [1, 4], 'card'],
  ['DF15', 'Accumulator 2 Control (contactless)', 'b', [1, 4], 'card'],
  ['DF16', 'Accumulator 2 Currency Code', 'n', 2, 'card'],
  ['DF17', 'Accumulator 2 Currency Conversion Table', 'b', [5, 25], 'card'],
  ['DF18', 'Accumulator 2 Lower Limit', 'n', 6, 'card'],
  ['DF19', 'Accumulator 2 Upper Limit', 'n', 6, 'card'],
  ['DF1A', 'Counter 1 Control (contact)', 'b', [1, 4], 'card'],
  ['DF1B', 'Counter 1 Control (contactless)', 'b', [1, 4], 'card'],
  ['DF1C', 'Counter 1 Number', 'b', [1, 2], 'card'],
  ['DF1D', 'Counter 2 Control (contact)', 'b', [1, 4], 'card'],
  ['DF1E', 'Counter 2 Control (contactless)', 'b', [1, 4], 'card'],
  ['DF1F', 'Counter 2 Lower Limit', 'b', [1, 2], 'card'],
  ['DF20', 'Counter 2 Number', 'b', [1, 2], 'card'],
  ['DF21', 'Counter 2 Upper Limit', 'b', [1, 2], 'card'],
  ['DF22', 'MTA CVM (contact)', 'n', 6, 'card'],
  ['DF23', 'MTA CVM (contactless)', 'n', 6, 'card'],
  ['DF24', 'MTA Currency Code', 'n', 2, 'card'],
  ['DF25', 'MTA NoCVM (contact)', 'n', 6, 'card'],
  ['DF26', 'MTA NoCVM (contactless)', 'n', 6, 'card'],
  ['DF27', 'Number of Days Offline Limit', 'b', 2, 'card'],
  ['DF30', 'Interface Enabling Switch', 'b', 1, 'card'],
  ['DF32', 'SMI Session Key Counter Limit (contact)', 'b', [1, 2], 'card'],
  ['DF33', 'SMI Session Key Counter Limit (contactless)', 'b', [1, 2], 'card'],
  ['DF34', 'AC Session Key Counter Limit (contactless)', 'b', [1, 2], 'card'],
  ['DF36', 'PIN Decipherment Error Counter Limit', 'b', [1, 2], 'card'],
  ['DF3A', 'AC Session Key Counter Limit (contact)', 'b', [1, 2], 'card'],
  ['DF3C', 'CVR Issuer Discretionary Data (contact)', 'b', [1, 8], 'card'],
  ['DF3D', 'CVR Issuer Discretionary Data (contactless)', 'b', [1, 8], 'card'],
  ['DF3E', 'Interface Identifier (contactless)', 'b', [1, 2], 'card'],
  ['DF3F', 'Read Record Filter (contact)', 'b', [1, 64], 'card'],
  ['DF40', 'Read Record Filter (contactless)', 'b', [1, 64], 'card'],
];

const CPA: readonly ElementRow[] = [
  ['9F50', 'Offline Balance', 'n', 6, 'card'],
  ['BF30', 'Accumulator Values and Limits (GET DATA template)', 'b', [1, 252], 'card'],
  ['BF35', 'Counter Values and Limits (GET DATA template)', 'b', [1, 252], 'card'],
  ['C1', 'Application Control', 'b', [1, 8], 'card'],
];

const GLOBALPLATFORM: readonly ElementRow[] = [
  ['9F7F', 'Card Production Life Cycle (CPLC) Data', 'b', 42, 'card'],
];

export const SCHEME_ROWS: ReadonlyArray<{
  family: ElementFamily;
  spec: string;
  rows: readonly ElementRow[];
}> = [
  { family: 'contactless', spec: 'EMV Contactless Books B and C-3', rows: CONTACTLESS },
  { family: 'vsdc-style', spec: 'VSDC-style (Visa-proprietary tags, public tag lists)', rows: VSDC_STYLE },
  {
    family: 'mchip-style',
    spec: 'M/Chip-style (coolbong/node-tlv lib/Dictionary.js; EMV Book C-2)',
    rows: MCHIP_STYLE,
  },
  { family: 'cpa', spec: 'EMV Common Payment Application Specification v1.0', rows: CPA },
  { family: 'globalplatform', spec: 'GlobalPlatform Card Specification 2.3', rows: GLOBALPLATFORM },
];

/** Scheme tags that hold cardholder data (PCI DSS). */
export const SCHEME_CARDHOLDER_DATA = new Set(['56', '9F6B']);

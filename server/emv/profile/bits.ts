/**
 * Named bits of the bit-string data elements an analyst edits as checkboxes: Terminal Verification
 * Results (the bits the Issuer Action Codes select, EMV 4.4 Book 3 Annex C5), Application Usage
 * Control (Annex C2) and Application Interchange Profile (Annex C1). Bits are numbered as the Books do:
 * byte 1 first, b8 the most significant bit. Ids are the stable names stored in profile JSON.
 */

export interface BitDefinition {
  id: string;
  /** 1-based byte number. */
  byte: number;
  /** 8 (most significant) to 1. */
  bit: number;
  name: string;
}

function bits(rows: ReadonlyArray<[string, number, number, string]>): readonly BitDefinition[] {
  return rows.map(([id, byte, bit, name]) => ({ id, byte, bit, name }));
}

/** Book 3 Annex C5, Table 46 (TVR); IACs use the same layout (Book 3 10.7). */
export const TVR_BITS = bits([
  ['oda-not-performed', 1, 8, 'Offline data authentication was not performed'],
  ['sda-failed', 1, 7, 'SDA failed'],
  ['icc-data-missing', 1, 6, 'ICC data missing'],
  ['card-on-exception-file', 1, 5, 'Card appears on terminal exception file'],
  ['dda-failed', 1, 4, 'DDA failed'],
  ['cda-failed', 1, 3, 'CDA failed'],
  ['sda-selected', 1, 2, 'SDA selected'],
  ['different-application-versions', 2, 8, 'ICC and terminal have different application versions'],
  ['expired-application', 2, 7, 'Expired application'],
  ['application-not-yet-effective', 2, 6, 'Application not yet effective'],
  ['service-not-allowed', 2, 5, 'Requested service not allowed for card product'],
  ['new-card', 2, 4, 'New card'],
  ['cardholder-verification-failed', 3, 8, 'Cardholder verification was not successful'],
  ['unrecognised-cvm', 3, 7, 'Unrecognised CVM'],
  ['pin-try-limit-exceeded', 3, 6, 'PIN Try Limit exceeded'],
  ['pin-pad-missing', 3, 5, 'PIN entry required and PIN pad not present or not working'],
  ['pin-not-entered', 3, 4, 'PIN entry required, PIN pad present, but PIN was not entered'],
  ['online-pin-entered', 3, 3, 'Online PIN entered'],
  ['floor-limit-exceeded', 4, 8, 'Transaction exceeds floor limit'],
  ['lower-consecutive-offline-limit-exceeded', 4, 7, 'Lower consecutive offline limit exceeded'],
  ['upper-consecutive-offline-limit-exceeded', 4, 6, 'Upper consecutive offline limit exceeded'],
  ['selected-randomly-for-online', 4, 5, 'Transaction selected randomly for online processing'],
  ['merchant-forced-online', 4, 4, 'Merchant forced transaction online'],
  ['default-tdol-used', 5, 8, 'Default TDOL used'],
  ['issuer-authentication-failed', 5, 7, 'Issuer authentication failed'],
  ['script-failed-before-final-generate-ac', 5, 6, 'Script processing failed before final GENERATE AC'],
  ['script-failed-after-final-generate-ac', 5, 5, 'Script processing failed after final GENERATE AC'],
]);

/** Book 3 Annex C2, Table 38 (Application Usage Control, tag 9F07). */
export const AUC_BITS = bits([
  ['domestic-cash', 1, 8, 'Valid for domestic cash transactions'],
  ['international-cash', 1, 7, 'Valid for international cash transactions'],
  ['domestic-goods', 1, 6, 'Valid for domestic goods'],
  ['international-goods', 1, 5, 'Valid for international goods'],
  ['domestic-services', 1, 4, 'Valid for domestic services'],
  ['international-services', 1, 3, 'Valid for international services'],
  ['atms', 1, 2, 'Valid at ATMs'],
  ['terminals-other-than-atms', 1, 1, 'Valid at terminals other than ATMs'],
  ['domestic-cashback', 2, 8, 'Domestic cashback allowed'],
  ['international-cashback', 2, 7, 'International cashback allowed'],
]);

/**
 * Book 3 Annex C1, Table 37 (Application Interchange Profile, tag 82). Byte 1 b2 is defined by the
 * EMV Contactless Specifications (on-device cardholder verification); byte 2 b8 is reserved for them.
 */
export const AIP_BITS = bits([
  ['sda', 1, 7, 'SDA supported'],
  ['dda', 1, 6, 'DDA supported'],
  ['cardholder-verification', 1, 5, 'Cardholder verification is supported'],
  ['terminal-risk-management', 1, 4, 'Terminal risk management is to be performed'],
  ['issuer-authentication', 1, 3, 'Issuer authentication is supported'],
  ['on-device-cvm', 1, 2, 'On device cardholder verification is supported'],
  ['cda', 1, 1, 'CDA supported'],
  ['contactless-emv-mode', 2, 8, 'Reserved for the EMV Contactless Specifications (EMV mode)'],
]);

/**
 * Sets the named bits in a bit string of `length` bytes, as plain bytes (no Node Buffer, so the designer's
 * bit editors run it in the browser). Throws on an id the table does not know.
 */
export function bitStringBytes(
  table: readonly BitDefinition[],
  length: number,
  ids: readonly string[],
): Uint8Array {
  const out = new Uint8Array(length);
  for (const id of ids) {
    const definition = table.find((entry) => entry.id === id);
    if (!definition) throw new RangeError(`unknown bit "${id}"`);
    out[definition.byte - 1]! |= 1 << (definition.bit - 1);
  }
  return out;
}

/** `bitStringBytes` as a Buffer. */
export function encodeBits(table: readonly BitDefinition[], length: number, ids: readonly string[]): Buffer {
  return Buffer.from(bitStringBytes(table, length, ids));
}

/** The ids of the bits set in `bytes`, in table order, and the positions of set bits it has no name for. */
export function decodeBits(
  table: readonly BitDefinition[],
  bytes: Uint8Array,
): { ids: string[]; unnamed: Array<{ byte: number; bit: number }> } {
  const ids: string[] = [];
  const unnamed: Array<{ byte: number; bit: number }> = [];
  for (let byte = 1; byte <= bytes.length; byte++) {
    for (let bit = 8; bit >= 1; bit--) {
      if ((bytes[byte - 1]! & (1 << (bit - 1))) === 0) continue;
      const definition = table.find((entry) => entry.byte === byte && entry.bit === bit);
      if (definition) ids.push(definition.id);
      else unnamed.push({ byte, bit });
    }
  }
  return { ids, unnamed };
}

export function bitName(table: readonly BitDefinition[], id: string): string {
  return table.find((entry) => entry.id === id)?.name ?? id;
}

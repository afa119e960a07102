/**
 * Session keys derived by the card and the issuer from an ICC master key, per transaction
 * (EMV 4.4 Book 2 Annex A1.3, EMV 4.0 Book 2 A1.3 for the EMV2000 tree, and scheme variants).
 */
import { concat, requireLength, xor } from '../bytes';
import { adjustOddParity, tdesEcbEncrypt } from './des';

function requireIccMasterKey(iccMk: Uint8Array): void {
  requireLength(iccMk, [16], 'ICC master key');
}

function requireAtc(atc: Uint8Array): void {
  requireLength(atc, [2], 'ATC');
}

/**
 * EMV common session key (EMV 4.4 Book 2 A1.3.1): SK = DES3(MK)[R with byte 2 = F0] ||
 * DES3(MK)[R with byte 2 = 0F], odd parity. R is chosen by the caller: ATC || 00*6 for
 * application cryptograms (Book 2 8.1.2), ATC || 0000 || UN for Mastercard, the ARQC for
 * secure-messaging keys.
 */
export function deriveCommonSessionKey(iccMk: Uint8Array, r: Uint8Array): Buffer {
  requireIccMasterKey(iccMk);
  requireLength(r, [8], 'session key diversification value R');
  const left = Buffer.from(r);
  left[2] = 0xf0;
  const right = Buffer.from(r);
  right[2] = 0x0f;
  return adjustOddParity(tdesEcbEncrypt(iccMk, concat(left, right)));
}

/** R = ATC || 00 00 00 00 00 00, the EMV application cryptogram form (EMV 4.4 Book 2 8.1.2). */
export function emvSessionKeyDiversificationValue(atc: Uint8Array): Buffer {
  requireAtc(atc);
  return concat(atc, Buffer.alloc(6));
}

/**
 * R = ATC || 00 00 || UN, the Mastercard session key derivation (M/Chip "SKD"): the unpredictable
 * number makes each session key depend on the terminal as well as the card.
 */
export function mastercardSessionKeyDiversificationValue(atc: Uint8Array, un: Uint8Array): Buffer {
  requireAtc(atc);
  requireLength(un, [4], 'unpredictable number');
  return concat(atc, Buffer.alloc(2), un);
}

/** AC session key with R = ATC || 00*6 (EMV 4.4 Book 2 A1.3.1 and 8.1.2). */
export function deriveEmvAcSessionKey(iccMk: Uint8Array, atc: Uint8Array): Buffer {
  return deriveCommonSessionKey(iccMk, emvSessionKeyDiversificationValue(atc));
}

/** Mastercard AC session key: the common session key with R = ATC || 0000 || UN. */
export function deriveMastercardSessionKey(iccMk: Uint8Array, atc: Uint8Array, un: Uint8Array): Buffer {
  return deriveCommonSessionKey(iccMk, mastercardSessionKeyDiversificationValue(atc, un));
}

export interface Emv2000TreeParameters {
  /** Branch factor b of the tree (EMV 4.0 Book 2 A1.3: 2 or 4 in practice). */
  branchFactor: number;
  /** Height H of the tree; b^H must cover every ATC value. */
  height: number;
  /** 16-byte initial value IV, the grandparent of the first level. */
  iv: Uint8Array;
}

/** f(X, Y, j) = DES3(X)[YL xor j] || DES3(X)[YR xor j xor F0] (EMV 4.0 Book 2 A1.3.1). */
function treeStep(parent: Buffer, grandparent: Buffer, branch: number): Buffer {
  const j = Buffer.alloc(8);
  j[7] = branch;
  const jF0 = Buffer.alloc(8);
  jF0[7] = branch ^ 0xf0;
  return tdesEcbEncrypt(
    parent,
    concat(xor(grandparent.subarray(0, 8), j), xor(grandparent.subarray(8, 16), jF0)),
  );
}

/**
 * EMV2000 tree session key (EMV 4.0 Book 2 A1.3): IK(0,0) = MK, IK(-1,0) = IV,
 * IK(i,j) = f(IK(i-1, j div b), IK(i-2, j div b^2), j mod b), and SK = IK(H, ATC) xor
 * IK(H-2, ATC div b^2). Odd parity is applied to SK only: the intermediate keys are used as they
 * come out of the cipher, and adjusting them changes every key below them.
 */
export function deriveEmv2000TreeSessionKey(
  iccMk: Uint8Array,
  atc: Uint8Array,
  { branchFactor, height, iv }: Emv2000TreeParameters,
): Buffer {
  requireIccMasterKey(iccMk);
  requireAtc(atc);
  requireLength(iv, [16], 'EMV2000 tree IV');
  if (!Number.isInteger(branchFactor) || branchFactor < 2 || branchFactor > 16) {
    throw new RangeError(`EMV2000 tree branch factor must be an integer from 2 to 16, got ${branchFactor}`);
  }
  if (!Number.isInteger(height) || height < 2 || branchFactor ** height < 0x10000) {
    throw new RangeError(
      `EMV2000 tree height must give at least 65536 leaves (b^H >= 65536), got b=${branchFactor} H=${height}`,
    );
  }
  const counter = Buffer.from(atc).readUInt16BE(0);
  // path[i + 1] is IK(i, ATC div b^(H-i)); path[0] is IV, which stands in for IK(-1, 0).
  const path: Buffer[] = [Buffer.from(iv), Buffer.from(iccMk)];
  for (let level = 1; level <= height; level++) {
    const node = Math.floor(counter / branchFactor ** (height - level));
    path.push(treeStep(path[level]!, path[level - 1]!, node % branchFactor));
  }
  return adjustOddParity(xor(path[height + 1]!, path[height - 1]!));
}

/**
 * Visa secure-messaging session key (Visa ICC specification, CVN 10/18 issuer scripts):
 * SK = (MK_L xor 00*6 || ATC) || (MK_R xor 00*6 || ~ATC), odd parity.
 */
export function deriveVisaSmSessionKey(iccMk: Uint8Array, atc: Uint8Array): Buffer {
  requireIccMasterKey(iccMk);
  requireAtc(atc);
  const notAtc = xor(atc, Buffer.from([0xff, 0xff]));
  const mask = concat(Buffer.alloc(6), atc, Buffer.alloc(6), notAtc);
  return adjustOddParity(xor(iccMk, mask));
}

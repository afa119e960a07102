/**
 * Signed Dynamic Application Data (tag 9F4B) for DDA and CDA, signed by the card with its ICC private
 * key (EMV 4.4 Book 2 section 6.5, Table 17, and section 6.6, Tables 18 and 19).
 */

import { concat, requireLength } from '../bytes';
import { decodeTlv, findTag } from '../tlv/ber-tlv';
import { HASH_ALGORITHM_SHA1, SHA1_LENGTH, frame, recoverFramed, requireSha1, sha1 } from './common';
import { CertificateError } from './errors';
import { rsaSign, type RsaPrivateKey, type RsaPublicKey } from './rsa';

export const SDAD_FORMAT = 0x05;
/** Header, format, hash algorithm, dynamic data length, hash and trailer (Table 17 without data and padding). */
const SDAD_OVERHEAD = 25;
const NAME = 'signed dynamic application data';
const SDAD_TAG = '9F4B';
const CID_TAG = '9F27';

export interface RecoveredDynamicData {
  hashAlgorithm: number;
  /** ICC Dynamic Data (Table 17 field 5), starting with the ICC Dynamic Number's length byte. */
  iccDynamicData: Buffer;
  /** ICC Dynamic Number (tag 9F4C). */
  iccDynamicNumber: Buffer;
  hash: Buffer;
  computedHash: Buffer;
  /** Book 2 6.5.2 step 7 / 6.6.2 step 7. */
  hashOk: boolean;
}

export interface CdaVerification extends RecoveredDynamicData {
  /** Cryptogram Information Data as signed by the card (Table 19). */
  cid: Buffer;
  applicationCryptogram: Buffer;
  /** Transaction Data Hash Code as signed by the card. */
  transactionDataHashCode: Buffer;
  computedTransactionDataHashCode: Buffer;
  /** Book 2 6.6.2 step 9. */
  tdhcOk: boolean;
  /** Whether the signed CID equals tag 9F27 of the response (6.6.2 step 8); absent without a 9F27. */
  cidOk?: boolean;
}

export interface CdaInput {
  sdad: Uint8Array;
  iccKey: RsaPublicKey;
  /** Tag 9F37 as sent in the GENERATE AC command. */
  unpredictableNumber: Uint8Array;
  /** Values of the PDOL data sent in GET PROCESSING OPTIONS, when the card had a PDOL. */
  pdolData?: Uint8Array;
  cdol1Data: Uint8Array;
  /** For the second GENERATE AC only. */
  cdol2Data?: Uint8Array;
  /** The data objects of the GENERATE AC response (template 77, with or without its 77 wrapper). */
  genAcResponse: Uint8Array;
}

/** The unsigned SDAD block (Table 17), for a card simulator or an HSM to sign (Book 2 6.5.1). */
export function dynamicDataToSign(
  iccDynamicData: Uint8Array,
  terminalData: Uint8Array,
  iccModulusLength: number,
): Buffer {
  const padLength = iccModulusLength - SDAD_OVERHEAD - iccDynamicData.length;
  if (iccDynamicData.length > 255 || padLength < 0) {
    throw new RangeError(
      `ICC dynamic data (${iccDynamicData.length} bytes) does not fit in an SDAD for a ${iccModulusLength}-byte ICC key`,
    );
  }
  const body = concat(
    Buffer.from([SDAD_FORMAT, HASH_ALGORITHM_SHA1, iccDynamicData.length]),
    iccDynamicData,
    Buffer.alloc(padLength, 0xbb),
  );
  // Book 2 6.5.1: the hash covers fields 2 to 6, then the terminal dynamic data (DDOL data, or the UN for CDA).
  return frame(body, sha1(body, terminalData));
}

/** Signs dynamic data as a card does for DDA or CDA (Book 2 6.5.1 / 6.6.1). */
export function signDynamicData(
  iccDynamicData: Uint8Array,
  terminalData: Uint8Array,
  iccKey: RsaPrivateKey,
): Buffer {
  const data = dynamicDataToSign(iccDynamicData, terminalData, iccKey.modulus.length);
  return rsaSign(data, iccKey, 'dynamic application data block', 'ICC private key');
}

function recoverSdad(sdad: Uint8Array, iccKey: RsaPublicKey, terminalData: Uint8Array): RecoveredDynamicData {
  const recovered = recoverFramed(sdad, iccKey, SDAD_FORMAT, SDAD_OVERHEAD, NAME, 'ICC public key');
  const hashAlgorithm = recovered[2]!;
  requireSha1(hashAlgorithm, NAME);
  const dynamicLength = recovered[3]!;
  if (dynamicLength > recovered.length - SDAD_OVERHEAD) {
    throw new CertificateError(
      'dynamic-data',
      `${NAME}: ICC dynamic data length is ${dynamicLength}, but a ${recovered.length}-byte SDAD holds at most ${recovered.length - SDAD_OVERHEAD}`,
    );
  }
  const iccDynamicData = recovered.subarray(4, 4 + dynamicLength);
  const idnLength = iccDynamicData[0] ?? 0;
  if (dynamicLength === 0 || idnLength + 1 > dynamicLength) {
    throw new CertificateError(
      'dynamic-data',
      `${NAME}: ICC dynamic number length is ${idnLength}, but the ICC dynamic data is ${dynamicLength} bytes`,
    );
  }
  const hashOffset = recovered.length - 1 - SHA1_LENGTH;
  const hash = recovered.subarray(hashOffset, hashOffset + SHA1_LENGTH);
  const computedHash = sha1(recovered.subarray(1, hashOffset), terminalData);
  return {
    hashAlgorithm,
    iccDynamicData,
    iccDynamicNumber: iccDynamicData.subarray(1, 1 + idnLength),
    hash,
    computedHash,
    hashOk: computedHash.equals(hash),
  };
}

/**
 * Recovers and verifies DDA's Signed Dynamic Application Data (Book 2 6.5.2 steps 1 to 7): the hash
 * covers the recovered fields and the data the terminal sent under the DDOL.
 */
export function recoverDdaSignature(
  sdad: Uint8Array,
  iccKey: RsaPublicKey,
  ddolData: Uint8Array,
): RecoveredDynamicData {
  return recoverSdad(sdad, iccKey, ddolData);
}

/**
 * The response objects CDA hashes: every TLV of the GENERATE AC response in the order received,
 * except the SDAD itself (Book 2 6.6.1).
 */
export function cdaResponseObjects(genAcResponse: Uint8Array): Buffer {
  let nodes = decodeTlv(genAcResponse);
  if (nodes.length === 1 && nodes[0]!.tag === '77') nodes = nodes[0]!.children ?? [];
  return concat(...nodes.filter((node) => node.tag !== SDAD_TAG).map((node) => node.raw));
}

/** Transaction Data Hash Code (Book 2 6.6.1): SHA-1 of PDOL, CDOL1 (and CDOL2) data and response objects. */
export function transactionDataHashCode(
  input: Omit<CdaInput, 'sdad' | 'iccKey' | 'unpredictableNumber'>,
): Buffer {
  return sha1(
    input.pdolData ?? Buffer.alloc(0),
    input.cdol1Data,
    input.cdol2Data ?? Buffer.alloc(0),
    cdaResponseObjects(input.genAcResponse),
  );
}

/**
 * Verifies a CDA signature as a terminal does after GENERATE AC (Book 2 6.6.2): recovers the SDAD with
 * the unpredictable number, splits the ICC dynamic data of Table 19, and checks the CID and the
 * Transaction Data Hash Code.
 */
export function verifyCdaSignature(input: CdaInput): CdaVerification {
  requireLength(input.unpredictableNumber, [4], 'unpredictable number');
  const recovered = recoverSdad(input.sdad, input.iccKey, input.unpredictableNumber);
  const dynamic = recovered.iccDynamicData;
  const cidOffset = 1 + recovered.iccDynamicNumber.length;
  // Table 19: IDN length, IDN, CID (1), Application Cryptogram (8), Transaction Data Hash Code (20).
  const needed = cidOffset + 1 + 8 + SHA1_LENGTH;
  if (dynamic.length < needed) {
    throw new CertificateError(
      'dynamic-data',
      `${NAME}: CDA needs ${needed} bytes of ICC dynamic data for a ${recovered.iccDynamicNumber.length}-byte ICC dynamic number, got ${dynamic.length}`,
    );
  }
  const cid = dynamic.subarray(cidOffset, cidOffset + 1);
  const applicationCryptogram = dynamic.subarray(cidOffset + 1, cidOffset + 9);
  const signedTdhc = dynamic.subarray(cidOffset + 9, cidOffset + 9 + SHA1_LENGTH);
  const computedTdhc = transactionDataHashCode(input);
  const result: CdaVerification = {
    ...recovered,
    cid,
    applicationCryptogram,
    transactionDataHashCode: signedTdhc,
    computedTransactionDataHashCode: computedTdhc,
    tdhcOk: computedTdhc.equals(signedTdhc),
  };
  const responseCid = findTag(decodeTlv(input.genAcResponse), CID_TAG);
  if (responseCid) result.cidOk = responseCid.value.equals(cid);
  return result;
}

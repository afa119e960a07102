import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { computeApplicationCryptogram, computeArpcMethod1, computeArpcMethod2 } from './cryptograms';
import { adjustOddParity, hasOddParity, tdesEcbEncrypt } from './des';
import {
  deriveIccMasterKeyOptionA,
  deriveIccMasterKeyOptionB,
  iccMasterKeyDerivationData,
} from './icc-master-key';
import { tdesKcv } from './kcv';
import {
  deriveCommonSessionKey,
  deriveEmv2000TreeSessionKey,
  deriveEmvAcSessionKey,
  deriveMastercardSessionKey,
  deriveVisaSmSessionKey,
  mastercardSessionKeyDiversificationValue,
} from './session-keys';

// jPOS JCESecurityModuleTest (vector file: jpos/CSKD_P80/arpc1, arpc2 and jpos/imk_kcv).
const IMK = fromHex('12345678123456781234567812345678');
const CDOL1_DATA = fromHex('000000010000000000001000084000000010800840980704001111111158003456A08003242000');

describe('issuer master key -> ICC master key -> session key -> ARQC -> ARPC', () => {
  it('follows Option A and the EMV common session key with a KCV at each step', () => {
    expect(toHex(tdesKcv(IMK))).toBe('6FB1C8');

    const iccMk = deriveIccMasterKeyOptionA(IMK, '1234567890123456', '00');
    expect(toHex(iccMk)).toBe('DCE992BCE398C264F7858AFD4C4A324A');
    expect(toHex(tdesKcv(iccMk))).toBe('50E877');
    expect(hasOddParity(iccMk)).toBe(true);

    const sessionKey = deriveEmvAcSessionKey(iccMk, fromHex('3456'));
    expect(toHex(sessionKey)).toBe('F2A75194C2B954A4163E9886BCA45473');
    expect(toHex(tdesKcv(sessionKey))).toBe('B57DB1');
    expect(hasOddParity(sessionKey)).toBe(true);

    const arqc = computeApplicationCryptogram(sessionKey, CDOL1_DATA, 2);
    expect(toHex(arqc)).toBe('55BE45DD2C9E0CBF');

    expect(toHex(computeArpcMethod1(sessionKey, arqc, fromHex('0012')))).toBe('01BAE8DE6A0DE9E0');
    expect(toHex(computeArpcMethod2(sessionKey, arqc, fromHex('00120000')))).toBe('B4C698B6');
  });

  it('follows Option B for a 19-digit PAN', () => {
    const iccMk = deriveIccMasterKeyOptionB(IMK, '8901234567890123456', '00');
    expect(toHex(iccMk)).toBe('26D086ADE92CCE753EBAC28C3D5B349E');
    expect(toHex(tdesKcv(iccMk))).toBe('71FDCA');
    const arqc = computeApplicationCryptogram(deriveEmvAcSessionKey(iccMk, fromHex('3456')), CDOL1_DATA, 2);
    expect(toHex(arqc)).toBe('78289F2805494561');
  });

  it('answers an M/Chip ARQC with the ICC master key, not the session key', () => {
    const iccMk = deriveIccMasterKeyOptionA(IMK, '1234567890123456', '00');
    const sessionKey = deriveMastercardSessionKey(iccMk, fromHex('3456'), fromHex('11111111'));
    const arqc = computeApplicationCryptogram(sessionKey, CDOL1_DATA, 2);
    expect(toHex(arqc)).toBe('AC8074C9E62EE6EF');
    expect(toHex(computeArpcMethod1(iccMk, arqc, fromHex('0012')))).toBe('5B5B712F9A644774');
  });
});

describe('ICC master key derivation data (for the HSM bridge)', () => {
  it('is Y || not Y, and TDES of it under the IMK plus parity is the ICC master key', () => {
    const data = iccMasterKeyDerivationData('1234567890123456', '00', 'A');
    expect(toHex(data)).toBe('3456789012345600CBA9876FEDCBA9FF');
    expect(toHex(adjustOddParity(tdesEcbEncrypt(IMK, data)))).toBe('DCE992BCE398C264F7858AFD4C4A324A');
  });

  it('uses the decimalised SHA-1 of PAN || PSN for Option B beyond 16 digits', () => {
    const data = iccMasterKeyDerivationData('8901234567890123456', '00', 'B');
    expect(toHex(data)).toBe('3712337853619639C8EDCC87AC9E69C6');
    expect(toHex(adjustOddParity(tdesEcbEncrypt(IMK, data)))).toBe('26D086ADE92CCE753EBAC28C3D5B349E');
  });

  it('falls back to Option A for PANs of 16 digits or fewer, and pads short PAN || PSN on the left', () => {
    expect(toHex(iccMasterKeyDerivationData('1234567890123456', '01', 'B'))).toBe(
      toHex(iccMasterKeyDerivationData('1234567890123456', '01', 'A')),
    );
    expect(toHex(iccMasterKeyDerivationData('123456789012', '01').subarray(0, 8))).toBe('0012345678901201');
  });

  it('defaults the PAN sequence number to 00', () => {
    expect(toHex(iccMasterKeyDerivationData('1234567890123456'))).toBe(
      toHex(iccMasterKeyDerivationData('1234567890123456', '00', 'A')),
    );
  });

  it('rejects malformed PANs and PSNs without echoing the PAN', () => {
    expect(() => iccMasterKeyDerivationData('12345678901', '00', 'A')).toThrow(
      new RangeError('PAN must be 12 to 19 digits, got 11'),
    );
    expect(() => iccMasterKeyDerivationData('12345678901234567890', '00', 'A')).toThrow(
      new RangeError('PAN must be 12 to 19 digits, got 20'),
    );
    expect(() => iccMasterKeyDerivationData('1234 5678 9012 3456', '00', 'A')).toThrow(
      new TypeError('PAN must contain decimal digits only'),
    );
    expect(() => iccMasterKeyDerivationData('1234567890123456', '1', 'A')).toThrow(
      new RangeError('PAN sequence number must be 2 decimal digits, got "1"'),
    );
    expect(() => iccMasterKeyDerivationData('1234567890123456', '00', 'C' as never)).toThrow(
      new RangeError('ICC master key derivation method must be "A" or "B", got "C"'),
    );
  });

  it('requires a double-length issuer master key', () => {
    expect(() => deriveIccMasterKeyOptionA(Buffer.alloc(8), '1234567890123456')).toThrow(
      new RangeError('issuer master key must be 16 bytes, got 8'),
    );
  });
});

describe('session key derivations', () => {
  const iccMk = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('builds the Mastercard R as ATC || 0000 || UN', () => {
    expect(toHex(mastercardSessionKeyDiversificationValue(fromHex('001C'), fromHex('A1B2C3D4')))).toBe(
      '001C0000A1B2C3D4',
    );
  });

  it('names the ICC master key, the ATC and R in length errors', () => {
    expect(() => deriveCommonSessionKey(Buffer.alloc(8), Buffer.alloc(8))).toThrow(
      new RangeError('ICC master key must be 16 bytes, got 8'),
    );
    expect(() => deriveCommonSessionKey(iccMk, Buffer.alloc(6))).toThrow(
      new RangeError('session key diversification value R must be 8 bytes, got 6'),
    );
    expect(() => deriveVisaSmSessionKey(iccMk, fromHex('1C'))).toThrow(
      new RangeError('ATC must be 2 bytes, got 1'),
    );
    expect(() => deriveMastercardSessionKey(iccMk, fromHex('001C'), fromHex('0102'))).toThrow(
      new RangeError('unpredictable number must be 4 bytes, got 2'),
    );
  });

  it('applies odd parity to the EMV2000 tree key only at the end', () => {
    const sk = deriveEmv2000TreeSessionKey(iccMk, fromHex('001C'), {
      branchFactor: 4,
      height: 8,
      iv: Buffer.alloc(16),
    });
    expect(toHex(sk)).toBe('E5BF6D1067F194B0A89B7F5D83BC64A2');
    expect(hasOddParity(sk)).toBe(true);
  });

  it('refuses a tree too small for every ATC', () => {
    expect(() =>
      deriveEmv2000TreeSessionKey(iccMk, fromHex('0001'), {
        branchFactor: 2,
        height: 8,
        iv: Buffer.alloc(16),
      }),
    ).toThrow(
      new RangeError('EMV2000 tree height must give at least 65536 leaves (b^H >= 65536), got b=2 H=8'),
    );
  });
});

describe('cryptogram input checks', () => {
  const key = fromHex('0123456789ABCDEFFEDCBA9876543210');

  it('names each field of the ARPC computations', () => {
    expect(() => computeArpcMethod1(key, Buffer.alloc(4), fromHex('0000'))).toThrow(
      new RangeError('ARQC must be 8 bytes, got 4'),
    );
    expect(() => computeArpcMethod1(key, Buffer.alloc(8), fromHex('00'))).toThrow(
      new RangeError('authorisation response code must be 2 bytes, got 1'),
    );
    expect(() => computeArpcMethod2(key, Buffer.alloc(8), Buffer.alloc(4), Buffer.alloc(9))).toThrow(
      new RangeError('proprietary authentication data must be 0 to 8 bytes, got 9'),
    );
    expect(() => computeApplicationCryptogram(Buffer.alloc(24), Buffer.alloc(8))).toThrow(
      new RangeError('application cryptogram key must be 16 bytes, got 24'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes';
import { computeAip } from './aip';
import { AUC_BITS, TVR_BITS, bitName, decodeBits, encodeBits } from './bits';
import { decodeCvmList, encodeCvmList, usesOfflinePin } from './cvm';

describe('computeAip (Book 3 Annex C1)', () => {
  const base = {
    oda: [],
    cardholderVerification: false,
    terminalRiskManagement: false,
    issuerAuthentication: false,
  } as const;

  it('sets one bit per choice', () => {
    expect(toHex(computeAip({ ...base, oda: ['sda'] }))).toBe('4000');
    expect(toHex(computeAip({ ...base, oda: ['dda'] }))).toBe('2000');
    expect(toHex(computeAip({ ...base, oda: ['cda'] }))).toBe('0100');
    expect(toHex(computeAip({ ...base, cardholderVerification: true }))).toBe('1000');
    expect(toHex(computeAip({ ...base, terminalRiskManagement: true }))).toBe('0800');
    expect(toHex(computeAip({ ...base, issuerAuthentication: true }))).toBe('0400');
    expect(toHex(computeAip({ ...base, onDeviceCvm: true }))).toBe('0200');
  });

  it('combines them: DDA + CDA, CVM, risk management and issuer authentication is 3D00', () => {
    expect(
      toHex(
        computeAip({
          oda: ['dda', 'cda'],
          cardholderVerification: true,
          terminalRiskManagement: true,
          issuerAuthentication: true,
        }),
      ),
    ).toBe('3D00');
    expect(toHex(computeAip(base))).toBe('0000');
  });
});

describe('bit tables', () => {
  it('encode and decode named bits', () => {
    expect(
      toHex(
        encodeBits(TVR_BITS, 5, ['oda-not-performed', 'expired-application', 'issuer-authentication-failed']),
      ),
    ).toBe('8040000040');
    expect(decodeBits(TVR_BITS, Buffer.from('8040000040', 'hex'))).toEqual({
      ids: ['oda-not-performed', 'expired-application', 'issuer-authentication-failed'],
      unnamed: [],
    });
    expect(toHex(encodeBits(AUC_BITS, 2, ['atms', 'domestic-cashback']))).toBe('0280');
  });

  it('report bits they have no name for and refuse unknown ids', () => {
    expect(decodeBits(TVR_BITS, Buffer.from('0100000000', 'hex'))).toEqual({
      ids: [],
      unnamed: [{ byte: 1, bit: 1 }],
    });
    expect(() => encodeBits(TVR_BITS, 5, ['no-such-bit'])).toThrow('unknown bit "no-such-bit"');
    expect(bitName(TVR_BITS, 'new-card')).toBe('New card');
  });
});

describe('CVM list (Book 3 Annex C3)', () => {
  const list = {
    amountX: 5000,
    amountY: 0,
    rules: [
      { method: 'enciphered-pin-by-icc', condition: 'terminal-supports-cvm', applyNextIfUnsuccessful: true },
      { method: 'signature', condition: 'application-currency-over-x', applyNextIfUnsuccessful: false },
      { method: 'no-cvm-required', condition: 'always', applyNextIfUnsuccessful: false },
    ],
  } as const;

  it('encodes X, Y and the rules with the fail-next bit', () => {
    expect(toHex(encodeCvmList(list))).toBe('0000138800000000' + '4403' + '1E07' + '1F00');
  });

  it('decodes what it encodes', () => {
    expect(decodeCvmList(encodeCvmList(list))).toEqual({ list, problems: [] });
  });

  it('reports codes the Book does not define and bad lengths', () => {
    expect(decodeCvmList(Buffer.from('00000000000000000A0A', 'hex')).problems).toEqual([
      "CV Rule 1: method code '0A' is not defined by Book 3 Table 39",
      "CV Rule 1: condition code '0A' is not defined by Book 3 Table 40",
    ]);
    expect(decodeCvmList(Buffer.from('0000000000000000', 'hex')).problems).toEqual([
      '8E CVM List must be 8 bytes of amounts and 2-byte rules, got 8 bytes',
    ]);
  });

  it('tells offline PIN rules apart', () => {
    expect(usesOfflinePin(list.rules, 'enciphered')).toBe(true);
    expect(usesOfflinePin(list.rules, 'plaintext')).toBe(false);
  });
});

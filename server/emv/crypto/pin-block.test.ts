import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { tdesEcbEncrypt } from './des';
import {
  buildPinBlockIso0,
  buildPinBlockIso1,
  buildPinBlockIso3,
  decipherPinBlockIso4,
  decryptPinBlockIso0,
  encipherPinBlockIso4,
  panFieldIso4,
  parsePinBlockIso0,
} from './pin-block';

describe('ISO 9564-1 formats 0, 1 and 3', () => {
  it('round-trips a format 0 block through encryption under a TDES key', () => {
    const key = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const block = buildPinBlockIso0('92389', '4000001234562');
    expect(toHex(block)).toBe('0592789FFFEDCBA9');
    expect(parsePinBlockIso0(block, '4000001234562')).toBe('92389');
    const decrypted = decryptPinBlockIso0(key, tdesEcbEncrypt(key, block), '4000001234562');
    expect(decrypted).toEqual({ pin: '92389', pinBlock: block });
  });

  it('notices a block read with the wrong PAN', () => {
    const block = buildPinBlockIso0('1234', '5555555551234567');
    expect(() => parsePinBlockIso0(block, '4111111111111111')).toThrow(
      new RangeError('PIN block does not hold a valid PIN: wrong key or wrong PAN'),
    );
  });

  it('checks PIN, fill and key lengths without echoing the PIN', () => {
    expect(() => buildPinBlockIso0('123', '5555555551234567')).toThrow(
      new RangeError('PIN must be 4 to 12 digits, got 3'),
    );
    expect(() => buildPinBlockIso0('12a4', '5555555551234567')).toThrow(
      new TypeError('PIN must contain decimal digits only'),
    );
    expect(() => buildPinBlockIso1('1234', 'ABC')).toThrow(
      new RangeError('fill must be 10 hexadecimal digits for this PIN length, got 3 characters'),
    );
    expect(() => buildPinBlockIso3('1234', '5555555551234567', '0123456789')).toThrow(
      new RangeError('fill must be 10 digits from A to F for this PIN length, got 10 characters'),
    );
    expect(() => decryptPinBlockIso0(Buffer.alloc(8), Buffer.alloc(8), '5555555551234567')).toThrow(
      new RangeError('PIN encryption key must be 16 or 24 bytes, got 8'),
    );
  });
});

describe('ISO 9564-1 format 4', () => {
  const key = fromHex('00112233445566778899AABBCCDDEEFF');
  const randomFill = fromHex('0123456789ABCDEF');

  it('deciphers what it enciphers and returns the random half of the PIN field', () => {
    const block = encipherPinBlockIso4(key, '123456', '4111111111111111', randomFill);
    expect(block).toHaveLength(16);
    expect(decipherPinBlockIso4(key, block, '4111111111111111')).toEqual({
      pin: '123456',
      pinField: fromHex('46123456AAAAAAAA0123456789ABCDEF'),
    });
  });

  it('encodes PANs shorter than 12 digits with length 0 and left zero padding', () => {
    expect(toHex(panFieldIso4('1'))).toBe('00000000000010000000000000000000');
    expect(toHex(panFieldIso4('1234567890123456789'))).toBe('71234567890123456789000000000000');
  });

  it('requires 8 random bytes', () => {
    expect(() => encipherPinBlockIso4(key, '1234', '4111111111111111', Buffer.alloc(7))).toThrow(
      new RangeError('format 4 random fill must be 8 bytes, got 7'),
    );
  });
});

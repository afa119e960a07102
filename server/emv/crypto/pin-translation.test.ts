import { describe, expect, it } from 'vitest';

import { fromHex, toHex, xor } from '../bytes';
import { buildPinBlockIso0, buildPinBlockIso3, panFieldIso4, pinFieldIso4 } from './pin-block';
import { iso2PinBlockFromPinField, PinBlockRefused, pinFieldOfIso0Or3Block } from './pin-translation';

const pan = '5555555551234567';

describe('PIN translation into the card format 2 block (ISO 9564-1:2017 9.3.3)', () => {
  it('keeps length and PIN and fills with F, from formats 0, 3 and 4', () => {
    expect(
      toHex(iso2PinBlockFromPinField(pinFieldOfIso0Or3Block(buildPinBlockIso0('1234', pan), pan), 0)),
    ).toBe('241234FFFFFFFFFF');
    // Vector "iso3 pin=123456789012 fill=FA": plain PIN field 3C123456789012FA.
    expect(toHex(iso2PinBlockFromPinField(pinFieldOfIso0Or3Block(fromHex('3C1261032D8226AC'), pan), 3))).toBe(
      '2C123456789012FF',
    );
    // Vector "ep2 iso4 decipher": PIN field 441234AAAAAAAAAA146C6601F4A8035C.
    expect(toHex(iso2PinBlockFromPinField(fromHex('441234AAAAAAAAAA146C6601F4A8035C'), 4))).toBe(
      '241234FFFFFFFFFF',
    );
    expect(toHex(iso2PinBlockFromPinField(pinFieldIso4('98765', Buffer.alloc(8)), 4))).toBe(
      '2598765FFFFFFFFF',
    );
  });

  it('refuses another format by its control nibble', () => {
    const format3 = pinFieldOfIso0Or3Block(buildPinBlockIso3('1234', pan, 'ABCDEFABCD'), pan);
    expect(() => iso2PinBlockFromPinField(format3, 0)).toThrow(
      new PinBlockRefused('the PIN block is not format 0'),
    );
    expect(() => iso2PinBlockFromPinField(Buffer.concat([format3, Buffer.alloc(8)]), 4)).toThrow(
      new PinBlockRefused('the PIN block is not format 4'),
    );
  });

  it('refuses a block read with another PAN, by its fill, without naming the PIN', () => {
    const wrongPan = pinFieldOfIso0Or3Block(buildPinBlockIso0('1234', pan), '4111111111111111');
    const refusal = new PinBlockRefused(
      'the PIN block does not hold a PIN bound to this PAN: wrong PAN, or enciphered under another key',
    );
    expect(() => iso2PinBlockFromPinField(wrongPan, 0)).toThrow(refusal);
    // A format 3 fill must be A-F; format 0's F fill is one of them, so test a digit in the fill.
    expect(() => iso2PinBlockFromPinField(fromHex('341234ABCDEF0BCD'), 3)).toThrow(refusal);
    expect(() => iso2PinBlockFromPinField(fromHex('0312FFFFFFFFFFFF'), 0)).toThrow(refusal);
    expect(() => iso2PinBlockFromPinField(fromHex('0D1234567890123F'), 0)).toThrow(refusal);
    expect(() =>
      iso2PinBlockFromPinField(xor(pinFieldIso4('1234', Buffer.alloc(8)), panFieldIso4(pan)), 4),
    ).toThrow(/not format 4|does not hold/);
  });

  it('checks the field length of the format', () => {
    expect(() => iso2PinBlockFromPinField(Buffer.alloc(8), 4)).toThrow(
      new RangeError('format 4 PIN field must be 16 bytes, got 8'),
    );
  });
});

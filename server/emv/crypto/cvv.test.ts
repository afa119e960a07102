import { describe, expect, it } from 'vitest';

import { fromHex } from '../bytes';
import { computeCvv, CVV2_SERVICE_CODE, ICVV_SERVICE_CODE } from './cvv';

const visaCvk = fromHex('0123456789ABCDEFFEDCBA9876543210');

describe('Visa CVV algorithm', () => {
  /**
   * The Visa CVV test data (CVK A = 0123456789ABCDEF, CVK B = FEDCBA9876543210) for 13- and 16-digit
   * PANs, as reproduced in the Chinese translation of Visa's CVV calculation notes at
   * http://fsou.com/html/text/chl/848/84828_4.html ("测试数据"), search corpus "pages".
   */
  it.each([
    ['4123456789012', '8701', '101', '370'],
    ['4999988887777', '9105', '111', '649'],
    ['4666655554444', '9206', '120', '821'],
    ['4333322221111', '9307', '141', '697'],
    ['4123456789012345', '8701', '101', '561'],
    ['4999988887777000', '9105', '111', '245'],
    ['4666655554444111', '9206', '120', '664'],
    ['4333322221111222', '9307', '141', '382'],
  ])('Visa test data: PAN %s, expiry %s, service code %s gives %s', (pan, expiry, serviceCode, cvv) => {
    expect(computeCvv(visaCvk, pan, expiry, serviceCode)).toBe(cvv);
  });

  it('matches the worked example with intermediate values (4123456789012345, 8701, 111 -> 856)', () => {
    // http://topic.alibabacloud.com/a/algorithm-generation-7-cvn_8_8_31672247.html: the final block
    // 8D5625FA78011A0C decimalises to 85625780110 35002.
    expect(computeCvv(visaCvk, '4123456789012345', '8701', '111')).toBe('856');
  });

  it('matches psec (github.com/knovichikhin/psec)', () => {
    // tests/test_cvv.py@2486e1240c853ee7aa26ce7b3a06ea7540c539d0 test_generate_cvv
    expect(computeCvv(fromHex('99999999999999998888888888888888'), '2222222222222222', '3333', '111')).toBe(
      '361',
    );
    // psec/cvv.py generate_cvv docstring example
    expect(computeCvv(visaCvk, '1234567890123456', '9912', '220')).toBe('170');
  });

  it('gives CVV, CVV2 and iCVV from the same inputs with service codes 101, 000 and 999', () => {
    const values = [
      computeCvv(visaCvk, '4123456789012345', '8701', '101'),
      computeCvv(visaCvk, '4123456789012345', '8701', CVV2_SERVICE_CODE),
      computeCvv(visaCvk, '4123456789012345', '8701', ICVV_SERVICE_CODE),
    ];
    expect(values[0]).toBe('561');
    expect(new Set(values).size).toBe(3);
  });

  it('checks its inputs without echoing the PAN', () => {
    expect(() => computeCvv(visaCvk.subarray(0, 8), '4123456789012345', '8701', '101')).toThrow(
      new RangeError('CVK must be 16 bytes, got 8'),
    );
    expect(() => computeCvv(visaCvk, '41234567890', '8701', '101')).toThrow(
      new RangeError('PAN must be 12 to 19 digits, got 11'),
    );
    expect(() => computeCvv(visaCvk, '412345678901234A', '8701', '101')).toThrow(
      new TypeError('PAN must contain decimal digits only'),
    );
    expect(() => computeCvv(visaCvk, '4123456789012345', '870', '101')).toThrow(
      new RangeError('expiry must be 4 decimal digits'),
    );
    expect(() => computeCvv(visaCvk, '4123456789012345', '8701', '10')).toThrow(
      new RangeError('service code must be 3 decimal digits'),
    );
  });
});

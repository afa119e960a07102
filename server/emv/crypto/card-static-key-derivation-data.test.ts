import { describe, expect, it } from 'vitest';

import { fromHex, toHex } from '../bytes';
import { cardStaticKeyDerivationData } from './card-static-key-derivation-data';
import { diversifyKmcEmvCps, diversifyKmcVisa2 } from './card-static-keys';
import { tdesEcbEncrypt } from './des';

describe('card static key derivation data (EMV CPS 1.1, VISA2)', () => {
  const kmc = fromHex('404142434445464748494A4B4C4D4E4F');
  const kdd = fromHex('00010203040506070809');

  it('gives the blocks whose encryption under the KMC is the clear derivation', () => {
    const cps = cardStaticKeyDerivationData('emv-cps', kdd);
    expect(toHex(cps.enc)).toBe('040506070809F001040506070809' + '0F01');
    const visa2 = cardStaticKeyDerivationData('visa2', kdd);
    expect(toHex(visa2.dek)).toBe('000104050607F003000104050607' + '0F03');
    for (const [method, clear] of [
      ['emv-cps', diversifyKmcEmvCps(kmc, kdd)],
      ['visa2', diversifyKmcVisa2(kmc, kdd)],
    ] as const) {
      const blocks = cardStaticKeyDerivationData(method, kdd);
      expect(tdesEcbEncrypt(kmc, blocks.enc)).toEqual(clear.enc);
      expect(tdesEcbEncrypt(kmc, blocks.mac)).toEqual(clear.mac);
      expect(tdesEcbEncrypt(kmc, blocks.dek)).toEqual(clear.dek);
    }
  });

  it('checks the key diversification data length', () => {
    expect(() => cardStaticKeyDerivationData('emv-cps', kdd.subarray(0, 8))).toThrow(
      new RangeError('key diversification data must be 10 bytes, got 8'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { keyUsages, symmetricAlgorithm } from '../../server/emv/hsm-commands';
import { keyAlgorithmEnum, keyUsageEnum } from './keys';

describe('the key inventory schema', () => {
  it('knows exactly the key usages the HSM bridge knows', () => {
    expect(keyUsageEnum.enumValues).toEqual([...keyUsages]);
  });

  it('knows every algorithm the bridge generates, and RSA', () => {
    expect(keyAlgorithmEnum.enumValues).toEqual([...symmetricAlgorithm.options, 'RSA']);
  });
});

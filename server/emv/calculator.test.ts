import { describe, expect, it } from 'vitest';
import { calculate } from './calculator';

// Values from ../shared/vectors/emv-vectors.json (pyemv test_derive_common_sk and jPOS), chained.
describe('the EMV crypto calculator', () => {
  it('chains IMK -> ICC MK -> session key -> ARQC -> ARPC with a KCV at each step', () => {
    expect(
      calculate({
        operation: 'icc-master-key',
        imk: '0123456789ABCDEFFEDCBA9876543210',
        pan: '12345678901234567',
        psn: '45',
        option: 'A',
      }),
    ).toEqual([
      { label: 'ICC master key', value: '946DC1A8C78A624519BC4645CB073737' },
      { label: 'ICC master key KCV', value: expect.stringMatching(/^FF08/) },
    ]);
    expect(
      calculate({
        operation: 'session-key',
        iccMk: '946DC1A8C78A624519BC4645CB073737',
        method: 'common',
        r: '1234567890123456',
      }),
    ).toEqual([
      { label: 'Session key', value: 'C7AEDF49AEF2F146D692400E0B851A8F' },
      { label: 'Session key KCV', value: expect.stringMatching(/^DF82/) },
    ]);
    expect(
      calculate({
        operation: 'arqc',
        key: 'C7AEDF49AEF2F146D692400E0B851A8F',
        data: '0123456789ABCDEF0123456789ABCDEF',
        padding: 2,
      }),
    ).toEqual([{ label: 'ARQC', value: '19C1FBC83EBDC0D5' }]);
    expect(
      calculate({
        operation: 'arpc',
        key: 'C7AEDF49AEF2F146D692400E0B851A8F',
        arqc: '19C1FBC83EBDC0D5',
        method: 1,
        arc: '0000',
      }),
    ).toEqual([{ label: 'ARPC (method 1)', value: 'C3620580668E5B65' }]);
  });

  it('computes KCVs and PIN blocks', () => {
    expect(calculate({ operation: 'kcv', key: '12345678123456781234567812345678', method: 'tdes' })).toEqual([
      { label: 'KCV', value: '6FB1C8' },
    ]);
    expect(
      calculate({ operation: 'kcv', key: '3F419E1CB7079442AA37474C2EFBF8B8', method: 'aes-cmac' }),
    ).toEqual([{ label: 'KCV', value: '08793E25AB' }]);
    expect(calculate({ operation: 'pin-block', format: 0, pin: '1234', pan: '5555555551234567' })).toEqual([
      { label: 'PIN block (ISO 9564 format 0)', value: '041261AAAAEDCBA9' },
    ]);
  });

  it('names the field that is wrong', () => {
    expect(() => calculate({ operation: 'kcv', key: 'XYZ', method: 'tdes' })).toThrow(
      'key must be an even number of hexadecimal digits',
    );
  });
});

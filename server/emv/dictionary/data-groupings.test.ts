import { describe, expect, it } from 'vitest';
import { allDataGroupings, dataGrouping, recordDgi, recordOfDgi } from './data-groupings';

describe('data groupings', () => {
  it('names the CPS DGIs and which are secret', () => {
    expect(dataGrouping('8000')).toEqual({
      dgi: '8000',
      name: 'Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …)',
      secret: true,
      spec: 'EMV CPS v1.1',
    });
    expect(dataGrouping('9010')?.secret).toBe(false);
    expect(
      allDataGroupings()
        .filter((g) => g.secret)
        .map((g) => g.dgi),
    ).toEqual(['8000', '8010', '8101', '8103', '8201', '8202', '8203', '8204', '8205']);
  });

  it('reads record DGIs as SFI and record number, after the named ones', () => {
    expect(recordOfDgi('0203')).toEqual({ sfi: 2, record: 3 });
    expect(recordOfDgi('1F01')).toBeUndefined();
    expect(recordOfDgi('0100')).toBeUndefined();
    expect(recordOfDgi('01')).toBeUndefined();
    expect(dataGrouping('0102')?.name).toBe('Record 2 of SFI 1');
    expect(dataGrouping('0d01')?.name).toBe('Application internal data');
    expect(dataGrouping('A001')).toBeUndefined();
    expect(recordDgi(11, 254)).toBe('0BFE');
  });
});

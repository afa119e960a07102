import { describe, expect, it } from 'vitest';
import { applicationTemplateInput, checkTemplateTags } from './application-template';

describe('checkTemplateTags', () => {
  it('accepts the demo profile tags (positive control)', () => {
    expect(
      checkTemplateTags([
        { tag: '82', value: '1C00' },
        { tag: '9F08', value: '0096' },
        { tag: '5F28', value: '0840' },
        { tag: '9F10', value: '06010A03A00000' },
        { tag: '87', value: '01' },
      ]),
    ).toEqual([]);
  });

  it('refuses a tag that is not a known EMV data element', () => {
    expect(checkTemplateTags([{ tag: 'DF01', value: '01' }])).toEqual([
      'Tag 1 (DF01): not a known EMV data element',
    ]);
    // The input schema lets a 3-digit tag through; this check is what stops it.
    expect(checkTemplateTags([{ tag: '9F0', value: '01' }])).toEqual([
      'Tag 1 (9F0): not a known EMV data element',
    ]);
  });

  it.each([
    ['5A', 'Application Primary Account Number (PAN)', '4761739001010010'],
    ['57', 'Track 2 Equivalent Data', '4761739001010010D30122010000000000000F'],
    ['5F20', 'Cardholder Name', '414C494345'],
    ['5F24', 'Application Expiration Date', '301231'],
    ['5F34', 'Application PAN Sequence Number', '00'],
    ['4F', 'Application Identifier (AID) – card', 'A0000000031010'],
    ['50', 'Application Label', '44454D4F'],
  ])('refuses %s, which the workbench fills itself', (tag, name, value) => {
    expect(checkTemplateTags([{ tag, value }])).toEqual([
      `Tag 1 (${tag}) ${name} is filled by the workbench per card`,
    ]);
  });

  it('refuses a tag set twice, naming the second', () => {
    expect(
      checkTemplateTags([
        { tag: '9F08', value: '0096' },
        { tag: '82', value: '1C00' },
        { tag: '9F08', value: '0002' },
      ]),
    ).toEqual(['Tag 3 (9F08) Application Version Number appears twice']);
  });

  it.each([
    ['9F08', '00', 'Tag 1 (9F08) Application Version Number must be 2 bytes, got 1'],
    ['87', '0102', 'Tag 1 (87) Application Priority Indicator must be 1 bytes, got 2'],
    ['9F10', '', 'Tag 1 (9F10) Issuer Application Data must be 1 to 32 bytes, got 0'],
    ['9F10', '00'.repeat(33), 'Tag 1 (9F10) Issuer Application Data must be 1 to 32 bytes, got 33'],
    [
      '8E',
      '00'.repeat(9),
      'Tag 1 (8E) Cardholder Verification Method (CVM) List must be 10 to 252 bytes, got 9',
    ],
  ])('refuses %s with value %s for its length', (tag, value, problem) => {
    expect(checkTemplateTags([{ tag, value }])).toEqual([problem]);
  });

  it('accepts lengths at both ends of a range', () => {
    expect(checkTemplateTags([{ tag: '9F10', value: '00' }])).toEqual([]);
    expect(checkTemplateTags([{ tag: '9F10', value: '00'.repeat(32) }])).toEqual([]);
  });

  it('reports every problem, in the order of the tags', () => {
    expect(
      checkTemplateTags([
        { tag: 'DF01', value: '01' },
        { tag: '5A', value: '4761739001010010' },
        { tag: '9F08', value: '0096' },
        { tag: '9F08', value: '00' },
      ]),
    ).toEqual([
      'Tag 1 (DF01): not a known EMV data element',
      'Tag 2 (5A) Application Primary Account Number (PAN) is filled by the workbench per card',
      'Tag 4 (9F08) Application Version Number appears twice',
      'Tag 4 (9F08) Application Version Number must be 2 bytes, got 1',
    ]);
  });

  it('sees tags in upper case after the input schema, so a lower-case reserved tag is still refused', () => {
    const input = applicationTemplateInput.parse({
      name: 'Lower case',
      aid: 'a0000000031010',
      applicationLabel: 'DEMO',
      tags: [{ tag: '5a', value: '4761739001010010' }],
    });
    expect(input.tags).toEqual([{ tag: '5A', value: '4761739001010010' }]);
    expect(checkTemplateTags(input.tags)).toEqual([
      'Tag 1 (5A) Application Primary Account Number (PAN) is filled by the workbench per card',
    ]);
  });
});

describe('applicationTemplateInput', () => {
  it.each([
    [{ tags: [{ tag: '9', value: '00' }] }, 'Tag must be 2 or 4 hexadecimal digits, e.g. 9F08'],
    [{ tags: [{ tag: '9F08A', value: '00' }] }, 'Tag must be 2 or 4 hexadecimal digits, e.g. 9F08'],
    [{ tags: [{ tag: '9G', value: '00' }] }, 'Tag must be 2 or 4 hexadecimal digits, e.g. 9F08'],
    [{ tags: [{ tag: '9F08', value: '0' }] }, 'Value must be hexadecimal bytes, e.g. 0002'],
    [{ aid: 'A0000000' }, 'AID must be 5 to 16 bytes of hexadecimal (RID + PIX)'],
    [{ applicationLabel: 'A LABEL LONGER THAN 16' }, 'Application label is at most 16 characters (tag 50)'],
    [{ applicationLabel: 'CRÉDIT' }, 'Application label must be printable ASCII (tag 50, format ans)'],
    [{ name: 'ab' }, 'Name must be at least 3 characters'],
  ])('refuses %j with "%s"', (change, message) => {
    const result = applicationTemplateInput.safeParse({
      name: 'Demo',
      aid: 'A0000000031010',
      applicationLabel: 'DEMO',
      tags: [],
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeTlv } from '../tlv/ber-tlv';
import { toHex } from '../bytes';
import { buildDgis, encodeDgi } from './dgis';
import { ppseDgis, pseDgis } from './directories';
import { previewCard } from './preview';
import { demo, MADE_UP_CARDHOLDER } from './testing';

describe('encodeDgi (CPS)', () => {
  it('uses one length byte below 255, then FF and two bytes', () => {
    expect(toHex(encodeDgi('9102', Buffer.from('A503880101', 'hex')))).toBe('910205A503880101');
    expect(toHex(encodeDgi('0101', Buffer.alloc(255))).slice(0, 10)).toBe('0101FF00FF');
  });
});

describe('buildDgis', () => {
  const profile = demo('cpa');
  const app = profile.applications[0]!;
  const dgis = buildDgis(app, MADE_UP_CARDHOLDER, { card: profile.card });
  const byNumber = (dgi: string) => dgis.find((d) => d.dgi === dgi)!;

  it('returns the DGIs in the send order of the mapping', () => {
    expect(dgis.map((d) => d.dgi)).toEqual([
      '0101',
      '0201',
      '0202',
      '0301',
      '0302',
      '0401',
      '9102',
      '9103',
      '9104',
      '9207',
      'B001',
      '8000',
      '9000',
      '8010',
      '9010',
      '8201',
      '8202',
      '8203',
      '8204',
      '8205',
    ]);
  });

  it('builds a record from the cardholder row, the card rules and the chip track layout', () => {
    const record = byNumber('0101');
    // 57: PAN D YYMM(03/30: 48 months after 03/26) 201 PVKI PVV iCVV 00000, padded with F.
    expect(record.bytes).toBe('010122702057139999010000000011D30032011789045600000F5F2008444F452F4A414E45');
    expect(record.tree).toEqual([
      {
        tag: '70',
        name: 'READ RECORD Response Message Template',
        children: [
          {
            tag: '57',
            name: 'Track 2 Equivalent Data',
            value: '9999010000000011D30032011789045600000F',
            display: '999901******0011D30032011789045600000F',
          },
          { tag: '5F20', name: 'Cardholder Name', value: '444F452F4A414E45', display: 'DOE/JANE' },
        ],
      },
    ]);
    expect(decodeTlv(record.data!)[0]!.children!.map((node) => node.tag)).toEqual(['57', '5F20']);
  });

  it('builds dates from the rules: effective the first of the preparation month, expiry the last day', () => {
    const account = byNumber('0201').tree[0]!.children!;
    expect(account.slice(0, 4).map((node) => [node.tag, node.display])).toEqual([
      ['5A', '999901******0011'],
      ['5F24', '300331'],
      ['5F25', '260301'],
      ['5F34', '01'],
    ]);
  });

  it('builds the SELECT responses as FCI Proprietary Templates, contactless with its PDOL', () => {
    expect(byNumber('9102').data).toBe(
      'A52B500844454D4F204350418701015F2D04656E66729F1101019F120844454D4F20435041BF0C059F4D020B0A',
    );
    expect(byNumber('9103').tree[0]!.children!.map((node) => node.tag)).toEqual([
      '50',
      '87',
      '9F38',
      '5F2D',
      '9F11',
      '9F12',
      'BF0C',
    ]);
  });

  it('builds the GPO responses from the computed AIP and AFL, per interface', () => {
    expect(byNumber('9104').data).toBe('82023D00' + '9410' + '08010100100102021801020020010100');
    expect(byNumber('9207').data).toBe('82021100' + '940C' + '080101001001020218010200');
  });

  it('waits for preparation where certificates and KCVs are generated', () => {
    expect(byNumber('0301')).toMatchObject({ complete: false, problems: [] });
    expect(byNumber('0301').tree[0]!.children![1]).toEqual({
      tag: '90',
      name: 'Issuer Public Key Certificate',
      placeholder: 'generated at preparation: 90 Issuer Public Key Certificate',
    });
    expect(byNumber('9000')).toMatchObject({
      complete: false,
      summary: 'KCVs of E0, E2, E1 (generated at preparation)',
    });
  });

  it('takes generated values when the caller has them', () => {
    const withCerts = buildDgis(
      app,
      {
        ...MADE_UP_CARDHOLDER,
        generated: {
          'issuer-public-key-certificate': 'AB'.repeat(176),
          'issuer-public-key-exponent': '03',
          'issuer-public-key-remainder': 'CD'.repeat(36),
          'key-check-values': '1A2B3C4D5E6F778899',
        },
      },
      { card: profile.card },
    );
    const record = withCerts.find((d) => d.dgi === '0301')!;
    expect(record.complete).toBe(true);
    // 8F (3) + 90 (3 + 176) + 9F32 (4) + 92 (2 + 36) = 224 bytes in the 70 template.
    expect(record.bytes!.slice(0, 24)).toBe('0301E3' + '7081E0' + '8F0105' + '9081B0');
    expect(withCerts.find((d) => d.dgi === '9000')!.bytes).toBe('9000091A2B3C4D5E6F778899');
  });

  it('shows secrets only as the caller’s descriptors, and encodes the caller’s ciphertext', () => {
    expect(byNumber('8000')).toMatchObject({
      encrypted: true,
      complete: false,
      summary: 'Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …): encrypted (KCV 1A2B3C)',
    });
    expect(byNumber('8201').summary).toBe('ICC private key (q-inverse-mod-p): encrypted (KCV 778899)');
    const withCiphertext = buildDgis(
      app,
      {
        ...MADE_UP_CARDHOLDER,
        secrets: {
          'offline-pin-block': { descriptor: 'encrypted (KCV 4D5E6F)', ciphertext: '0011223344556677' },
        },
      },
      { card: profile.card },
    );
    expect(withCiphertext.find((d) => d.dgi === '8010')).toMatchObject({
      complete: true,
      bytes: '8010080011223344556677',
    });
    expect(withCiphertext.find((d) => d.dgi === '8000')!.summary).toBe(
      'Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …): encrypted at preparation',
    );
  });

  it('starts the PIN Try Counter at the PIN Try Limit', () => {
    expect(byNumber('9010')).toMatchObject({
      bytes: '9010020303',
      summary: 'Personal Identification Number (PIN) Try Counter 3, PIN Try Limit 3',
    });
  });

  it('reports a bad expiry column in the track data instead of throwing', () => {
    const debit = demo('debit');
    const row = { ...MADE_UP_CARDHOLDER, cardholder: { ...MADE_UP_CARDHOLDER.cardholder, expiry: '2913' } };
    const record = buildDgis(debit.applications[0]!, row, { card: debit.card })[0]!;
    expect(record.problems).toEqual(['column expiry has month 13, which is not 01 to 12']);
  });

  it('reports a problem instead of throwing when a value cannot be built', () => {
    const broken = buildDgis(
      app,
      { ...MADE_UP_CARDHOLDER, cardholder: { ...MADE_UP_CARDHOLDER.cardholder, psn: 'X1' } },
      { card: profile.card },
    );
    expect(broken.find((d) => d.dgi === '0201')).toMatchObject({
      complete: false,
      problems: [
        '5F34 Application Primary Account Number (PAN) Sequence Number must be digits (format n), got "X1"',
      ],
    });
  });
});

describe('directories', () => {
  const apps = demo('cpa').applications;

  it('builds the PSE record and FCI (Book 1 12.2.3)', () => {
    expect(pseDgis(apps).map((d) => d.bytes)).toEqual([
      '010125702361214F07F0000000033010500844454D4F204350419F120844454D4F20435041870101',
      '910205A503880101',
    ]);
  });

  it('builds the PPSE FCI with directory entries in BF0C (Book B 3.3)', () => {
    expect(ppseDgis(apps).map((d) => d.bytes)).toEqual([
      '91021DA51BBF0C1861164F07F0000000033010500844454D4F20435041870101',
    ]);
  });

  it('lists only the applications of each interface', () => {
    expect(ppseDgis(demo('credit').applications)[0]!.data).toBe('A503BF0C00');
  });
});

describe('previewCard', () => {
  it('shows directories, applications and the surface', () => {
    const preview = previewCard(demo('cpa'), MADE_UP_CARDHOLDER);
    expect(preview.applications.map((a) => [a.id, a.aid])).toEqual([
      ['pse', '315041592E5359532E4444463031'],
      ['ppse', '325041592E5359532E4444463031'],
      ['cpa-dual', 'F0000000033010'],
    ]);
    expect(preview.surface).toEqual({
      embossing: [
        { name: 'PAN', text: '9999 0100 0000 0011' },
        { name: 'Validity', text: 'VALID THRU 03/30' },
        { name: 'Cardholder', text: 'DOE/JANE' },
      ],
      track1: { text: 'B9999010000000011^DOE/JANE^300320117890123000000', complete: true },
      track2: { text: '9999010000000011=30032011789012300000', complete: true },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import {
  TlvError,
  decodeTlv,
  encodeTag,
  encodeTlv,
  encodeTlvLength,
  encodeTlvTree,
  findTag,
  isConstructedTag,
  type TlvNode,
} from './ber-tlv';

function errorOf(fn: () => unknown): TlvError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TlvError) return error;
    throw error;
  }
  throw new Error('expected a TlvError');
}

function summary(nodes: TlvNode[]): unknown[] {
  return nodes.map((node) => ({
    tag: node.tag,
    offset: node.offset,
    value: toHex(node.value),
    ...(node.children ? { children: summary(node.children) } : {}),
  }));
}

describe('decodeTlv', () => {
  it('decodes primitive objects with one- and two-byte tags', () => {
    const nodes = decodeTlv('5A0847617390010101195F340101');
    expect(summary(nodes)).toEqual([
      { tag: '5A', offset: 0, value: '4761739001010119' },
      { tag: '5F34', offset: 10, value: '01' },
    ]);
    expect(nodes.every((node) => !node.constructed && node.children === undefined)).toBe(true);
  });

  it('reads three-byte tags', () => {
    const [node] = decodeTlv('DF81010112');
    expect(node!.tag).toBe('DF8101');
    expect(toHex(node!.value)).toBe('12');
  });

  it('decodes constructed objects into a tree, by bit 6 of the first tag byte', () => {
    const nodes = decodeTlv('6F1A840E315041592E5359532E4444463031A5088801015F2D02656E');
    expect(summary(nodes)).toEqual([
      {
        tag: '6F',
        offset: 0,
        value: '840E315041592E5359532E4444463031A5088801015F2D02656E',
        children: [
          { tag: '84', offset: 2, value: '315041592E5359532E4444463031' },
          {
            tag: 'A5',
            offset: 18,
            value: '8801015F2D02656E',
            children: [
              { tag: '88', offset: 20, value: '01' },
              { tag: '5F2D', offset: 23, value: '656E' },
            ],
          },
        ],
      },
    ]);
    expect(nodes[0]!.constructed).toBe(true);
  });

  it('leaves constructed values undecoded when nested is false', () => {
    const [node] = decodeTlv('7003500141', { nested: false });
    expect(node!.constructed).toBe(true);
    expect(node!.children).toBeUndefined();
  });

  it('keeps each object exactly as encoded in raw', () => {
    const nodes = decodeTlv('9F2701809F360200109F4B0411223344');
    expect(nodes.map((node) => toHex(node.raw))).toEqual(['9F270180', '9F36020010', '9F4B0411223344']);
  });

  it('reads 81, 82 and 83 length fields', () => {
    const short = decodeTlv(`5A81${'80'}${'11'.repeat(0x80)}`);
    expect(short[0]!.value.length).toBe(0x80);
    const medium = decodeTlv(`5A820100${'22'.repeat(256)}`);
    expect(medium[0]!.value.length).toBe(256);
    const long = decodeTlv(Buffer.concat([fromHex('5A83010000'), Buffer.alloc(65536, 0x33)]));
    expect(long[0]!.value.length).toBe(65536);
  });

  it('skips 00 and FF padding before, between and after objects (Book 3 Annex B)', () => {
    const nodes = decodeTlv('00005A0112FFFF9F270180007003500141FF00');
    expect(summary(nodes)).toEqual([
      { tag: '5A', offset: 2, value: '12' },
      { tag: '9F27', offset: 7, value: '80' },
      {
        tag: '70',
        offset: 12,
        value: '500141',
        children: [{ tag: '50', offset: 14, value: '41' }],
      },
    ]);
  });

  it('accepts a zero-length value and an empty input', () => {
    expect(summary(decodeTlv('5A00'))).toEqual([{ tag: '5A', offset: 0, value: '' }]);
    expect(decodeTlv('')).toEqual([]);
  });

  describe('errors', () => {
    it('reports a value longer than the data with its offset', () => {
      const error = errorOf(() => decodeTlv('5A0812'));
      expect(error.message).toBe('TLV truncated at offset 0: length of tag 5A says 8 bytes, 1 remain');
      expect(error.code).toBe('truncated');
      expect(error.offset).toBe(0);
    });

    it('reports offsets inside constructed objects as absolute offsets', () => {
      const error = errorOf(() => decodeTlv('9F3601017004 5A081234'));
      expect(error.message).toBe('TLV truncated at offset 6: length of tag 5A says 8 bytes, 2 remain');
      expect(error.offset).toBe(6);
    });

    it('reports a tag cut off at the end', () => {
      expect(() => decodeTlv('5A01129F')).toThrow(
        'TLV truncated at offset 3: tag continues past the end of the data',
      );
    });

    it('reports a tag with no length', () => {
      expect(() => decodeTlv('5A')).toThrow('TLV truncated at offset 1: tag 5A has no length field');
    });

    it('reports a cut-off length field', () => {
      expect(() => decodeTlv('5A8201')).toThrow(
        'TLV truncated at offset 1: length field of tag 5A needs 3 bytes, 2 remain',
      );
    });

    it('rejects the indefinite length form', () => {
      const error = errorOf(() => decodeTlv('70805A010000'));
      expect(error.message).toBe(
        'length of tag 70 at offset 1 is 0x80 (indefinite form), which EMV does not allow',
      );
      expect(error.code).toBe('bad-length');
    });

    it('rejects length fields longer than 83', () => {
      expect(() => decodeTlv('5A840000000112')).toThrow(
        'length of tag 5A at offset 1 is 0x84: EMV allows at most 3 subsequent length bytes',
      );
    });

    it('rejects tags longer than 4 bytes', () => {
      const error = errorOf(() => decodeTlv('5A0112DF8181818101'));
      expect(error.message).toBe('tag at offset 3 is longer than 4 bytes, which EMV does not use');
      expect(error.code).toBe('bad-tag');
    });

    it('rejects input that is not hex', () => {
      expect(() => decodeTlv('5A0')).toThrow('TLV data must be an even number of hexadecimal digits');
    });
  });
});

describe('encode', () => {
  it('uses the shortest length field', () => {
    const cases: Array<[number, string]> = [
      [0, '00'],
      [0x7f, '7F'],
      [0x80, '8180'],
      [0xff, '81FF'],
      [0x100, '820100'],
      [0xffff, '82FFFF'],
      [0x10000, '83010000'],
      [0xffffff, '83FFFFFF'],
    ];
    for (const [length, encoded] of cases) expect(toHex(encodeTlvLength(length))).toBe(encoded);
  });

  it('rejects lengths EMV cannot encode', () => {
    expect(() => encodeTlvLength(0x1000000)).toThrow(
      'TLV length 16777216 does not fit in the 3 length bytes EMV allows',
    );
    expect(() => encodeTlvLength(-1)).toThrow('TLV length must be a non-negative integer, got -1');
  });

  it('encodes one object', () => {
    expect(toHex(encodeTlv('9F27', fromHex('80')))).toBe('9F270180');
    expect(toHex(encodeTlv('90', Buffer.alloc(0x90, 0xab)))).toBe(`908190${'AB'.repeat(0x90)}`);
  });

  it('validates tags', () => {
    expect(toHex(encodeTag('df8101'))).toBe('DF8101');
    expect(() => encodeTag('9F')).toThrow('tag "9F" announces a subsequent tag byte but has none');
    expect(() => encodeTag('5A01')).toThrow('tag "5A01" is not a valid BER-TLV tag');
    expect(() => encodeTag('9F8181')).toThrow('tag "9F8181" is not a valid BER-TLV tag');
    expect(() => encodeTag('')).toThrow('tag "" must be 1 to 4 bytes');
    expect(isConstructedTag('70')).toBe(true);
    expect(isConstructedTag('BF0C')).toBe(true);
    expect(isConstructedTag('9F4B')).toBe(false);
  });

  it('round-trips decoded trees', () => {
    const gpoResponse = encodeTlvTree([
      {
        tag: '77',
        children: [
          { tag: '9F27', value: fromHex('40') },
          { tag: '9F36', value: fromHex('0010') },
          { tag: '9F4B', value: Buffer.alloc(0x80, 0x5c) },
          { tag: '9F10', value: fromHex('0010904001220000000000000000000000FF') },
        ],
      },
    ]);
    const record = encodeTlvTree([
      {
        tag: '70',
        children: [
          { tag: '8F', value: fromHex('94') },
          { tag: '90', value: Buffer.alloc(0xf8, 0xcd) },
          { tag: '9F46', value: Buffer.alloc(0x104, 0xef) },
        ],
      },
    ]);
    expect(toHex(record.subarray(0, 4))).toBe('70820207');
    const samples = [
      '6F1A840E315041592E5359532E4444463031A5088801015F2D02656E',
      toHex(gpoResponse),
      toHex(record),
    ];
    for (const hex of samples) {
      expect(toHex(encodeTlvTree(decodeTlv(hex)))).toBe(hex);
    }
  });

  it('re-encodes non-minimal lengths in the shortest form and drops padding', () => {
    expect(toHex(encodeTlvTree(decodeTlv('005A810212347003500141FF')))).toBe('5A0212347003500141');
  });

  it('builds constructed values from children', () => {
    const encoded = encodeTlvTree([
      {
        tag: '70',
        children: [
          { tag: '5A', value: fromHex('4761') },
          { tag: '5F34', value: fromHex('01') },
        ],
      },
    ]);
    expect(toHex(encoded)).toBe('70085A0247615F340101');
    expect(() => encodeTlvTree([{ tag: '5A', children: [] }])).toThrow(
      'tag 5A is primitive and cannot have children',
    );
  });
});

describe('findTag', () => {
  const nodes = decodeTlv('6F1A840E315041592E5359532E4444463031A5088801015F2D02656E');

  it('searches depth first through constructed objects', () => {
    expect(toHex(findTag(nodes, '5F2D')!.value)).toBe('656E');
    expect(findTag(nodes, 'a5')!.offset).toBe(18);
  });

  it('returns undefined for an absent tag', () => {
    expect(findTag(nodes, '9F38')).toBeUndefined();
  });
});

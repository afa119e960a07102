import { describe, expect, it } from 'vitest';
import { describeNonCsv } from './file-signature';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => Buffer.from(value, 'latin1');

describe('describeNonCsv', () => {
  it.each([
    [
      'ZIP',
      bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0),
      'This is a ZIP archive: upload the CSV inside it, not the archive.',
    ],
    [
      'empty ZIP',
      bytes(0x50, 0x4b, 0x05, 0x06, 0, 0),
      'This is a ZIP archive: upload the CSV inside it, not the archive.',
    ],
    [
      'gzip',
      bytes(0x1f, 0x8b, 0x08, 0),
      'This is a gzip-compressed file: decompress it and upload the CSV file inside.',
    ],
    [
      '7z',
      bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4),
      'This is a 7z archive: upload the CSV inside it, not the archive.',
    ],
    [
      'bzip2',
      text('BZh91AY&SY'),
      'This is a bzip2-compressed file: decompress it and upload the CSV file inside.',
    ],
    [
      'PDF',
      text('%PDF-1.7\n'),
      'This is a PDF document, not a CSV file: save or export it as CSV and upload that.',
    ],
    [
      'UTF-16',
      bytes(0xff, 0xfe, 0x70, 0x00),
      'This file is UTF-16 text: save it as CSV in UTF-8 or ISO-8859-1 and upload that.',
    ],
  ])('recognises %s', (_name, head, message) => {
    expect(describeNonCsv(head)).toBe(message);
  });

  it('recognises an Excel workbook inside its ZIP container', () => {
    const head = Buffer.alloc(64);
    head.set([0x50, 0x4b, 0x03, 0x04]);
    head.write('[Content_Types].xml', 30, 'latin1');
    expect(describeNonCsv(head)).toBe(
      'This is an Excel workbook (.xlsx), not a CSV file: save or export it as CSV and upload that.',
    );
  });

  it('lets CSV text through, with or without a byte-order mark, however short', () => {
    expect(describeNonCsv(text('pan,psn,name,expiry\n'))).toBeNull();
    expect(describeNonCsv(Buffer.from('\uFEFFpan,psn', 'utf8'))).toBeNull();
    expect(describeNonCsv(text('P'))).toBeNull();
    expect(describeNonCsv(bytes())).toBeNull();
  });
});

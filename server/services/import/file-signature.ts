/**
 * Recognises files that are not CSV text by their first bytes ("magic numbers"), so an archive, a
 * compressed file or a document is refused with a message that says what it is and what to do,
 * before anything tries to read it as rows. The workbench never unpacks anything, so a zip bomb is
 * refused here like any other archive.
 */
export const signatureBytes = 512;

/** NUL bytes are looked for in this many first bytes while a file is received (and in all of it on import). */
export const binaryProbeBytes = 64 * 1024;

interface Signature {
  magic: number[];
  at?: number;
  message: string;
}

const archive = (name: string) => `This is a ${name} archive: upload the CSV inside it, not the archive.`;
const compressed = (name: string) =>
  `This is a ${name}-compressed file: decompress it and upload the CSV file inside.`;
const document = (name: string) =>
  `This is ${name}, not a CSV file: save or export it as CSV and upload that.`;

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const signatures: Signature[] = [
  // PKWARE APPNOTE 4.3.7: local file header; 4.3.16: end of central directory (an empty archive); spanned.
  { magic: [0x50, 0x4b, 0x03, 0x04], message: archive('ZIP') },
  { magic: [0x50, 0x4b, 0x05, 0x06], message: archive('ZIP') },
  { magic: [0x50, 0x4b, 0x07, 0x08], message: archive('ZIP') },
  { magic: [0x1f, 0x8b], message: compressed('gzip') }, // RFC 1952 section 2.3.1
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], message: archive('7z') },
  { magic: ascii('Rar!\x1a\x07'), message: archive('RAR') },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], message: compressed('xz') },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], message: compressed('Zstandard') }, // RFC 8878 section 3.1.1
  { magic: ascii('ustar'), at: 257, message: archive('tar') },
  { magic: ascii('%PDF-'), message: document('a PDF document') },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message: document('a Microsoft Office file (.xls)'),
  },
];

const xlsxMarker = ascii('[Content_Types].xml');

/**
 * The refusal for a file that starts with `head` (at least its first `signatureBytes` bytes, or all of
 * a shorter file), or null when it may be text.
 */
export function describeNonCsv(head: Uint8Array): string | null {
  const starts = (magic: number[], at = 0) => magic.every((byte, i) => head[at + i] === byte);
  if (starts([0x50, 0x4b, 0x03, 0x04]) && starts(xlsxMarker, 30)) {
    // An Office Open XML package names its content types first (ECMA-376 part 2, 10.1.2).
    return document('an Excel workbook (.xlsx)');
  }
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39) {
    return compressed('bzip2');
  }
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) {
    return 'This file is UTF-16 text: save it as CSV in UTF-8 or ISO-8859-1 and upload that.';
  }
  return signatures.find((s) => starts(s.magic, s.at))?.message ?? null;
}

export function binaryDataMessage(byteNumber: number): string {
  return `This is not a text file: it contains binary data (a NUL byte at byte ${byteNumber}). Upload a CSV file.`;
}

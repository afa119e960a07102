import type { TextRowReader } from './csv-stream';

/** A line of a fixed-width file, without its line break. */
export interface TextLine {
  line: number;
  /** Its length in characters (Unicode code points), however much of it is kept in `text`. */
  length: number;
  /** The line's text, or only its start when it is longer than the splitter keeps. */
  text: string;
}

/**
 * Splits text read in pieces of any size into lines (LF, CRLF, or a lone CR as in csv.ts, also when a
 * CRLF is split between two pieces). A line longer than `keepChars` is only counted, not held, so a
 * file without line breaks is read with flat memory. Blank lines are skipped but counted.
 */
export class LineSplitter implements TextRowReader<TextLine> {
  private text = '';
  private length = 0;
  private line = 1;
  private afterCr = false;
  private readonly keepUnits: number;

  constructor(keepChars: number) {
    // A character outside the Basic Multilingual Plane takes two UTF-16 code units.
    this.keepUnits = 2 * keepChars;
  }

  get currentRowLine(): number {
    return this.line;
  }

  feed(piece: string): TextLine[] {
    const lines: TextLine[] = [];
    let i = 0;
    if (this.afterCr && piece.length > 0) {
      this.afterCr = false;
      if (piece.charCodeAt(0) === 10) i = 1;
    }
    while (i < piece.length) {
      let end = i;
      let c = 0;
      // The decoder never splits a surrogate pair between pieces: each pair is counted once, here.
      let pairs = 0;
      while (end < piece.length) {
        c = piece.charCodeAt(end);
        if (c === 10 || c === 13) break;
        if (c >= 0xd800 && c <= 0xdbff) pairs++;
        end++;
      }
      this.append(piece, i, end, pairs);
      if (end === piece.length) break;
      this.endLine(lines);
      i = end + 1;
      if (c === 13) {
        if (i === piece.length) this.afterCr = true;
        else if (piece.charCodeAt(i) === 10) i++;
      }
    }
    return lines;
  }

  end(): TextLine[] {
    const lines: TextLine[] = [];
    this.endLine(lines);
    return lines;
  }

  private append(piece: string, from: number, to: number, pairs: number) {
    this.length += to - from - pairs;
    if (to > from && this.text.length < this.keepUnits) {
      this.text += piece.slice(from, Math.min(to, from + this.keepUnits - this.text.length));
    }
  }

  private endLine(lines: TextLine[]) {
    if (this.length > 0) lines.push({ line: this.line, length: this.length, text: this.text });
    this.line++;
    this.text = '';
    this.length = 0;
  }
}

/**
 * The field at 1-based character `start` of `length` characters in a line, without trailing spaces
 * (fixed-width files pad text fields with spaces on the right).
 */
export function fixedWidthField(line: TextLine, start: number, length: number): string {
  const field = /[\uD800-\uDBFF]/.test(line.text)
    ? Array.from(line.text)
        .slice(start - 1, start - 1 + length)
        .join('')
    : line.text.slice(start - 1, start - 1 + length);
  return field.replace(/ +$/, '');
}

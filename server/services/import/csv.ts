/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF (a lone CR ends a line too), fields separated
 * by a comma or by another delimiter the layout names (e.g. ';'). A byte-order mark is dropped. Rows carry their 1-based line numbers; blank lines are skipped but counted.
 *
 * `CsvParser` reads text in pieces of any size (a quote, a doubled quote or a CRLF may be split
 * between two pieces) and holds only the row it is reading, so a file of any length is read with flat
 * memory. `parseCsv` reads a whole text with it.
 */
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

/** A row longer than this is refused: a CSV row of a cardholder file is a few hundred characters. */
export const defaultMaxRowChars = 64 * 1024;

const enum State {
  /** At the start of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** Inside a quoted field, just after a quote: a doubled quote, or the end of the field. */
  QuoteInQuoted,
  /** Just after a CR that ended a row: an LF here belongs to it. */
  AfterCr,
}

const quote = 34;
const lf = 10;
const cr = 13;

export class CsvParser {
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  private rowChars = 0;
  private line = 1;
  private rowLine = 1;
  private started = false;
  private readonly maxRowChars: number;
  private readonly delimiter: number;

  constructor(options: { maxRowChars?: number; delimiter?: string } = {}) {
    this.maxRowChars = options.maxRowChars ?? defaultMaxRowChars;
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || '"\r\n'.includes(delimiter)) {
      throw new RangeError(
        `a CSV delimiter is one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
      );
    }
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The line the row being read starts on (where a problem found now should be reported). */
  get currentRowLine(): number {
    return this.rowLine;
  }

  /** Reads the next piece of text; returns the rows it completed. */
  feed(piece: string): CsvRow[] {
    let text = piece;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const rows: CsvRow[] = [];
    const length = text.length;
    let i = 0;
    while (i < length) {
      switch (this.state) {
        case State.AfterCr:
          this.state = State.FieldStart;
          if (text.charCodeAt(i) === lf) i++;
          break;
        case State.FieldStart: {
          const c = text.charCodeAt(i);
          if (c === quote) {
            this.state = State.Quoted;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          let end = i;
          let c = 0;
          while (end < length) {
            c = text.charCodeAt(end);
            if (c === this.delimiter || c === lf || c === cr || c === quote) break;
            end++;
          }
          this.append(text, i, end);
          i = end;
          if (end === length) break;
          i++;
          if (c === quote) throw new CsvSyntaxError(this.line, 'a quote may only open a field');
          this.endField(rows, c);
          break;
        }
        case State.Quoted: {
          let end = i;
          while (end < length) {
            const c = text.charCodeAt(end);
            if (c === quote) break;
            if (c === lf) this.line++;
            end++;
          }
          this.append(text, i, end);
          i = end;
          if (end < length) {
            this.state = State.QuoteInQuoted;
            i++;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = text.charCodeAt(i++);
          if (c === quote) {
            this.append('"', 0, 1);
            this.state = State.Quoted;
          } else if (c === this.delimiter || c === lf || c === cr) {
            this.endField(rows, c);
          } else {
            throw new CsvSyntaxError(this.line, 'a closing quote must end the field');
          }
          break;
        }
      }
    }
    return rows;
  }

  /** The end of the text: returns the last row, if the text did not end with a line break. */
  end(): CsvRow[] {
    if (this.state === State.Quoted) throw new CsvSyntaxError(this.rowLine, 'a quoted field is not closed');
    const rows: CsvRow[] = [];
    if (this.state !== State.AfterCr) this.endRow(rows);
    this.state = State.FieldStart;
    return rows;
  }

  private append(text: string, from: number, to: number) {
    if (to <= from) return;
    this.rowChars += to - from;
    if (this.rowChars > this.maxRowChars) {
      throw new CsvSyntaxError(
        this.rowLine,
        `the row is longer than ${this.maxRowChars} characters; is a quote left open, or is this not a CSV file?`,
      );
    }
    this.field += from === 0 && to === text.length ? text : text.slice(from, to);
  }

  /** A field ends at the delimiter or a line break; a line break ends the row too. */
  private endField(rows: CsvRow[], separator: number) {
    if (separator === this.delimiter) {
      this.fields.push(this.field);
      this.field = '';
      this.rowChars++;
      this.state = State.FieldStart;
      return;
    }
    this.endRow(rows);
    this.line++;
    this.rowLine = this.line;
    this.state = separator === cr ? State.AfterCr : State.FieldStart;
  }

  private endRow(rows: CsvRow[]) {
    this.fields.push(this.field);
    if (!(this.fields.length === 1 && this.fields[0] === '')) {
      rows.push({ line: this.rowLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.rowChars = 0;
  }
}

export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  const parser = new CsvParser({ maxRowChars: Number.MAX_SAFE_INTEGER, delimiter });
  return [...parser.feed(text), ...parser.end()];
}

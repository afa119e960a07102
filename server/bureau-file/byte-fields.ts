/**
 * The field encodings of the CPS file (docs/formats.md): unsigned big-endian integers of 1, 2 or 4
 * bytes, raw bytes, and UTF-8 text after a 1- or 2-byte length. ByteSink builds a record; FieldReader
 * reads one back, knowing the record's offset in the file so every error names the byte.
 */
import { BureauFileError } from './bureau-file-error';

export class ByteSink {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  bytes(value: Uint8Array): this {
    this.chunks.push(Buffer.isBuffer(value) ? value : Buffer.from(value));
    this.size += value.length;
    return this;
  }

  u8(value: number): this {
    return this.bytes(Buffer.from([value]));
  }

  u16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value);
    return this.bytes(b);
  }

  hex(value: string): this {
    return this.bytes(Buffer.from(value, 'hex'));
  }

  /** 1-byte length, then the UTF-8 bytes. */
  text1(value: string): this {
    const b = Buffer.from(value, 'utf8');
    return this.u8(b.length).bytes(b);
  }

  /** 2-byte length, then the UTF-8 bytes. */
  text2(value: string): this {
    const b = Buffer.from(value, 'utf8');
    return this.u16(b.length).bytes(b);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class FieldReader {
  private position = 0;

  /** `fileOffset` is where `bytes` starts in the file; `where` names the record or part read. */
  constructor(
    private readonly bytes: Buffer,
    private readonly fileOffset: number,
    private readonly where: string,
  ) {}

  get offset(): number {
    return this.fileOffset + this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  fail(detail: string, at = this.offset): never {
    throw new BureauFileError('CPS file', { byte: at }, `${this.where}: ${detail}`);
  }

  take(length: number, field: string): Buffer {
    if (length > this.remaining) {
      this.fail(
        `${field} needs ${length} bytes, but only ${this.remaining} remain in ${this.scope()} (truncated or a wrong length before it)`,
      );
    }
    const value = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return value;
  }

  u8(field: string): number {
    return this.take(1, field).readUInt8();
  }

  u16(field: string): number {
    return this.take(2, field).readUInt16BE();
  }

  u32(field: string): number {
    return this.take(4, field).readUInt32BE();
  }

  hex(length: number, field: string): string {
    return this.take(length, field).toString('hex').toUpperCase();
  }

  text1(field: string): string {
    const at = this.offset;
    return this.decode(this.take(this.u8(`${field} length`), field), field, at);
  }

  text2(field: string): string {
    const at = this.offset;
    return this.decode(this.take(this.u16(`${field} length`), field), field, at);
  }

  /** The next `length` bytes as a reader of their own, for a length-prefixed part. */
  sub(length: number, field: string, where: string): FieldReader {
    const at = this.offset;
    return new FieldReader(this.take(length, field), at, where);
  }

  /** Every byte must have been read: a length that claims more than the content is an error too. */
  end(): void {
    if (this.remaining > 0) {
      this.fail(`${this.remaining} bytes are left over at the end of ${this.scope()}`);
    }
  }

  decode(value: Buffer, field: string, at: number): string {
    try {
      return utf8.decode(value);
    } catch {
      return this.fail(`${field} is not valid UTF-8`, at);
    }
  }

  private scope(): string {
    return this.where.split(', ').pop() ?? 'record';
  }
}

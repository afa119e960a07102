/**
 * The short command APDU split the secure channels need (ISO/IEC 7816-3:2006 12.1, cases 1 to 4):
 * wrapping changes CLA, Lc and the data field and must keep Le where it was.
 */
import { concat } from '../bytes';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** The Le byte as sent (00 means 256), or null when the command has no Le field. */
  le: number | null;
}

/** Splits a short command APDU; extended-length APDUs are refused because no GP card here uses them. */
export function parseCommandApdu(apdu: Uint8Array): CommandApdu {
  const bytes = Buffer.from(apdu);
  if (bytes.length < 4) {
    throw new RangeError(`command APDU must be at least 4 bytes, got ${bytes.length}`);
  }
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (bytes.length === 4) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: null };
  if (bytes.length === 5) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: bytes[4]! };
  const lc = bytes[4]!;
  if (lc === 0) throw new RangeError('extended-length command APDUs are not supported');
  if (bytes.length === 5 + lc) return { cla, ins, p1, p2, data: bytes.subarray(5), le: null };
  if (bytes.length === 6 + lc) {
    return { cla, ins, p1, p2, data: bytes.subarray(5, 5 + lc), le: bytes[5 + lc]! };
  }
  throw new RangeError(
    `command APDU length ${bytes.length} does not match Lc ${lc} (expected ${5 + lc} or ${6 + lc} bytes)`,
  );
}

/** Encodes a short command APDU, choosing the case from the presence of data and Le. */
export function encodeCommandApdu({ cla, ins, p1, p2, data, le }: CommandApdu): Buffer {
  if (data.length > 255) {
    throw new RangeError(`command data must be at most 255 bytes for a short APDU, got ${data.length}`);
  }
  const header = Buffer.from([cla, ins, p1, p2]);
  const body = data.length > 0 ? concat(Buffer.from([data.length]), data) : Buffer.alloc(0);
  const trailer = le === null ? Buffer.alloc(0) : Buffer.from([le]);
  return concat(header, body, trailer);
}

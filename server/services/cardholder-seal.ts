import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { z } from 'zod';
import type { CardholderRecord } from '../emv/profile/input-rows';

let cachedKey: Buffer | null = null;

/**
 * Cardholder data at rest (PCI DSS 3.5): AES-256-GCM under a data key from DATA_AT_REST_KEY (hex)
 * or, on the embedded defaults, a key file created beside the database.
 */
function dataKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = process.env.DATA_AT_REST_KEY;
  if (fromEnv) {
    cachedKey = Buffer.from(fromEnv, 'hex');
  } else {
    const file = path.resolve(
      /*turbopackIgnore: true*/ process.env.DATA_AT_REST_KEY_FILE ?? path.join('.data', 'data-at-rest.key'),
    );
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    cachedKey = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
  if (cachedKey.length !== 32) throw new Error('the data-at-rest key must be 32 bytes in hex');
  return cachedKey;
}

/**
 * Any small value at rest (a cardholder, a TOTP secret): AES-256-GCM under the data-at-rest key, with
 * `context` (which row it belongs to) as associated data, so a sealed value cannot be moved to another row.
 * Layout, base64: IV (12 bytes) | tag (16 bytes) | ciphertext.
 */
export function sealText(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openText(sealed: string, context: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', dataKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A cardholder record sealed for one place (`context`, e.g. "<job id>/<row>"): it opens only there. */
export function sealCardholderRecord(record: CardholderRecord, context: string): string {
  return sealText(JSON.stringify(record), context);
}

const sealedRecord = z.object({
  pan: z.string(),
  psn: z.string(),
  columns: z.record(z.string(), z.string()),
});

/** Opens a record sealed by `sealCardholderRecord`. */
export function openCardholderRecord(sealed: string, context: string): CardholderRecord {
  return sealedRecord.parse(JSON.parse(openText(sealed, context)));
}

let cachedDigestKey: Buffer | null = null;

/**
 * A keyed digest of PAN and PSN, so a card can be found again (a duplicate across jobs) without
 * keeping the PAN in clear or under a reversible cipher in an index. The key is derived from the
 * data-at-rest key and never stored.
 */
export function panPsnDigest(pan: string, psn: string): string {
  cachedDigestKey ??= Buffer.from(
    hkdfSync('sha256', dataKey(), Buffer.alloc(0), 'dataprep pan-psn index v1', 32),
  );
  return createHmac('sha256', cachedDigestKey).update(`${pan}|${psn}`).digest('hex');
}

/**
 * Sealed files (uploads waiting to be imported): AES-256-GCM in segments of 64 KiB (the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár, 2015), so a file of any size is sealed and
 * opened with flat memory, every segment is authenticated before a byte of it is used, and a file cut
 * short at a segment boundary fails (its last segment was not sealed as the last one).
 *
 * Layout: "DPS1" | salt (32 bytes) | segments, each ciphertext || tag (16 bytes). The key of each
 * file is HKDF-SHA256(data-at-rest key, salt, "dataprep sealed stream v1|" + context); the nonce of
 * segment i is 7 zero bytes | i (uint32, big-endian) | 1 for the last segment, else 0.
 */
const streamMagic = Buffer.from('DPS1', 'latin1');
const streamSaltBytes = 32;
const streamHeaderBytes = streamMagic.length + streamSaltBytes;
export const sealedSegmentBytes = 64 * 1024;
const tagBytes = 16;

export class SealedFileError extends Error {}

function streamKey(salt: Buffer, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey(), salt, `dataprep sealed stream v1|${context}`, 32));
}

function segmentNonce(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Bytes arriving in chunks of any size, taken out again in the sizes the segments need. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  take(count: number): Buffer {
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const head = this.chunks[0]!;
      const used = Math.min(head.length, count - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    this.length -= count;
    return out;
  }
}

/** Encrypts a byte stream into the sealed layout; `context` (e.g. "upload/<id>") must be given again to open it. */
export function sealStream(context: string): Transform {
  const salt = randomBytes(streamSaltBytes);
  const header = Buffer.concat([streamMagic, salt]);
  const key = streamKey(salt, context);
  const pending = new ByteQueue();
  let index = 0;
  const segment = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, segmentNonce(index++, last));
    cipher.setAAD(header);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!started) {
        this.push(header);
        started = true;
      }
      pending.push(chunk);
      // Keep the last segment back until the end: only then is it known to be the last.
      while (pending.length > sealedSegmentBytes) this.push(segment(pending.take(sealedSegmentBytes), false));
      done();
    },
    flush(done) {
      if (!started) this.push(header);
      this.push(segment(pending.take(pending.length), true));
      done();
    },
  });
}

/** Decrypts and authenticates a sealed stream; any changed, missing or added byte is an error. */
export function openStream(context: string): Transform {
  const pending = new ByteQueue();
  let header: Buffer | null = null;
  let key: Buffer | null = null;
  let index = 0;
  const damaged = () =>
    new SealedFileError('The stored file is damaged or was not sealed by this workbench.');
  const segment = (sealed: Buffer, last: boolean) => {
    const decipher = createDecipheriv('aes-256-gcm', key!, segmentNonce(index++, last));
    decipher.setAAD(header!);
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]);
    } catch {
      throw damaged();
    }
  };
  const readHeader = () => {
    if (header || pending.length < streamHeaderBytes) return;
    header = pending.take(streamHeaderBytes);
    if (!header.subarray(0, streamMagic.length).equals(streamMagic)) throw damaged();
    key = streamKey(header.subarray(streamMagic.length), context);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        pending.push(chunk);
        readHeader();
        if (header) {
          while (pending.length > sealedSegmentBytes + tagBytes) {
            this.push(segment(pending.take(sealedSegmentBytes + tagBytes), false));
          }
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        readHeader();
        if (!header || pending.length < tagBytes) throw damaged();
        this.push(segment(pending.take(pending.length), true));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

let cachedJoinKey: Buffer | null = null;

/**
 * A keyed digest of the key that joins a row of an additional input to a cardholder row (a PAN or a
 * customer id), so the rows staged for the join hold no key in clear. Derived like `panPsnDigest`.
 */
export function joinKeyDigest(input: string, key: string): string {
  cachedJoinKey ??= Buffer.from(hkdfSync('sha256', dataKey(), Buffer.alloc(0), 'dataprep join key v1', 32));
  return createHmac('sha256', cachedJoinKey).update(`${input}|${key}`).digest('hex');
}

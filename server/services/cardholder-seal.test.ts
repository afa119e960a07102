import { createCipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { testDataAtRestKey } from '../test-support/workbench';
import {
  openCardholderRecord,
  openStream,
  panPsnDigest,
  sealCardholderRecord,
  sealStream,
  sealedSegmentBytes,
} from './cardholder-seal';

process.env.DATA_AT_REST_KEY = testDataAtRestKey;

const seal = (plain: Buffer, context = 'upload/1', chunk = 10_000) =>
  buffer(
    Readable.from(
      Array.from({ length: Math.ceil(plain.length / chunk) }, (_, i) =>
        plain.subarray(i * chunk, (i + 1) * chunk),
      ),
    ).pipe(sealStream(context)),
  );
const open = (sealed: Buffer, context = 'upload/1') =>
  buffer(Readable.from([sealed]).pipe(openStream(context)));
const header = 4 + 32;
const segment = sealedSegmentBytes + 16;

describe('sealed streams (AES-256-GCM in 64 KiB segments)', () => {
  it.each([
    0,
    1,
    sealedSegmentBytes - 1,
    sealedSegmentBytes,
    sealedSegmentBytes + 1,
    3 * sealedSegmentBytes + 5,
  ])('seals and opens %i bytes, with one tag per segment', async (size) => {
    const plain = randomBytes(size);
    const sealed = await seal(plain);
    const segments = Math.max(1, Math.ceil(size / sealedSegmentBytes));
    expect(sealed.length).toBe(header + size + 16 * segments);
    expect(sealed.subarray(0, 4).toString('latin1')).toBe('DPS1');
    expect((await open(sealed)).equals(plain)).toBe(true);
  });

  it('never writes the clear bytes', async () => {
    const plain = Buffer.from('pan,psn\n4761739001010010,00\n'.repeat(100));
    const sealed = await seal(plain);
    expect(sealed.includes('4761739001010010')).toBe(false);
  });

  it('refuses a changed byte, another context, and a file cut at a segment boundary', async () => {
    const plain = randomBytes(2 * sealedSegmentBytes + 100);
    const sealed = await seal(plain);
    const damaged = 'The stored file is damaged or was not sealed by this workbench.';
    const flipped = Buffer.from(sealed);
    flipped[header + sealedSegmentBytes + 20]! ^= 1;
    await expect(open(flipped)).rejects.toThrow(damaged);
    await expect(open(sealed, 'upload/2')).rejects.toThrow(damaged);
    await expect(open(sealed.subarray(0, header + 2 * segment))).rejects.toThrow(damaged);
    await expect(open(sealed.subarray(0, header + 10))).rejects.toThrow(damaged);
    await expect(open(Buffer.concat([sealed, Buffer.alloc(1)]))).rejects.toThrow(damaged);
  });

  it('digests PAN and PSN with a key: the same card gives the same digest, another PSN another', () => {
    const digest = panPsnDigest('4761739001010010', '00');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(panPsnDigest('4761739001010010', '00')).toBe(digest);
    expect(panPsnDigest('4761739001010010', '01')).not.toBe(digest);
    expect(panPsnDigest('476173900101001', '00')).not.toBe(digest);
  });
});

/**
 * Any JSON sealed as the workbench seals a cardholder, written out here from the format
 * (AES-256-GCM: IV 12 bytes | tag 16 bytes | ciphertext, the context as additional data, base64), so
 * the test does not depend on the code it checks.
 */
function sealedByHand(holder: object, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(testDataAtRestKey, 'hex'), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(holder), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

describe('sealed cardholder records (AES-256-GCM, bound to their job and row)', () => {
  const record = {
    pan: '9999020000000010',
    psn: '01',
    columns: {
      pan: '9999020000000010',
      psn: '01',
      name: 'ALICE EXAMPLE',
      expiry: '3012',
      pin_block: '0412AC89ABCDEF67',
    },
  };

  it('opens what it sealed, in the same place only, and never holds the PAN or PIN block in clear', () => {
    const sealed = sealCardholderRecord(record, 'job-1/2');
    expect(openCardholderRecord(sealed, 'job-1/2')).toEqual(record);
    expect(() => openCardholderRecord(sealed, 'job-1/3')).toThrow();
    const raw = Buffer.from(sealed, 'base64');
    expect(raw.includes('9999020000000010')).toBe(false);
    expect(raw.includes('0412AC89')).toBe(false);
    expect(sealCardholderRecord(record, 'job-1/2')).not.toBe(sealed);
  });

  it('refuses a sealed text that is not a cardholder record, such as a row sealed before card profiles', () => {
    for (const holder of [
      { pan: '4761739001010010' },
      { pan: '4761739001010010', psn: '00', name: 'ALICE EXAMPLE', expiry: '3012' },
    ]) {
      expect(() => openCardholderRecord(sealedByHand(holder, 'job-0/2'), 'job-0/2')).toThrow();
    }
  });
});

import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeOaepSha256 } from '../src/backends/rsa-oaep';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const raw = (ciphertext: Buffer) =>
  privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
const oaep = (message: Buffer) =>
  publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, message);

// The decoder behind the PKCS#11 backend's raw-RSA path, checked against node:crypto's RSA-OAEP (OpenSSL).
describe('EME-OAEP decoding with SHA-256 (RFC 8017 7.1.2)', () => {
  it.each([0, 1, 16, 24, 32, 190])('recovers a %i-byte message encrypted by node:crypto', (length) => {
    const message = randomBytes(length);
    expect(decodeOaepSha256(raw(oaep(message)), 256)).toEqual(message);
  });

  it('recovers the message when the raw decryption lost its leading zero byte', () => {
    const message = randomBytes(16);
    expect(decodeOaepSha256(raw(oaep(message)).subarray(1), 256)).toEqual(message);
  });

  it('gives one error for every malformed block', () => {
    const encoded = raw(oaep(randomBytes(16)));
    const changed = (at: number) => {
      const copy = Buffer.from(encoded);
      copy[at]! ^= 0x01;
      return copy;
    };
    for (const block of [changed(0), changed(10), changed(100), changed(255), randomBytes(256)]) {
      expect(() => decodeOaepSha256(block, 256)).toThrow(new Error('RSA-OAEP decryption failed'));
    }
    const sha1 = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      randomBytes(16),
    );
    expect(() => decodeOaepSha256(raw(sha1), 256)).toThrow('RSA-OAEP decryption failed');
  });
});

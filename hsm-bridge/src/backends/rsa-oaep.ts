import { createHash, timingSafeEqual } from 'node:crypto';

const hashLength = 32;
const emptyLabelHash = createHash('sha256').digest();

/** MGF1 with SHA-256 (RFC 8017 B.2.1). */
function mgf1Sha256(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * hashLength < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * EME-OAEP decoding with SHA-256, MGF1-SHA-256 and an empty label (RFC 8017 7.1.2 step 3), for a
 * token that decrypts only raw RSA: SoftHSM2 up to 2.6 accepts CKM_RSA_PKCS_OAEP with SHA-1 only
 * (softhsm/SoftHSMv2 issue 474). Every failure gives the same error, as 7.1.2 asks, and the
 * decoded block is wiped.
 */
export function decodeOaepSha256(encoded: Buffer, modulusBytes: number): Buffer {
  const em = Buffer.alloc(modulusBytes);
  encoded.copy(em, modulusBytes - encoded.length);
  try {
    if (encoded.length > modulusBytes || modulusBytes < 2 * hashLength + 2) throw new Error();
    const maskedSeed = em.subarray(1, 1 + hashLength);
    const maskedDb = em.subarray(1 + hashLength);
    const seedMask = mgf1Sha256(maskedDb, hashLength);
    const seed = Buffer.alloc(hashLength);
    for (let i = 0; i < hashLength; i++) seed[i] = maskedSeed[i]! ^ seedMask[i]!;
    const dbMask = mgf1Sha256(seed, maskedDb.length);
    const db = Buffer.alloc(maskedDb.length);
    for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ dbMask[i]!;
    seed.fill(0);
    try {
      let separator = -1;
      for (let i = hashLength; i < db.length && separator < 0; i++) {
        if (db[i] === 0x01) separator = i;
        else if (db[i] !== 0x00) break;
      }
      const labelOk = timingSafeEqual(db.subarray(0, hashLength), emptyLabelHash);
      if (em[0] !== 0 || !labelOk || separator < 0) throw new Error();
      return Buffer.from(db.subarray(separator + 1));
    } finally {
      db.fill(0);
    }
  } catch {
    throw new Error('RSA-OAEP decryption failed');
  } finally {
    em.fill(0);
  }
}

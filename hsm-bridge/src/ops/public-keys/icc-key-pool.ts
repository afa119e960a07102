import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { maxIccKeyCardsPerCall } from '../../../../server/emv/hsm-commands/public-keys';

/** An ICC private key sealed with AES-256-GCM under a key that lives only in this process. */
interface SealedKey {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

interface Pool {
  bits: number;
  exponent: number;
  sealed: SealedKey[];
  /** The largest batch asked for so far: the pool refills to that many keys. */
  target: number;
  generating: number;
}

function generateIccKey(bits: number, exponent: number): Promise<KeyObject> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: exponent }, (error, _public, privateKey) =>
      error ? reject(error) : resolve(privateKey),
    ),
  );
}

/**
 * ICC key pairs generated ahead of the batches that need them, so a DDA/CDA batch waits for
 * signatures rather than for prime searches. Keys are generated with node:crypto on libuv's thread
 * pool (the bridge's command queue keeps running), kept sealed in memory, and each is handed out
 * once: taking a key removes it. A pool per (bits, exponent) appears with the first batch that asks
 * for that size and is refilled in the background up to the largest batch seen.
 */
export class IccKeyPool {
  private readonly sealingKey = randomBytes(32);
  private readonly pools = new Map<string, Pool>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly backgroundConcurrency = 2) {}

  /** `count` key pairs never handed out before: pooled ones first, the rest generated now, in parallel. */
  async take(bits: number, exponent: number, count: number): Promise<KeyObject[]> {
    const pool = this.poolFor(bits, exponent);
    pool.target = Math.max(pool.target, Math.min(count, 2 * maxIccKeyCardsPerCall));
    const pooled = pool.sealed.splice(0, count).map((sealed) => this.unseal(sealed));
    const fresh = await Promise.all(
      Array.from({ length: count - pooled.length }, () => generateIccKey(bits, exponent)),
    );
    this.refill(pool);
    return [...pooled, ...fresh];
  }

  status(): { iccBits: number; iccExponent: number; available: number; target: number }[] {
    return [...this.pools.values()].map((pool) => ({
      iccBits: pool.bits,
      iccExponent: pool.exponent,
      available: pool.sealed.length,
      target: pool.target,
    }));
  }

  /** Resolves once no background generation is running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops refilling; keys already pooled stay available. */
  stop(): void {
    this.stopped = true;
  }

  private poolFor(bits: number, exponent: number): Pool {
    const id = `${bits}/${exponent}`;
    let pool = this.pools.get(id);
    if (!pool) {
      pool = { bits, exponent, sealed: [], target: 0, generating: 0 };
      this.pools.set(id, pool);
    }
    return pool;
  }

  private refill(pool: Pool): void {
    while (
      !this.stopped &&
      pool.generating < this.backgroundConcurrency &&
      pool.sealed.length + pool.generating < pool.target
    ) {
      pool.generating++;
      const job = generateIccKey(pool.bits, pool.exponent).then(
        (key) => {
          pool.generating--;
          pool.sealed.push(this.seal(key));
          this.refill(pool);
        },
        // A failed generation stops this round of refilling; the next batch generates what it needs.
        () => {
          pool.generating--;
        },
      );
      this.inFlight.add(job);
      void job.finally(() => this.inFlight.delete(job));
    }
  }

  private seal(key: KeyObject): SealedKey {
    const der = key.export({ format: 'der', type: 'pkcs8' });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey, iv);
    const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
    der.fill(0);
    return { iv, ciphertext, tag: cipher.getAuthTag() };
  }

  private unseal(sealed: SealedKey): KeyObject {
    const decipher = createDecipheriv('aes-256-gcm', this.sealingKey, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    const der = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } finally {
      der.fill(0);
    }
  }
}

/** The bridge process's pool, shared by every connection. */
export const iccKeyPool = new IccKeyPool();

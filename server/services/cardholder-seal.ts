import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Cardholder } from './import/cardholder-rows';

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

export function sealCardholder(cardholder: Cardholder, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(cardholder), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openCardholder(sealed: string, context: string): Cardholder {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', dataKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}

/**
 * What a preview or a preparation run supplies per card: the cardholder row, the preparation date,
 * values computed at preparation, and descriptors of secrets that the caller (the app, via the HSM
 * bridge) has already encrypted. The core never sees a clear secret: secret DGIs take the caller's
 * descriptor ("encrypted (KCV 1A2B3C)") and, in a real run, the caller's ciphertext.
 */
import type { IccKeyComponent } from './schema/application';
import type { GeneratedItem } from './schema/common';

export type SecretItem = 'card-master-keys' | 'offline-pin-block' | 'icc-private-key';

export interface SecretValue {
  /** Shown instead of the value, e.g. "encrypted (KCV 1A2B3C)". */
  descriptor: string;
  /** The DGI data already encrypted by the HSM, hex; absent in a preview. */
  ciphertext?: string;
  /** The ICC private key's CRT components, each encrypted by the HSM for its own DGI (8201–8205), hex. */
  components?: Readonly<Partial<Record<IccKeyComponent, string>>>;
}

export interface CardData {
  /** ISO date "YYYY-MM-DD": the base of the effective and expiry date rules. */
  preparationDate: string;
  /** The cardholder file row, by column name. */
  cardholder: Readonly<Record<string, string>>;
  /** Values computed at preparation, hex (certificates, ATC start, key check values). */
  generated?: Readonly<Partial<Record<GeneratedItem | 'key-check-values', string>>>;
  /** Card verification values computed at preparation, digits. */
  verificationValues?: Readonly<{ cvv?: string; icvv?: string; pvv?: string; pvki?: string }>;
  secrets?: Readonly<Partial<Record<SecretItem, SecretValue>>>;
}

import { fromHex } from '../../../../server/emv/bytes';
import {
  deriveSecureMessagingSessionKey,
  type ScriptTransaction,
  type SecureMessagingSessionKeyMethod,
} from '../../../../server/emv/crypto/secure-messaging';
import type { MasterKeyDerivationMethod } from '../../../../server/emv/crypto/icc-master-key';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { deriveIccMasterKeyInHsm } from '../icc-keys/icc-master-key';

export interface ScriptCard {
  pan: string;
  psn: string;
  atc: string;
  arqc: string;
}

export function scriptTransaction(card: ScriptCard): ScriptTransaction {
  return { atc: fromHex(card.atc, 'atc'), arqc: fromHex(card.arqc, 'arqc') };
}

/**
 * A secure-messaging session key (EMV 4.4 Book 2 A1.3.1 or the Visa form) from an issuer master key
 * in the HSM: the ICC master key (A1.4) exists in the bridge's memory only for this derivation. The
 * caller zeroes the session key.
 */
export async function scriptSessionKey(
  backend: HsmBackend,
  imk: KeyAttributes,
  card: ScriptCard,
  method: MasterKeyDerivationMethod,
  sessionKeyMethod: SecureMessagingSessionKeyMethod,
): Promise<Buffer> {
  const iccMk = await deriveIccMasterKeyInHsm(backend, imk, card, method, 0);
  try {
    return deriveSecureMessagingSessionKey(iccMk, sessionKeyMethod, scriptTransaction(card));
  } finally {
    iccMk.fill(0);
  }
}

/** A length the EMV core refuses is the caller's data: a BAD_REQUEST, never an HSM error. */
export function asBadRequest(error: unknown): unknown {
  return error instanceof RangeError ? new BridgeError('BAD_REQUEST', error.message) : error;
}

import { fromHex } from '../../../../server/emv/bytes';
import { PinBlockRefused } from '../../../../server/emv/crypto/pin-translation';
import {
  pvvFromEncryptedTsp,
  pvvTransformedSecurityParameterFromIso2Block,
} from '../../../../server/emv/crypto/pvv';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';
import { cardError } from '../icc-keys/transport-kek';
import { issuerPinBlockLength, issuerPinBlockToIso2, requireIssuerPinKey } from './issuer-pin-block';

/**
 * Visa PVVs of a batch of cards (pvv.ts, IBM CCA "PVV generation algorithm", payShield DG): each
 * issuer PIN block is deciphered under the P0 key into the clear format 2 block inside the bridge
 * (issuer-pin-block.ts, which refuses a block not bound to the card's PAN), its 4 leftmost PIN digits
 * go into the TSP with the PAN and the PVKI, and all TSPs are TDES-encrypted under the PVK in one ECB
 * call (ECB works block by block), then decimalised. The PIN and the PVK never leave the bridge; only
 * the 4-digit PVVs do. Same steps and same vectors as pvv.ts's computePvv, which needs the clear PVK.
 */
export async function computePinVerificationValues(
  backend: HsmBackend,
  params: CommandParams<'computePinVerificationValues'>,
): Promise<CommandResult<'computePinVerificationValues'>> {
  const pvk = await requireKeyForPurpose(
    backend,
    params.pvkRef,
    ['V2'],
    'PIN verification value computation',
  );
  if (pvk.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'a PVK must be a double-length TDES key (PVK A || PVK B)');
  }
  const pinKey = await requireIssuerPinKey(
    backend,
    params.pinKeyRef,
    params.pinBlockFormat,
    'PIN verification value computation',
  );
  const blockLength = issuerPinBlockLength(params.pinBlockFormat);
  const tsps: Buffer[] = [];
  let encrypted: Buffer | undefined;
  try {
    for (const [index, card] of params.cards.entries()) {
      const pinBlock = fromHex(card.pinBlock, 'pinBlock');
      if (pinBlock.length !== blockLength) {
        throw cardError(
          index,
          `pinBlock must be ${blockLength} bytes for format ${params.pinBlockFormat}, got ${pinBlock.length}`,
        );
      }
      let iso2: Buffer;
      try {
        iso2 = await issuerPinBlockToIso2(backend, pinKey, params.pinBlockFormat, pinBlock, card.pan);
      } catch (error) {
        if (error instanceof PinBlockRefused) throw cardError(index, error);
        throw error;
      }
      try {
        tsps.push(pvvTransformedSecurityParameterFromIso2Block(card.pan, card.pvki, iso2));
      } finally {
        iso2.fill(0);
      }
    }
    encrypted = await backend.encrypt(pvk.keyRef, 'ecb', Buffer.concat(tsps));
    const blocks = encrypted;
    return {
      cards: params.cards.map((_card, index) => ({
        pvv: pvvFromEncryptedTsp(blocks.subarray(index * 8, index * 8 + 8)),
      })),
    };
  } finally {
    for (const tsp of tsps) tsp.fill(0);
    encrypted?.fill(0);
  }
}

import { fromHex, toHex, xor } from '../../../../server/emv/bytes';
import { panFieldIso4 } from '../../../../server/emv/crypto/pin-block';
import {
  iso2PinBlockFromPinField,
  PinBlockRefused,
  pinFieldOfIso0Or3Block,
} from '../../../../server/emv/crypto/pin-translation';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { isAes, isTdes } from '../../backends/key-lengths';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';
import { cardError, describeTransportKek, requireTransportKek } from '../icc-keys/transport-kek';

type InputFormat = CommandParams<'translatePinForCard'>['inputFormat'];

/**
 * The plain-text PIN field of an issuer PIN block, deciphered with the PIN key inside the HSM:
 * formats 0 and 3 (ISO 9564-1:2017 9.3.1, 9.3.4) are TDES-ECB then XOR the PAN field; format 4
 * (9.3.5) is AES-D(K, AES-D(K, block) XOR PAN field).
 */
async function decipherPinField(
  backend: HsmBackend,
  pinKey: KeyAttributes,
  format: InputFormat,
  pinBlock: Buffer,
  pan: string,
): Promise<Buffer> {
  const first = await backend.decrypt(pinKey.keyRef, 'ecb', pinBlock);
  try {
    if (format !== 4) return pinFieldOfIso0Or3Block(first, pan);
    const intermediate = xor(first, panFieldIso4(pan));
    try {
      return await backend.decrypt(pinKey.keyRef, 'ecb', intermediate);
    } finally {
      intermediate.fill(0);
    }
  } finally {
    first.fill(0);
  }
}

/**
 * Cardholder PINs from the issuer's zone into the card's offline PIN block (ISO 9564-1:2017 9.3.3
 * format 2, EMV CPS 1.1 DGI 8010), encrypted (TDES-ECB) under the transport KEK. Translation into
 * format 1, which no PAN binds, is refused (PCI PIN Security Requirement 3-3; ISO 9564-1 permitted
 * translations): the card takes format 2. No PIN appears in a result or a message.
 */
export async function translatePinForCard(
  backend: HsmBackend,
  params: CommandParams<'translatePinForCard'>,
): Promise<CommandResult<'translatePinForCard'>> {
  if (params.outputFormat !== 2) {
    throw new BridgeError(
      'BAD_REQUEST',
      `translating a format ${params.inputFormat} PIN block into ISO 9564 format 1 is refused: format 1 is not bound to the PAN; a card's offline PIN block is format 2`,
    );
  }
  const pinKey = await requireKeyForPurpose(backend, params.pinKeyRef, ['P0'], 'PIN block translation');
  const aes = params.inputFormat === 4;
  if (aes ? !isAes(pinKey.algorithm) : !isTdes(pinKey.algorithm)) {
    throw new BridgeError(
      'BAD_REQUEST',
      aes ? 'format 4 PIN blocks need an AES PIN key' : 'format 0 and 3 PIN blocks need a TDES PIN key',
    );
  }
  const kek = await requireTransportKek(backend, params.kekRef, 'PIN transport');
  const blockLength = aes ? 16 : 8;
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    const pinBlock = fromHex(card.pinBlock, 'pinBlock');
    if (pinBlock.length !== blockLength) {
      throw cardError(
        index,
        `pinBlock must be ${blockLength} bytes for format ${params.inputFormat}, got ${pinBlock.length}`,
      );
    }
    const pinField = await decipherPinField(backend, pinKey, params.inputFormat, pinBlock, card.pan);
    let cardPinBlock: Buffer;
    try {
      cardPinBlock = iso2PinBlockFromPinField(pinField, params.inputFormat);
    } catch (error) {
      if (error instanceof PinBlockRefused) throw cardError(index, error);
      throw error;
    } finally {
      pinField.fill(0);
    }
    try {
      cards.push({ cryptogram: toHex(await backend.encrypt(kek.keyRef, 'ecb', cardPinBlock)) });
    } finally {
      cardPinBlock.fill(0);
    }
  }
  return { kek: await describeTransportKek(backend, kek), cards };
}

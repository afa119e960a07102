import { fromHex, toHex } from '../../../../server/emv/bytes';
import { PinBlockRefused } from '../../../../server/emv/crypto/pin-translation';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { cardError, describeTransportKek, requireTransportKek } from '../icc-keys/transport-kek';
import { issuerPinBlockLength, issuerPinBlockToIso2, requireIssuerPinKey } from './issuer-pin-block';

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
  const pinKey = await requireIssuerPinKey(
    backend,
    params.pinKeyRef,
    params.inputFormat,
    'PIN block translation',
  );
  const kek = await requireTransportKek(backend, params.kekRef, 'PIN transport');
  const blockLength = issuerPinBlockLength(params.inputFormat);
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    const pinBlock = fromHex(card.pinBlock, 'pinBlock');
    if (pinBlock.length !== blockLength) {
      throw cardError(
        index,
        `pinBlock must be ${blockLength} bytes for format ${params.inputFormat}, got ${pinBlock.length}`,
      );
    }
    let cardPinBlock: Buffer;
    try {
      cardPinBlock = await issuerPinBlockToIso2(backend, pinKey, params.inputFormat, pinBlock, card.pan);
    } catch (error) {
      if (error instanceof PinBlockRefused) throw cardError(index, error);
      throw error;
    }
    try {
      cards.push({ cryptogram: toHex(await backend.encrypt(kek.keyRef, 'ecb', cardPinBlock)) });
    } finally {
      cardPinBlock.fill(0);
    }
  }
  return { kek: await describeTransportKek(backend, kek), cards };
}

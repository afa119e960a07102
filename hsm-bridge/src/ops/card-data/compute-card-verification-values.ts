import { xor } from '../../../../server/emv/bytes';
import {
  CVV2_SERVICE_CODE,
  cvvFromMac,
  cvvInputBlock,
  ICVV_SERVICE_CODE,
} from '../../../../server/emv/crypto/cvv';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

type Params = CommandParams<'computeCardVerificationValues'>;
type Card = Params['cards'][number];
type ValueName = Params['values'][number];
type CardValues = CommandResult<'computeCardVerificationValues'>['cards'][number];

/** CVV / CVC with the card's own service code, CVV2 / CVC2 with 000, iCVV with 999 (cvv.ts). */
const serviceCodeOf: Record<ValueName, (card: Card) => string> = {
  cvv: (card) => card.serviceCode,
  cvv2: () => CVV2_SERVICE_CODE,
  icvv: () => ICVV_SERVICE_CODE,
};

/**
 * CVV, CVV2 and iCVV of a batch of cards by the Visa CVV algorithm (IBM CCA CSNBCSG, payShield CW):
 * block 1 under CVK A alone (single DES, the backend's encryptWithLeftHalf), XOR block 2, then
 * TDES under CVK A || CVK B, which is E(A) D(B) E(A), that is ISO/IEC 9797-1 MAC algorithm 3.
 * Each step is one HSM call for the whole batch (ECB works block by block), so the CVK never leaves
 * the HSM and a thousand cards cost two calls. Same steps and same vectors as cvv.ts's computeCvv,
 * which needs the clear CVK.
 */
export async function computeCardVerificationValues(
  backend: HsmBackend,
  params: Params,
): Promise<CommandResult<'computeCardVerificationValues'>> {
  const cvk = await requireKeyForPurpose(
    backend,
    params.cvkRef,
    ['C0'],
    'card verification value computation',
  );
  if (cvk.algorithm !== 'TDES2') {
    throw new BridgeError('BAD_REQUEST', 'a CVK must be a double-length TDES key (CVK A || CVK B)');
  }
  const inputs = params.cards.flatMap((card) =>
    params.values.map((name) => cvvInputBlock(card.pan, card.expiry, serviceCodeOf[name](card))),
  );
  const firstBlocks = Buffer.concat(inputs.map((input) => input.subarray(0, 8)));
  const secondBlocks = Buffer.concat(inputs.map((input) => input.subarray(8)));
  const underCvkA = await backend.encryptWithLeftHalf(cvk.keyRef, firstBlocks);
  const chained = xor(underCvkA, secondBlocks);
  const macs = await backend.encrypt(cvk.keyRef, 'ecb', chained);
  try {
    const valuesPerCard = params.values.length;
    return {
      cards: params.cards.map((_card, cardIndex) => {
        const values: CardValues = {};
        for (const [valueIndex, name] of params.values.entries()) {
          const at = (cardIndex * valuesPerCard + valueIndex) * 8;
          values[name] = cvvFromMac(macs.subarray(at, at + 8));
        }
        return values;
      }),
    };
  } finally {
    for (const buffer of [...inputs, firstBlocks, secondBlocks, underCvkA, chained, macs]) buffer.fill(0);
  }
}

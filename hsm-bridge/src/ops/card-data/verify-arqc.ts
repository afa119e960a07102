import { timingSafeEqual } from 'node:crypto';
import { fromHex, toHex } from '../../../../server/emv/bytes';
import {
  computeApplicationCryptogram,
  computeArpcMethod1,
  computeArpcMethod2,
} from '../../../../server/emv/crypto/cryptograms';
import {
  deriveCommonSessionKey,
  emvSessionKeyDiversificationValue,
  mastercardSessionKeyDiversificationValue,
} from '../../../../server/emv/crypto/session-keys';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { deriveIccMasterKeyInHsm, requireIssuerMasterKey } from '../icc-keys/icc-master-key';
import { cardError } from '../icc-keys/transport-kek';

type Params = CommandParams<'verifyArqc'>;
type Card = Params['cards'][number];

/**
 * The AC session key (EMV 4.4 Book 2 A1.3.1): none for Visa CVN 10 (the ICC master key itself), the
 * EMV common session key with R = ATC || 00*6 (8.1.2), or the M/Chip SKD with R = ATC || 0000 || UN.
 */
function sessionKey(iccMk: Buffer, method: Params['sessionKeyMethod'], card: Card, index: number): Buffer {
  if (method === 'none') return Buffer.from(iccMk);
  const atc = fromHex(card.atc, 'atc');
  if (method === 'emv-csk') return deriveCommonSessionKey(iccMk, emvSessionKeyDiversificationValue(atc));
  if (!card.unpredictableNumber) {
    throw cardError(index, 'unpredictableNumber is required for the mc-skd session key method');
  }
  const un = fromHex(card.unpredictableNumber, 'unpredictableNumber');
  return deriveCommonSessionKey(iccMk, mastercardSessionKeyDiversificationValue(atc, un));
}

/** EMV 4.4 Book 2 8.2.1 (method 1, ARC) or 8.2.2 (method 2, CSU and proprietary data). */
function arpcOf(key: Buffer, arqc: Buffer, arpc: NonNullable<Params['arpc']>): string {
  if (arpc.method === 1) return toHex(computeArpcMethod1(key, arqc, fromHex(arpc.arc)));
  return toHex(computeArpcMethod2(key, arqc, fromHex(arpc.csu), fromHex(arpc.proprietaryData)));
}

/**
 * Recomputes each card's ARQC: ICC master key in the HSM (A1.4), session key (A1.3), MAC algorithm 3
 * with padding 1 or 2 (8.1.2), compared in constant time. The ARPC key follows the scheme: Visa
 * CVN 10 and M/Chip answer with the ICC master key, EMV common session key flows with the session key.
 * No key leaves the bridge; an ARPC is given only for an ARQC that verified.
 */
export async function verifyArqc(backend: HsmBackend, params: Params): Promise<CommandResult<'verifyArqc'>> {
  const imk = await requireIssuerMasterKey(backend, params.issuerMasterKeyRef, ['E0'], 'ARQC verification');
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    const iccMk = await deriveIccMasterKeyInHsm(backend, imk, card, params.method, index);
    let acKey: Buffer | undefined;
    try {
      acKey = sessionKey(iccMk, params.sessionKeyMethod, card, index);
      const arqc = fromHex(card.arqc, 'arqc');
      const expected = computeApplicationCryptogram(
        acKey,
        fromHex(card.transactionData, 'transactionData'),
        params.padding,
      );
      const ok = timingSafeEqual(expected, arqc);
      const arpcKey = params.sessionKeyMethod === 'emv-csk' ? acKey : iccMk;
      cards.push({ ok, arpc: ok && params.arpc ? arpcOf(arpcKey, arqc, params.arpc) : null });
    } catch (error) {
      // A length the EMV core refuses is the caller's data; anything else is the HSM's to report.
      throw error instanceof RangeError ? cardError(index, error) : error;
    } finally {
      iccMk.fill(0);
      acKey?.fill(0);
    }
  }
  return { cards };
}

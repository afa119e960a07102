import { fromHex, toHex } from '../../../../server/emv/bytes';
import { PinBlockRefused } from '../../../../server/emv/crypto/pin-translation';
import {
  encipherPinChangeData,
  macScriptCommand,
  pinChangeP2,
} from '../../../../server/emv/crypto/secure-messaging';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import {
  issuerPinBlockLength,
  issuerPinBlockToIso2,
  requireIssuerPinKey,
} from '../card-data/issuer-pin-block';
import { deriveIccMasterKeyInHsm, requireIssuerMasterKey } from '../icc-keys/icc-master-key';
import { asBadRequest, scriptSessionKey, scriptTransaction } from './script-session-key';

type Params = CommandParams<'encipherPinChange'>;

function pinBlockOf(params: Params, field: 'newPinBlock' | 'currentPinBlock', hex: string): Buffer {
  const block = fromHex(hex, field);
  const length = issuerPinBlockLength(params.pinBlockFormat);
  if (block.length !== length) {
    throw new BridgeError(
      'BAD_REQUEST',
      `${field} must be ${length} bytes for format ${params.pinBlockFormat}, got ${block.length}`,
    );
  }
  return block;
}

/**
 * PIN CHANGE/UNBLOCK (EMV 4.4 Book 3 6.5.10) for one card: the issuer PIN blocks are deciphered in
 * the HSM (issuer-pin-block.ts), the PIN data built and enciphered under SK-SMC (EMV 4.4 Book 2 9.3;
 * secure-messaging.ts for the emv, mastercard and visa forms), then the command MACed under SK-SMI
 * (9.2.3). Every clear PIN block and key is zeroed before the APDU is returned.
 */
export async function encipherPinChange(
  backend: HsmBackend,
  params: Params,
): Promise<CommandResult<'encipherPinChange'>> {
  const smc = await requireIssuerMasterKey(backend, params.smcKeyRef, ['E1'], 'PIN change encipherment');
  const smi = await requireIssuerMasterKey(backend, params.smiKeyRef, ['E2'], 'issuer script MAC');
  const visa = params.encipherment === 'visa';
  if (visa !== (params.acKeyRef !== undefined)) {
    throw new BridgeError(
      'BAD_REQUEST',
      visa
        ? 'acKeyRef is required for the visa PIN block, which is built from the ICC MK-AC'
        : `acKeyRef is used only by the visa PIN block, not by the ${params.encipherment} form`,
    );
  }
  const ac = params.acKeyRef
    ? await requireIssuerMasterKey(backend, params.acKeyRef, ['E0'], 'the VIS PIN block')
    : null;
  if (params.card.currentPinBlock !== undefined && !visa) {
    throw new BridgeError(
      'BAD_REQUEST',
      `the ${params.encipherment} PIN data carry no current PIN: send the change without currentPinBlock, or use the visa form`,
    );
  }
  const pinKey = await requireIssuerPinKey(backend, params.pinKeyRef, params.pinBlockFormat, 'PIN change');
  const newBlock = pinBlockOf(params, 'newPinBlock', params.card.newPinBlock);
  const currentBlock =
    params.card.currentPinBlock === undefined
      ? null
      : pinBlockOf(params, 'currentPinBlock', params.card.currentPinBlock);

  const clear: Buffer[] = [];
  try {
    const toIso2 = async (block: Buffer, name: string) => {
      try {
        const iso2 = await issuerPinBlockToIso2(
          backend,
          pinKey,
          params.pinBlockFormat,
          block,
          params.card.pan,
        );
        clear.push(iso2);
        return iso2;
      } catch (error) {
        if (error instanceof PinBlockRefused)
          throw new BridgeError('BAD_REQUEST', `${name}: ${error.message}`);
        throw error;
      }
    };
    const newPin = await toIso2(newBlock, 'newPinBlock');
    const currentPin = currentBlock ? await toIso2(currentBlock, 'currentPinBlock') : null;
    const iccMkAc = ac ? await deriveIccMasterKeyInHsm(backend, ac, params.card, params.method, 0) : null;
    if (iccMkAc) clear.push(iccMkAc);
    const skSmc = await scriptSessionKey(backend, smc, params.card, params.method, params.sessionKeyMethod);
    clear.push(skSmc);
    const skSmi = await scriptSessionKey(backend, smi, params.card, params.method, params.sessionKeyMethod);
    clear.push(skSmi);
    const data = encipherPinChangeData(skSmc, params.encipherment, newPin, { currentPin, iccMkAc });
    const command = { cla: 0x84, ins: 0x24, p1: 0x00, p2: pinChangeP2(currentPin !== null), data };
    const apdu = macScriptCommand(skSmi, command, params.macInput, scriptTransaction(params.card));
    return { apdu: toHex(apdu) };
  } catch (error) {
    throw asBadRequest(error);
  } finally {
    for (const buffer of clear) buffer.fill(0);
  }
}

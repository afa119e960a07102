import { fromHex, toHex } from '../../../../server/emv/bytes';
import { macScriptCommand } from '../../../../server/emv/crypto/secure-messaging';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireIssuerMasterKey } from '../icc-keys/icc-master-key';
import { asBadRequest, scriptSessionKey, scriptTransaction } from './script-session-key';

/**
 * PIN CHANGE/UNBLOCK (EMV 4.4 Book 3 6.5.10): P2 00 unblocks and carries no data, so it is MACed
 * here; P2 01 and 02 carry PIN data, which only encipherPinChange builds, in the HSM.
 */
const INS_PIN_CHANGE_UNBLOCK = 0x24;
const isPinChange = (command: { ins: number; p2: number; data: string }) =>
  command.ins === INS_PIN_CHANGE_UNBLOCK && (command.p2 !== 0x00 || command.data.length > 0);

/**
 * The secure-messaging MAC of each issuer script command (EMV 4.4 Book 2 9.2.1.2 format 2, 9.2.3)
 * under SK-SMI, derived from the IMK-SMI (E2) for this card and transaction. The MAC input is built
 * here from the command's fields (header with Lc counting the MAC, ATC and ARQC when asked, data),
 * so the bridge never MACs bytes a caller arranged.
 */
export async function macIssuerScript(
  backend: HsmBackend,
  params: CommandParams<'macIssuerScript'>,
): Promise<CommandResult<'macIssuerScript'>> {
  const imk = await requireIssuerMasterKey(backend, params.issuerMasterKeyRef, ['E2'], 'issuer script MAC');
  const pinCommand = params.commands.findIndex(isPinChange);
  if (pinCommand >= 0) {
    throw new BridgeError(
      'BAD_REQUEST',
      `command ${pinCommand + 1} is a PIN change (INS 24 with PIN data): use encipherPinChange, which enciphers the PIN in the HSM`,
    );
  }
  let skSmi: Buffer | undefined;
  try {
    skSmi = await scriptSessionKey(backend, imk, params.card, params.method, params.sessionKeyMethod);
    const transaction = scriptTransaction(params.card);
    const commands = params.commands.map((command) => ({
      apdu: toHex(
        macScriptCommand(
          skSmi!,
          { ...command, data: fromHex(command.data, 'data') },
          params.macInput,
          transaction,
          params.macLength,
        ),
      ),
    }));
    return { commands };
  } catch (error) {
    throw asBadRequest(error);
  } finally {
    skSmi?.fill(0);
  }
}

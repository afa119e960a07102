import { fromHex, toHex } from '../../../../server/emv/bytes';
import { SCP02_SECURITY_LEVEL, scp02WrapCommand } from '../../../../server/emv/crypto/scp02';
import { SCP03_SECURITY_LEVEL, scp03WrapCommand } from '../../../../server/emv/crypto/scp03';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { type OpenChannel, secureChannels } from './channel-store';

function commandLevel(channel: OpenChannel): 'c-mac' | 'c-mac-c-dec' {
  const cDec =
    channel.protocol === 'SCP02' ? SCP02_SECURITY_LEVEL.cDecryption : SCP03_SECURITY_LEVEL.cDecryption;
  return (channel.session.securityLevel & cDec) !== 0 ? 'c-mac-c-dec' : 'c-mac';
}

/**
 * One command protected on an open channel: C-MAC with the chained ICV (GP Card Spec 2.3 E.4.4;
 * GP Amendment D 6.2.4) and C-DECRYPTION of its data when the channel's level has it (E.4.5; 6.2.6).
 */
export async function wrapSecureChannelCommand(
  backend: HsmBackend,
  params: CommandParams<'wrapSecureChannelCommand'>,
): Promise<CommandResult<'wrapSecureChannelCommand'>> {
  const store = secureChannels(backend);
  const channel = store.use(params.handle);
  const level = commandLevel(channel);
  if (params.securityLevel && params.securityLevel !== level) {
    throw new BridgeError(
      'BAD_REQUEST',
      `secure channel ${params.handle} was opened at ${level}, not ${params.securityLevel}: a GlobalPlatform channel keeps the level of its EXTERNAL AUTHENTICATE`,
    );
  }
  if (channel.protocol === 'SCP02' && channel.session.rMacCommand !== null) {
    // SCP02 R-MACs chain (GP Card Spec 2.3 Annex E): a skipped response breaks every later one.
    throw new BridgeError(
      'BAD_REQUEST',
      `secure channel ${params.handle} has R-MAC and the response to the previous command is not verified: verify it (verifySecureChannelResponse) before wrapping the next command`,
    );
  }
  const command = fromHex(params.apdu, 'apdu');
  try {
    if (channel.protocol === 'SCP02') {
      const wrapped = scp02WrapCommand(channel.session, command);
      store.update(params.handle, { protocol: 'SCP02', session: wrapped.session });
      return { apdu: toHex(wrapped.apdu) };
    }
    const wrapped = scp03WrapCommand(channel.session, command);
    store.update(params.handle, { protocol: 'SCP03', session: wrapped.session });
    return { apdu: toHex(wrapped.apdu) };
  } catch (error) {
    throw error instanceof RangeError ? new BridgeError('BAD_REQUEST', `apdu: ${error.message}`) : error;
  }
}

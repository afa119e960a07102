import { fromHex, toHex } from '../../../../server/emv/bytes';
import { SCP03_SECURITY_LEVEL, scp03UnwrapResponse } from '../../../../server/emv/crypto/scp03';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { secureChannels } from './channel-store';

/**
 * A card's response on an open channel: SCP03 with R-MAC has its R-MAC checked and R-ENCRYPTION
 * removed (GP Amendment D 6.2.5, 6.2.7); a failure closes the channel, since the response was
 * altered or the card is not the one the channel was opened with. Channels without R-MAC (every
 * SCP02 channel the bridge opens) return the response unchanged.
 */
export async function verifySecureChannelResponse(
  backend: HsmBackend,
  params: CommandParams<'verifySecureChannelResponse'>,
): Promise<CommandResult<'verifySecureChannelResponse'>> {
  const store = secureChannels(backend);
  const channel = store.use(params.handle);
  const response = fromHex(params.response, 'response');
  if (channel.protocol === 'SCP02' || (channel.session.securityLevel & SCP03_SECURITY_LEVEL.rMac) === 0) {
    return { response: toHex(response), rMacVerified: false };
  }
  const result = scp03UnwrapResponse(channel.session, response);
  if (!result.ok) {
    store.forget(params.handle);
    throw new BridgeError(
      'BAD_REQUEST',
      `the response on secure channel ${params.handle} is refused (${result.reason}); the channel is closed`,
    );
  }
  store.update(params.handle, { protocol: 'SCP03', session: result.session });
  const sw = response.subarray(response.length - 2);
  const protectedSw = sw[0] === 0x90 || sw[0] === 0x62 || sw[0] === 0x63;
  return { response: toHex(result.response), rMacVerified: protectedSw };
}

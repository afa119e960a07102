import { fromHex, toHex } from '../../../../server/emv/bytes';
import { SCP02_SECURITY_LEVEL, scp02UnwrapResponse } from '../../../../server/emv/crypto/scp02';
import { SCP03_SECURITY_LEVEL, scp03UnwrapResponse } from '../../../../server/emv/crypto/scp03';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { type OpenChannel, secureChannels } from './channel-store';

type Unwrapped = { ok: true; response: Buffer; channel: OpenChannel } | { ok: false; reason: string };

function unwrap(channel: OpenChannel, response: Buffer): Unwrapped {
  if (channel.protocol === 'SCP02') {
    const result = scp02UnwrapResponse(channel.session, response);
    return result.ok
      ? { ok: true, response: result.response, channel: { protocol: 'SCP02', session: result.session } }
      : result;
  }
  const result = scp03UnwrapResponse(channel.session, response);
  return result.ok
    ? { ok: true, response: result.response, channel: { protocol: 'SCP03', session: result.session } }
    : result;
}

/** Whether a response with this status word carries an R-MAC: SCP02 every one, SCP03 9000/62xx/63xx. */
function carriesRMac(channel: OpenChannel, sw: Buffer): boolean {
  return channel.protocol === 'SCP02' || sw[0] === 0x90 || sw[0] === 0x62 || sw[0] === 0x63;
}

/**
 * A card's response on an open channel with R-MAC: its R-MAC is checked (SCP02, GP Card Spec 2.3
 * Annex E, APDU Response R-MAC Generation and Verification; SCP03, GP Amendment D 6.2.5) and
 * R-ENCRYPTION removed (SCP03, 6.2.7); a failure closes the channel, since the response was altered
 * or the card is not the one the channel was opened with. Channels without R-MAC return the
 * response unchanged.
 */
export async function verifySecureChannelResponse(
  backend: HsmBackend,
  params: CommandParams<'verifySecureChannelResponse'>,
): Promise<CommandResult<'verifySecureChannelResponse'>> {
  const store = secureChannels(backend);
  const channel = store.use(params.handle);
  const response = fromHex(params.response, 'response');
  const rMac = channel.protocol === 'SCP02' ? SCP02_SECURITY_LEVEL.rMac : SCP03_SECURITY_LEVEL.rMac;
  if ((channel.session.securityLevel & rMac) === 0) {
    return { response: toHex(response), rMacVerified: false };
  }
  if (channel.protocol === 'SCP02' && channel.session.rMacCommand === null) {
    throw new BridgeError(
      'BAD_REQUEST',
      `secure channel ${params.handle} has no wrapped command waiting for its response: wrap the command (wrapSecureChannelCommand), send it, then verify its response once`,
    );
  }
  const result = unwrap(channel, response);
  if (!result.ok) {
    store.forget(params.handle);
    throw new BridgeError(
      'BAD_REQUEST',
      `the response on secure channel ${params.handle} is refused (${result.reason}); the channel is closed`,
    );
  }
  store.update(params.handle, result.channel);
  const sw = response.subarray(response.length - 2);
  return { response: toHex(result.response), rMacVerified: carriesRMac(channel, sw) };
}

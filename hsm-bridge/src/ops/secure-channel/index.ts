import type { CommandHandlers } from '../handler';
import { closeSecureChannel } from './close-secure-channel';
import { openSecureChannel } from './open-secure-channel';
import { reencryptDgisForChannel } from './reencrypt-dgis-for-channel';
import { verifySecureChannelResponse } from './verify-secure-channel-response';
import { wrapSecureChannelCommand } from './wrap-secure-channel-command';

export const secureChannelHandlers: CommandHandlers<
  | 'openSecureChannel'
  | 'wrapSecureChannelCommand'
  | 'verifySecureChannelResponse'
  | 'reencryptDgisForChannel'
  | 'closeSecureChannel'
> = {
  openSecureChannel,
  wrapSecureChannelCommand,
  verifySecureChannelResponse,
  reencryptDgisForChannel,
  closeSecureChannel,
};

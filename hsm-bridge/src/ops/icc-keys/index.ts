import type { CommandHandlers } from '../handler';
import { deriveCardMasterKeys } from './derive-card-master-keys';

export const iccKeyHandlers: CommandHandlers<'deriveCardMasterKeys'> = { deriveCardMasterKeys };

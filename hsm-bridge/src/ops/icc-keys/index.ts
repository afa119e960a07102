import type { CommandHandlers } from '../handler';
import { deriveCardMasterKeys } from './derive-card-master-keys';
import { deriveIccMasterKeys } from './derive-icc-master-keys';

export const iccKeyHandlers: CommandHandlers<'deriveIccMasterKeys' | 'deriveCardMasterKeys'> = {
  deriveIccMasterKeys,
  deriveCardMasterKeys,
};

import type { CommandHandlers } from '../handler';
import { deriveIccMasterKeys } from './derive-icc-master-keys';

export const iccKeyHandlers: CommandHandlers<'deriveIccMasterKeys'> = { deriveIccMasterKeys };

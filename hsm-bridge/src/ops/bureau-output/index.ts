import type { CommandHandlers } from '../handler';
import { createOutputMacKey } from './create-output-mac-key';
import { macOutputData } from './mac-output-data';

export const bureauOutputHandlers: CommandHandlers<'createOutputMacKey' | 'macOutputData'> = {
  createOutputMacKey,
  macOutputData,
};

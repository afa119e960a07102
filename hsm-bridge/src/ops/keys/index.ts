import type { CommandHandlers } from '../handler';
import { describeKey } from './describe-key';
import { generateKey } from './generate-key';
import { status } from './status';

export const keyHandlers: CommandHandlers<'status' | 'generateKey' | 'describeKey'> = {
  status: (backend) => status(backend),
  generateKey,
  describeKey,
};

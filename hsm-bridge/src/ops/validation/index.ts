import type { CommandHandlers } from '../handler';
import { validateOnVirtualCard } from './validate-on-virtual-card';

export const validationHandlers: CommandHandlers<'validateOnVirtualCard'> = { validateOnVirtualCard };

import type { CommandHandlers } from '../handler';

export const publicKeyHandlers: CommandHandlers<never> = {};

import type { CommandHandlers } from '../handler';

export const keyBlockHandlers: CommandHandlers<never> = {};

import type { CommandHandlers } from '../handler';

export const cardDataHandlers: CommandHandlers<never> = {};

import { router } from '../../trpc';
import { changeKeyStatus } from './change-key-status';
import { generateKey } from './generate-key';
import { listKeys } from './list-keys';

export const keysRouter = router({ list: listKeys, generate: generateKey, changeStatus: changeKeyStatus });

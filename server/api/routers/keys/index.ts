import { router } from '../../trpc';
import { generateKey } from './generate-key';
import { listKeys } from './list-keys';

export const keysRouter = router({ list: listKeys, generate: generateKey });

import { router } from '../../trpc';
import { createBureau } from './create-bureau';
import { deactivateBureau } from './deactivate-bureau';
import { listBureaus } from './list-bureaus';

export const bureausRouter = router({
  list: listBureaus,
  create: createBureau,
  deactivate: deactivateBureau,
});

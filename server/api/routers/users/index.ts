import { router } from '../../trpc';
import { disable, enable, unlock } from './account-status';
import { createUser } from './create-user';
import { listUsers } from './list-users';
import { resetPassword } from './reset-password';
import { resetTotp } from './reset-totp';
import { setBureau } from './set-bureau';

export const usersRouter = router({
  list: listUsers,
  create: createUser,
  disable,
  enable,
  unlock,
  resetPassword,
  resetTotp,
  setBureau,
});

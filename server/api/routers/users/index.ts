import { router } from '../../trpc';
import { listUsers } from './list-users';
import { resetTotp } from './reset-totp';
import { setBureau } from './set-bureau';

export const usersRouter = router({ list: listUsers, resetTotp, setBureau });

import { router } from '../../trpc';
import { listUsers } from './list-users';
import { resetTotp } from './reset-totp';

export const usersRouter = router({ list: listUsers, resetTotp });

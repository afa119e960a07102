import { router } from '../../trpc';
import { listUsers } from './list-users';

export const usersRouter = router({ list: listUsers });

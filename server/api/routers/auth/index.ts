import { router } from '../../trpc';
import { login } from './login';
import { logout } from './logout';
import { me } from './me';
import { passwordRouter } from './password';
import { totpRouter } from './totp';

export const authRouter = router({ login, logout, me, totp: totpRouter, password: passwordRouter });

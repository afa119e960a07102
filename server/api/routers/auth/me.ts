import { publicProcedure } from '../../trpc';
import { sessionUserOutput } from './login';

export const me = publicProcedure.output(sessionUserOutput.nullable()).query(({ ctx }) => ctx.user);

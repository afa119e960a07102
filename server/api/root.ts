import { auditRouter } from './routers/audit';
import { bureausRouter } from './routers/bureaus';
import { calculatorRouter } from './routers/calculator';
import { authRouter } from './routers/auth';
import { exportsRouter } from './routers/exports';
import { jobsRouter } from './routers/jobs';
import { keysRouter } from './routers/keys';
import { profilesRouter } from './routers/profiles';
import { systemRouter } from './routers/system/hsm-status';
import { usersRouter } from './routers/users';
import { validationRouter } from './routers/validation';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  keys: keysRouter,
  profiles: profilesRouter,
  jobs: jobsRouter,
  exports: exportsRouter,
  audit: auditRouter,
  users: usersRouter,
  bureaus: bureausRouter,
  system: systemRouter,
  calculator: calculatorRouter,
  validation: validationRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

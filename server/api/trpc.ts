import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Db } from '../../db/client';
import type { Role } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { AppError, toTrpcError } from '../errors';
import { hsmBridge } from '../hsm/bridge';
import { recordAudit } from '../services/audit-trail';
import type { ServiceContext } from '../services/context';

export interface TrpcContext {
  db: Db;
  /** The signed-in user; null when nobody is, or when the session still owes its second factor. */
  user: SessionUser | null;
  /** A half signed-in session: right password, TOTP code still owed (security officers, admins). */
  secondFactorOwed?: { user: SessionUser; totpEnrolled: boolean } | null;
  /** A half signed-in session whose password is a temporary one: the user must set their own first. */
  passwordChangeOwed?: { user: SessionUser } | null;
  sessionToken: string | undefined;
  origin: string;
  secureCookies: boolean;
  /** Set-Cookie and other headers for the response (login, logout). */
  resHeaders: Headers | null;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      message:
        error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on the server; it has been logged.'
          : cause instanceof ZodError
            ? cause.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ')
            : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: cause instanceof ZodError ? cause.flatten().fieldErrors : undefined,
        problems: cause instanceof AppError ? (cause.details?.problems ?? undefined) : undefined,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** AppErrors become tRPC errors with their code; anything else is logged and hidden. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTrpcError(result.error.cause);
  }
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    console.error('[trpc]', result.error.cause ?? result.error);
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const secondFactorOwedMessage =
  'Enter the code from your authenticator app to finish signing in before doing anything else.';

export const passwordChangeOwedMessage =
  'Choose your own password to finish signing in before doing anything else.';

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user && ctx.passwordChangeOwed) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: passwordChangeOwedMessage });
  }
  if (!ctx.user && ctx.secondFactorOwed) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: secondFactorOwedMessage });
  }
  if (!ctx.user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Please log in again.' });
  }
  const service: ServiceContext = { db: ctx.db, user: ctx.user, origin: ctx.origin, bridge: hsmBridge };
  return next({ ctx: { ...ctx, user: ctx.user, service } });
});

/** The second-factor step, and nothing else, for a session whose password was right. */
export const secondFactorProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.secondFactorOwed || !ctx.sessionToken) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'No sign-in is waiting for a code. Please log in again.',
    });
  }
  const pending = {
    db: ctx.db,
    user: ctx.secondFactorOwed.user,
    sessionToken: ctx.sessionToken,
    origin: ctx.origin,
  };
  return next({ ctx: { ...ctx, pending, totpEnrolled: ctx.secondFactorOwed.totpEnrolled } });
});

/** The change of a temporary password, and nothing else, for a session signed in with one. */
export const passwordChangeProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.passwordChangeOwed || !ctx.sessionToken) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'No sign-in is waiting for a new password. Please log in again.',
    });
  }
  const pending = {
    db: ctx.db,
    user: ctx.passwordChangeOwed.user,
    sessionToken: ctx.sessionToken,
    origin: ctx.origin,
  };
  return next({ ctx: { ...ctx, pending } });
});

/** A procedure only the given roles may call; any other caller is refused and audited. */
export function roleProcedure(...roles: Role[]) {
  return protectedProcedure.use(async ({ ctx, path, next }) => {
    if (!roles.includes(ctx.user.role)) {
      await recordAudit(
        ctx.db,
        { id: ctx.user.id, name: ctx.user.displayName, role: ctx.user.role, origin: ctx.origin },
        {
          category: 'security',
          action: 'access.denied',
          objectType: 'procedure',
          objectId: path,
          result: 'refused',
        },
      );
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    }
    return next();
  });
}

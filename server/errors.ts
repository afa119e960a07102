import { TRPCError } from '@trpc/server';

export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'LOCKED'
  | 'HSM_UNAVAILABLE'
  | 'HSM_REFUSED';

/** The one application error: a code for programs and a message for people (never a secret). */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const trpcCodes: Record<AppErrorCode, TRPCError['code']> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  LOCKED: 'TOO_MANY_REQUESTS',
  HSM_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  HSM_REFUSED: 'UNPROCESSABLE_CONTENT',
};

export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodes[error.code], message: error.message, cause: error });
}

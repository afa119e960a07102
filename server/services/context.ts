import type { Db } from '../../db/client';
import type { Role } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { AppError } from '../errors';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import type { Actor } from './audit-trail';

/** What every use case gets: the database, who is acting (and from where), and the HSM bridge. */
export interface ServiceContext {
  db: Db;
  user: SessionUser;
  origin: string;
  bridge: () => HsmBridgeClient;
}

export function actorOf(ctx: Pick<ServiceContext, 'user' | 'origin'>): Actor {
  return { id: ctx.user.id, name: ctx.user.displayName, role: ctx.user.role, origin: ctx.origin };
}

/**
 * Defence in depth: each use case names the roles that may run it, whoever calls it (the API checks
 * the same roles per procedure).
 */
export function requireRole(ctx: Pick<ServiceContext, 'user'>, ...roles: Role[]): void {
  if (!roles.includes(ctx.user.role))
    throw new AppError('FORBIDDEN', 'Your role does not allow this action.');
}

import type { Db } from '../../db/client';
import type { SessionUser } from '../auth/session';
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

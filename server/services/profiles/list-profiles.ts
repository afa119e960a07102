import { listCardProfiles } from '../../../db/queries/profiles';
import { requireRole, type ServiceContext } from '../context';

/** Every card profile with its latest version (number, status, checks) and its latest approved version. */
export async function listProfiles(ctx: ServiceContext) {
  requireRole(ctx, 'analyst', 'security_officer');
  return listCardProfiles(ctx.db);
}

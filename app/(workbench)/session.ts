import 'server-only';
import { redirect } from 'next/navigation';
import { serverCaller } from '../../server/api/server-caller';
import { areasByRole, type Area } from '../../server/auth/roles';

/**
 * The signed-in user, or a redirect: to the new-password step when the password was a temporary one,
 * to the authenticator code when the session still owes its second factor, else to the login page.
 */
export async function requireUser() {
  const caller = await serverCaller();
  const user = await caller.auth.me();
  if (!user) {
    redirect(
      (await caller.auth.password.status())
        ? '/login/new-password'
        : (await caller.auth.totp.status())
          ? '/login/second-factor'
          : '/login',
    );
  }
  return user;
}

/** Whether the signed-in user's role opens this area of the workbench. */
export async function userWithArea(area: Area) {
  const user = await requireUser();
  return { user, allowed: areasByRole[user.role].includes(area) };
}

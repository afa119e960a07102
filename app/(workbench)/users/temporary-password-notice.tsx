'use client';

import { Button } from '../../_components/ui/button';

/**
 * The one time a temporary password is shown: the administrator hands it over (in person or by a
 * separate channel); it is not stored in clear anywhere and cannot be shown again.
 */
export function TemporaryPasswordNotice({
  username,
  temporaryPassword,
  onDone,
}: {
  username: string;
  temporaryPassword: string;
  onDone: () => void;
}) {
  return (
    <div
      role="status"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        Temporary password for <span className="font-mono">{username}</span>, shown only now. Give it to the
        user by a separate channel; they must choose their own password when they first sign in.
      </p>
      <p
        data-testid="temporary-password"
        className="select-all font-mono text-base tracking-wider text-slate-900"
        aria-label={`Temporary password for ${username}`}
      >
        {temporaryPassword}
      </p>
      <Button variant="secondary" className="h-7 px-2.5 text-xs" onClick={onDone}>
        I have handed it over
      </Button>
    </div>
  );
}

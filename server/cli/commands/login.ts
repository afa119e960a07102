import { parseOptions, required, serverOptions, UsageError } from '../cli-args';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { forgetSession, loadSession, saveSession, sessionFile } from '../workbench/session-store';
import {
  CommandFailure,
  failureOf,
  openWorkbench,
  signedIn,
  workbenchUrl,
  type Workbench,
} from '../workbench/workbench-client';

const roleNames: Record<string, string> = {
  analyst: 'issuer analyst',
  security_officer: 'security officer',
  bureau_operator: 'bureau operator',
  auditor: 'auditor',
  admin: 'administrator',
};

/** The first line of what was piped in; a password ends at the line break `echo` adds. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

async function password(io: CliIo, fromStdin: boolean | undefined, username: string): Promise<string> {
  const typed = fromStdin
    ? firstLine(await io.readStdin())
    : await io.ask(`Password for ${username}: `, { hidden: true });
  if (typed === null) {
    throw new UsageError('there is no terminal to ask for the password: pipe it in with --password-stdin');
  }
  if (typed === '') throw new UsageError('the password is empty');
  return typed;
}

async function totpCode(io: CliIo, given: string | undefined, username: string): Promise<string> {
  const code = given ?? (await io.ask(`Code from ${username}'s authenticator app: `, { hidden: false }));
  if (code === null) {
    throw new UsageError(
      `${username} must also give the 6-digit code of their authenticator app: add --totp CODE`,
    );
  }
  return code;
}

/** Ends a half signed-in session on the server (the code step was not passed), ignoring a failure. */
async function abandon(workbench: Workbench): Promise<void> {
  await workbench.api.auth.logout.mutate().catch(() => undefined);
}

export const login: CliCommand = {
  name: 'login',
  synopsis: '--user NAME [--password-stdin] [--totp CODE]',
  summary: 'sign in; the session is kept in a private file until logout',
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...serverOptions,
      user: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      totp: { type: 'string' },
    });
    const username = required(values.user, 'user', 'the user name to sign in as');
    const url = workbenchUrl(values.url, io.env);
    const file = sessionFile(url, io.env);
    const secret = await password(io, values['password-stdin'], username);
    const workbench = openWorkbench(url, null);
    let user;
    try {
      user = await workbench.api.auth.login.mutate({ username, password: secret });
    } catch (error) {
      const failure = failureOf(error);
      throw failure ? new CommandFailure(failure.message) : error;
    }
    if (user.passwordChange) {
      await abandon(workbench);
      throw new CommandFailure(
        `${username} signed in with a temporary password. Sign in once in the browser at ${url.origin}/login to choose your own password, then sign in here with it.`,
      );
    }
    if (user.secondFactor === 'enroll') {
      await abandon(workbench);
      throw new CommandFailure(
        `${username} has no authenticator app set up yet. Sign in once in the browser at ${url.origin}/login to set it up (the QR code is shown only there), then sign in here with --totp.`,
      );
    }
    if (user.secondFactor === 'code') {
      const code = await totpCode(io, values.totp, username);
      try {
        await workbench.api.auth.totp.verify.mutate({ code });
      } catch (error) {
        await abandon(workbench);
        const failure = failureOf(error);
        throw failure ? new CommandFailure(failure.message) : error;
      }
    }
    const cookie = workbench.cookie();
    if (!cookie) throw new CommandFailure('the workbench signed you in but set no session cookie');
    saveSession(file, {
      url: url.origin,
      cookie,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      signedInAt: new Date().toISOString(),
    });
    if (values.json) {
      io.out(JSON.stringify({ username: user.username, displayName: user.displayName, role: user.role }));
    } else {
      io.out(
        `Signed in to ${url.origin} as ${user.username} (${user.displayName}, ${roleNames[user.role] ?? user.role}).`,
      );
      io.out(`Session kept in ${file}; it ends after 15 minutes without use, or after 8 hours.`);
    }
    return 0;
  },
};

export const logout: CliCommand = {
  name: 'logout',
  synopsis: '',
  summary: 'end the session on the workbench and delete the session file',
  async run(args, io) {
    const { values } = parseOptions(args, { url: serverOptions.url });
    const url = workbenchUrl(values.url, io.env);
    const file = sessionFile(url, io.env);
    const session = loadSession(file, io.err);
    if (!session) {
      io.out(`Not signed in to ${url.origin}.`);
      return 0;
    }
    // A session that already ended on the server needs nothing more there.
    await openWorkbench(url, session.cookie)
      .api.auth.logout.mutate()
      .catch(() => undefined);
    forgetSession(file);
    io.out(`Signed out of ${url.origin} (${session.username}).`);
    return 0;
  },
};

export const whoami: CliCommand = {
  name: 'whoami',
  synopsis: '',
  summary: 'who the stored session signs in as, checked with the workbench',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const me = await workbench.api.auth.me.query();
    if (!me)
      throw new CommandFailure('the session has ended. Sign in again with "npx dataprep login --user NAME".');
    if (values.json) io.out(JSON.stringify(me));
    else
      io.out(
        `${me.username} (${me.displayName}, ${roleNames[me.role] ?? me.role}) at ${workbench.url.origin}`,
      );
    return 0;
  },
};

// Where the standalone sandbox (`npm run sandbox`) takes its credentials from: never the command
// line, which every user of the machine can read with `ps`. In order:
//   --credentials-file FILE   JSON {"username": "...", "password": "..."} or {"token": "..."};
//                             refused when other users can read it (chmod 600)
//   KESTRA_SANDBOX_TOKEN      an Enterprise-style bearer token
//   KESTRA_SANDBOX_PASSWORD   basic auth, with KESTRA_SANDBOX_USER or --user for the username
// Without any, the sandbox runs open and says so loudly.
import { readFileSync, statSync } from 'node:fs';
import type { SandboxAuth } from './http/auth';

export class CliCredentialsError extends Error {}

export interface CliCredentialInput {
  /** `--user`: a username is not a secret, so it may be given on the command line. */
  user?: string;
  /** `--password` / `--token` as given on the command line: always refused. */
  password?: string;
  token?: string;
  credentialsFile?: string;
}

function fromFile(file: string): SandboxAuth {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new CliCredentialsError(`The credentials file ${file} cannot be read.`);
  }
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    throw new CliCredentialsError(`The credentials file ${file} can be read by other users (mode ${(stats.mode & 0o777).toString(8)}): run \`chmod 600 ${file}\` first.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CliCredentialsError(`The credentials file ${file} is not JSON: write {"username": "...", "password": "..."} or {"token": "..."}.`);
  }
  const value = (parsed ?? {}) as { username?: unknown; password?: unknown; token?: unknown };
  if (typeof value.token === 'string' && value.token !== '') return { bearerToken: value.token };
  if (typeof value.username === 'string' && value.username !== '' && typeof value.password === 'string' && value.password !== '') {
    return { username: value.username, password: value.password };
  }
  throw new CliCredentialsError(`The credentials file ${file} needs {"username": "...", "password": "..."} or {"token": "..."}.`);
}

/** The sandbox's credentials, or undefined to run open. Throws CliCredentialsError with words for the user. */
export function readCliCredentials(input: CliCredentialInput, env: NodeJS.ProcessEnv): SandboxAuth | undefined {
  if (input.password !== undefined || input.token !== undefined) {
    throw new CliCredentialsError(
      'Secrets on the command line are visible to every user of this machine (ps). Set KESTRA_SANDBOX_PASSWORD (with KESTRA_SANDBOX_USER or --user) or KESTRA_SANDBOX_TOKEN, or use --credentials-file FILE.',
    );
  }
  if (input.credentialsFile !== undefined) return fromFile(input.credentialsFile);
  if (env.KESTRA_SANDBOX_TOKEN) return { bearerToken: env.KESTRA_SANDBOX_TOKEN };
  const user = input.user ?? env.KESTRA_SANDBOX_USER;
  const password = env.KESTRA_SANDBOX_PASSWORD;
  if (password) {
    if (!user) throw new CliCredentialsError('KESTRA_SANDBOX_PASSWORD needs a username: set KESTRA_SANDBOX_USER or pass --user.');
    return { username: user, password };
  }
  if (user) throw new CliCredentialsError(`--user ${user} needs a password: set KESTRA_SANDBOX_PASSWORD (never on the command line), or use --credentials-file FILE.`);
  return undefined;
}

/** What the sandbox prints when it runs without credentials. */
export function openWarning(url: string, loopbackOnly: boolean): string {
  return [
    `WARNING: this sandbox has no authentication: ${loopbackOnly ? 'any program or user on this machine' : 'anyone who can reach it on the network'} can create flows on ${url} and run shell commands as you.`,
    'Set KESTRA_SANDBOX_USER and KESTRA_SANDBOX_PASSWORD (or KESTRA_SANDBOX_TOKEN, or --credentials-file FILE) to require credentials.',
  ].join('\n');
}

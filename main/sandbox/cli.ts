// `npm run sandbox -- [--port 8080] [--data DIR] [--credentials-file FILE] [--user EMAIL] [--legacy]`:
// the local Kestra-compatible server on its own. Credentials come from the environment or a file,
// never from the command line (see cli-credentials.ts).
import { parseArgs } from 'node:util';
import { CliCredentialsError, openWarning, readCliCredentials } from './cli-credentials';
import { startSandbox } from './server';
import { defaultSandboxDataDir } from './default-data-dir';
import type { SandboxAuth } from './http/auth';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      user: { type: 'string' },
      // Declared only to refuse them with a clear message.
      password: { type: 'string' },
      token: { type: 'string' },
      'credentials-file': { type: 'string' },
      legacy: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: ${values.port}`);
    process.exit(2);
  }
  let auth: SandboxAuth | undefined;
  try {
    auth = readCliCredentials({ user: values.user, password: values.password, token: values.token, credentialsFile: values['credentials-file'] }, process.env);
  } catch (error) {
    if (!(error instanceof CliCredentialsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  // The database, files and logs it writes are this user's only.
  process.umask(0o077);

  const sandbox = await startSandbox({ port, host: values.host, dataDir: values.data ?? defaultSandboxDataDir(), auth, legacyOnly: values.legacy });
  const authText = !auth ? 'basic auth off' : 'username' in auth ? `basic auth on for ${auth.username}` : 'bearer token auth on';
  console.log(`Kestra sandbox listening on ${sandbox.url} (data: ${sandbox.dataDir}; ${authText})`);
  if (!auth) console.error(openWarning(sandbox.url, ['127.0.0.1', 'localhost', '::1'].includes(values.host)));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

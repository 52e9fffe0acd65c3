// `npm run sandbox -- [--port 8080] [--data DIR] [--user EMAIL --password PW] [--token T] [--legacy] [--no-scripts] [--no-http]`:
// the local Kestra-compatible server on its own.
import { parseArgs } from 'node:util';
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
      password: { type: 'string' },
      token: { type: 'string' },
      legacy: { type: 'boolean', default: false },
      'no-scripts': { type: 'boolean', default: false },
      'no-http': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: ${values.port}`);
    process.exit(2);
  }
  if ((values.user === undefined) !== (values.password === undefined)) {
    console.error('--user and --password go together');
    process.exit(2);
  }
  let auth: SandboxAuth | undefined;
  if (values.user !== undefined && values.password !== undefined) auth = { username: values.user, password: values.password };
  else if (values.token !== undefined) auth = { bearerToken: values.token };

  const allow = { ...(values['no-scripts'] ? { scripts: false } : {}), ...(values['no-http'] ? { http: false } : {}) };
  const sandbox = await startSandbox({ port, host: values.host, dataDir: values.data ?? defaultSandboxDataDir(), auth, legacyOnly: values.legacy, allow });
  const authText = !auth ? 'basic auth off' : 'username' in auth ? `basic auth on for ${auth.username}` : 'bearer token auth on';
  console.log(`Kestra sandbox listening on ${sandbox.url} (data: ${sandbox.dataDir}; ${authText})`);
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

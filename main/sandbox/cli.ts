// `npm run sandbox -- [--port 8080] [--data DIR] [--credentials-file FILE] [--user EMAIL]
//   [--kestra-version 0.22|0.24|1.3|2.0] [--edition oss|ee] [--tenants a,b] [--legacy] [--help]`:
// the local Kestra-compatible server on its own, answering as the chosen Kestra version.
// Credentials come from the environment or a file, never from the command line (cli-credentials.ts).
import { parseArgs } from 'node:util';
import { CliCredentialsError, openWarning, readCliCredentials } from './cli-credentials';
import { personaOf, startSandbox, type SandboxOptions } from './server';
import { defaultSandboxDataDir } from './default-data-dir';
import type { SandboxAuth } from './http/auth';
import { PERSONAS, type Edition } from './personas';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

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
      'kestra-version': { type: 'string' },
      edition: { type: 'string' },
      tenants: { type: 'string' },
      legacy: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Kestra versions (--kestra-version):');
    for (const persona of Object.values(PERSONAS)) console.log(`  ${persona.id.padEnd(5)} ${persona.summary}`);
    console.log('--edition ee: Enterprise tenants (default demo,prod; --tenants a,b), API tokens as bearer tokens, RBAC.');
    console.log('  KESTRA_SANDBOX_TOKEN (or a credentials file {"token": ...}) is then a superadmin API token.');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid --port: ${values.port}`);
  let auth: SandboxAuth | undefined;
  try {
    auth = readCliCredentials({ user: values.user, password: values.password, token: values.token, credentialsFile: values['credentials-file'] }, process.env);
  } catch (error) {
    if (!(error instanceof CliCredentialsError)) throw error;
    fail(error.message);
  }
  const editionText = (values.edition ?? 'oss').toUpperCase();
  if (editionText !== 'OSS' && editionText !== 'EE') fail(`Invalid --edition: ${values.edition} (oss or ee)`);
  const edition = editionText as Edition;
  if (edition === 'EE' && !auth) fail('--edition ee needs credentials: KESTRA_SANDBOX_TOKEN (a superadmin API token) or a user (KESTRA_SANDBOX_USER/PASSWORD), or --credentials-file FILE.');
  const tenants = values.tenants?.split(',').map((t) => t.trim()).filter(Boolean);
  // The database, files and logs it writes are this user's only.
  process.umask(0o077);

  const options: SandboxOptions = {
    port,
    host: values.host,
    dataDir: values.data ?? defaultSandboxDataDir(),
    auth,
    kestraVersion: values['kestra-version'] ?? (values.legacy ? '0.22' : undefined),
    edition,
    enterprise: edition === 'EE' ? { tokens: [], ...(tenants ? { tenants } : {}) } : undefined,
  };
  try {
    personaOf(options);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const sandbox = await startSandbox(options);
  const persona = sandbox.persona;
  const authText = !auth ? 'basic auth off' : 'username' in auth ? `basic auth on for ${auth.username}` : 'bearer token auth on';
  const tenantText = persona.edition === 'EE' ? `; tenants ${persona.tenants.join(', ')}` : '';
  console.log(`Kestra sandbox listening on ${sandbox.url} (data: ${sandbox.dataDir}; ${authText}; Kestra ${persona.version} ${persona.edition}${tenantText})`);
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

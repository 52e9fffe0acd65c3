// `npm run web`: the console for a browser. Starts the same core as the desktop app, serves the
// built renderer and the handler table on 127.0.0.1, and prints the URL (with its per-launch token).
// The Local sandbox runs in a child process (see main/app/sandbox-child.ts); Ctrl-C stops both.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConsoleCore } from '../app/console-core';
import { launchSandboxInChildProcess } from '../app/sandbox-child';
import { defaultConsoleDataDir } from '../sandbox/default-data-dir';
import { exitNowIfKeychainStuck } from '../vault/keychain-vault';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'app-data': { type: 'string' },
      static: { type: 'string' },
      'no-local-sandbox': { type: 'boolean', default: false },
    },
  });
  const repoRoot = path.resolve(import.meta.dirname, '..', '..');
  const appDataDir = path.resolve(values['app-data'] ?? defaultConsoleDataDir());
  const staticDir = path.resolve(values.static ?? path.join(repoRoot, process.env.KESTRA_CONSOLE_OUT ?? 'out', 'renderer'));
  const appVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);

  // Test harnesses that also call the Local sandbox directly choose its token (never on argv); it
  // is taken out of the environment so no child inherits it.
  const localSandboxToken = process.env.KESTRA_CONSOLE_LOCAL_SANDBOX_TOKEN || undefined;
  delete process.env.KESTRA_CONSOLE_LOCAL_SANDBOX_TOKEN;
  const core = await createConsoleCore({
    appDataDir,
    mode: 'web',
    appVersion,
    launchLocalSandbox: values['no-local-sandbox'] ? undefined : launchSandboxInChildProcess,
    localSandboxToken,
  });
  let host;
  try {
    host = await startWebHost({ services: core.web, staticDir, port });
  } catch (error) {
    await core.dispose();
    throw error;
  }
  console.log(`Kestra Console (web mode) is ready: open ${host.url}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void Promise.allSettled([host.close(), core.dispose()]).then(() => {
      exitNowIfKeychainStuck();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Kestra Console (web mode) failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

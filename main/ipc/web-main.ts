// `npm run web`: the console for a browser. Starts the same core as the desktop app, serves the
// built renderer and the handler table on 127.0.0.1, and prints the URL (with its per-launch token).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConsoleCore } from '../app/console-core';
import { startSandbox } from '../sandbox/server';
import { defaultConsoleDataDir } from '../sandbox/default-data-dir';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'app-data': { type: 'string' },
      static: { type: 'string' },
    },
  });
  const repoRoot = path.resolve(import.meta.dirname, '..', '..');
  const appDataDir = path.resolve(values['app-data'] ?? defaultConsoleDataDir());
  const staticDir = path.resolve(values.static ?? path.join(repoRoot, 'out', 'renderer'));
  const appVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

  const core = await createConsoleCore({
    appDataDir,
    mode: 'web',
    appVersion,
    launchLocalSandbox: ({ dataDir }) => startSandbox({ port: 0, dataDir }),
  });
  const host = await startWebHost({ table: core.table, staticDir, port: Number(values.port) });
  console.log(`Kestra Console (web mode) is ready: open ${host.url}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([host.close(), core.dispose()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Kestra Console (web mode) failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

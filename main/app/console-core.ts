// The composition root shared by the Electron shell and web mode: it creates the services and
// the one handler table both transports serve.
import path from 'node:path';
import type { ServerView } from '../contract/servers';
import type { HandlerTable } from '../ipc/handler-table';

/** Starts the embedded Local sandbox; Electron uses a utility process, web mode the same process. */
export type LocalSandboxLauncher = (options: { dataDir: string }) => Promise<{ url: string; close(): Promise<void> }>;

export interface ConsoleCoreOptions {
  appDataDir: string;
  mode: 'electron' | 'web';
  appVersion: string;
  launchLocalSandbox: LocalSandboxLauncher;
}

export interface ConsoleCore {
  table: HandlerTable;
  dispose(): Promise<void>;
}

export const LOCAL_SANDBOX_SERVER_ID = 'local-sandbox';

export async function createConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  const sandbox = await options.launchLocalSandbox({ dataDir: path.join(options.appDataDir, 'sandbox') });
  const localSandbox: ServerView = {
    id: LOCAL_SANDBOX_SERVER_ID,
    name: 'Local sandbox',
    url: sandbox.url,
    authKind: 'none',
    color: '#8405ff',
    environment: 'development',
    policy: { confirmDestructive: false, readOnly: false },
    tls: {},
    timeouts: { connectMs: 10_000, requestMs: 30_000 },
    builtIn: true,
    hasCredentials: false,
  };

  const table: HandlerTable = {
    'app.info': async () => ({ version: options.appVersion, mode: options.mode, platform: process.platform }),
    'servers.list': async () => [localSandbox],
  };

  return {
    table,
    dispose: () => sandbox.close(),
  };
}

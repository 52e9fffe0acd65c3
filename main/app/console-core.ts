// The composition root shared by the Electron shell and web mode: it opens the server registry
// and the vault, starts the Local sandbox, and builds the one handler table (and stream table)
// both transports serve.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { HandlerTable } from '../ipc/handler-table';
import type { StreamTable } from '../ipc/stream-table';
import type { WebHostServices } from '../ipc/web-host';
import { ConsoleError } from '../ipc/console-error';
import { ServerRegistry } from '../servers/server-registry';
import { VaultManager, type OpenVaultOptions } from '../vault/vault-manager';
import { ClientPool, type ClientTuning } from './client-pool';
import { createKestraHandlers, createDownloadOpeners, type DownloadOpeners } from './handlers/kestra-handlers';
import { createServerHandlers } from './handlers/server-handlers';
import { createStreamHandlers, type FollowTuning } from './handlers/stream-handlers';
import { LocalSandbox, LOCAL_SANDBOX_NAME, type LocalSandboxLauncher } from './local-sandbox';
import { TransferService } from './transfers';

export { LOCAL_SANDBOX_SERVER_ID, type LocalSandboxLauncher } from './local-sandbox';

export interface ConsoleCoreOptions {
  appDataDir: string;
  mode: 'electron' | 'web';
  appVersion: string;
  /** Starts the embedded Local sandbox; omit to run without it (status "disabled"). */
  launchLocalSandbox?: LocalSandboxLauncher;
  /** Keychain and safeStorage choices; default: the OS keychain, then memory. */
  vault?: Omit<OpenVaultOptions, 'appDataDir'>;
  /** Electron: opens an https link in the system browser. */
  openExternal?: (url: string) => Promise<void>;
  /** Electron: the save dialog for downloads. */
  saveDialog?: (suggestedName: string) => Promise<string | undefined>;
  /** Accept local paths from the caller (Electron's preload); web mode streams bodies instead. */
  allowLocalPaths?: boolean;
  /** Shorter retries/reconnects for tests. */
  tuning?: ClientTuning & { follow?: FollowTuning };
}

export interface ConsoleCore {
  table: HandlerTable;
  streams: StreamTable;
  transfers: TransferService;
  downloads: DownloadOpeners;
  clients: ClientPool;
  /** What the web host serves besides the tables (streamed uploads, staging, downloads). */
  web: WebHostServices;
  appDataDir: string;
  dispose(): Promise<void>;
}

export async function createConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  await fs.mkdir(options.appDataDir, { recursive: true, mode: 0o700 });
  const sandbox = new LocalSandbox(options.launchLocalSandbox, path.join(options.appDataDir, 'sandbox'));
  const [registry, vault] = await Promise.all([
    ServerRegistry.open(options.appDataDir),
    VaultManager.open({ appDataDir: options.appDataDir, ...options.vault }),
  ]);
  registry.reservedNames = [LOCAL_SANDBOX_NAME];
  const transfers = new TransferService({ appDataDir: options.appDataDir, allowPathTargets: options.allowLocalPaths ?? options.mode === 'electron', saveDialog: options.saveDialog });
  await transfers.init();
  const clients = new ClientPool(registry, vault, sandbox, options.tuning);
  const downloads = createDownloadOpeners(clients);

  const table: HandlerTable = {
    ...createServerHandlers({ registry, vault, clients, sandbox, mode: options.mode, appVersion: options.appVersion, openExternal: options.openExternal }),
    ...createKestraHandlers(clients, transfers, downloads),
  };
  const streams = createStreamHandlers(clients, transfers, options.tuning?.follow);

  const web: WebHostServices = {
    table,
    streams,
    uploadBody: async (params, file, signal) => {
      if (typeof params.serverId !== 'string' || typeof params.namespace !== 'string' || typeof params.path !== 'string') {
        throw new ConsoleError('validation', 'An upload needs serverId, namespace and path.');
      }
      const client = await clients.get(params.serverId);
      try {
        return await client.files.upload(params.namespace, params.path, { name: file.name, size: file.size, open: () => file.body }, {
          signal,
          extractZip: params.extractZip === true,
          onProgress: (bytes, total) => transfers.progress.emit(params.uploadId, { bytes, total }),
        });
      } finally {
        transfers.progress.finish(params.uploadId);
      }
    },
    stageBody: (file, signal) => transfers.stage(file.body, file.name, file.size, signal),
    openDownload: (method, params, signal) => downloads[method](params as never, signal),
  };

  let disposed: Promise<void> | undefined;
  return {
    table,
    streams,
    transfers,
    downloads,
    clients,
    web,
    appDataDir: options.appDataDir,
    dispose: () => {
      disposed ??= (async () => {
        await Promise.allSettled([clients.closeAll(), transfers.dispose(), sandbox.close()]);
      })();
      return disposed;
    },
  };
}

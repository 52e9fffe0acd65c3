// The composition root shared by the Electron shell and web mode: it opens the server registry
// and the vault, starts the Local sandbox, and builds the one handler table (and stream table)
// both transports serve.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DownloadMethod, DownloadParams } from '../contract/bridge';
import { createCallJudge, type CallJudge } from '../ipc/call-judge';
import type { HandlerTable } from '../ipc/handler-table';
import type { StreamTable } from '../ipc/stream-table';
import type { LocalFileRef } from '../contract/transfer';
import { WEB_OWNER, type WebHostServices } from '../ipc/web-host';
import { ConsoleError } from '../ipc/console-error';
import { ServerRegistry } from '../servers/server-registry';
import { VaultManager, type OpenVaultOptions } from '../vault/vault-manager';
import { ClientPool, type ClientTuning } from './client-pool';
import { createKestraHandlers, createDownloadOpeners, type DownloadOpeners } from './handlers/kestra-handlers';
import { createLocalHandlers } from './handlers/local-handlers';
import { createServerHandlers } from './handlers/server-handlers';
import { createStreamHandlers, type FollowTuning } from './handlers/stream-handlers';
import { createUiStateHandlers } from './handlers/ui-state-handlers';
import { LocalSandbox, LOCAL_SANDBOX_NAME, LOCAL_SANDBOX_SERVER_ID, type LocalSandboxLauncher } from './local-sandbox';
import { TransferService, transferFailure, type NamedDownload } from './transfers';
import { UiStateStore } from './ui-state-store';

export { LOCAL_SANDBOX_SERVER_ID, type LocalSandboxLauncher } from './local-sandbox';

export interface ConsoleCoreOptions {
  appDataDir: string;
  mode: 'electron' | 'web';
  appVersion: string;
  /** Starts the embedded Local sandbox; omit to run without it (status "disabled"). */
  launchLocalSandbox?: LocalSandboxLauncher;
  /**
   * The Local sandbox's bearer token, for a harness that also drives the sandbox directly (e2e
   * tests); main generates a random one per launch otherwise.
   */
  localSandboxToken?: string;
  /** Keychain and safeStorage choices; default: the OS keychain, then memory. */
  vault?: Omit<OpenVaultOptions, 'appDataDir'>;
  /** Electron: opens an https link in the system browser. */
  openExternal?: (url: string) => Promise<void>;
  /** Electron: main's save dialog for downloads (tests inject a stub); web mode has none, the browser saves. */
  saveDialog?: (suggestedName: string) => Promise<string | undefined>;
  /** Electron: main's folder dialog for syncing a namespace folder down (tests inject a stub). */
  folderDialog?: () => Promise<string | undefined>;
  /** Shorter retries/reconnects for tests. */
  tuning?: ClientTuning & { follow?: FollowTuning };
}

export interface ConsoleCore {
  table: HandlerTable;
  /** Every call passes it before its handler (dispatch, and the web host's streamed uploads). */
  judge: CallJudge;
  streams: StreamTable;
  transfers: TransferService;
  downloads: DownloadOpeners;
  clients: ClientPool;
  /** What the web host serves besides the tables (streamed uploads, staging, downloads). */
  web: WebHostServices;
  appDataDir: string;
  /** Electron: a path the preload read from a dropped or picked File becomes a handle of that window. */
  registerFile(owner: string, file: unknown): Promise<LocalFileRef>;
  /** A window went away or navigated: its handles are forgotten. */
  releaseOwner(owner: string): void;
  dispose(): Promise<void>;
}

export async function createConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  await fs.mkdir(options.appDataDir, { recursive: true, mode: 0o700 });
  const sandbox = new LocalSandbox(options.launchLocalSandbox, path.join(options.appDataDir, 'sandbox'), options.localSandboxToken);
  const [registry, vault] = await Promise.all([
    ServerRegistry.open(options.appDataDir),
    VaultManager.open({ appDataDir: options.appDataDir, ...options.vault }),
  ]);
  registry.reservedNames = [LOCAL_SANDBOX_NAME];
  const transfers = new TransferService({ appDataDir: options.appDataDir, saveDialog: options.saveDialog, folderDialog: options.folderDialog });
  await transfers.init();
  const clients = new ClientPool(registry, vault, sandbox, options.tuning);
  const downloads = namedDownloads(createDownloadOpeners(clients), async (serverId) => (await clients.get(serverId)).transport.http.origin);
  const judge = createCallJudge((serverId) => (serverId === LOCAL_SANDBOX_SERVER_ID ? sandbox.view() : registry.get(serverId)));

  const table: HandlerTable = {
    ...createServerHandlers({ registry, vault, clients, sandbox, mode: options.mode, appVersion: options.appVersion, openExternal: options.openExternal }),
    ...createKestraHandlers(clients, transfers, downloads),
    ...createUiStateHandlers(UiStateStore.forAppData(options.appDataDir)),
    ...createLocalHandlers(transfers, (params, signal) => downloads['files.download'](params, signal)),
  };
  const streams = createStreamHandlers(clients, transfers, options.tuning?.follow);

  const web: WebHostServices = {
    table,
    judge,
    streams,
    uploadBody: async (params, file, signal) => {
      if (typeof params.serverId !== 'string' || typeof params.namespace !== 'string' || typeof params.path !== 'string') {
        throw new ConsoleError('validation', 'An upload needs serverId, namespace and path.');
      }
      judge('files.upload', params as unknown as Record<string, unknown>);
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
    stageBody: (file, signal) => transfers.stage(WEB_OWNER, file.body, file.name, file.size, signal),
    openDownload: async (method, params, signal) => {
      const download = await downloads[method](params as never, signal);
      return { ...download, failure: (error: unknown, s?: AbortSignal) => transferFailure(error, s, download.server, 'downloading') };
    },
  };

  let disposed: Promise<void> | undefined;
  return {
    table,
    streams,
    transfers,
    downloads,
    clients,
    web,
    judge,
    appDataDir: options.appDataDir,
    registerFile: (owner, file) => transfers.registerPath(owner, file),
    releaseOwner: (owner) => transfers.releaseOwner(owner),
    dispose: () => {
      disposed ??= (async () => {
        await Promise.allSettled([clients.closeAll(), transfers.dispose(), sandbox.close()]);
      })();
      return disposed;
    },
  };
}

/** Adds the server's origin to every opened download, so a failure mid-body names the server. */
function namedDownloads(openers: DownloadOpeners, originOf: (serverId: string) => Promise<string>): NamedOpeners {
  const named = {} as Record<DownloadMethod, (params: { serverId: string }, signal: AbortSignal) => Promise<NamedDownload & { suggestedName: string; server: string }>>;
  for (const method of Object.keys(openers) as DownloadMethod[]) {
    const open = openers[method] as unknown as (params: { serverId: string }, signal: AbortSignal) => Promise<NamedDownload & { suggestedName: string }>;
    named[method] = async (params, signal) => ({ ...(await open(params, signal)), server: await originOf(params.serverId) });
  }
  return named as unknown as NamedOpeners;
}

type NamedOpeners = { [M in DownloadMethod]: (params: DownloadParams<M>, signal: AbortSignal) => Promise<NamedDownload & { suggestedName: string; server: string }> };

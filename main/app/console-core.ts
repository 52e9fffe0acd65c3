// The composition root shared by the Electron shell and web mode: it creates the services and
// the one handler table both transports serve.
import path from 'node:path';
import type { ServerView } from '../contract/servers';
import type { HandlerTable } from '../ipc/handler-table';
import { ConsoleError } from '../ipc/console-error';

function notYetImplemented(method: string) {
  return async (): Promise<never> => {
    throw new ConsoleError('internal', `${method} is not implemented yet`);
  };
}

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
    // Filled in by the main-process work (issue 5); each answers with a clear error meanwhile.
    'app.status': notYetImplemented('app.status'),
    'app.openExternal': notYetImplemented('app.openExternal'),
    'servers.create': notYetImplemented('servers.create'),
    'servers.update': notYetImplemented('servers.update'),
    'servers.delete': notYetImplemented('servers.delete'),
    'servers.reorder': notYetImplemented('servers.reorder'),
    'servers.setSecret': notYetImplemented('servers.setSecret'),
    'servers.clearSecret': notYetImplemented('servers.clearSecret'),
    'servers.testConnection': notYetImplemented('servers.testConnection'),
    'servers.health': notYetImplemented('servers.health'),
    'servers.export': notYetImplemented('servers.export'),
    'servers.import': notYetImplemented('servers.import'),
    'kestra.configs': notYetImplemented('kestra.configs'),
    'kestra.flowSchema': notYetImplemented('kestra.flowSchema'),
    'namespaces.list': notYetImplemented('namespaces.list'),
    'flows.search': notYetImplemented('flows.search'),
    'flows.get': notYetImplemented('flows.get'),
    'flows.create': notYetImplemented('flows.create'),
    'flows.update': notYetImplemented('flows.update'),
    'flows.delete': notYetImplemented('flows.delete'),
    'flows.validate': notYetImplemented('flows.validate'),
    'flows.revisions': notYetImplemented('flows.revisions'),
    'executions.trigger': notYetImplemented('executions.trigger'),
    'executions.search': notYetImplemented('executions.search'),
    'executions.get': notYetImplemented('executions.get'),
    'executions.kill': notYetImplemented('executions.kill'),
    'executions.restart': notYetImplemented('executions.restart'),
    'executions.replay': notYetImplemented('executions.replay'),
    'executions.resume': notYetImplemented('executions.resume'),
    'executions.pause': notYetImplemented('executions.pause'),
    'executions.changeStatus': notYetImplemented('executions.changeStatus'),
    'executions.setLabels': notYetImplemented('executions.setLabels'),
    'executions.delete': notYetImplemented('executions.delete'),
    'executions.bulk': notYetImplemented('executions.bulk'),
    'executions.downloadFile': notYetImplemented('executions.downloadFile'),
    'executions.previewFile': notYetImplemented('executions.previewFile'),
    'logs.list': notYetImplemented('logs.list'),
    'logs.download': notYetImplemented('logs.download'),
    'kv.list': notYetImplemented('kv.list'),
    'kv.inherited': notYetImplemented('kv.inherited'),
    'kv.search': notYetImplemented('kv.search'),
    'kv.get': notYetImplemented('kv.get'),
    'kv.put': notYetImplemented('kv.put'),
    'kv.delete': notYetImplemented('kv.delete'),
    'kv.deleteMany': notYetImplemented('kv.deleteMany'),
    'files.list': notYetImplemented('files.list'),
    'files.stats': notYetImplemented('files.stats'),
    'files.readText': notYetImplemented('files.readText'),
    'files.writeText': notYetImplemented('files.writeText'),
    'files.upload': notYetImplemented('files.upload'),
    'files.mkdir': notYetImplemented('files.mkdir'),
    'files.move': notYetImplemented('files.move'),
    'files.delete': notYetImplemented('files.delete'),
    'files.revisions': notYetImplemented('files.revisions'),
    'files.download': notYetImplemented('files.download'),
    'files.export': notYetImplemented('files.export'),
  };

  return {
    table,
    dispose: () => sandbox.close(),
  };
}

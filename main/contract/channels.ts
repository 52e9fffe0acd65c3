// Runtime names shared by main-side transports (ipcMain, preload, web host). The renderer never
// imports this file's values; it reaches them through the preload or the web bridge.
import type { MethodName } from './methods';
import type { StreamName } from './streams';

export const METHOD_NAMES = [
  'app.info',
  'app.status',
  'app.openExternal',
  'ui.loadState',
  'ui.saveState',
  'servers.list',
  'servers.create',
  'servers.update',
  'servers.delete',
  'servers.reorder',
  'servers.setSecret',
  'servers.clearSecret',
  'servers.testConnection',
  'servers.health',
  'servers.export',
  'servers.import',
  'kestra.configs',
  'kestra.flowSchema',
  'kestra.capabilities',
  'kestra.tenants',
  'namespaces.list',
  'flows.search',
  'flows.get',
  'flows.create',
  'flows.update',
  'flows.delete',
  'flows.validate',
  'flows.revisions',
  'executions.trigger',
  'executions.search',
  'executions.get',
  'executions.kill',
  'executions.restart',
  'executions.replay',
  'executions.resume',
  'executions.pause',
  'executions.changeStatus',
  'executions.setLabels',
  'executions.delete',
  'executions.bulk',
  'executions.downloadFile',
  'executions.taskRunOutputs',
  'executions.flowOutputs',
  'executions.outputsIndex',
  'executions.previewFile',
  'logs.list',
  'logs.download',
  'kv.list',
  'kv.inherited',
  'kv.search',
  'kv.get',
  'kv.put',
  'kv.delete',
  'kv.deleteMany',
  'files.list',
  'files.stats',
  'files.readText',
  'files.readBytes',
  'files.writeText',
  'files.upload',
  'files.mkdir',
  'files.move',
  'files.delete',
  'files.revisions',
  'files.download',
  'files.export',
  'local.pickFolder',
  'local.saveFile',
  'local.removeFile',
] as const satisfies readonly MethodName[];

// Compile-time proof that METHOD_NAMES lists every method exactly: adding a method to
// ConsoleMethods without listing it here fails the typecheck.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const everyMethodListed: Missing extends never ? true : Missing = true;
void everyMethodListed;

export const IPC_INVOKE_CHANNEL = 'kestra-console:invoke';
export const IPC_CANCEL_CHANNEL = 'kestra-console:cancel';
/** A stream subscription: `ipcRenderer.postMessage` with `{stream, params}` and one MessagePort. */
export const IPC_SUBSCRIBE_CHANNEL = 'kestra-console:subscribe';
/**
 * The preload registers the path of a File the user dropped or picked (webUtils.getPathForFile)
 * and gets back an opaque handle for this window. Only the preload sends it: page code never sees
 * ipcRenderer, and no contract method takes a path.
 */
export const IPC_REGISTER_FILE_CHANNEL = 'kestra-console:register-file';

/** Web transport: header carrying the per-launch token. */
export const WEB_TOKEN_HEADER = 'x-console-token';

export const STREAM_NAMES = ['executions.follow', 'logs.follow', 'transfers.progress'] as const satisfies readonly StreamName[];
type MissingStream = Exclude<StreamName, (typeof STREAM_NAMES)[number]>;
const everyStreamListed: MissingStream extends never ? true : MissingStream = true;
void everyStreamListed;

// Handlers for everything read from or written to a Kestra server: configs, schema, namespaces,
// flows, executions, logs, KV and namespace files. Each resolves the server's client from the
// pool, so the renderer only ever sends a server id.
import path from 'node:path';
import type { DownloadMethod, DownloadParams } from '../../contract/bridge';
import type { MethodParams } from '../../contract/methods';
import type { HandlerTable } from '../../ipc/handler-table';
import { ConsoleError } from '../../ipc/console-error';
import type { DownloadStream, UploadSource } from '../../kestra/kestra-client';
import type { ClientPool } from '../client-pool';
import { bufferSource, type ResolvedSource, type TransferService } from '../transfers';

type KestraMethod = Exclude<keyof HandlerTable, `servers.${string}` | `app.${string}` | `ui.${string}` | `local.${string}`>;
type KestraHandlers = Pick<HandlerTable, KestraMethod>;

/** Opens the server-side stream behind each download method (shared by both transports). */
export type DownloadOpeners = { [M in DownloadMethod]: (params: DownloadParams<M>, signal: AbortSignal) => Promise<DownloadStream & { suggestedName: string }> };

export const DEFAULT_TEXT_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_BYTES_LIMIT = 16 * 1024 * 1024;

export function createDownloadOpeners(clients: ClientPool): DownloadOpeners {
  return {
    'logs.download': async (p, signal) => {
      const client = await clients.get(p.serverId);
      return { ...(await client.logs.openDownload(p.executionId, p.minLevel, signal)), suggestedName: `${p.executionId}.log` };
    },
    'files.download': async (p, signal) => {
      const client = await clients.get(p.serverId);
      return { ...(await client.files.openDownload(p.namespace, p.path, signal)), suggestedName: path.posix.basename(String(p.path)) || 'file' };
    },
    'files.export': async (p, signal) => {
      const client = await clients.get(p.serverId);
      return { ...(await client.files.openExport(p.namespace, signal)), suggestedName: `${p.namespace}_files.zip` };
    },
    'executions.downloadFile': async (p, signal) => {
      const client = await clients.get(p.serverId);
      const stream = await client.executions.openFile(p.executionId, p.uri, signal);
      return { ...stream, suggestedName: stream.fileName ?? (path.posix.basename(String(p.uri)) || 'output') };
    },
  };
}

/** Resolves every file handle of a call (only the caller's own), and releases them all afterwards. */
async function withSources<T>(transfers: TransferService, owner: string, refs: Record<string, unknown> | undefined, run: (sources: Record<string, UploadSource>) => Promise<T>): Promise<T> {
  const resolved: Record<string, ResolvedSource> = {};
  try {
    for (const [name, ref] of Object.entries(refs ?? {})) resolved[name] = await transfers.resolve(ref, owner, name);
    return await run(resolved);
  } finally {
    await Promise.allSettled(Object.values(resolved).map((s) => s.release()));
  }
}

function requireTarget<M extends DownloadMethod>(params: MethodParams<M>): MethodParams<M>['target'] {
  const target = (params as { target?: MethodParams<M>['target'] }).target;
  if (!target) throw new ConsoleError('validation', 'A download target is required.');
  return target;
}

export function createKestraHandlers(clients: ClientPool, transfers: TransferService, downloads: DownloadOpeners): KestraHandlers {
  const client = (serverId: string) => clients.get(serverId);
  const download = <M extends DownloadMethod>(method: M) =>
    (async (params: MethodParams<M>, { signal }: { signal: AbortSignal }) => {
      const target = requireTarget<M>(params);
      const transferId = (target as { transferId?: string }).transferId;
      return transfers.save(target, (s) => downloads[method](params as DownloadParams<M>, s), signal, transferId);
    }) as HandlerTable[M];

  return {
    'kestra.configs': async ({ serverId }, { signal }) => (await client(serverId)).server.configs(signal),
    'kestra.capabilities': async ({ serverId }, { signal }) => (await client(serverId)).server.capabilities(signal),
    'kestra.tenants': async (params, { signal }) => {
      if ('input' in params && params.input !== undefined) return clients.withDraft(params.input, params.secret, (draft) => draft.server.tenants(signal));
      return (await client((params as { serverId: string }).serverId)).server.tenants(signal);
    },
    'kestra.flowSchema': async ({ serverId }, { signal }) => {
      const result = await (await client(serverId)).server.flowSchema(signal);
      return { schema: result.schema, cacheKey: `${serverId}:${result.cacheKey}` };
    },
    'namespaces.list': async ({ serverId, q }, { signal }) => (await client(serverId)).server.namespaces(q, signal),

    'flows.search': async ({ serverId, ...params }, { signal }) => (await client(serverId)).flows.search(params, signal),
    'flows.get': async ({ serverId, namespace, id, revision }, { signal }) => (await client(serverId)).flows.get(namespace, id, revision, signal),
    'flows.create': async ({ serverId, source }, { signal }) => (await client(serverId)).flows.create(source, signal),
    'flows.update': async ({ serverId, namespace, id, source }, { signal }) => (await client(serverId)).flows.update(namespace, id, source, signal),
    'flows.delete': async ({ serverId, namespace, id }, { signal }) => {
      await (await client(serverId)).flows.delete(namespace, id, signal);
      return null;
    },
    'flows.validate': async ({ serverId, source }, { signal }) => (await client(serverId)).flows.validate(source, signal),
    'flows.revisions': async ({ serverId, namespace, id }, { signal }) => (await client(serverId)).flows.revisions(namespace, id, signal),

    'executions.trigger': async ({ serverId, files, ...params }, { signal, owner }) => {
      const c = await client(serverId);
      return withSources(transfers, owner, files, (sources) => c.executions.trigger({ ...params, files: sources }, signal));
    },
    'executions.search': async ({ serverId, ...params }, { signal }) => (await client(serverId)).executions.search(params, signal),
    'executions.get': async ({ serverId, executionId }, { signal }) => (await client(serverId)).executions.get(executionId, signal),
    'executions.kill': async ({ serverId, executionId }, { signal }) => {
      await (await client(serverId)).executions.kill(executionId, signal);
      return null;
    },
    'executions.restart': async ({ serverId, executionId }, { signal }) => (await client(serverId)).executions.restart(executionId, signal),
    'executions.replay': async ({ serverId, executionId, taskRunId }, { signal }) => (await client(serverId)).executions.replay(executionId, taskRunId, signal),
    'executions.resume': async ({ serverId, executionId, inputs, files }, { signal, owner }) => {
      const c = await client(serverId);
      await withSources(transfers, owner, files, (sources) => c.executions.resume(executionId, inputs, sources, signal));
      return null;
    },
    'executions.pause': async ({ serverId, executionId }, { signal }) => {
      await (await client(serverId)).executions.pause(executionId, signal);
      return null;
    },
    'executions.changeStatus': async ({ serverId, executionId, status }, { signal }) => (await client(serverId)).executions.changeStatus(executionId, status, signal),
    'executions.setLabels': async ({ serverId, executionId, labels }, { signal }) => {
      if (!Array.isArray(labels)) throw new ConsoleError('validation', 'labels must be a list');
      return (await client(serverId)).executions.setLabels(executionId, labels, signal);
    },
    'executions.delete': async ({ serverId, executionId }, { signal }) => {
      await (await client(serverId)).executions.delete(executionId, signal);
      return null;
    },
    'executions.bulk': async ({ serverId, action, executionIds }, { signal }) => (await client(serverId)).executions.bulk(action, executionIds, signal),
    'executions.downloadFile': download('executions.downloadFile'),
    'executions.taskRunOutputs': async ({ serverId, executionId, taskRunId }, { signal }) => (await client(serverId)).outputs.taskRun(executionId, taskRunId, signal),
    'executions.flowOutputs': async ({ serverId, executionId }, { signal }) => (await client(serverId)).outputs.execution(executionId, signal),
    'executions.outputsIndex': async ({ serverId, executionId }, { signal }) => (await client(serverId)).outputs.withOutputs(executionId, signal),
    'executions.previewFile': async ({ serverId, executionId, uri, maxBytes }, { signal }) =>
      (await client(serverId)).executions.previewFile(executionId, uri, maxBytes ?? 256 * 1024, signal),

    'logs.list': async ({ serverId, executionId, minLevel, taskRunId }, { signal }) => (await client(serverId)).logs.list(executionId, minLevel, taskRunId, signal),
    'logs.download': download('logs.download'),

    'kv.list': async ({ serverId, namespace }, { signal }) => (await client(serverId)).kv.list(namespace, signal),
    'kv.inherited': async ({ serverId, namespace }, { signal }) => (await client(serverId)).kv.inherited(namespace, signal),
    'kv.search': async ({ serverId, ...params }, { signal }) => (await client(serverId)).kv.search(params, signal),
    'kv.get': async ({ serverId, namespace, key }, { signal }) => (await client(serverId)).kv.get(namespace, key, signal),
    'kv.put': async ({ serverId, ...params }, { signal }) => {
      await (await client(serverId)).kv.put(params, signal);
      return null;
    },
    'kv.delete': async ({ serverId, namespace, key }, { signal }) => (await client(serverId)).kv.delete(namespace, key, signal),
    'kv.deleteMany': async ({ serverId, namespace, keys }, { signal }) => (await client(serverId)).kv.deleteMany(namespace, keys, signal),

    'files.list': async ({ serverId, namespace, path: dir }, { signal }) => (await client(serverId)).files.list(namespace, dir, signal),
    'files.stats': async ({ serverId, namespace, path: file }, { signal }) => (await client(serverId)).files.stats(namespace, file, signal),
    'files.readText': async ({ serverId, namespace, path: file, revision, maxBytes }, { signal }) =>
      (await client(serverId)).files.readText(namespace, file, revision, Math.min(maxBytes ?? DEFAULT_TEXT_LIMIT, 64 * 1024 * 1024), signal),
    'files.readBytes': async ({ serverId, namespace, path: file, maxBytes }, { signal }) => {
      const { bytes, size } = await (await client(serverId)).files.readBytes(namespace, file, undefined, Math.min(maxBytes ?? DEFAULT_BYTES_LIMIT, 64 * 1024 * 1024), signal);
      return { base64: bytes.toString('base64'), size };
    },
    'files.writeText': async ({ serverId, namespace, path: file, text }, { signal }) => {
      if (typeof text !== 'string') throw new ConsoleError('validation', 'text must be a string');
      const data = Buffer.from(text, 'utf8');
      return (await client(serverId)).files.upload(namespace, file, bufferSource(path.posix.basename(String(file)) || 'file', data), { signal });
    },
    'files.upload': async ({ serverId, namespace, path: file, source, uploadId, extractZip }, { signal, owner }) => {
      const c = await client(serverId);
      return withSources(transfers, owner, { source }, async ({ source: resolved }) => {
        try {
          return await c.files.upload(namespace, file, resolved!, {
            signal,
            extractZip: extractZip === true,
            onProgress: (bytes, total) => transfers.progress.emit(uploadId, { bytes, total }),
          });
        } finally {
          transfers.progress.finish(uploadId);
        }
      });
    },
    'files.mkdir': async ({ serverId, namespace, path: dir }, { signal }) => {
      await (await client(serverId)).files.mkdir(namespace, dir, signal);
      return null;
    },
    'files.move': async ({ serverId, namespace, from, to }, { signal }) => {
      await (await client(serverId)).files.move(namespace, from, to, signal);
      return null;
    },
    'files.delete': async ({ serverId, namespace, path: file }, { signal }) => {
      await (await client(serverId)).files.delete(namespace, file, signal);
      return null;
    },
    'files.revisions': async ({ serverId, namespace, path: file }, { signal }) => (await client(serverId)).files.revisions(namespace, file, signal),
    'files.download': download('files.download'),
    'files.export': download('files.export'),
  };
}

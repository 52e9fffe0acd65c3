// The ConsoleBridge the preload exposes as `window.kestra`: one function per contract method, a
// cancel, a subscribe over a MessagePort per stream, and the file helpers. A dropped or picked File
// becomes an opaque handle: the preload reads its path with webUtils.getPathForFile and asks main
// to register it for this window; the page never sees or sends a path, and bytes never cross IPC.
// No ipcRenderer, no Electron object and no IpcRendererEvent reaches page code. Built from injected
// parts so it is tested in Node with fakes; preload.ts passes the real ones.
import type { ConsoleBridge, ConsoleMethodFunctions, StreamPortMessage } from '../contract/bridge';
import { IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL, IPC_REGISTER_FILE_CHANNEL, IPC_SUBSCRIBE_CHANNEL, METHOD_NAMES } from '../contract/channels';
import type { CallOptions, UploadResult } from '../contract/methods';
import type { Result } from '../contract/result';
import type { DownloadResult, FileLike, LocalFileRef } from '../contract/transfer';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  postMessage(channel: string, message: unknown, transfer: unknown[]): void;
}

interface RendererPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  start?(): void;
  close(): void;
}

export interface PreloadParts {
  ipcRenderer: IpcRendererLike;
  /** Electron's webUtils.getPathForFile: '' for a File that is not on disk. */
  getPathForFile(file: FileLike): string;
  createChannel(): { port1: RendererPort; port2: unknown };
}

export function createPreloadBridge(parts: PreloadParts): ConsoleBridge {
  let counter = 0;
  const nextId = (prefix: string): string => {
    counter += 1;
    return `${prefix}${counter}-${Math.random().toString(36).slice(2, 8)}`;
  };
  const invoke = (method: string, params: unknown, requestId: string) => parts.ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, params, requestId }) as Promise<Result<unknown>>;
  const cancel = (requestId: string): void => {
    if (typeof requestId === 'string') parts.ipcRenderer.send(IPC_CANCEL_CHANNEL, requestId);
  };

  const methods = {} as Record<string, (params: unknown, options?: CallOptions) => Promise<Result<unknown>>>;
  for (const name of METHOD_NAMES) {
    methods[name] = (params: unknown, options?: CallOptions) => invoke(name, params, options?.requestId ?? nextId('p'));
  }

  const subscribe: ConsoleBridge['subscribe'] = (stream, params, handlers) => {
    const { port1, port2 } = parts.createChannel();
    let closed = false;
    port1.onmessage = (event) => {
      if (closed) return;
      const message = event.data as StreamPortMessage;
      if (message?.type === 'batch') handlers.onEvents(message.events as never);
      else if (message?.type === 'end') {
        closed = true;
        port1.close();
        handlers.onEnd?.(message.error);
      }
    };
    port1.start?.();
    parts.ipcRenderer.postMessage(IPC_SUBSCRIBE_CHANNEL, { stream, params }, [port2]);
    return () => {
      if (closed) return;
      closed = true;
      port1.close();
    };
  };

  /** A File the user dropped or picked, as a handle main issued to this window. */
  const registerFile = async (file: FileLike): Promise<Result<LocalFileRef>> => {
    let path: string;
    try {
      path = parts.getPathForFile(file);
    } catch {
      path = '';
    }
    if (!path) return { ok: false, error: { kind: 'validation', message: `${typeof file?.name === 'string' ? file.name : 'This file'} is not a file on disk (drop or pick it from the file manager).` } };
    return (await parts.ipcRenderer.invoke(IPC_REGISTER_FILE_CHANNEL, path)) as Result<LocalFileRef>;
  };

  return {
    transport: 'electron',
    methods: methods as unknown as ConsoleMethodFunctions,
    cancel,
    subscribe,
    localFile: (file) => registerFile(file),
    uploadFile: async (params, file, options = {}) => {
      if (options.signal?.aborted) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
      const source = await registerFile(file);
      if (!source.ok) return source;
      if (options.signal?.aborted) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
      const uploadId = nextId('u');
      const requestId = nextId('p');
      let reported = -1;
      const report = (progress: { bytes: number; total?: number }): void => {
        if (progress.bytes <= reported) return;
        reported = progress.bytes;
        options.onProgress?.(progress);
      };
      const stop = options.onProgress ? subscribe('transfers.progress', { transferId: uploadId }, { onEvents: (events) => events.forEach(report) }) : () => undefined;
      const onAbort = (): void => cancel(requestId);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = (await invoke('files.upload', { ...params, source: source.data, uploadId }, requestId)) as Result<UploadResult>;
        // The last progress batch may still be on its way: a confirmed upload is complete.
        if (result.ok) report({ bytes: result.data.size, total: result.data.size });
        return result;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        stop();
      }
    },
    download: async (method, params, suggestedName) =>
      (await invoke(method, { ...params, target: { kind: 'dialog', suggestedName } }, nextId('p'))) as Result<DownloadResult>,
  };
}

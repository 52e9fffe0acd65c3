// How features talk to main: `call` for methods (throws KestraError, so react-query's `error`
// works), `subscribe` for live streams, and the file transfers that keep bytes out of IPC. They
// all go through whichever bridge this window has; nothing else in the renderer touches it.
// Writes (`call` with a write method, `uploadFile`, `stageLocalFile`) belong in a feature's actions
// module: ESLint (layering/writes-in-actions) fails a component that sends one itself.
import type { CallOptions, MethodName, MethodParams, MethodResult, UploadResult } from '../../main/contract/methods';
import type { ConsoleErrorData, Result } from '../../main/contract/result';
import type { DownloadMethod, DownloadParams, StreamHandlers } from '../../main/contract/bridge';
import type { DownloadResult, FileLike, LocalFileRef, TransferProgress } from '../../main/contract/transfer';
import type { StreamName, StreamParams } from '../../main/contract/streams';
import { getBridge, newRequestId } from './bridge';

/** The renderer-side error: react-query's `error` is one of these. */
export class KestraError extends Error {
  readonly data: ConsoleErrorData;
  constructor(data: ConsoleErrorData) {
    super(data.message);
    this.name = 'KestraError';
    this.data = data;
  }
  get kind(): ConsoleErrorData['kind'] {
    return this.data.kind;
  }
  get status(): number | undefined {
    return this.data.status;
  }
}

/** Calls a contract method and returns its data, or throws a KestraError (for react-query). */
export async function call<M extends MethodName>(
  method: M,
  params: MethodParams<M>,
  options: { signal?: AbortSignal } = {},
): Promise<MethodResult<M>> {
  const b = getBridge();
  const requestId = newRequestId();
  const onAbort = (): void => b.cancel(requestId);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const fn = b.methods[method] as (p: MethodParams<M>, o: CallOptions) => Promise<Result<MethodResult<M>>>;
    const result = await fn(params, { requestId });
    if (!result.ok) throw new KestraError(result.error);
    return result.data;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Subscribes to a live stream from main; returns the unsubscribe function. */
export function subscribe<S extends StreamName>(stream: S, params: StreamParams<S>, handlers: StreamHandlers<S>): () => void {
  return getBridge().subscribe(stream, params, handlers);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new KestraError(result.error);
  return result.data;
}

export interface TransferOptions {
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

/** Uploads a File as a namespace file (streamed, with progress); resolves once the server has it all. */
export async function uploadFile(params: { serverId: string; namespace: string; path: string; extractZip?: boolean }, file: FileLike, options: TransferOptions = {}): Promise<UploadResult> {
  return unwrap(await getBridge().uploadFile(params, file, options));
}

/** Makes a picked or dropped File readable by main (for execution inputs), with progress. */
export async function stageLocalFile(file: FileLike, options: TransferOptions = {}): Promise<LocalFileRef> {
  return unwrap(await getBridge().localFile(file, options));
}

/** Saves a server file on this computer (a save dialog in Electron, a browser download in web mode). */
export async function saveToDisk<M extends DownloadMethod>(method: M, params: DownloadParams<M>, suggestedName: string): Promise<DownloadResult> {
  return unwrap(await getBridge().download(method, params, suggestedName));
}

/** Which bridge this window has: Electron's preload, or the web host's. */
export function bridgeTransport(): 'electron' | 'web' {
  return getBridge().transport;
}

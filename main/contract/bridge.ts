// What the renderer can call: `window.kestra` from the Electron preload, or the web bridge over
// HTTP. Both implement this one interface: one function per contract method, one subscribe for
// streams, and the file helpers that keep bytes out of IPC.
import type { CallOptions, MethodName, MethodParams, MethodResult, UploadResult } from './methods';
import type { ConsoleErrorData, Result } from './result';
import type { StreamEvent, StreamName, StreamParams } from './streams';
import type { DownloadResult, FileLike, LocalFileRef, TransferProgress } from './transfer';

export type ConsoleMethodFunctions = {
  [M in MethodName]: (params: MethodParams<M>, options?: CallOptions) => Promise<Result<MethodResult<M>>>;
};

export interface StreamHandlers<S extends StreamName> {
  /** A batch of events, in order. */
  onEvents(events: StreamEvent<S>[]): void;
  /** The stream ended: normally (no error) or with an error. Not called after unsubscribe. */
  onEnd?(error?: ConsoleErrorData): void;
}

/** Methods whose result is a file the user saves. */
export type DownloadMethod = 'logs.download' | 'files.download' | 'files.export' | 'executions.downloadFile';
export type DownloadParams<M extends DownloadMethod> = Omit<MethodParams<M>, 'target'>;

/** What a stream MessagePort (Electron) carries from main to the renderer. */
export type StreamPortMessage = { type: 'batch'; events: unknown[] } | { type: 'end'; error?: ConsoleErrorData };

export interface ConsoleBridge {
  readonly transport: 'electron' | 'web';
  readonly methods: ConsoleMethodFunctions;
  /** Aborts the call started with this request id (no-op when it already settled). */
  cancel(requestId: string): void;
  /** Subscribes to a live stream; returns the unsubscribe function. */
  subscribe<S extends StreamName>(stream: S, params: StreamParams<S>, handlers: StreamHandlers<S>): () => void;
  /**
   * Makes a picked or dropped File readable by main, as a handle main issued to this window: the
   * preload registers its path in Electron (the page never sees it), a staged copy in web mode (the
   * bytes stream to the local host, with progress).
   */
  localFile(file: FileLike, options?: { onProgress?: (progress: TransferProgress) => void; signal?: AbortSignal }): Promise<Result<LocalFileRef>>;
  /**
   * Uploads a File as a namespace file, streaming from disk (Electron) or as the request body (web),
   * with progress. Resolves only once the server shows the full size.
   */
  uploadFile(
    params: { serverId: string; namespace: string; path: string; extractZip?: boolean },
    file: FileLike,
    options?: { onProgress?: (progress: TransferProgress) => void; signal?: AbortSignal },
  ): Promise<Result<UploadResult>>;
  /** Saves a server file: a save dialog and a stream to disk in Electron, a browser download in web mode. */
  download<M extends DownloadMethod>(method: M, params: DownloadParams<M>, suggestedName: string): Promise<Result<DownloadResult>>;
}

// The Electron transport of the handler table, written against the few Electron shapes it uses
// so the logic runs (and is tested) in plain Node: main.ts passes the real ipcMain.
//   invoke    ipcMain.handle(IPC_INVOKE_CHANNEL): {method, params, requestId} -> Result
//   cancel    ipcMain.on(IPC_CANCEL_CHANNEL): requestId
//   subscribe ipcMain.on(IPC_SUBSCRIBE_CHANNEL): {stream, params} + one MessagePort per stream;
//             batches and the end go over the port; the renderer closing its port cancels.
//   register  ipcMain.handle(IPC_REGISTER_FILE_CHANNEL): a dropped/picked File's path, from the
//             preload only -> Result<LocalFileRef>, a handle of this window (web contents)
// Every message is checked against the sender: our own top frame, loaded from our own origin.
// Calls and handles belong to the sender's web contents: a handle is accepted only from the window
// it was issued to, and forgotten when that window goes away or navigates.
import type { StreamPortMessage } from '../contract/bridge';
import { IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL, IPC_REGISTER_FILE_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../contract/channels';
import type { Result } from '../contract/result';
import type { LocalFileRef } from '../contract/transfer';
import { toErrorData } from '../ipc/console-error';
import { dispatch, InFlightCalls, type ConsoleApi } from '../ipc/handler-table';
import { runStream, type StreamTable } from '../ipc/stream-table';

export interface FrameLike {
  url: string;
}

export interface SenderLike {
  id: number;
  mainFrame: FrameLike;
}

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

export interface IpcEventLike {
  sender: SenderLike;
  senderFrame: FrameLike | null;
  ports?: PortLike[];
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
}

export type SenderCheck = (event: IpcEventLike) => boolean;

export const UNTRUSTED_SENDER = { ok: false, error: { kind: 'auth', message: 'Untrusted sender' } } as const;

export interface IpcServices extends ConsoleApi {
  streams: StreamTable;
  registerFile(owner: string, file: unknown): Promise<LocalFileRef>;
  releaseOwner(owner: string): void;
}

/** The owner of a window's calls and file handles: its web contents. */
export function windowOwner(webContentsId: number): string {
  return `window-${webContentsId}`;
}

function ownerOf(event: IpcEventLike): string {
  return windowOwner(event.sender.id);
}

/** Registers the four channels; returns a hook to drop everything a window owns when it goes away. */
export function registerConsoleIpc(ipcMain: IpcMainLike, services: IpcServices, isTrustedSender: SenderCheck): { cancelOwner(owner: string): void } {
  const inFlight = new InFlightCalls();
  const streamsByOwner = new Map<string, Set<AbortController>>();

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, raw) => {
    if (!isTrustedSender(event)) return UNTRUSTED_SENDER;
    const request = (raw ?? {}) as { method?: unknown; params?: unknown; requestId?: unknown };
    const owner = ownerOf(event);
    const requestId = typeof request.requestId === 'string' ? request.requestId : `anonymous-${Math.random()}`;
    const signal = inFlight.begin(owner, requestId);
    try {
      return await dispatch(services, request.method, request.params ?? {}, { signal, owner });
    } finally {
      inFlight.end(owner, requestId);
    }
  });

  ipcMain.handle(IPC_REGISTER_FILE_CHANNEL, async (event, file): Promise<Result<LocalFileRef>> => {
    if (!isTrustedSender(event)) return UNTRUSTED_SENDER;
    try {
      return { ok: true, data: await services.registerFile(ownerOf(event), file) };
    } catch (error) {
      return { ok: false, error: toErrorData(error, 'registering a file') };
    }
  });

  ipcMain.on(IPC_CANCEL_CHANNEL, (event, requestId) => {
    if (isTrustedSender(event) && typeof requestId === 'string') inFlight.cancel(ownerOf(event), requestId);
  });

  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (event, raw) => {
    const port = event.ports?.[0];
    if (!port) return;
    if (!isTrustedSender(event)) {
      port.postMessage({ type: 'end', error: UNTRUSTED_SENDER.error } satisfies StreamPortMessage);
      port.close();
      return;
    }
    const request = (raw ?? {}) as { stream?: unknown; params?: unknown };
    const owner = ownerOf(event);
    const controller = new AbortController();
    let owned = streamsByOwner.get(owner);
    if (!owned) {
      owned = new Set();
      streamsByOwner.set(owner, owned);
    }
    owned.add(controller);
    port.on('close', () => controller.abort());
    port.start();
    void runStream(
      services.streams,
      request.stream,
      request.params ?? {},
      { deliver: (events) => port.postMessage({ type: 'batch', events } satisfies StreamPortMessage) },
      controller.signal,
    ).then((error) => {
      owned.delete(controller);
      if (!controller.signal.aborted) {
        port.postMessage({ type: 'end', ...(error ? { error } : {}) } satisfies StreamPortMessage);
        port.close();
      }
    });
  });

  return {
    cancelOwner(owner: string) {
      inFlight.cancelOwner(owner);
      for (const controller of streamsByOwner.get(owner) ?? []) controller.abort();
      streamsByOwner.delete(owner);
      services.releaseOwner(owner);
    },
  };
}

// The renderer's only way to reach main: the Electron preload's `window.kestra`, or, in a plain
// browser, a web bridge that talks to the local web host with the per-launch token:
//   methods  POST /rpc/<method>              (cancel: POST /rpc/cancel)
//   streams  POST /stream/<name>, read as server-sent events from the fetch body
//   uploads  XHR POST /upload (the File is the body: progress, streamed on to Kestra by the host);
//            when the host closes a failed upload before the browser finished sending, the answer
//            is asked again from POST /upload/outcome
//   files    XHR POST /stage  (a staged copy for execution inputs)
//   saving   POST /download/prepare -> one-time ticket -> browser download -> POST /download/wait
import type { ConsoleBridge, ConsoleMethodFunctions, DownloadMethod, DownloadParams, StreamHandlers } from '../../main/contract/bridge';
import type { CallOptions, UploadResult } from '../../main/contract/methods';
import type { ConsoleErrorData, Result } from '../../main/contract/result';
import type { StreamName, StreamParams } from '../../main/contract/streams';
import type { DownloadResult, FileLike, LocalFileRef, TransferProgress } from '../../main/contract/transfer';
import { createParser } from 'eventsource-parser';

declare global {
  interface Window {
    kestra?: ConsoleBridge;
  }
}

const TOKEN_STORAGE_KEY = 'kestra-console-token';
// Must equal WEB_TOKEN_HEADER in main/contract/channels.ts (values cannot be imported here).
const TOKEN_HEADER = 'x-console-token';

/** Reads the web token from the launch URL once, then removes it from the address bar. */
function takeWebToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
}

let requestCounter = 0;
export function newRequestId(): string {
  requestCounter += 1;
  return `${Date.now().toString(36)}-${requestCounter}`;
}

const HOST_GONE: ConsoleErrorData = { kind: 'network', message: 'The console host is not reachable. Is `npm run web` still running?' };
const NOT_AUTHORISED: ConsoleErrorData = { kind: 'auth', message: 'This page is not authorised by the console host. Open the URL it printed.' };
const CANCELLED: ConsoleErrorData = { kind: 'cancelled', message: 'Cancelled' };

function hostError(status: number): ConsoleErrorData {
  if (status === 403) return NOT_AUTHORISED;
  return { kind: 'internal', message: `Console host answered ${status}` };
}

/**
 * Sends a File as a request body with progress; resolves with the host's Result. `lostAnswer` asks
 * the host again when the connection closed before its answer was read.
 */
function sendFile<T>(
  url: string,
  token: string,
  file: FileLike,
  options: { onProgress?: (progress: TransferProgress) => void; signal?: AbortSignal },
  lostAnswer?: () => Promise<Result<T>>,
): Promise<Result<T>> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ ok: false, error: CANCELLED });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => options.onProgress?.({ bytes: event.loaded, total: event.lengthComputable ? event.total : file.size });
    const onAbort = (): void => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: Result<T>): void => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    xhr.onload = () => {
      if (xhr.status !== 200) finish({ ok: false, error: hostError(xhr.status) });
      else if (!xhr.response || typeof xhr.response !== 'object') finish({ ok: false, error: { kind: 'internal', message: 'The console host sent an unreadable answer.' } });
      else finish(xhr.response as Result<T>);
    };
    xhr.onerror = () => {
      if (!lostAnswer) finish({ ok: false, error: HOST_GONE });
      else void lostAnswer().then(finish);
    };
    xhr.onabort = () => finish({ ok: false, error: CANCELLED });
    xhr.send(file as unknown as Blob);
  });
}

function createWebBridge(): ConsoleBridge {
  const token = takeWebToken();
  const post = async (path: string, body: unknown, signal?: AbortSignal): Promise<Response> =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(body),
      signal,
    });

  const postForResult = async <T>(path: string, body: unknown): Promise<Result<T>> => {
    let response: Response;
    try {
      response = await post(path, body);
    } catch {
      return { ok: false, error: HOST_GONE };
    }
    if (!response.ok) return { ok: false, error: hostError(response.status) };
    try {
      return (await response.json()) as Result<T>;
    } catch {
      return { ok: false, error: HOST_GONE };
    }
  };

  const invoke = async (method: string, params: unknown, options?: CallOptions): Promise<Result<unknown>> => {
    if (method === 'app.openExternal') return openExternal(params);
    const requestId = options?.requestId ?? newRequestId();
    return postForResult(`/rpc/${encodeURIComponent(method)}`, { params, requestId });
  };

  // In a browser the page opens links itself; only https, never with an opener.
  const openExternal = async (params: unknown): Promise<Result<unknown>> => {
    const raw = (params as { url?: unknown } | null)?.url;
    let url: URL | undefined;
    try {
      url = typeof raw === 'string' ? new URL(raw) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.username || url.password) return { ok: false, error: { kind: 'validation', message: 'Only https:// links can be opened.' } };
    window.open(url.href, '_blank', 'noopener,noreferrer');
    return { ok: true, data: null };
  };

  const methods = new Proxy({} as ConsoleMethodFunctions, {
    get: (_target, name) => (params: unknown, options?: CallOptions) => invoke(String(name), params, options),
  });

  const subscribe = <S extends StreamName>(stream: S, params: StreamParams<S>, handlers: StreamHandlers<S>): (() => void) => {
    const controller = new AbortController();
    let finished = false;
    const end = (error?: ConsoleErrorData): void => {
      if (finished || controller.signal.aborted) return;
      finished = true;
      handlers.onEnd?.(error);
    };
    void (async () => {
      let response: Response;
      try {
        response = await post(`/stream/${encodeURIComponent(stream)}`, { params }, controller.signal);
      } catch {
        end(HOST_GONE);
        return;
      }
      if (!response.ok || !response.body) {
        end(hostError(response.status));
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      // The same SSE parser main uses for Kestra's streams (main/kestra/event-stream.ts).
      const sse = createParser({
        onEvent: ({ event, data }) => {
          if (finished || controller.signal.aborted) return;
          if (event === 'batch') handlers.onEvents(JSON.parse(data));
          else if (event === 'end') end((JSON.parse(data) as { error?: ConsoleErrorData }).error);
        },
      });
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          sse.feed(value);
        }
        end(finished ? undefined : { kind: 'network', message: 'The live stream from the console host stopped unexpectedly.' });
      } catch {
        end(HOST_GONE);
      }
    })();
    return () => {
      finished = true;
      controller.abort();
    };
  };

  const download = async <M extends DownloadMethod>(method: M, params: DownloadParams<M>, suggestedName: string): Promise<Result<DownloadResult>> => {
    const prepared = await postForResult<{ ticket: string }>('/download/prepare', { method, params, suggestedName });
    if (!prepared.ok) return prepared;
    const ticket = encodeURIComponent(prepared.data.ticket);
    // A navigation download: the browser streams the file to disk and shows its own progress.
    const link = document.createElement('a');
    link.href = `/download/${ticket}`;
    link.download = suggestedName;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    const outcome = await postForResult<{ bytes: number }>(`/download/wait/${ticket}`, {});
    if (!outcome.ok) return outcome;
    return { ok: true, data: { saved: true, bytes: outcome.data.bytes } };
  };

  return {
    transport: 'web',
    methods,
    cancel: (requestId) => {
      void post('/rpc/cancel', { requestId }).catch(() => undefined);
    },
    subscribe,
    localFile: (file, options = {}) => sendFile<LocalFileRef>(`/stage?name=${encodeURIComponent(file.name)}`, token, file, options),
    uploadFile: (params, file, options = {}) => {
      const uploadId = newRequestId();
      return sendFile<UploadResult>(`/upload?params=${encodeURIComponent(JSON.stringify({ ...params, name: file.name, uploadId }))}`, token, file, options, () =>
        postForResult<UploadResult>('/upload/outcome', { uploadId }),
      );
    },
    download,
  };
}

let bridge: ConsoleBridge | undefined;
export function getBridge(): ConsoleBridge {
  bridge ??= window.kestra ?? createWebBridge();
  return bridge;
}

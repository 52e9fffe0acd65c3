// The renderer's only way to reach main: the Electron preload's `window.kestra`, or, in a plain
// browser, a web bridge that posts to the local web host with the per-launch token.
import type { ConsoleBridge, ConsoleMethodFunctions } from '../../main/contract/bridge';
import type { CallOptions } from '../../main/contract/methods';
import type { Result } from '../../main/contract/result';

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

function createWebBridge(): ConsoleBridge {
  const token = takeWebToken();
  const post = async (path: string, body: unknown): Promise<Response> =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(body),
    });

  const invoke = async (method: string, params: unknown, options?: CallOptions): Promise<Result<unknown>> => {
    const requestId = options?.requestId ?? newRequestId();
    let response: Response;
    try {
      response = await post(`/rpc/${encodeURIComponent(method)}`, { params, requestId });
    } catch {
      return { ok: false, error: { kind: 'network', message: 'The console host is not reachable. Is `npm run web` still running?' } };
    }
    if (response.status === 403) {
      return { ok: false, error: { kind: 'auth', message: 'This page is not authorised by the console host. Open the URL it printed.' } };
    }
    if (!response.ok) {
      return { ok: false, error: { kind: 'internal', message: `Console host answered ${response.status}` } };
    }
    return (await response.json()) as Result<unknown>;
  };

  const methods = new Proxy({} as ConsoleMethodFunctions, {
    get: (_target, name) => (params: unknown, options?: CallOptions) => invoke(String(name), params, options),
  });

  const notYet = async (): Promise<never> => {
    throw new Error('Not implemented yet in the web bridge');
  };
  return {
    transport: 'web',
    methods,
    cancel: (requestId) => {
      void post('/rpc/cancel', { requestId }).catch(() => undefined);
    },
    subscribe: () => {
      throw new Error('Not implemented yet in the web bridge');
    },
    localFile: notYet,
    uploadFile: notYet,
    download: notYet,
  };
}

let bridge: ConsoleBridge | undefined;
export function getBridge(): ConsoleBridge {
  bridge ??= window.kestra ?? createWebBridge();
  return bridge;
}


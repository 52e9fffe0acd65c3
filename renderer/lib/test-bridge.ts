// For unit tests of the renderer's actions modules (node, no Electron, no web host): installs an
// in-memory bridge as `window.kestra`, the one thing the renderer reaches main through. It records
// every method call and answers from `answers`; nothing else is faked (react-query, the actions,
// their invalidations and predicates are the real ones). Never imported by the app.
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ConsoleBridge } from '../../main/contract/bridge';
import type { MethodName, MethodParams, MethodResult } from '../../main/contract/methods';
import type { ConsoleErrorData } from '../../main/contract/result';
import type { ServerView } from '../../main/contract/servers';

export interface RecordedCall {
  method: MethodName;
  params: unknown;
}

export type Answer<M extends MethodName> = MethodResult<M> | ((params: MethodParams<M>) => MethodResult<M>) | { error: ConsoleErrorData };

export interface TestBridge {
  calls: RecordedCall[];
  answer<M extends MethodName>(method: M, answer: Answer<M>): void;
  reset(): void;
}

export function installTestBridge(): TestBridge {
  const calls: RecordedCall[] = [];
  const answers = new Map<string, unknown>();
  const methods = new Proxy({} as ConsoleBridge['methods'], {
    get: (_target, name) => async (params: unknown) => {
      const method = String(name) as MethodName;
      calls.push({ method, params });
      const answer = answers.get(method);
      if (answer && typeof answer === 'object' && 'error' in answer) return { ok: false, error: (answer as { error: ConsoleErrorData }).error };
      return { ok: true, data: typeof answer === 'function' ? (answer as (p: unknown) => unknown)(params) : (answer ?? null) };
    },
  });
  const unsupported = (): never => {
    throw new Error('Not available in the test bridge');
  };
  const bridge: ConsoleBridge = {
    transport: 'web',
    methods,
    cancel: () => undefined,
    subscribe: unsupported,
    localFile: unsupported,
    // Recorded like a method call; the whole file "arrives".
    uploadFile: async (params, file) => {
      calls.push({ method: 'files.upload', params });
      return { ok: true, data: { path: params.path, size: file.size } as never };
    },
    download: unsupported,
  };
  (globalThis as { window?: unknown }).window = { kestra: bridge };
  return {
    calls,
    answer: (method, answer) => void answers.set(method, answer),
    reset: () => {
      calls.length = 0;
      answers.clear();
    },
  };
}

export function testServer(overrides: Partial<ServerView> & { readOnly?: boolean; confirmDestructive?: boolean } = {}): ServerView {
  const { readOnly = false, confirmDestructive = false, ...rest } = overrides;
  return {
    id: 'srv-1',
    name: 'Prod EU',
    url: 'https://kestra.example.com',
    environment: 'production',
    color: '#f00',
    authKind: 'none',
    hasCredentials: false,
    builtIn: false,
    policy: { readOnly, confirmDestructive },
    ...rest,
  } as ServerView;
}

/** A client holding one loaded query per key (`data` gives each its value; [] by default), never stale on its own. */
export function seededClient(keys: readonly QueryKey[], data: (key: QueryKey) => unknown = () => []): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  for (const key of keys) client.setQueryData(key, data(key));
  return client;
}

/** The keys of the invalidated queries, as JSON, sorted (compare with `keyList(...)`). */
export function invalidatedKeys(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => JSON.stringify(query.queryKey))
    .sort();
}

export function keyList(...keys: readonly QueryKey[]): string[] {
  return keys.map((key) => JSON.stringify(key)).sort();
}

/** An in-memory `localStorage` for node tests (persisted state mirrors to it); returns its contents. */
export function installMemoryLocalStorage(): Map<string, string> {
  const memory = new Map<string, string>();
  globalThis.localStorage = {
    getItem: (key: string) => memory.get(key) ?? null,
    setItem: (key: string, value: string) => void memory.set(key, value),
    removeItem: (key: string) => void memory.delete(key),
    clear: () => memory.clear(),
    key: (index: number) => [...memory.keys()][index] ?? null,
    get length() {
      return memory.size;
    },
  } as Storage;
  return memory;
}

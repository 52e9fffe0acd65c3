// The handler table's contract: every method takes one options object and resolves to
// Result<T>. Main implements the table once (main/ipc/handler-table.ts); Electron's ipcMain and the
// web host both serve it. The renderer imports this file with `import type` only.
import type { ServerView } from './servers';

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  platform: string;
}

export interface ConsoleMethods {
  'app.info': { params: Record<string, never>; result: AppInfo };
  'servers.list': { params: Record<string, never>; result: ServerView[] };
}

export type MethodName = keyof ConsoleMethods;
export type MethodParams<M extends MethodName> = ConsoleMethods[M]['params'];
export type MethodResult<M extends MethodName> = ConsoleMethods[M]['result'];

/** Options every call accepts besides its params. */
export interface CallOptions {
  /** Lets the caller cancel with `cancel(requestId)`; the bridge fills one in when omitted. */
  requestId?: string;
}

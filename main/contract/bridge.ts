// What the renderer can call: `window.kestra` from the Electron preload, or the web bridge over
// HTTP. Both implement this one interface: one function per contract method, nothing else.
import type { CallOptions, MethodName, MethodParams, MethodResult } from './methods';
import type { Result } from './result';

export type ConsoleMethodFunctions = {
  [M in MethodName]: (params: MethodParams<M>, options?: CallOptions) => Promise<Result<MethodResult<M>>>;
};

export interface ConsoleBridge {
  readonly transport: 'electron' | 'web';
  readonly methods: ConsoleMethodFunctions;
  /** Aborts the call started with this request id (no-op when it already settled). */
  cancel(requestId: string): void;
}

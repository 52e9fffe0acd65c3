// How features talk to main: `call` for methods (throws KestraError, so react-query's `error`
// works), `subscribe` for live streams. Both go through whichever bridge this window has.
import type { CallOptions, MethodName, MethodParams, MethodResult } from '../../main/contract/methods';
import type { ConsoleErrorData, Result } from '../../main/contract/result';
import type { StreamHandlers } from '../../main/contract/bridge';
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

import type { MethodName, MethodParams, MethodResult } from '../contract/methods';
import type { Result } from '../contract/result';
import { METHOD_NAMES } from '../contract/channels';
import type { CallJudge } from './call-judge';
import { ConsoleError, toErrorData } from './console-error';

export interface HandlerContext {
  /** Aborted when the caller cancels, its window goes away, or the console shuts down. */
  signal: AbortSignal;
  /**
   * Who is calling (an Electron window, the web host): file handles are issued to one owner and
   * accepted only from it.
   */
  owner: string;
}

export type Handler<M extends MethodName> = (params: MethodParams<M>, context: HandlerContext) => Promise<MethodResult<M>>;

/** The one table both transports serve. A missing entry is a type error. */
export type HandlerTable = { [M in MethodName]: Handler<M> };

/** What a transport serves: the table, and the judge every call passes before its handler. */
export interface ConsoleApi {
  table: HandlerTable;
  judge: CallJudge;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

export function isPlainParams(params: unknown): params is Record<string, unknown> {
  return typeof params === 'object' && params !== null && !Array.isArray(params);
}

/**
 * Runs one call: validates the method name and the params' outer shape, lets the judge refuse it
 * (read-only servers, missing confirmations), then turns every outcome into a Result. Transports
 * call only this.
 */
export async function dispatch(
  api: ConsoleApi,
  method: unknown,
  params: unknown,
  context: HandlerContext,
): Promise<Result<unknown>> {
  try {
    if (!isMethodName(method)) throw new ConsoleError('validation', `Unknown method: ${String(method).slice(0, 80)}`);
    if (!isPlainParams(params)) throw new ConsoleError('validation', `Parameters of ${method} must be an object`);
    api.judge(method, params);
    const handler = api.table[method] as Handler<MethodName>;
    const data = await handler(params as MethodParams<MethodName>, context);
    return { ok: true, data };
  } catch (error) {
    if (context.signal.aborted) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
    return { ok: false, error: toErrorData(error, typeof method === 'string' ? method.slice(0, 80) : undefined) };
  }
}

/** Tracks in-flight calls so a transport can cancel one by id, or all of one owner (a window). */
export class InFlightCalls {
  private readonly calls = new Map<string, { owner: string; controller: AbortController }>();

  begin(owner: string, requestId: string): AbortSignal {
    const key = `${owner}\u0000${requestId}`;
    this.calls.get(key)?.controller.abort();
    const controller = new AbortController();
    this.calls.set(key, { owner, controller });
    return controller.signal;
  }

  end(owner: string, requestId: string): void {
    this.calls.delete(`${owner}\u0000${requestId}`);
  }

  cancel(owner: string, requestId: string): void {
    this.calls.get(`${owner}\u0000${requestId}`)?.controller.abort();
  }

  cancelOwner(owner: string): void {
    for (const [key, call] of this.calls) {
      if (call.owner === owner) {
        call.controller.abort();
        this.calls.delete(key);
      }
    }
  }

  get size(): number {
    return this.calls.size;
  }
}

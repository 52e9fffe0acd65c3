// Streams, the other half of the contract: one handler per stream name, served by both
// transports. A handler pushes events into a sink; the runner batches them (at most ~50 ms or
// ~1,000 items per message) and applies the transport's backpressure, so a fast server cannot
// flood the renderer.
import type { ConsoleErrorData } from '../contract/result';
import type { StreamEvent, StreamName, StreamParams } from '../contract/streams';
import { STREAM_NAMES } from '../contract/channels';
import { ConsoleError, toErrorData } from './console-error';

export interface StreamSink<E> {
  /** Queues an event; `weight` counts toward the batch size (e.g. the lines in a LogBatch). */
  push(event: E, weight?: number): void;
  /** Resolves once the transport has caught up; await it between large chunks. */
  drained(): Promise<void>;
}

export type StreamHandler<S extends StreamName> = (params: StreamParams<S>, sink: StreamSink<StreamEvent<S>>, signal: AbortSignal) => Promise<void>;

export type StreamTable = { [S in StreamName]: StreamHandler<S> };

export interface StreamDelivery {
  /** Sends one batch; a returned promise means "backed up until this settles". */
  deliver(events: unknown[]): void | Promise<void>;
}

export interface BatchLimits {
  maxDelayMs: number;
  maxWeight: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxDelayMs: 50, maxWeight: 1_000 };

/**
 * Streams whose events are few and each one is news on screen: the fleet overview pushes a handful
 * per server every few seconds, and its rows should paint as their server answers, not a batch later.
 */
const STREAM_BATCH_LIMITS: Partial<Record<StreamName, BatchLimits>> = {
  'fleet.watch': { maxDelayMs: 8, maxWeight: 1_000 },
};

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && (STREAM_NAMES as readonly string[]).includes(name);
}

/**
 * Runs one subscription to its end. Resolves with undefined when the stream ended normally,
 * or with the error data to report; never rejects. Cancelling `signal` ends it quietly.
 */
export async function runStream(table: StreamTable, name: unknown, params: unknown, delivery: StreamDelivery, signal: AbortSignal, batchLimits?: BatchLimits): Promise<ConsoleErrorData | undefined> {
  const limits = batchLimits ?? (isStreamName(name) ? STREAM_BATCH_LIMITS[name] : undefined) ?? DEFAULT_BATCH_LIMITS;
  let queue: unknown[] = [];
  let weight = 0;
  let timer: NodeJS.Timeout | undefined;
  let backlog: Promise<void> = Promise.resolve();
  let failedDelivery: unknown;

  const flush = (): void => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length === 0 || signal.aborted) return;
    const events = queue;
    queue = [];
    weight = 0;
    try {
      const pending = delivery.deliver(events);
      if (pending) backlog = backlog.then(() => pending).catch((error: unknown) => void (failedDelivery = error));
    } catch (error) {
      failedDelivery = error;
    }
  };

  const sink: StreamSink<unknown> = {
    push(event, w = 1) {
      if (signal.aborted) return;
      queue.push(event);
      weight += w;
      if (weight >= limits.maxWeight) flush();
      else timer ??= setTimeout(flush, limits.maxDelayMs);
    },
    drained: () => backlog,
  };

  try {
    if (!isStreamName(name)) throw new ConsoleError('validation', `Unknown stream: ${String(name).slice(0, 80)}`);
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ConsoleError('validation', `Parameters of ${name} must be an object`);
    const handler = table[name] as StreamHandler<StreamName>;
    await handler(params as StreamParams<StreamName>, sink as StreamSink<StreamEvent<StreamName>>, signal);
    flush();
    await backlog;
    if (failedDelivery) throw failedDelivery;
    return undefined;
  } catch (error) {
    flush();
    await backlog;
    if (signal.aborted) return undefined;
    return toErrorData(error);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

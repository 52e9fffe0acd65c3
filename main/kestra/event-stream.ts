// Server-sent events from Kestra, and following them across dropped connections. Kestra puts the
// phase in the SSE `id:` field (`start`, `progress`, `end`) and sends no `event:` names, no
// heartbeat, and no resumption: a reconnect starts over (logs replay everything stored).
import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { KestraError, errorFromException } from './kestra-error';

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads frames until the body ends. `afterChunk` runs after every network chunk's frames (callers
 * batch there) and may return a promise to slow reading down (backpressure).
 */
export async function readEventStream(body: Readable, onFrame: (frame: SseFrame) => void | 'end', afterChunk?: () => void | Promise<void>): Promise<'ended' | 'closed'> {
  let ended = false;
  const parser = createParser({
    onEvent: (event) => {
      if (ended) return;
      if (onFrame({ ...(event.id !== undefined ? { id: event.id } : {}), ...(event.event ? { event: event.event } : {}), data: event.data }) === 'end') ended = true;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of body as AsyncIterable<Buffer>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (afterChunk) await afterChunk();
    if (ended) {
      body.destroy();
      return 'ended';
    }
  }
  return 'closed';
}

export interface FollowTuning {
  /** First reconnect delay (Kestra follow: 1 s), doubled per consecutive failure with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive failed connection attempts before giving up with the last error. */
  maxFailures?: number;
}

export interface FollowOptions {
  open: (signal: AbortSignal) => Promise<Readable>;
  /** Called before each (re)connection; a fresh connection replays from the start. */
  onConnect?: (attempt: number) => void;
  onFrame: (frame: SseFrame) => void | 'end';
  afterChunk?: () => void | Promise<void>;
  /**
   * Decides what happens when a stream stops without its end frame (`clean`: the server closed it
   * normally; otherwise it was cut). Return 'stop' to finish quietly, or 'reconnect'.
   */
  onInterrupted?: (clean: boolean, signal: AbortSignal) => Promise<'stop' | 'reconnect'>;
  signal: AbortSignal;
  tuning?: FollowTuning;
  what: string;
}

/** Errors that a reconnect cannot fix: end the stream with them. */
function isFinal(error: KestraError): boolean {
  const kind = error.data.kind;
  return kind === 'auth' || kind === 'tls' || kind === 'validation' || kind === 'redirect' || kind === 'cancelled' || kind === 'keychain' || error.data.status === 404;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Follows a stream until its end frame, reconnecting with jittered backoff when it drops. */
export async function followWithReconnect(options: FollowOptions): Promise<void> {
  const initial = options.tuning?.initialDelayMs ?? 1_000;
  const max = options.tuning?.maxDelayMs ?? 30_000;
  const maxFailures = options.tuning?.maxFailures ?? 10;
  let failures = 0;
  for (let attempt = 0; !options.signal.aborted; attempt += 1) {
    let outcome: 'ended' | 'closed' | 'cut';
    try {
      const body = await options.open(options.signal);
      failures = 0;
      options.onConnect?.(attempt);
      try {
        outcome = await readEventStream(body, options.onFrame, options.afterChunk);
      } catch (error) {
        if (options.signal.aborted) return;
        if (error instanceof KestraError && isFinal(error)) throw error;
        outcome = 'cut';
      }
    } catch (error) {
      if (options.signal.aborted) return;
      const failure = error instanceof KestraError ? error : errorFromException(error, options.what, 'the server');
      if (isFinal(failure)) throw failure;
      failures += 1;
      if (failures >= maxFailures) throw failure;
      const ceiling = Math.min(max, initial * 2 ** (failures - 1));
      await wait(ceiling / 2 + Math.random() * (ceiling / 2), options.signal);
      continue;
    }
    if (outcome === 'ended') return;
    const next = options.onInterrupted ? await options.onInterrupted(outcome === 'closed', options.signal) : 'reconnect';
    if (next === 'stop' || options.signal.aborted) return;
    // A connection that worked and then dropped: come back quickly, but never in a tight loop.
    await wait(initial / 2 + Math.random() * (initial / 2), options.signal);
  }
}

// Cooperative scheduling for the engine. Tasks such as Log or Return finish synchronously, so
// thousands of executions could advance through promise continuations alone and starve HTTP
// requests and timers (microtasks run before any I/O). Runners call `tick()` before each task run:
// once a time slice is used up it waits for the next event-loop turn.

export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 8) {}

  tick(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.sliceStart < this.sliceMs) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      }),
    );
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (resolves `false` then). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = (): void => done(false);
    // setTimeout holds at most ~24.8 days.
    const timer = setTimeout(() => done(true), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    signal.addEventListener('abort', onAbort);
  });
}

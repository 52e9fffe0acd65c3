// Cooperative scheduling for the engine. Tasks such as Log or Return finish synchronously, so
// thousands of executions could advance through promise continuations alone and starve HTTP
// requests and timers (microtasks run before any I/O). Runners call `tick()` before each task run:
// once the engine's slice of the current event-loop turn is used up, they queue; the next turn
// (setImmediate, after the poll phase has answered pending requests) starts a new slice and wakes
// the first runners of the queue, a bounded batch, in order. A woken runner checks again: if the
// slice is already spent it queues at the back. So the whole engine gets one slice per turn however
// many executions run, and waking costs O(batch), not O(runners).

export class TimeSlicer {
  private sliceStart = performance.now();
  private readonly waiting: (() => void)[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly sliceMs = 0.5,
    private readonly wakeBatch = 64,
  ) {}

  tick(): Promise<void> | undefined {
    if (performance.now() - this.sliceStart < this.sliceMs) return undefined;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.scheduled ??= setImmediate(() => this.nextSlice());
    });
  }

  private nextSlice(): void {
    this.scheduled = undefined;
    this.sliceStart = performance.now();
    for (const wake of this.waiting.splice(0, this.wakeBatch)) wake();
    if (this.waiting.length > 0) this.scheduled = setImmediate(() => this.nextSlice());
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

// Keeps the API thread responsive while the engine is busy. Reads (GET, HEAD, OPTIONS) are answered
// as soon as they arrive; requests that change things (a burst of executions being triggered over
// many connections) are started a few at a time, in the event-loop turns that follow, within a small
// time budget per turn. A probe such as GET /api/v1/configs then waits for at most one budget of
// writes, instead of every request that arrived with it.

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class RequestPacer {
  private readonly queue: (() => void)[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  /** `busy`: whether the engine is working for the API; on a quiet sandbox a write runs at once. */
  constructor(
    private readonly busy: () => boolean,
    private readonly budgetMs = 1,
  ) {}

  /** Runs `handle` now for a read (or a write on a quiet sandbox), else queues it for the next turns. */
  admit(method: string | undefined, handle: () => void): void {
    if (READS.has(method ?? 'GET') || (this.queue.length === 0 && !this.busy())) {
      handle();
      return;
    }
    this.queue.push(handle);
    this.schedule();
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      const started = performance.now();
      let ran = 0;
      while (this.queue.length > 0 && (ran === 0 || performance.now() - started < this.budgetMs)) {
        ran += 1;
        this.queue.shift()!();
      }
      if (this.queue.length > 0) this.schedule();
    });
  }
}

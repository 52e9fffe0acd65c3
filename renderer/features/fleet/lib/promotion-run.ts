// Runs a promotion plan item by item, in the plan's order: files and KV values first (a few at a
// time), then flows, each only once the subflows it calls are written. A flow whose subflow was
// not written is held back (its target would call a flow that is not there). Cancelling stops
// between items: what is running finishes, nothing new starts, and every item not run says so.
// Pure: the caller passes how one item is promoted (main's `fleet.promote`).
import type { PlanItem, PromoteItemResult, PromotionPlan } from '../../../../main/contract/fleet';

/** An item's result, or why it did not run. */
export type RunOutcome = PromoteItemResult['outcome'] | 'not-run' | 'blocked';

export interface RunResult {
  key: string;
  outcome: RunOutcome;
  message?: string;
  result?: PromoteItemResult;
}

export interface RunOptions {
  /** Promotes one item (main checks the target and writes it, or says why not). */
  promote(item: PlanItem): Promise<PromoteItemResult>;
  /** Items left out by the user (unticked KV values are still sent: main reports them as skipped). */
  excluded?: ReadonlySet<string>;
  /** Set to stop starting new items. */
  signal?: AbortSignal;
  concurrency?: number;
  onResult?(result: RunResult, done: number, total: number): void;
  onStart?(item: PlanItem): void;
}

/** Outcomes after which the item holds what the plan says. */
export function isInPlace(outcome: RunOutcome): boolean {
  return outcome === 'written' || outcome === 'unchanged';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runPromotion(plan: Pick<PromotionPlan, 'items'>, options: RunOptions): Promise<RunResult[]> {
  const items = plan.items.filter((item) => !options.excluded?.has(item.key));
  const index = new Map(items.map((item, position) => [item.key, position]));
  const results = new Map<string, RunResult>();
  const limit = Math.max(1, options.concurrency ?? 4);
  let done = 0;

  const finish = (result: RunResult): void => {
    results.set(result.key, result);
    done += 1;
    options.onResult?.(result, done, items.length);
  };

  /** Subflows written earlier in the order (a subflow later in the order is in a cycle with it). */
  const dependencies = (item: PlanItem): string[] => (item.kind === 'flow' ? item.dependsOn.filter((dep) => (index.get(dep) ?? Infinity) < index.get(item.key)!) : []);

  const pending = [...items];
  const running = new Set<Promise<void>>();
  while (pending.length > 0 || running.size > 0) {
    if (options.signal?.aborted) break;
    // Start what is ready, up to the limit: an item whose dependencies are all settled.
    let started = false;
    for (let position = 0; position < pending.length && running.size < limit; ) {
      const item = pending[position]!;
      const deps = dependencies(item);
      if (!deps.every((dep) => results.has(dep))) {
        position += 1;
        continue;
      }
      pending.splice(position, 1);
      const missing = deps.filter((dep) => !isInPlace(results.get(dep)!.outcome));
      if (missing.length > 0) {
        finish({ key: item.key, outcome: 'blocked', message: `Not written: it calls ${missing.map((key) => key.slice('flow:'.length).replace('/', '.')).join(', ')}, which ${missing.length > 1 ? 'were' : 'was'} not written.` });
        started = true;
        continue;
      }
      options.onStart?.(item);
      const task = options
        .promote(item)
        .then(
          (result) => finish({ key: item.key, outcome: result.outcome, message: result.message, result }),
          (error: unknown) => finish({ key: item.key, outcome: 'failed', message: errorMessage(error) }),
        )
        .finally(() => running.delete(task));
      running.add(task);
      started = true;
    }
    if (running.size > 0) await Promise.race(running);
    else if (!started) break; // nothing can start (cannot happen with a plan's order; guards a hand-edited one)
  }
  // Cancelled: let what is running finish, then say what never ran.
  if (running.size > 0) await Promise.allSettled(running);
  for (const item of pending) {
    if (!results.has(item.key)) finish({ key: item.key, outcome: 'not-run', message: options.signal?.aborted ? 'Not run: the promotion was cancelled before it.' : 'Not run.' });
  }
  return items.map((item) => results.get(item.key)!);
}

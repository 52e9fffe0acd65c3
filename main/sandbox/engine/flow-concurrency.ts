// A flow's `concurrency: {limit, behavior}`: at most `limit` executions of the flow run at once
// (RUNNING, PAUSED, RETRYING… all hold a slot); the others are QUEUED (FIFO), CANCELLED or FAILED.

export type ConcurrencyBehavior = 'QUEUE' | 'CANCEL' | 'FAIL';

export interface ConcurrencyLimit {
  limit: number;
  behavior: ConcurrencyBehavior;
}

export function concurrencyOf(document: Record<string, unknown>): ConcurrencyLimit | undefined {
  const raw = document.concurrency;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const limit = Number(record.limit);
  if (!Number.isInteger(limit) || limit < 1) return undefined;
  const behavior = String(record.behavior ?? 'QUEUE').toUpperCase();
  return { limit, behavior: behavior === 'CANCEL' || behavior === 'FAIL' ? behavior : 'QUEUE' };
}

export function flowKey(namespace: string, flowId: string): string {
  return `${namespace}\u0000${flowId}`;
}

export class FlowConcurrency<T extends { id: string }> {
  private readonly holders = new Map<string, Set<string>>();
  private readonly queues = new Map<string, T[]>();

  running(key: string): number {
    return this.holders.get(key)?.size ?? 0;
  }

  /** Takes a slot when one is free (or there is no limit). */
  tryAcquire(key: string, id: string, limit: ConcurrencyLimit | undefined): boolean {
    let holders = this.holders.get(key);
    if (holders?.has(id)) return true;
    if (limit && (holders?.size ?? 0) >= limit.limit) return false;
    if (!holders) this.holders.set(key, (holders = new Set()));
    holders.add(id);
    return true;
  }

  /** Takes a slot regardless of the limit (executions found running after a restart). */
  force(key: string, id: string): void {
    let holders = this.holders.get(key);
    if (!holders) this.holders.set(key, (holders = new Set()));
    holders.add(id);
  }

  enqueue(key: string, item: T): void {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    queue.push(item);
  }

  /** Removes a queued item (killed while waiting); true when it was queued. */
  dequeueItem(key: string, id: string): boolean {
    const queue = this.queues.get(key);
    const index = queue?.findIndex((q) => q.id === id) ?? -1;
    if (index < 0) return false;
    queue!.splice(index, 1);
    return true;
  }

  /** Frees a slot and returns the next queued item, if any (it already holds the slot). */
  release(key: string, id: string): T | undefined {
    const holders = this.holders.get(key);
    holders?.delete(id);
    if (holders && holders.size === 0) this.holders.delete(key);
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.queues.delete(key);
    if (next) this.force(key, next.id);
    return next;
  }
}

// Failures across all servers as one list, newest first. Each server is a source paged on its own
// (newest first); the list is their merge, redrawn as pages arrive, so the first rows show before
// the slowest server has answered and a dead server only marks its own source. Scrolling near the
// end loads the next page of the source whose rows would come next. Refreshing re-reads each
// source's first page and merges what is new; a source that gained more than a page is reloaded.
// Framework-free: the overview subscribes to it (useSyncExternalStore).
import type { FleetExecutionRow } from '../../../../main/contract/fleet';
import type { Paged } from '../../../../main/contract/kestra-model';

export interface FeedRow extends FleetExecutionRow {
  serverId: string;
  /** `${serverId}:${id}`: unique across servers. */
  key: string;
  /** Start (or end) time in epoch ms, for ordering. */
  ts: number;
}

export interface SourceState {
  serverId: string;
  rows: FeedRow[];
  total: number;
  /** Pages loaded so far. */
  pages: number;
  loading: boolean;
  exhausted: boolean;
  error?: unknown;
  /** When its first page last arrived (epoch ms). */
  updatedAt?: number;
}

export interface FeedSnapshot {
  rows: FeedRow[];
  /** Failures in the window across the sources that answered. */
  total: number;
  sources: Readonly<Record<string, SourceState>>;
}

export type FetchPage = (serverId: string, page: number, size: number, signal: AbortSignal) => Promise<Paged<FleetExecutionRow>>;

/** Newest first: by start (then end) time, then by key for a stable order. */
export function compareRows(a: FeedRow, b: FeedRow): number {
  if (a.ts !== b.ts) return b.ts - a.ts;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Merges lists already sorted newest first (a k-way merge over a small heap of list heads). */
export function mergeSorted(lists: readonly FeedRow[][]): FeedRow[] {
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const out = new Array<FeedRow>(total);
  const heads = lists.map(() => 0);
  const heap: number[] = [];
  const head = (list: number): FeedRow => lists[list]![heads[list]!]!;
  const less = (x: number, y: number): boolean => compareRows(head(x), head(y)) < 0;
  const down = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && less(heap[left]!, heap[best]!)) best = left;
      if (right < heap.length && less(heap[right]!, heap[best]!)) best = right;
      if (best === i) return;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  };
  lists.forEach((list, index) => list.length > 0 && heap.push(index));
  for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i -= 1) down(i);
  for (let n = 0; n < total; n += 1) {
    const list = heap[0]!;
    out[n] = head(list);
    heads[list]! += 1;
    if (heads[list]! >= lists[list]!.length) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
  return out;
}

function withServer(serverId: string, rows: readonly FleetExecutionRow[]): FeedRow[] {
  return rows.map((row) => ({ ...row, serverId, key: `${serverId}:${row.id}`, ts: Date.parse(row.startDate ?? row.endDate ?? '') || 0 }));
}

export class FailureFeed {
  private readonly states = new Map<string, SourceState>();
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private snapshot: FeedSnapshot = { rows: [], total: 0, sources: {} };
  private disposed = false;

  constructor(
    private readonly serverIds: readonly string[],
    private readonly fetchPage: FetchPage,
    private readonly pageSize = 500,
  ) {
    for (const serverId of serverIds) this.states.set(serverId, { serverId, rows: [], total: 0, pages: 0, loading: false, exhausted: false });
    this.publish();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  /** Loads every source's first page, each on its own. */
  start(): void {
    for (const serverId of this.serverIds) void this.load(serverId, 1);
  }

  /** Loads the next page of the sources whose next rows would come first (newest oldest-row), at most `max` at once. */
  loadMore(max = 2): void {
    const candidates = [...this.states.values()].filter((s) => !s.loading && !s.exhausted && !s.error && s.pages > 0);
    const oldest = (source: SourceState): number => source.rows[source.rows.length - 1]?.ts ?? 0;
    candidates.sort((a, b) => oldest(b) - oldest(a));
    for (const source of candidates.slice(0, max)) void this.load(source.serverId, source.pages + 1);
  }

  /** True while some source has more rows than it has shown. */
  get hasMore(): boolean {
    return [...this.states.values()].some((s) => !s.exhausted && !s.error);
  }

  /** Re-reads each source's first page and merges what is new (live updates). */
  refresh(): void {
    for (const source of this.states.values()) {
      if (source.loading) continue;
      if (source.error || source.pages === 0) {
        void this.load(source.serverId, 1);
        continue;
      }
      void this.refreshSource(source.serverId);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.controller.abort();
    this.listeners.clear();
  }

  private update(serverId: string, patch: Partial<SourceState>): void {
    const current = this.states.get(serverId);
    if (!current || this.disposed) return;
    this.states.set(serverId, { ...current, ...patch });
    this.publish();
  }

  private publish(): void {
    const sources = Object.fromEntries(this.states);
    const answered = [...this.states.values()].filter((s) => s.pages > 0);
    this.snapshot = {
      rows: mergeSorted(answered.map((s) => s.rows)),
      total: answered.reduce((sum, s) => sum + s.total, 0),
      sources,
    };
    for (const listener of this.listeners) listener();
  }

  private async load(serverId: string, page: number): Promise<void> {
    this.update(serverId, { loading: true });
    try {
      const result = await this.fetchPage(serverId, page, this.pageSize, this.controller.signal);
      const current = this.states.get(serverId)!;
      // Rows can shift between pages while failures arrive: keep each once.
      const known = new Set(page === 1 ? [] : current.rows.map((row) => row.key));
      const fresh = withServer(serverId, result.results)
        .filter((row) => !known.has(row.key))
        .sort(compareRows);
      const rows = page === 1 ? fresh : mergeSorted([current.rows, fresh]);
      this.update(serverId, {
        rows,
        total: result.total,
        pages: page,
        loading: false,
        exhausted: result.results.length < this.pageSize || page * this.pageSize >= result.total,
        error: undefined,
        ...(page === 1 ? { updatedAt: Date.now() } : {}),
      });
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.update(serverId, { loading: false, error });
    }
  }

  private async refreshSource(serverId: string): Promise<void> {
    this.update(serverId, { loading: true });
    try {
      const result = await this.fetchPage(serverId, 1, this.pageSize, this.controller.signal);
      const current = this.states.get(serverId)!;
      const known = new Set(current.rows.map((row) => row.key));
      const first = withServer(serverId, result.results).sort(compareRows);
      const firstKeys = new Set(first.map((row) => row.key));
      const fresh = first.filter((row) => !known.has(row.key)).length;
      // A whole page of new rows: there may be a gap behind it; start this source over.
      if (fresh === first.length && first.length >= this.pageSize) {
        this.update(serverId, { rows: first, total: result.total, pages: 1, loading: false, exhausted: false, error: undefined, updatedAt: Date.now() });
        return;
      }
      // The first page replaces what it spans (new states, deleted rows); older rows stay.
      const oldestFirst = first[first.length - 1];
      const older = current.rows.filter((row) => !firstKeys.has(row.key) && (!oldestFirst || compareRows(row, oldestFirst) > 0));
      this.update(serverId, {
        rows: mergeSorted([first, older]),
        total: result.total,
        loading: false,
        error: undefined,
        updatedAt: Date.now(),
        exhausted: current.exhausted && result.total <= first.length + older.length,
      });
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.update(serverId, { loading: false, error });
    }
  }
}

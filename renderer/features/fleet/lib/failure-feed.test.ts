import { describe, expect, it } from 'vitest';
import type { FleetExecutionRow } from '../../../../main/contract/fleet';
import { FailureFeed, mergeSorted, type FeedRow, type FetchPage } from './failure-feed';

const iso = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
const row = (id: string, minute: number): FleetExecutionRow => ({ id, namespace: 'n', flowId: 'f', state: 'FAILED', startDate: iso(minute) });

/** A server with failures at the given minutes (newest first when paged), and a switch to make it wait or fail. */
function server(minutes: number[]) {
  const rows = minutes.map((m, i) => row(`e${m}-${i}`, m)).sort((a, b) => (a.startDate! < b.startDate! ? 1 : -1));
  return {
    rows,
    gate: undefined as Promise<void> | undefined,
    fail: false,
    calls: 0,
  };
}

function fetcher(servers: Record<string, ReturnType<typeof server>>): FetchPage {
  return async (serverId, page, size) => {
    const s = servers[serverId]!;
    s.calls += 1;
    if (s.gate) await s.gate;
    if (s.fail) throw new Error(`${serverId} is down`);
    return { results: s.rows.slice((page - 1) * size, page * size), total: s.rows.length };
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('failure feed', () => {
  it('shows the fast servers first, then interleaves the slow one newest first', async () => {
    const servers = { a: server([1, 5, 9]), b: server([2, 6]), slow: server([3, 10]) };
    let release!: () => void;
    servers.slow.gate = new Promise((resolve) => (release = resolve));
    const feed = new FailureFeed(['a', 'b', 'slow'], fetcher(servers), 10);
    feed.start();
    await settle();
    expect(feed.getSnapshot().rows.map((r) => r.startDate)).toEqual([iso(9), iso(6), iso(5), iso(2), iso(1)]);
    expect(feed.getSnapshot().sources.slow!.loading).toBe(true);
    release();
    await settle();
    await settle();
    expect(feed.getSnapshot().rows.map((r) => r.serverId)).toEqual(['slow', 'a', 'b', 'a', 'slow', 'b', 'a']);
    expect(feed.getSnapshot().total).toBe(7);
  });

  it('keeps a dead server to its own source', async () => {
    const servers = { a: server([1, 2]), dead: server([3]) };
    servers.dead.fail = true;
    const feed = new FailureFeed(['a', 'dead'], fetcher(servers), 10);
    feed.start();
    await settle();
    const snapshot = feed.getSnapshot();
    expect(snapshot.rows).toHaveLength(2);
    expect(String(snapshot.sources.dead!.error)).toMatch(/dead is down/);
    expect(snapshot.sources.a!.error).toBeUndefined();
  });

  it('pages the source whose rows come next, and never shows a row twice', async () => {
    const servers = { a: server(Array.from({ length: 25 }, (_, i) => 100 - i)), b: server(Array.from({ length: 25 }, (_, i) => 50 - i)) };
    const feed = new FailureFeed(['a', 'b'], fetcher(servers), 10);
    feed.start();
    await settle();
    feed.loadMore(1);
    await settle();
    // a's rows are all newer than b's: a is paged first.
    expect(feed.getSnapshot().sources.a!.pages).toBe(2);
    expect(feed.getSnapshot().sources.b!.pages).toBe(1);
    while (feed.hasMore) {
      feed.loadMore();
      await settle();
    }
    const keys = feed.getSnapshot().rows.map((r) => r.key);
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
  });

  it('merges new failures on refresh and reloads a source that gained more than a page', async () => {
    const servers = { a: server([1, 2, 3]) };
    const feed = new FailureFeed(['a'], fetcher(servers), 3);
    feed.start();
    await settle();
    servers.a.rows.unshift(row('new', 4));
    servers.a.rows[1] = { ...servers.a.rows[1]!, state: 'KILLED' };
    feed.refresh();
    await settle();
    expect(feed.getSnapshot().rows.map((r) => r.id)).toEqual(['new', 'e3-2', 'e2-1', 'e1-0']);
    expect(feed.getSnapshot().rows[1]!.state).toBe('KILLED');
    servers.a.rows.unshift(row('x', 7), row('y', 6), row('z', 5));
    feed.refresh();
    await settle();
    expect(feed.getSnapshot().rows.map((r) => r.id)).toEqual(['x', 'y', 'z']);
    expect(feed.getSnapshot().sources.a!.exhausted).toBe(false);
  });

  it('merges 20 servers and 100,000 rows', () => {
    const lists: FeedRow[][] = Array.from({ length: 20 }, (_, s) =>
      Array.from({ length: 5000 }, (_, i) => ({ ...row(`s${s}-${i}`, 0), ts: Date.UTC(2025, 0, 1) - (i * 20 + s) * 1000, serverId: `s${s}`, key: `s${s}:${i}` })),
    );
    const merged = mergeSorted(lists);
    expect(merged).toHaveLength(100_000);
    const outOfOrder = merged.findIndex((r, i) => i > 0 && merged[i - 1]!.ts < r.ts);
    expect(outOfOrder).toBe(-1);
  });
});

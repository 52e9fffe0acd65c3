import { describe, expect, it, vi } from 'vitest';
import { UploadQueue, type PortResult, type UploadItem, type UploadPorts, type UploadSource } from './upload-queue';

/** A namespace held in a Map, with uploads the test releases by hand. */
function fakeNamespace(initial: Record<string, number> = {}) {
  const files = new Map(Object.entries(initial));
  const pending: { item: UploadItem; source: UploadSource; progress: (n: number) => void; resolve: (r: PortResult<{ size: number }>) => void; signal: AbortSignal }[] = [];
  const calls: string[] = [];
  let maxConcurrent = 0;
  const ports: UploadPorts = {
    stat: async (path) => {
      calls.push(`stat ${path}`);
      return { ok: true, data: files.has(path) ? { size: files.get(path)!, type: 'File' } : null };
    },
    names: async (dir) => {
      calls.push(`names ${dir}`);
      const prefix = dir === '/' ? '/' : `${dir}/`;
      return { ok: true, data: [...files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length)) };
    },
    upload: (item, source, { onProgress, signal }) => {
      calls.push(`upload ${item.targetPath}`);
      return new Promise((resolve) => {
        pending.push({ item, source, progress: onProgress, resolve, signal });
        maxConcurrent = Math.max(maxConcurrent, pending.length);
      });
    },
  };
  /** Finishes the oldest pending upload: the server stores `size` bytes (all by default). */
  const finish = async (size?: number): Promise<void> => {
    await vi.waitFor(() => expect(pending.length).toBeGreaterThan(0));
    const next = pending.shift()!;
    next.progress(next.source.size);
    files.set(next.item.targetPath, size ?? next.source.size);
    next.resolve({ ok: true, data: { size: size ?? next.source.size } });
  };
  return { ports, files, pending, calls, finish, maxConcurrent: () => maxConcurrent };
}

const src = (name: string, size: number): UploadSource => ({ name, size });
const statuses = (queue: UploadQueue) => Object.fromEntries(queue.getSnapshot().items.map((i) => [i.targetPath, i.status]));

describe('UploadQueue', () => {
  it('uploads with per-file and total progress, two at a time', async () => {
    const ns = fakeNamespace();
    const queue = new UploadQueue(ns.ports, { concurrency: 2 });
    queue.add([
      { source: src('a', 100), relativePath: 'a', targetPath: '/d/a' },
      { source: src('b', 300), relativePath: 'b', targetPath: '/d/b' },
      { source: src('c', 600), relativePath: 'c', targetPath: '/d/c' },
    ]);
    await vi.waitFor(() => expect(ns.pending).toHaveLength(2));
    ns.pending[1]!.progress(150);
    const mid = queue.getSnapshot();
    expect(mid.items.find((i) => i.targetPath === '/d/b')!.sent).toBe(150);
    expect(mid.totals).toMatchObject({ bytes: 1000, sentBytes: 150, active: 3 });
    await ns.finish();
    await ns.finish();
    await ns.finish();
    await vi.waitFor(() => expect(queue.getSnapshot().totals).toMatchObject({ done: 3, sentBytes: 1000, active: 0 }));
    expect(ns.maxConcurrent()).toBe(2);
  });

  it('fails bad names at once, without any request', async () => {
    const ns = fakeNamespace();
    const queue = new UploadQueue(ns.ports);
    queue.add([
      { source: src('x', 1), relativePath: '../x', targetPath: '/../x' },
      { source: src('y', 1), relativePath: 'y', targetPath: '/a\u0000b' },
      { source: src('z', 1), relativePath: 'z', targetPath: `/${'z'.repeat(256)}` },
    ]);
    expect(queue.getSnapshot().items.every((i) => i.status === 'failed' && i.error)).toBe(true);
    await Promise.resolve();
    expect(ns.calls).toEqual([]);
  });

  it('asks about conflicts while the rest continues, and applies overwrite, skip and keep both', async () => {
    const ns = fakeNamespace({ '/a.txt': 5, '/b.txt': 6, '/c.txt': 7, '/c (1).txt': 1 });
    const queue = new UploadQueue(ns.ports, { concurrency: 1 });
    queue.add([
      { source: src('a.txt', 10), relativePath: 'a.txt', targetPath: '/a.txt' },
      { source: src('b.txt', 10), relativePath: 'b.txt', targetPath: '/b.txt' },
      { source: src('c.txt', 10), relativePath: 'c.txt', targetPath: '/c.txt' },
      { source: src('new.txt', 10), relativePath: 'new.txt', targetPath: '/new.txt' },
    ]);
    await ns.finish(); // new.txt went ahead of the three conflicts
    await vi.waitFor(() => expect(statuses(queue)).toEqual({ '/a.txt': 'conflict', '/b.txt': 'conflict', '/c.txt': 'conflict', '/new.txt': 'done' }));
    expect(queue.getSnapshot().items[0]!.existingSize).toBe(5);

    queue.resolveConflict(queue.getSnapshot().items[0]!.id, 'overwrite');
    await ns.finish();
    queue.resolveConflict(queue.getSnapshot().items[1]!.id, 'skip');
    queue.resolveConflict(queue.getSnapshot().items[2]!.id, 'keep-both');
    await ns.finish();
    await vi.waitFor(() => expect(queue.getSnapshot().totals.active).toBe(0));
    const items = queue.getSnapshot().items;
    expect(items.map((i) => [i.targetPath, i.status])).toEqual([
      ['/a.txt', 'done'],
      ['/b.txt', 'skipped'],
      ['/c (2).txt', 'done'],
      ['/new.txt', 'done'],
    ]);
    expect(items[2]!.renamedFrom).toBe('/c.txt');
    expect(ns.files.get('/a.txt')).toBe(10);
    expect(ns.files.get('/b.txt')).toBe(6);
    // Skipped files leave the total, so progress reaches 100 %.
    expect(queue.getSnapshot().totals).toMatchObject({ bytes: 30, sentBytes: 30 });
  });

  it('applies one choice to every open and later conflict', async () => {
    const ns = fakeNamespace({ '/a': 1, '/b': 1, '/c': 1 });
    const queue = new UploadQueue(ns.ports, { concurrency: 3 });
    queue.add(['/a', '/b'].map((p) => ({ source: src(p, 2), relativePath: p, targetPath: p })));
    await vi.waitFor(() => expect(queue.getSnapshot().totals.conflicts).toBe(2));
    queue.resolveConflict(queue.getSnapshot().items[0]!.id, 'skip', true);
    queue.add([{ source: src('c', 2), relativePath: 'c', targetPath: '/c' }]);
    await vi.waitFor(() => expect(queue.getSnapshot().totals.skipped).toBe(3));
    expect(ns.calls.filter((c) => c.startsWith('upload'))).toEqual([]);
  });

  it('cancels a running upload: the signal aborts and it never turns done', async () => {
    const ns = fakeNamespace();
    const queue = new UploadQueue(ns.ports);
    const [item] = queue.add([{ source: src('big', 1000), relativePath: 'big', targetPath: '/big' }]);
    await vi.waitFor(() => expect(ns.pending).toHaveLength(1));
    const { signal, resolve } = ns.pending[0]!;
    queue.cancel(item!.id);
    expect(signal.aborted).toBe(true);
    resolve({ ok: true, data: { size: 1000 } });
    await Promise.resolve();
    expect(queue.getSnapshot().items[0]!.status).toBe('cancelled');
    expect(queue.getSnapshot().totals.bytes).toBe(0);
  });

  it('reports a failed upload and retries it', async () => {
    const ns = fakeNamespace();
    const settled: string[] = [];
    const queue = new UploadQueue(ns.ports, { onSettled: (i) => settled.push(i.status) });
    const [item] = queue.add([{ source: src('f', 10), relativePath: 'f', targetPath: '/f' }]);
    await vi.waitFor(() => expect(ns.pending).toHaveLength(1));
    const first = ns.pending.shift()!;
    first.progress(10);
    first.resolve({ ok: false, error: { kind: 'network', message: 'The server closed the connection' } });
    await vi.waitFor(() => expect(queue.getSnapshot().items[0]!.status).toBe('failed'));
    expect(queue.getSnapshot().items[0]!.error).toBe('The server closed the connection');
    // Bytes that reached the server before it failed do not count as progress.
    expect(queue.getSnapshot().totals).toMatchObject({ bytes: 10, sentBytes: 0, failed: 1 });
    queue.retryFailed();
    await ns.finish();
    await vi.waitFor(() => expect(queue.getSnapshot().items[0]!.status).toBe('done'));
    expect(settled).toEqual(['failed', 'done']);
    expect(item!.id).toBe(queue.getSnapshot().items[0]!.id);
  });

  it('never reports done when the server holds fewer bytes than sent', async () => {
    const ns = fakeNamespace();
    const queue = new UploadQueue(ns.ports);
    queue.add([{ source: src('f', 10), relativePath: 'f', targetPath: '/f' }]);
    await ns.finish(4);
    await vi.waitFor(() => expect(queue.getSnapshot().items[0]!.status).toBe('failed'));
    expect(queue.getSnapshot().items[0]!.error).toMatch(/4 of 10 bytes/);
  });

  it('sends archives to extract without a conflict check', async () => {
    const ns = fakeNamespace({ '/bundle.zip': 3 });
    const queue = new UploadQueue(ns.ports);
    queue.add([{ source: src('bundle.zip', 10), relativePath: 'bundle.zip', targetPath: '/bundle.zip', extract: true }]);
    await ns.finish(0);
    await vi.waitFor(() => expect(queue.getSnapshot().items[0]!.status).toBe('done'));
    expect(ns.calls).toEqual(['upload /bundle.zip']);
  });

  it('refuses to replace a folder with a file', async () => {
    const ns = fakeNamespace();
    ns.ports.stat = async () => ({ ok: true, data: { size: 0, type: 'Directory' } });
    const queue = new UploadQueue(ns.ports);
    queue.add([{ source: src('d', 1), relativePath: 'd', targetPath: '/d' }]);
    await vi.waitFor(() => expect(queue.getSnapshot().items[0]!.status).toBe('failed'));
  });
});

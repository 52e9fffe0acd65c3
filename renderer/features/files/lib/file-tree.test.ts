import { describe, expect, it } from 'vitest';
import type { FileAttributes } from '../../../../main/contract/kestra-model';
import fc from 'fast-check';
import { emptyTree, naturalCompare, findNode, foldersToLoad, invalidate, planMove, ROOT, setChildren, setError, setExpanded, setLoading, visibleRows } from './file-tree';

const file = (fileName: string, size = 1): FileAttributes => ({ fileName, type: 'File', size, lastModifiedTime: 0, creationTime: 0 });
const dir = (fileName: string): FileAttributes => ({ fileName, type: 'Directory', size: 0, lastModifiedTime: 0, creationTime: 0 });

describe('file tree model', () => {
  it('loads lazily: only the root first, then each folder when opened', () => {
    let state = emptyTree();
    expect(foldersToLoad(state)).toEqual([ROOT]);
    state = setLoading(state, ROOT);
    expect(foldersToLoad(state)).toEqual([]);
    state = setChildren(state, ROOT, [file('file10.txt'), dir('scripts'), file('file2.txt'), dir('a')]);
    expect(visibleRows(state).map((r) => r.node.name)).toEqual(['a', 'scripts', 'file2.txt', 'file10.txt']);
    expect(foldersToLoad(state)).toEqual([]);
    state = setExpanded(state, '/scripts', true);
    expect(foldersToLoad(state)).toEqual(['/scripts']);
    state = setChildren(state, '/scripts', [file('run.py', 42)]);
    const rows = visibleRows(state);
    expect(rows.map((r) => [r.node.path, r.depth])).toEqual([
      ['/a', 0],
      ['/scripts', 0],
      ['/scripts/run.py', 1],
      ['/file2.txt', 0],
      ['/file10.txt', 0],
    ]);
    expect(findNode(state, '/scripts/run.py')?.size).toBe(42);
  });

  it('keeps a folder error on its row and retries after invalidation', () => {
    let state = setChildren(emptyTree(), ROOT, [dir('x')]);
    state = setExpanded(state, '/x', true);
    state = setError(state, '/x', 'Directory not found');
    expect(visibleRows(state)[0]!.error).toBe('Directory not found');
    expect(foldersToLoad(state)).toEqual([]);
    state = setLoading(state, '/x');
    expect(visibleRows(state)[0]!.error).toBeUndefined();
    state = setChildren(state, '/x', []);
    state = invalidate(state, '/x');
    expect(foldersToLoad(state)).toEqual(['/x']);
  });

  it('filters files, not folders', () => {
    const state = setChildren(emptyTree(), ROOT, [file('a.yml'), file('b.py'), dir('d')]);
    expect(visibleRows(state, (n) => n.name.endsWith('.py')).map((r) => r.node.name)).toEqual(['d', 'b.py']);
  });

  it('renders 10,000 files as rows without recursion trouble', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => file(`f${i}.txt`));
    const state = setChildren(emptyTree(), ROOT, many);
    const rows = visibleRows(state);
    expect(rows).toHaveLength(10_000);
    expect(rows[2]!.node.name).toBe('f2.txt');
  });

  it('plans moves by drag, refusing no-ops, cycles and collisions', () => {
    const node = { path: '/a/b.txt', name: 'b.txt', type: 'File' as const, size: 1, lastModifiedTime: 0 };
    const folder = { path: '/a', name: 'a', type: 'Directory' as const, size: 0, lastModifiedTime: 0 };
    expect(planMove(node, '/', [])).toEqual({ ok: true, to: '/b.txt' });
    expect(planMove(node, '/a', []).ok).toBe(false);
    expect(planMove(folder, '/a/sub', []).ok).toBe(false);
    expect(planMove(node, '/c', [node])).toMatchObject({ ok: false, reason: expect.stringMatching(/already exists/) });
  });

  it('orders names naturally and consistently', () => {
    const sorted = ['a', 'A2.txt', 'a10.txt', 'a02.txt', 'b', 'a2.txt', 'file', 'file1', 'file01'].sort((x, y) => naturalCompare(x.toLowerCase(), y.toLowerCase()) || (x < y ? -1 : x > y ? 1 : 0));
    expect(sorted).toEqual(['a', 'A2.txt', 'a2.txt', 'a02.txt', 'a10.txt', 'b', 'file', 'file1', 'file01']);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(Math.sign(naturalCompare(a, b))).toBe(-Math.sign(naturalCompare(b, a)) || 0);
        if (naturalCompare(a, b) <= 0 && naturalCompare(b, c) <= 0) expect(naturalCompare(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

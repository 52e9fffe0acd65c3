import { describe, expect, it } from 'vitest';
import type { FileAttributes } from '../../../../main/contract/kestra-model';
import fc from 'fast-check';
import { emptyTree, findNode, naturalCompare, openFolders, planMove, ROOT, toNodes, visibleRows, withExpanded, type TreeNode, type TreeState } from './file-tree';

const file = (fileName: string, size = 1): FileAttributes => ({ fileName, type: 'File', size, lastModifiedTime: 0, creationTime: 0 });
const dir = (fileName: string): FileAttributes => ({ fileName, type: 'Directory', size: 0, lastModifiedTime: 0, creationTime: 0 });

/** A tree as the queries give it: these folders loaded, these open. */
function tree(listings: Record<string, FileAttributes[]>, open: string[] = [], extra: Partial<TreeState> = {}): TreeState {
  return { ...emptyTree(), children: new Map(Object.entries(listings).map(([dir, list]) => [dir, toNodes(dir, list)])), expanded: new Set([ROOT, ...open]), ...extra };
}

describe('file tree model', () => {
  it('asks for the root first, then each open folder a loaded listing shows', () => {
    const listings = new Map<string, TreeNode[]>();
    const childrenOf = (dir: string) => listings.get(dir);
    expect(openFolders(new Set([ROOT]), childrenOf)).toEqual([ROOT]);
    listings.set(ROOT, toNodes(ROOT, [file('file10.txt'), dir('scripts'), file('file2.txt'), dir('a')]));
    expect(openFolders(new Set([ROOT]), childrenOf)).toEqual([ROOT]);
    // Opened, and shown by the root's listing: asked for. An open folder that is gone is not.
    expect(openFolders(new Set([ROOT, '/scripts', '/gone']), childrenOf)).toEqual([ROOT, '/scripts']);
    listings.set('/scripts', toNodes('/scripts', [dir('lib')]));
    expect(openFolders(new Set([ROOT, '/scripts', '/scripts/lib']), childrenOf)).toEqual([ROOT, '/scripts', '/scripts/lib']);
    // A closed parent hides its open children.
    expect(openFolders(new Set([ROOT, '/scripts/lib']), childrenOf)).toEqual([ROOT]);
  });

  it('lists the open folders’ children under them, folders first in natural order', () => {
    const state = tree({ [ROOT]: [file('file10.txt'), dir('scripts'), file('file2.txt'), dir('a')], '/scripts': [file('run.py', 42)] }, ['/scripts']);
    expect(visibleRows(state).map((r) => [r.node.path, r.depth])).toEqual([
      ['/a', 0],
      ['/scripts', 0],
      ['/scripts/run.py', 1],
      ['/file2.txt', 0],
      ['/file10.txt', 0],
    ]);
    expect(findNode(state, '/scripts/run.py')?.size).toBe(42);
    expect(visibleRows({ ...state, expanded: withExpanded(state.expanded, '/scripts', false) }).map((r) => r.node.path)).toEqual(['/a', '/scripts', '/file2.txt', '/file10.txt']);
  });

  it('keeps a folder error and its loading state on its row', () => {
    const state = tree({ [ROOT]: [dir('x'), dir('y')] }, ['/x', '/y'], { errors: new Map([['/x', 'Directory not found']]), loading: new Set(['/y']) });
    const rows = visibleRows(state);
    expect(rows[0]).toMatchObject({ error: 'Directory not found', loading: false });
    expect(rows[1]).toMatchObject({ error: undefined, loading: true });
  });

  it('filters files, not folders', () => {
    const state = tree({ [ROOT]: [file('a.yml'), file('b.py'), dir('d')] });
    expect(visibleRows(state, (n) => n.name.endsWith('.py')).map((r) => r.node.name)).toEqual(['d', 'b.py']);
  });

  it('renders 10,000 files as rows without recursion trouble', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => file(`f${i}.txt`));
    const state = tree({ [ROOT]: many });
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

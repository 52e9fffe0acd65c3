import { describe, expect, it } from 'vitest';
import type { FileAttributes } from '../../../../main/contract/kestra-model';
import { bytesFromBase64, compareFolders, countByStatus, listNamespaceFiles, planSync, sameBytes } from './folder-compare';

const local = [
  { path: 'a.txt', size: 3 },
  { path: 'same.txt', size: 5 },
  { path: 'edited.txt', size: 5 },
  { path: 'grown.txt', size: 9 },
];
const remote = [
  { path: 'same.txt', size: 5 },
  { path: 'edited.txt', size: 5 },
  { path: 'grown.txt', size: 4 },
  { path: 'gone/old.txt', size: 2 },
];

describe('compareFolders', () => {
  it('tells added, changed, deleted and identical, checking content of equal sizes', async () => {
    const rows = await compareFolders(local, remote, async (path) => path === 'same.txt');
    expect(rows.map((r) => [r.path, r.status])).toEqual([
      ['a.txt', 'added'],
      ['edited.txt', 'changed'],
      ['gone/old.txt', 'deleted'],
      ['grown.txt', 'changed'],
      ['same.txt', 'identical'],
    ]);
    expect(rows.find((r) => r.path === 'same.txt')!.contentChecked).toBe(true);
    expect(countByStatus(rows)).toEqual({ added: 1, changed: 2, deleted: 1, identical: 1 });
  });

  it('falls back to sizes when content cannot be compared', async () => {
    const rows = await compareFolders(local, remote);
    expect(rows.find((r) => r.path === 'edited.txt')).toMatchObject({ status: 'identical', contentChecked: false });
  });
});

describe('planSync', () => {
  it('plans each direction and deletes only when mirroring', async () => {
    const rows = await compareFolders(local, remote, async (p) => p === 'same.txt');
    expect(planSync(rows, 'to-namespace').map((s) => `${s.action} ${s.path}`)).toEqual(['upload a.txt', 'upload edited.txt', 'upload grown.txt']);
    expect(planSync(rows, 'to-namespace', { mirror: true }).map((s) => s.action)).toContain('delete-remote');
    expect(planSync(rows, 'to-local').map((s) => `${s.action} ${s.path}`)).toEqual(['write-local edited.txt', 'write-local gone/old.txt', 'write-local grown.txt']);
    expect(planSync(rows, 'to-local', { mirror: true }).filter((s) => s.action === 'delete-local').map((s) => s.path)).toEqual(['a.txt']);
  });
});

describe('listNamespaceFiles', () => {
  const tree: Record<string, FileAttributes[]> = {
    '/base': [
      { fileName: 'x.txt', type: 'File', size: 1, lastModifiedTime: 0, creationTime: 0 },
      { fileName: 'sub', type: 'Directory', size: 0, lastModifiedTime: 0, creationTime: 0 },
    ],
    '/base/sub': [{ fileName: 'y.txt', type: 'File', size: 2, lastModifiedTime: 0, creationTime: 0 }],
  };
  it('walks folders into relative paths', async () => {
    const files = await listNamespaceFiles(async (dir) => tree[dir] ?? [], '/base');
    expect(files).toEqual([
      { path: 'sub/y.txt', size: 2 },
      { path: 'x.txt', size: 1 },
    ]);
  });
  it('fails as a whole when one folder fails (no partial list to sync from)', async () => {
    await expect(
      listNamespaceFiles(async (dir) => {
        if (dir === '/base/sub') throw new Error('503');
        return tree[dir] ?? [];
      }, '/base'),
    ).rejects.toThrow('503');
  });
});

describe('sameBytes and bytesFromBase64', () => {
  it('compares exact bytes, binary included', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    expect(bytesFromBase64(btoa(String.fromCharCode(...png)))).toEqual(png);
    expect(await sameBytes(new Blob([png]), png)).toBe(true);
    expect(await sameBytes(new Blob([png.slice(0, 9)]), png)).toBe(false);
    const changed = png.slice();
    changed[9] = 0xfe;
    expect(await sameBytes(new Blob([png]), changed)).toBe(false);
    // Text compares as its UTF-8 bytes.
    expect(await sameBytes(new Blob(['héllo']), new TextEncoder().encode('héllo'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { filesFromInput, takeDropSource, walkDropSource, type WalkDirectoryEntry, type WalkEntry, type WalkFileEntry } from './folder-walk';

function fileEntry(name: string, content = name, fail = false): WalkFileEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (ok, err) => (fail ? err?.(new Error('NotReadableError')) : ok(new File([content], name))),
  };
}

/** A directory whose reader hands out entries in batches, as Chromium does (100 at a time). */
function dirEntry(name: string, children: WalkEntry[], batch = 100): WalkDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let offset = 0;
      return {
        readEntries: (ok) => {
          const slice = children.slice(offset, offset + batch);
          offset += batch;
          queueMicrotask(() => ok(slice));
        },
      };
    },
  };
}

describe('walkDropSource', () => {
  it('flattens nested folders with relative paths, reading every batch', async () => {
    const many = Array.from({ length: 250 }, (_, i) => fileEntry(`f${String(i).padStart(3, '0')}.txt`));
    const source = {
      entries: [dirEntry('project', [fileEntry('b.txt'), dirEntry('sub', many), dirEntry('empty', [])]), fileEntry('top.md')],
    };
    const result = await walkDropSource(source);
    expect(result.files).toHaveLength(252);
    expect(result.files[0]!.relativePath).toBe('project/b.txt');
    expect(result.files.map((f) => f.relativePath)).toContain('project/sub/f249.txt');
    expect(result.files.at(-1)!.relativePath).toBe('top.md');
    expect(result.emptyFolders).toEqual(['project/empty']);
    expect(result.errors).toEqual([]);
  });

  it('reports unreadable files and keeps going', async () => {
    const result = await walkDropSource({ entries: [dirEntry('d', [fileEntry('bad', '', true), fileEntry('good')])] });
    expect(result.files.map((f) => f.relativePath)).toEqual(['d/good']);
    expect(result.errors).toEqual(['d/bad: NotReadableError']);
  });

  it('stops at maxFiles and says so', async () => {
    const result = await walkDropSource({ entries: [dirEntry('d', Array.from({ length: 10 }, (_, i) => fileEntry(`${i}`)))] }, { maxFiles: 3 });
    expect(result.files).toHaveLength(3);
    expect(result.truncated).toBe(true);
  });

  it('takes plain Files when the browser gives no entries', async () => {
    const file = new File(['x'], 'plain.txt');
    const source = takeDropSource({
      items: [{ kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => file }] as unknown as DataTransferItemList,
      files: [] as unknown as FileList,
    });
    const result = await walkDropSource(source);
    expect(result.files).toEqual([{ relativePath: 'plain.txt', file }]);
  });
});

describe('filesFromInput', () => {
  it('uses webkitRelativePath from a folder picker', () => {
    const file = new File(['x'], 'a.txt');
    Object.defineProperty(file, 'webkitRelativePath', { value: 'folder/a.txt' });
    expect(filesFromInput([file, new File(['y'], 'b.txt')]).map((f) => f.relativePath)).toEqual(['folder/a.txt', 'b.txt']);
  });
});

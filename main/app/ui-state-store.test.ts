import { statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { MAX_UI_STATE_CHARS, UiStateStore } from './ui-state-store';

describe('UiStateStore', () => {
  const dirs: { remove(): void }[] = [];
  const store = (): { store: UiStateStore; dir: string } => {
    const temp = makeTempDir('ui-state');
    dirs.push(temp);
    return { store: UiStateStore.forAppData(temp.path), dir: path.join(temp.path, 'ui-state') };
  };
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('keeps each key in a private file and reads them all back after a restart', async () => {
    const { store: first, dir } = store();
    expect(await first.loadAll()).toEqual({});
    await first.save('workspace', '{"a":1}');
    await first.save('flow-documents', '{"b":2}');
    const again = new UiStateStore(dir);
    expect(await again.loadAll()).toEqual({ workspace: '{"a":1}', 'flow-documents': '{"b":2}' });
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'workspace.json')).mode & 0o777).toBe(0o600);
  });

  it('forgets a key saved as null', async () => {
    const { store: s } = store();
    await s.save('workspace', 'x');
    await s.save('workspace', null);
    expect(await s.loadAll()).toEqual({});
  });

  it('lands the newest of several quick writes of one key', async () => {
    const { store: s } = store();
    await Promise.all(Array.from({ length: 20 }, (_, n) => s.save('workspace', `v${n}`)));
    expect((await s.loadAll()).workspace).toBe('v19');
  });

  it('refuses keys that could name another file, non-text values and oversized state', async () => {
    const { store: s, dir } = store();
    for (const key of ['../servers', 'a/b', '', 'UPPER', '.hidden', 42]) await expect(s.save(key, 'x')).rejects.toMatchObject({ data: { kind: 'validation' } });
    await expect(s.save('workspace', { not: 'text' })).rejects.toMatchObject({ data: { kind: 'validation' } });
    await expect(s.save('workspace', 'x'.repeat(MAX_UI_STATE_CHARS + 1))).rejects.toThrow(/not kept/);
    await expect(fs.readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves out files that are not its own', async () => {
    const { store: s, dir } = store();
    await s.save('workspace', 'ok');
    await fs.writeFile(path.join(dir, 'Not A Key.json'), 'nope');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'nope');
    expect(await s.loadAll()).toEqual({ workspace: 'ok' });
  });
});

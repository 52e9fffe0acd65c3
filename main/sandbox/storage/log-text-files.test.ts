import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/temp-dir';
import { SandboxDatabase } from './database';
import { LogTextFiles } from './log-text-files';

describe('LogTextFiles', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function setup(): { db: SandboxDatabase; files: LogTextFiles; dir: string } {
    const dir = makeTempDir('logtext');
    dirs.push(dir);
    const db = new SandboxDatabase(path.join(dir.path, 'sandbox.db'));
    return { db, files: new LogTextFiles(db, dir.path), dir: dir.path };
  }

  function commit(db: SandboxDatabase, files: LogTextFiles, id: string, lines: string[]): void {
    const size = files.append(id, lines, () => false)!;
    db.transaction(() => files.record(id, size));
    files.committedNow(id, size);
  }

  it('keeps the download text, newline-joined without a trailing newline', () => {
    const { db, files } = setup();
    commit(db, files, 'exec1', ['a', 'b']);
    commit(db, files, 'exec1', ['c']);
    const opened = files.open('exec1')!;
    expect(readFileSync(opened.file, 'utf8')).toBe('a\nb\nc');
    expect(opened.bytes).toBe(5);
    db.close();
  });

  it('cuts bytes appended by a process that died before committing them', () => {
    const { db, files, dir } = setup();
    commit(db, files, 'exec1', ['kept']);
    // A crash between the append and the commit leaves extra bytes in the file.
    appendFileSync(path.join(dir, 'logs', 'exec1.log'), '\nnot committed');
    db.close();
    const db2 = new SandboxDatabase(path.join(dir, 'sandbox.db'));
    const reopened = new LogTextFiles(db2, dir);
    expect(reopened.open('exec1')!.bytes).toBe(4);
    commit(db2, reopened, 'exec1', ['next']);
    expect(readFileSync(reopened.open('exec1')!.file, 'utf8')).toBe('kept\nnext');
    db2.close();
  });

  it('does not start a copy for an execution that already has rows, and forgets invalidated ones', () => {
    const { db, files } = setup();
    expect(files.append('old', ['x'], () => true)).toBeUndefined();
    commit(db, files, 'exec2', ['x']);
    files.invalidate('exec2');
    expect(files.open('exec2')).toBeUndefined();
    db.close();
  });
});

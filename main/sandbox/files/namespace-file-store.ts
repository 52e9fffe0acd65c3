// Namespace files: metadata and revisions in SQLite, contents as immutable blob files on disk (one
// per revision). A write streams to a temp file, fsyncs and renames it into place, then records the
// revision in one transaction: a failed or interrupted upload leaves no file behind.
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KestraHttpError, illegalArgument, notFound } from '../http/http-error';
import type { SandboxDatabase } from '../storage/database';
import { ancestors, checkNameLengths, guardPath, nameOf, parentOf } from './namespace-path';

export interface FileAttributes {
  fileName: string;
  type: 'File' | 'Directory';
  size: number;
  lastModifiedTime: number;
  creationTime: number;
  metadata: Record<string, string>;
}

interface FileRow {
  path: string;
  directory: boolean;
  size: number;
  revision: number;
  creationTime: number;
  lastModifiedTime: number;
}

/** A blob written but not yet recorded (zip extraction stages every entry before committing). */
export interface StagedFile {
  path: string;
  blob: string;
  size: number;
}

const COLUMNS = 'path, directory, size, revision, creation_time, last_modified_time';

function toRow(r: unknown[]): FileRow {
  return { path: String(r[0]), directory: r[1] === 1, size: Number(r[2]), revision: Number(r[3]), creationTime: Number(r[4]), lastModifiedTime: Number(r[5]) };
}

function attributes(row: FileRow): FileAttributes {
  return {
    fileName: nameOf(row.path),
    type: row.directory ? 'Directory' : 'File',
    size: row.directory ? 0 : row.size,
    lastModifiedTime: row.lastModifiedTime,
    creationTime: row.creationTime,
    metadata: {},
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class NamespaceFileStore {
  private readonly blobRoot: string;
  private readonly tempRoot: string;

  /**
   * `clearInterrupted`: the leftovers of uploads interrupted by a crash are never referenced; the
   * sandbox's API thread clears them when it opens the store, the engine thread (which may start
   * again while uploads run) does not.
   */
  constructor(
    private readonly db: SandboxDatabase,
    dataDir: string,
    clearInterrupted = true,
  ) {
    this.blobRoot = path.join(dataDir, 'namespace-files', 'blobs');
    this.tempRoot = path.join(dataDir, 'namespace-files', 'tmp');
    mkdirSync(this.blobRoot, { recursive: true });
    if (clearInterrupted) rmSync(this.tempRoot, { recursive: true, force: true });
    mkdirSync(this.tempRoot, { recursive: true });
  }

  private row(namespace: string, filePath: string): FileRow | undefined {
    if (filePath === '/') {
      return { path: '/', directory: true, size: 0, revision: 0, creationTime: 0, lastModifiedTime: 0 };
    }
    const r = this.db.row(`SELECT ${COLUMNS} FROM namespace_files WHERE namespace = ? AND path = ?`, [namespace, filePath]);
    return r ? toRow(r) : undefined;
  }

  private rootRow(namespace: string): FileRow {
    const times = this.db.row('SELECT min(creation_time), max(last_modified_time) FROM namespace_files WHERE namespace = ?', [namespace]);
    const created = Number(times?.[0] ?? Date.now()) || Date.now();
    return { path: '/', directory: true, size: 0, revision: 0, creationTime: created, lastModifiedTime: Number(times?.[1] ?? created) || created };
  }

  private blobFile(blob: string): string {
    return path.join(this.blobRoot, blob);
  }

  exists(namespace: string, filePath: string): boolean {
    return filePath === '/' || this.row(namespace, filePath) !== undefined;
  }

  stats(namespace: string, filePath: string): FileAttributes {
    if (filePath === '/') return attributes(this.rootRow(namespace));
    const row = this.row(namespace, filePath);
    if (!row) throw notFound(`File not found: ${filePath}`);
    return attributes(row);
  }

  /**
   * Direct children of a directory, as the JSON array Kestra answers. SQLite builds the text itself:
   * materialising 10,000 rows as JS arrays costs more than the query (a large namespace's tree).
   */
  listJson(namespace: string, directory: string): string {
    if (directory !== '/') {
      const row = this.row(namespace, directory);
      if (!row || !row.directory) throw notFound(`Directory not found: ${directory}`);
    }
    const prefix = directory === '/' ? '/' : `${directory}/`;
    const json = this.db.value<string>(
      `SELECT coalesce(json_group_array(json_object(
         'fileName', substr(path, ?3), 'type', CASE directory WHEN 1 THEN 'Directory' ELSE 'File' END,
         'size', CASE directory WHEN 1 THEN 0 ELSE size END,
         'lastModifiedTime', last_modified_time, 'creationTime', creation_time, 'metadata', json('{}'))), '[]')
       FROM (SELECT * FROM namespace_files WHERE namespace = ?1 AND path LIKE ?2 ESCAPE '\\' AND instr(substr(path, ?3), '/') = 0 ORDER BY directory DESC, path)`,
      // SQLite's substr counts characters, not UTF-16 units: an emoji in a folder name is one.
      [namespace, `${escapeLike(prefix)}%`, [...prefix].length + 1],
    );
    return json ?? '[]';
  }

  /** Every file (not directory) below a path, for export and search. */
  files(namespace: string, under = '/'): { path: string; size: number; lastModifiedTime: number }[] {
    const prefix = under === '/' ? '/' : `${under}/`;
    return this.db
      .rows(`SELECT path, size, last_modified_time FROM namespace_files WHERE namespace = ? AND directory = 0 AND path LIKE ? ESCAPE '\\' ORDER BY path`, [namespace, `${escapeLike(prefix)}%`])
      .map((r) => ({ path: String(r[0]), size: Number(r[1]), lastModifiedTime: Number(r[2]) }));
  }

  private revisionBlob(namespace: string, filePath: string, revision?: number): { blob: string; size: number } {
    const row = this.row(namespace, filePath);
    if (!row || row.directory) throw notFound(`File '${filePath}' was not found in namespace '${namespace}'.`);
    const r = this.db.row('SELECT blob, size FROM namespace_file_revisions WHERE namespace = ? AND path = ? AND revision = ?', [namespace, filePath, revision ?? row.revision]);
    if (!r) throw notFound(`File '${filePath}' was not found in namespace '${namespace}'.`);
    return { blob: String(r[0]), size: Number(r[1]) };
  }

  /** A readable stream of a file (latest revision or a given one), with its size. */
  read(namespace: string, filePath: string, revision?: number): { stream: Readable; size: number } {
    const { blob, size } = this.revisionBlob(namespace, filePath, revision);
    return { stream: createReadStream(this.blobFile(blob)), size };
  }

  /** Synchronous text read for templates (`read()` in Pebble). */
  readText(namespace: string, filePath: string): string {
    const { blob } = this.revisionBlob(namespace, filePath);
    return readFileSync(this.blobFile(blob), 'utf8');
  }

  /** The blob file on disk (export streams it into the zip). */
  blobPath(namespace: string, filePath: string): string {
    return this.blobFile(this.revisionBlob(namespace, filePath).blob);
  }

  revisions(namespace: string, filePath: string): { revision: number }[] {
    const row = this.row(namespace, filePath);
    if (!row || row.directory) throw notFound(`File not found: ${filePath}`);
    return this.db.rows('SELECT revision FROM namespace_file_revisions WHERE namespace = ? AND path = ? ORDER BY revision', [namespace, filePath]).map((r) => ({ revision: Number(r[0]) }));
  }

  /** Streams content into a new blob (temp file, fsync, rename). Not yet visible. */
  async stage(filePath: string, content: Readable): Promise<StagedFile> {
    const blob = `${randomBytes(2).toString('hex')}/${randomBytes(16).toString('hex')}`;
    const temp = path.join(this.tempRoot, randomBytes(16).toString('hex'));
    let size = 0;
    try {
      content.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      await pipeline(content, createWriteStream(temp));
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      mkdirSync(path.dirname(this.blobFile(blob)), { recursive: true });
      await rename(temp, this.blobFile(blob));
      return { path: filePath, blob, size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Drops staged blobs that will not be committed. */
  discard(staged: StagedFile[]): void {
    for (const file of staged) rmSync(this.blobFile(file.blob), { force: true });
  }

  private ensureDirectories(namespace: string, paths: string[], now: number): void {
    for (const dir of paths) {
      const existing = this.row(namespace, dir);
      if (existing && !existing.directory) throw illegalArgument(`'${dir}' is a file, it cannot contain other files`);
      if (!existing) {
        this.db.run(`INSERT INTO namespace_files (namespace, ${COLUMNS}) VALUES (?, ?, 1, 0, 0, ?, ?)`, [namespace, dir, now, now]);
      }
    }
  }

  /** Records staged blobs as new revisions, all or nothing. */
  commit(namespace: string, staged: StagedFile[]): void {
    const now = Date.now();
    try {
      this.db.transaction(() => {
        for (const file of staged) {
          guardPath(file.path);
          checkNameLengths(file.path);
          this.ensureDirectories(namespace, ancestors(file.path), now);
          const existing = this.row(namespace, file.path);
          if (existing?.directory) throw illegalArgument(`'${file.path}' is a directory`);
          const revision = (existing?.revision ?? Number(this.db.value('SELECT max(revision) FROM namespace_file_revisions WHERE namespace = ? AND path = ?', [namespace, file.path]) ?? 0)) + 1;
          this.db.run(`INSERT OR REPLACE INTO namespace_files (namespace, ${COLUMNS}) VALUES (?, ?, 0, ?, ?, ?, ?)`, [namespace, file.path, file.size, revision, existing?.creationTime ?? now, now]);
          this.db.run('INSERT INTO namespace_file_revisions (namespace, path, revision, size, blob, created) VALUES (?, ?, ?, ?, ?, ?)', [namespace, file.path, revision, file.size, file.blob, now]);
        }
      });
    } catch (error) {
      this.discard(staged);
      throw error;
    }
  }

  async put(namespace: string, filePath: string, content: Readable): Promise<void> {
    const staged = await this.stage(filePath, content);
    this.commit(namespace, [staged]);
  }

  mkdir(namespace: string, dir: string): void {
    if (dir === '/') return;
    const now = Date.now();
    this.db.transaction(() => this.ensureDirectories(namespace, [...ancestors(dir), dir], now));
  }

  /** Renames a file or a directory with everything in it; the target must not exist. */
  move(namespace: string, from: string, to: string): void {
    const source = this.row(namespace, from);
    if (!source || from === '/') throw notFound(`File '${from}' was not found in namespace '${namespace}'.`);
    if (this.exists(namespace, to)) throw new KestraHttpError(500, `Internal server error: File '${to}' already exists in namespace '${namespace}'.`);
    if (to.startsWith(`${from}/`)) throw illegalArgument(`Cannot move '${from}' into itself`);
    checkNameLengths(to);
    const now = Date.now();
    this.db.transaction(() => {
      this.ensureDirectories(namespace, ancestors(to), now);
      const rename = (table: string): void => {
        this.db.run(`UPDATE ${table} SET path = ? || substr(path, ?) WHERE namespace = ? AND (path = ? OR path LIKE ? ESCAPE '\\')`, [to, [...from].length + 1, namespace, from, `${escapeLike(from)}/%`]);
      };
      rename('namespace_files');
      rename('namespace_file_revisions');
      this.db.run('UPDATE namespace_files SET last_modified_time = ? WHERE namespace = ? AND path = ?', [now, namespace, to]);
    });
  }

  /** Deletes a file or directory (recursively), and parent directories left empty by it. */
  delete(namespace: string, filePath: string): void {
    if (filePath !== '/' && !this.row(namespace, filePath)) throw notFound(`File '${filePath}' was not found in namespace '${namespace}'.`);
    const blobs: string[] = [];
    this.db.transaction(() => {
      let target = filePath;
      // Kestra removes "zombie" parents: walk up while the parent holds nothing else.
      while (target !== '/') {
        const parent = parentOf(target);
        if (parent === '/') break;
        const siblings = Number(this.db.value(`SELECT count(*) FROM namespace_files WHERE namespace = ? AND path LIKE ? ESCAPE '\\' AND instr(substr(path, ?), '/') = 0`, [namespace, `${escapeLike(parent)}/%`, [...parent].length + 2]) ?? 0);
        if (siblings !== 1) break;
        target = parent;
      }
      const where = target === '/' ? 'namespace = ?' : `namespace = ? AND (path = ? OR path LIKE ? ESCAPE '\\')`;
      const params = target === '/' ? [namespace] : [namespace, target, `${escapeLike(target)}/%`];
      for (const r of this.db.rows(`SELECT blob FROM namespace_file_revisions WHERE ${where}`, params)) blobs.push(String(r[0]));
      this.db.run(`DELETE FROM namespace_file_revisions WHERE ${where}`, params);
      this.db.run(`DELETE FROM namespace_files WHERE ${where}`, params);
    });
    // Blobs go after the commit: a crash in between leaves unreferenced files, never dangling rows.
    for (const blob of blobs) rmSync(this.blobFile(blob), { force: true });
  }

  search(namespace: string, q: string): string[] {
    return this.db
      .rows(`SELECT path FROM namespace_files WHERE namespace = ? AND directory = 0 AND instr(lower(path), lower(?)) > 0 ORDER BY path`, [namespace, q])
      .map((r) => String(r[0]));
  }

  namespaces(): string[] {
    return this.db.rows('SELECT DISTINCT namespace FROM namespace_files', []).map((r) => String(r[0]));
  }

  /** Size on disk of a staged or committed blob (tests, diagnostics). */
  blobSize(blob: string): number {
    return statSync(this.blobFile(blob)).size;
  }
}

// Text copies of large executions' logs, in the download format (`<timestamp> <LEVEL> <message>`
// joined by newlines), appended as lines are stored (LogService starts a copy once an execution has
// logged enough lines for a row-by-row download to be slow). SQLite stays the source of truth: the table
// `log_files` records how many bytes of each file are committed, so bytes appended by a process
// that died before committing are cut off, and a file that is missing or short is not used (the
// download then reads the rows).
import { appendFileSync, mkdirSync, openSync, closeSync, rmSync, statSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import type { SandboxDatabase } from './database';

export class LogTextFiles {
  private readonly dir: string;
  /** Committed size per execution, mirrored from `log_files`. */
  private readonly sizes = new Map<string, number>();
  /** Executions known to have no text copy (saves a query per flush); bounded. */
  private readonly absent = new Set<string>();

  constructor(private readonly db: SandboxDatabase, dataDir: string) {
    this.dir = path.join(dataDir, 'logs');
    mkdirSync(this.dir, { recursive: true });
  }

  private file(executionId: string): string {
    return path.join(this.dir, `${executionId.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
  }

  private committed(executionId: string): number | undefined {
    if (!this.sizes.has(executionId)) {
      if (this.absent.has(executionId)) return undefined;
      const bytes = this.db.value<number>('SELECT bytes FROM log_files WHERE execution_id = ?', [executionId]);
      if (bytes === undefined) {
        if (this.absent.size >= 50_000) this.absent.clear();
        this.absent.add(executionId);
        return undefined;
      }
      this.sizes.set(executionId, Number(bytes));
    }
    return this.sizes.get(executionId);
  }

  /** A new execution: it has no copy (saves the lookup on its first log lines). */
  noCopyYet(executionId: string): void {
    if (this.sizes.has(executionId)) return;
    if (this.absent.size >= 50_000) this.absent.clear();
    this.absent.add(executionId);
  }

  /** Whether the execution has a text copy. */
  has(executionId: string): boolean {
    return this.committed(executionId) !== undefined;
  }

  /**
   * Appends lines to an execution's file (before the rows are committed). Returns the new committed
   * size to record in the same transaction as the rows, or undefined when the file is not kept.
   */
  append(executionId: string, lines: string[], hasEarlierRows: () => boolean): number | undefined {
    let size = this.committed(executionId);
    // Logs written before this file existed (or after it was invalidated): no text copy.
    if (size === undefined && hasEarlierRows()) return undefined;
    size ??= 0;
    const text = (size > 0 ? '\n' : '') + lines.join('\n');
    try {
      const file = this.file(executionId);
      this.truncateTo(file, size);
      appendFileSync(file, text);
    } catch {
      this.invalidate(executionId);
      return undefined;
    }
    return size + Buffer.byteLength(text);
  }

  /** Records the committed size; call inside the transaction that inserts the rows. */
  record(executionId: string, bytes: number): void {
    this.db.run('INSERT INTO log_files (execution_id, bytes) VALUES (?, ?) ON CONFLICT (execution_id) DO UPDATE SET bytes = excluded.bytes', [executionId, bytes]);
  }

  /** After the transaction committed. */
  committedNow(executionId: string, bytes: number): void {
    this.absent.delete(executionId);
    this.sizes.set(executionId, bytes);
  }

  /** Forgets cached sizes after a rolled-back transaction. */
  reset(executionIds: string[]): void {
    for (const id of executionIds) this.sizes.delete(id);
  }

  private truncateTo(file: string, size: number): void {
    let actual: number;
    try {
      actual = statSync(file).size;
    } catch {
      actual = 0;
    }
    if (actual === size) return;
    if (actual < size) throw new Error('log text file is shorter than committed');
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
  }

  /** The file and its committed length, when it is complete; undefined otherwise. */
  open(executionId: string): { file: string; bytes: number } | undefined {
    const bytes = this.committed(executionId);
    if (bytes === undefined) return undefined;
    const file = this.file(executionId);
    try {
      const actual = statSync(file).size;
      if (actual < bytes) {
        this.invalidate(executionId);
        return undefined;
      }
    } catch {
      if (bytes === 0) return { file, bytes };
      this.invalidate(executionId);
      return undefined;
    }
    return { file, bytes };
  }

  /** Drops the text copy (logs deleted or filtered away); downloads fall back to the rows. */
  invalidate(executionId: string): void {
    this.sizes.delete(executionId);
    this.absent.delete(executionId);
    this.db.run('DELETE FROM log_files WHERE execution_id = ?', [executionId]);
    rmSync(this.file(executionId), { force: true });
  }
}

// The sandbox's SQLite database (libsql, synchronous API). WAL journal with synchronous=NORMAL: a
// committed transaction survives a killed process (the WAL is in the OS page cache); an OS crash may
// lose the last transactions but never corrupts the file. Statements are prepared once and cached.
import Database from 'libsql';
import { MIGRATIONS } from './migrations';

type Row = unknown[];

/**
 * libsql panics (aborting the whole process) on some JS types, e.g. booleans. Bind only what
 * SQLite stores: numbers, strings, buffers, null.
 */
function bindable(params: unknown[]): unknown[] {
  return params.map((p) => {
    if (p === undefined || p === null) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (typeof p === 'bigint' || typeof p === 'number' || typeof p === 'string' || Buffer.isBuffer(p)) return p;
    if (p instanceof Date) return p.toISOString();
    return JSON.stringify(p);
  });
}

export class SandboxDatabase {
  private readonly db: Database.Database;
  private readonly rawStatements = new Map<string, Database.Statement<unknown[]>>();
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(file: string) {
    this.db = new Database(file, { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    const current = Number(this.rows('PRAGMA user_version', [])[0]?.[0] ?? 0);
    for (let version = current; version < MIGRATIONS.length; version += 1) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
  }

  private raw(sql: string): Database.Statement<unknown[]> {
    let statement = this.rawStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, statement);
    }
    return statement;
  }

  private plain(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Rows as arrays of column values, in SELECT order. */
  rows(sql: string, params: unknown[]): Row[] {
    return this.raw(sql).all(bindable(params)) as Row[];
  }

  row(sql: string, params: unknown[]): Row | undefined {
    return this.raw(sql).get(bindable(params)) as Row | undefined;
  }

  /** One value (`SELECT count(*) …`). */
  value<T = unknown>(sql: string, params: unknown[]): T | undefined {
    return this.row(sql, params)?.[0] as T | undefined;
  }

  /** Streams rows without building an array (large log downloads). */
  iterate(sql: string, params: unknown[]): IterableIterator<Row> {
    return this.raw(sql).iterate(bindable(params)) as IterableIterator<Row>;
  }

  run(sql: string, params: unknown[]): { changes: number; lastInsertRowid: number } {
    const info = this.plain(sql).run(bindable(params));
    return { changes: Number(info.changes), lastInsertRowid: Number(info.lastInsertRowid) };
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    this.rawStatements.clear();
    this.statements.clear();
    this.db.close();
  }
}

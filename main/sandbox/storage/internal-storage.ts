// Kestra's internal storage on local disk: `kestra:///company/team/flow/executions/<id>/...` maps to
// `<dataDir>/storage/company/team/flow/executions/<id>/...`. Writes are atomic (temp file, fsync,
// rename), so a file is either complete or absent.
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { slugify } from '../pebble/java-text';

export const KESTRA_SCHEME = 'kestra://';

/** `company.team` → `company/team` (Kestra's storage layout). */
export function namespacePath(namespace: string): string {
  return namespace.split('.').join('/');
}

/** Kestra's StorageContext: the flow id is slugified (`My_Flow` → `my-flow`) in storage paths. */
export function executionPrefix(namespace: string, flowId: string, executionId: string): string {
  return `/${namespacePath(namespace)}/${slugify(flowId)}/executions/${executionId}`;
}

/** Rejects anything that could escape the storage root. */
function safeRelative(storagePath: string): string {
  const segments = storagePath.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) {
    throw new Error(`Invalid storage path: ${storagePath}`);
  }
  return segments.join('/');
}

export class InternalStorage {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'storage');
    mkdirSync(this.root, { recursive: true });
  }

  /** `kestra:///a/b` → `/a/b`; undefined when not a kestra URI. */
  static pathOf(uri: string): string | undefined {
    if (!uri.startsWith(KESTRA_SCHEME)) return undefined;
    let rest = uri.slice(KESTRA_SCHEME.length);
    if (!rest.startsWith('/')) rest = `/${rest.slice(rest.indexOf('/') + 1)}`;
    try {
      return decodeURI(rest);
    } catch {
      return undefined;
    }
  }

  static uriOf(storagePath: string): string {
    return `${KESTRA_SCHEME}${encodeURI(storagePath.startsWith('/') ? storagePath : `/${storagePath}`)}`;
  }

  file(storagePath: string): string {
    return path.join(this.root, safeRelative(storagePath));
  }

  stat(storagePath: string): Stats | undefined {
    try {
      const stats = statSync(this.file(storagePath));
      return stats.isFile() ? stats : undefined;
    } catch {
      return undefined;
    }
  }

  read(storagePath: string): Readable {
    return createReadStream(this.file(storagePath));
  }

  /** Streams `content` to `storagePath` atomically; returns the number of bytes written. */
  async write(storagePath: string, content: Readable | Buffer): Promise<number> {
    const target = this.file(storagePath);
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    let size = 0;
    try {
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      const out = createWriteStream(temp);
      source.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      await pipeline(source, out);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      return size;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Deletes a whole prefix (an execution's files). */
  deletePrefix(storagePath: string): void {
    rmSync(this.file(storagePath), { recursive: true, force: true });
  }
}

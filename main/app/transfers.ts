// Files moving between this machine and a server, without their bytes or paths ever crossing IPC:
// - local sources are handles main issued to one owner (a window, or the web host): a path the
//   Electron preload registered from webUtils.getPathForFile (re-validated when used: a regular
//   file, not a symlink or FIFO), or a copy the web host staged from a request body;
// - downloads: to the place the user chose in main's save dialog, streamed to `<name>.part`,
//   fsynced, then renamed; removed on failure or cancel;
// - progress: published per transfer id for the `transfers.progress` stream.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DownloadResult, DownloadTarget, LocalFileRef, LocalFolderRef, TransferProgress } from '../contract/transfer';
import { ConsoleError } from '../ipc/console-error';
import type { DownloadStream, UploadSource } from '../kestra/kestra-client';
import { KestraError, errorFromException } from '../kestra/kestra-error';

export interface ResolvedSource extends UploadSource {
  /** Releases the file (and deletes a staged copy: staged files are single use). */
  release(): Promise<void>;
}

type ProgressListener = (progress: TransferProgress | 'end') => void;

/** Progress per transfer id; a subscriber that arrives late hears the last progress, then the end. */
export class ProgressHub {
  private readonly listeners = new Map<string, Set<ProgressListener>>();
  private readonly last = new Map<string, TransferProgress>();
  /** Finished transfers and their final progress (bounded), for late subscribers. */
  private readonly finished = new Map<string, TransferProgress | undefined>();

  emit(transferId: string | undefined, progress: TransferProgress): void {
    if (!transferId) return;
    this.last.set(transferId, progress);
    for (const listener of this.listeners.get(transferId) ?? []) listener(progress);
  }

  finish(transferId: string | undefined): void {
    if (!transferId) return;
    this.finished.set(transferId, this.last.get(transferId));
    if (this.finished.size > 500) this.finished.delete(this.finished.keys().next().value as string);
    this.last.delete(transferId);
    for (const listener of this.listeners.get(transferId) ?? []) listener('end');
    this.listeners.delete(transferId);
  }

  subscribe(transferId: string, listener: ProgressListener): () => void {
    if (this.finished.has(transferId)) {
      const final = this.finished.get(transferId);
      queueMicrotask(() => {
        if (final) listener(final);
        listener('end');
      });
      return () => undefined;
    }
    let set = this.listeners.get(transferId);
    if (!set) {
      set = new Set();
      this.listeners.set(transferId, set);
    }
    set.add(listener);
    const last = this.last.get(transferId);
    if (last) queueMicrotask(() => listener(last));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(transferId);
    };
  }
}

/**
 * What a handle stands for: a path the preload registered, a copy staged from a request body, or a
 * folder the user chose in main's folder dialog.
 */
type HandleEntry =
  | { kind: 'path'; path: string; name: string }
  | { kind: 'staged'; file: string; name: string; size: number; expires: number }
  | { kind: 'folder'; root: string };

const HANDLE_ID = /^[a-f0-9]{32}$/;
const STAGE_TTL_MS = 60 * 60 * 1000;
export const MAX_STAGED_BYTES = 10 * 1024 * 1024 * 1024;
/** A dropped folder of tens of thousands of files stays registrable; the oldest handles go first. */
const MAX_HANDLES_PER_OWNER = 100_000;

export interface TransferServiceOptions {
  appDataDir: string;
  /**
   * Main's save dialog (Electron; a stub in tests): resolves with the path the user chose, or
   * undefined when dismissed. Without it (web mode) downloads are the browser's.
   */
  saveDialog?: (suggestedName: string) => Promise<string | undefined>;
  /** Main's folder dialog (Electron; a stub in tests), for syncing a namespace folder down. */
  folderDialog?: () => Promise<string | undefined>;
}

/** Rejects names that could escape a folder or confuse a file manager. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.normalize('NFC').replace(/[\u0000-\u001f\u007f\\/:*?"<>|\u202a-\u202e\u2066-\u2069]/g, '_').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'download';
  return cleaned.slice(0, 200);
}

/** Opens a path for reading after checking it: a regular file, not a symlink or FIFO, unchanged since the check. */
async function openRegularFile(file: string, field: string): Promise<ResolvedSource> {
  const stats = await fs.lstat(file).catch(() => undefined);
  if (!stats) throw new ConsoleError('validation', `${field}: ${path.basename(file)} does not exist (any more).`);
  if (stats.isSymbolicLink()) throw new ConsoleError('validation', `${field}: ${path.basename(file)} is a symbolic link; pick the file it points to.`);
  if (!stats.isFile()) throw new ConsoleError('validation', `${field}: ${path.basename(file)} is not a regular file.`);
  // O_NOFOLLOW and a second stat on the open handle close the gap between check and use.
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  const opened = await handle.stat();
  if (opened.ino !== stats.ino || opened.dev !== stats.dev || !opened.isFile()) {
    await handle.close();
    throw new ConsoleError('validation', `${field}: the file changed while it was being opened.`);
  }
  return {
    size: opened.size,
    name: path.basename(file),
    open: () => handle.createReadStream({ start: 0, autoClose: false }),
    release: () => handle.close().catch(() => undefined),
  };
}

export class TransferService {
  readonly progress = new ProgressHub();
  private readonly stagingDir: string;
  /** owner -> handle id -> what it stands for. An owner is one window (Electron) or the web host. */
  private readonly handles = new Map<string, Map<string, HandleEntry>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: TransferServiceOptions) {
    this.stagingDir = path.join(options.appDataDir, 'staging');
    this.sweeper = setInterval(() => void this.sweep(), 5 * 60 * 1000);
    this.sweeper.unref();
  }

  /** Clears leftovers of an earlier run (a crash can leave staged copies behind). */
  async init(): Promise<void> {
    await fs.rm(this.stagingDir, { recursive: true, force: true });
    await fs.mkdir(this.stagingDir, { recursive: true, mode: 0o700 });
  }

  private async sweep(now = Date.now()): Promise<void> {
    for (const owned of this.handles.values()) {
      for (const [id, entry] of owned) {
        if (entry.kind === 'staged' && entry.expires < now) {
          owned.delete(id);
          await fs.rm(entry.file, { force: true });
        }
      }
    }
  }

  async dispose(): Promise<void> {
    clearInterval(this.sweeper);
    this.handles.clear();
    await fs.rm(this.stagingDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private issue(owner: string, entry: HandleEntry): string {
    if (typeof owner !== 'string' || owner === '') throw new ConsoleError('internal', 'A file handle needs an owner.');
    let owned = this.handles.get(owner);
    if (!owned) {
      owned = new Map();
      this.handles.set(owner, owned);
    }
    while (owned.size >= MAX_HANDLES_PER_OWNER) {
      const [oldest, old] = owned.entries().next().value as [string, HandleEntry];
      owned.delete(oldest);
      if (old.kind === 'staged') void fs.rm(old.file, { force: true });
    }
    const id = randomBytes(16).toString('hex');
    owned.set(id, entry);
    return id;
  }

  /** Forgets every handle of an owner (its window closed or navigated) and deletes its staged copies. */
  releaseOwner(owner: string): void {
    const owned = this.handles.get(owner);
    this.handles.delete(owner);
    for (const entry of owned?.values() ?? []) if (entry.kind === 'staged') void fs.rm(entry.file, { force: true });
  }

  /**
   * Electron: the path of a File the user dropped or picked, as the preload read it with
   * webUtils.getPathForFile, becomes a handle only this owner can use. Checked now and again when used.
   */
  async registerPath(owner: string, file: unknown): Promise<LocalFileRef> {
    if (typeof file !== 'string' || file === '' || file.length > 4096 || file.includes('\u0000')) throw new ConsoleError('validation', 'This is not a file on disk (drop or pick it from the file manager).');
    if (!path.isAbsolute(file)) throw new ConsoleError('validation', 'This is not a file on disk (drop or pick it from the file manager).');
    const stats = await fs.lstat(file).catch(() => undefined);
    if (!stats) throw new ConsoleError('validation', `${path.basename(file)} does not exist.`);
    if (stats.isSymbolicLink()) throw new ConsoleError('validation', `${path.basename(file)} is a symbolic link; pick the file it points to.`);
    if (!stats.isFile()) throw new ConsoleError('validation', `${path.basename(file)} is not a regular file.`);
    return { kind: 'handle', id: this.issue(owner, { kind: 'path', path: file, name: path.basename(file) }) };
  }

  /** Electron: asks the user for a folder in main's dialog; the folder becomes a handle of this owner. */
  async pickFolder(owner: string): Promise<{ folder: LocalFolderRef; name: string } | null> {
    if (!this.options.folderDialog) throw new ConsoleError('validation', 'In the browser, pick the folder with the browser (Choose with write access).');
    const chosen = await this.options.folderDialog();
    if (!chosen) return null;
    const stats = await fs.lstat(chosen).catch(() => undefined);
    if (!path.isAbsolute(chosen) || !stats?.isDirectory()) throw new ConsoleError('validation', `${path.basename(chosen)} is not a folder.`);
    return { folder: { kind: 'folder', id: this.issue(owner, { kind: 'folder', root: await fs.realpath(chosen) }) }, name: path.basename(chosen) };
  }

  /**
   * The path of `relativePath` inside a folder this owner chose: no `..`, no absolute path, no
   * symbolic link on the way (a link could lead out of the folder). With `create`, missing folders
   * on the way are made.
   */
  async inFolder(ref: unknown, owner: string, relativePath: unknown, create: boolean): Promise<string> {
    const id = (ref as { kind?: unknown; id?: unknown } | null)?.id;
    const entry = typeof id === 'string' && (ref as { kind?: unknown }).kind === 'folder' ? this.handles.get(owner)?.get(id) : undefined;
    if (entry?.kind !== 'folder') throw new ConsoleError('validation', 'Choose the folder again (the console writes only into a folder you chose in its dialog, from this window).');
    // eslint-disable-next-line no-control-regex
    if (typeof relativePath !== 'string' || relativePath === '' || relativePath.length > 4096 || /[\u0000-\u001f\\]/.test(relativePath)) {
      throw new ConsoleError('validation', 'A file inside the chosen folder is required.');
    }
    const parts = relativePath.split('/').filter((p) => p !== '' && p !== '.');
    if (relativePath.startsWith('/') || parts.length === 0 || parts.some((p) => p === '..')) throw new ConsoleError('validation', `${relativePath} is not inside the chosen folder.`);
    let current = entry.root;
    for (const [index, part] of parts.entries()) {
      current = path.join(current, part);
      const stats = await fs.lstat(current).catch(() => undefined);
      const last = index === parts.length - 1;
      if (stats?.isSymbolicLink()) throw new ConsoleError('validation', `${parts.slice(0, index + 1).join('/')} is a symbolic link; the console does not write through links.`);
      if (!last && !stats) {
        if (!create) throw new ConsoleError('validation', `${relativePath} does not exist in the chosen folder.`);
        await fs.mkdir(current, { mode: 0o755 });
      } else if (!last && !stats!.isDirectory()) throw new ConsoleError('validation', `${parts.slice(0, index + 1).join('/')} is not a folder.`);
    }
    return current;
  }

  /** Deletes a regular file inside a folder the owner chose. */
  async removeInFolder(ref: unknown, owner: string, relativePath: unknown): Promise<void> {
    const file = await this.inFolder(ref, owner, relativePath, false);
    const stats = await fs.lstat(file).catch(() => undefined);
    if (!stats) return;
    if (!stats.isFile()) throw new ConsoleError('validation', `${String(relativePath)} is not a file; only files are removed.`);
    await fs.rm(file);
  }

  /** Copies a request body to a private staging file (web mode: execution input files). Single use. */
  async stage(owner: string, body: Readable, name: string, expectedSize: number | undefined, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<LocalFileRef> {
    if (expectedSize !== undefined && expectedSize > MAX_STAGED_BYTES) throw new ConsoleError('validation', 'The file is too large to stage (over 10 GiB).');
    const file = path.join(this.stagingDir, randomBytes(16).toString('hex'));
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > MAX_STAGED_BYTES) {
          done(new ConsoleError('validation', 'The file is too large to stage (over 10 GiB).'));
          return;
        }
        onProgress?.(bytes);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(file, { flags: 'wx', mode: 0o600 }), { signal });
    } catch (error) {
      await fs.rm(file, { force: true });
      if (signal.aborted) throw new ConsoleError('cancelled', 'Cancelled');
      if (error instanceof ConsoleError) throw error;
      throw new ConsoleError('network', 'The file did not arrive completely.');
    }
    if (expectedSize !== undefined && bytes !== expectedSize) {
      await fs.rm(file, { force: true });
      throw new ConsoleError('network', `The file arrived incomplete (${bytes} of ${expectedSize} bytes).`);
    }
    return { kind: 'handle', id: this.issue(owner, { kind: 'staged', file, name: safeFileName(name), size: bytes, expires: Date.now() + STAGE_TTL_MS }) };
  }

  /** Opens a file handle for upload: only a handle this owner was issued; a staged copy is used up. */
  async resolve(ref: unknown, owner: string, field = 'file'): Promise<ResolvedSource> {
    const id = (ref as { kind?: unknown; id?: unknown } | null)?.id;
    if (!ref || typeof ref !== 'object' || (ref as { kind?: unknown }).kind !== 'handle' || typeof id !== 'string' || !HANDLE_ID.test(id)) {
      throw new ConsoleError('validation', `${field}: pick or drop the file again (the console accepts only files handed to it by the file picker or a drop).`);
    }
    const entry = this.handles.get(owner)?.get(id);
    if (!entry) throw new ConsoleError('validation', `${field}: this file is no longer available (it was already used, expired, or belongs to another window); pick it again.`);
    if (entry.kind === 'path') return openRegularFile(entry.path, field);
    if (entry.kind !== 'staged') throw new ConsoleError('validation', `${field}: a folder is not a file.`);
    this.handles.get(owner)?.delete(id);
    const handle = await fs.open(entry.file, 'r');
    return {
      size: entry.size,
      name: entry.name,
      open: () => handle.createReadStream({ start: 0, autoClose: false }),
      release: async () => {
        await handle.close().catch(() => undefined);
        await fs.rm(entry.file, { force: true });
      },
    };
  }

  /**
   * Streams a download to the target: `<path>.part` first, fsync, then rename over the final
   * name. Anything short of a complete body leaves no file behind.
   */
  async save(target: DownloadTarget, open: (signal: AbortSignal) => Promise<NamedDownload>, signal: AbortSignal, transferId?: string): Promise<DownloadResult> {
    if (!target || typeof target !== 'object' || target.kind !== 'dialog') {
      throw new ConsoleError('validation', 'Downloads are saved where you choose in the save dialog; the console accepts no other target.');
    }
    if (!this.options.saveDialog) throw new ConsoleError('validation', 'In the browser, downloads are saved by the browser (use the bridge download).');
    const destination = await this.options.saveDialog(safeFileName(typeof target.suggestedName === 'string' ? target.suggestedName : 'download'));
    if (!destination) return { saved: false, bytes: 0 };
    return this.saveTo(destination, open, signal, transferId);
  }

  /** Streams a download to a place main chose (the save dialog's answer, or inside a chosen folder). */
  async saveTo(destination: string, open: (signal: AbortSignal) => Promise<NamedDownload>, signal: AbortSignal, transferId?: string): Promise<DownloadResult> {
    const folder = await fs.stat(path.dirname(destination)).catch(() => undefined);
    if (!folder?.isDirectory()) throw new ConsoleError('validation', `The folder ${path.dirname(destination)} does not exist.`);
    const existing = await fs.lstat(destination).catch(() => undefined);
    if (existing && !existing.isFile()) throw new ConsoleError('validation', `${path.basename(destination)} exists and is not a file.`);
    const part = `${destination}.part`;
    const download = await open(signal);
    let bytes = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        bytes += chunk.length;
        this.progress.emit(transferId, { bytes, ...(download.size !== undefined ? { total: download.size } : {}) });
        done(null, chunk);
      },
    });
    try {
      // A leftover (or a planted link) at the .part name goes first; then the file is created fresh,
      // never opened through a link.
      await fs.rm(part, { force: true });
      await pipeline(download.body, counter, createWriteStream(part, { flags: 'wx', mode: 0o600 }), { signal });
      if (download.size !== undefined && bytes !== download.size) throw new KestraError('network', `The download from ${download.server ?? 'the server'} ended early (${bytes} of ${download.size} bytes).`);
      // Durable before it takes the final name.
      const handle = await fs.open(part, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(part, destination);
    } catch (error) {
      download.body.destroy();
      await fs.rm(part, { force: true });
      const code = (error as NodeJS.ErrnoException)?.code;
      if (!signal.aborted && (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EDQUOT')) {
        throw new ConsoleError('internal', `The file could not be written to ${path.dirname(destination)} (${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : 'permission denied'}).`);
      }
      throw transferFailure(error, signal, download.server ?? 'the server', 'downloading');
    } finally {
      this.progress.finish(transferId);
    }
    return { path: destination, bytes, saved: true };
  }
}

/** A download stream that knows which server it comes from, for its error messages. */
export interface NamedDownload extends DownloadStream {
  /** The server's origin, as the client's own messages name it. */
  server?: string;
}

/**
 * The error a transfer ends with. Only the caller's own abort is a cancel: a server that resets or
 * closes the connection mid-body is a network error naming that server, never "Cancelled" and never
 * an unexpected error of the console.
 */
export function transferFailure(error: unknown, signal: AbortSignal | undefined, server: string, what: string): ConsoleError {
  const name = (error as { name?: unknown } | null)?.name;
  const isAbort = name === 'AbortError' || (error instanceof ConsoleError && error.data.kind === 'cancelled');
  if (signal?.aborted && (isAbort || !(error instanceof ConsoleError))) return new ConsoleError('cancelled', 'Cancelled');
  if (error instanceof ConsoleError && error.data.kind !== 'cancelled') return error;
  if (isAbort) return new ConsoleError('network', `The transfer with ${server} stopped before the end while ${what}.`);
  return errorFromException(error, what, server);
}

/** Wraps a file source with progress reporting for a transfer id. */
export function bufferSource(name: string, data: Buffer): UploadSource {
  return { name, size: data.length, open: () => Readable.from([data]) };
}

// Files moving between this machine and a server, without their bytes ever crossing IPC:
// - local sources: a path the Electron preload got from webUtils.getPathForFile (re-validated
//   here: a regular file, not a symlink or FIFO), or a copy the web host staged from a request body;
// - downloads: streamed to `<name>.part`, fsynced, then renamed; removed on failure or cancel;
// - progress: published per transfer id for the `transfers.progress` stream.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DownloadResult, DownloadTarget, LocalFileRef, TransferProgress } from '../contract/transfer';
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

interface StagedFile {
  file: string;
  name: string;
  size: number;
  expires: number;
}

const STAGED_ID = /^[a-f0-9]{32}$/;
const STAGE_TTL_MS = 60 * 60 * 1000;
export const MAX_STAGED_BYTES = 10 * 1024 * 1024 * 1024;

export interface TransferServiceOptions {
  appDataDir: string;
  /** May handlers write to a path the caller names (Electron: yes; web mode: no, the browser saves). */
  allowPathTargets: boolean;
  /** Electron's save dialog: resolves with the chosen path, or undefined when dismissed. */
  saveDialog?: (suggestedName: string) => Promise<string | undefined>;
}

/** Rejects names that could escape a folder or confuse a file manager. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.normalize('NFC').replace(/[\u0000-\u001f\u007f\\/:*?"<>|\u202a-\u202e\u2066-\u2069]/g, '_').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'download';
  return cleaned.slice(0, 200);
}

export class TransferService {
  readonly progress = new ProgressHub();
  private readonly stagingDir: string;
  private readonly staged = new Map<string, StagedFile>();
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
    for (const [id, staged] of this.staged) {
      if (staged.expires < now) {
        this.staged.delete(id);
        await fs.rm(staged.file, { force: true });
      }
    }
  }

  async dispose(): Promise<void> {
    clearInterval(this.sweeper);
    this.staged.clear();
    await fs.rm(this.stagingDir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Copies a request body to a private staging file (web mode: execution input files). */
  async stage(body: Readable, name: string, expectedSize: number | undefined, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<LocalFileRef & { kind: 'staged' }> {
    if (expectedSize !== undefined && expectedSize > MAX_STAGED_BYTES) throw new ConsoleError('validation', 'The file is too large to stage (over 10 GiB).');
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.stagingDir, id);
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
    this.staged.set(id, { file, name: safeFileName(name), size: bytes, expires: Date.now() + STAGE_TTL_MS });
    return { kind: 'staged', id };
  }

  /** Opens a local file reference for upload after checking it. */
  async resolve(ref: LocalFileRef, field = 'file'): Promise<ResolvedSource> {
    if (!ref || typeof ref !== 'object') throw new ConsoleError('validation', `${field}: a local file is required.`);
    if (ref.kind === 'staged') {
      if (typeof ref.id !== 'string' || !STAGED_ID.test(ref.id)) throw new ConsoleError('validation', `${field}: unknown staged file.`);
      const staged = this.staged.get(ref.id);
      if (!staged) throw new ConsoleError('validation', `${field}: the staged file expired or was already used; pick the file again.`);
      this.staged.delete(ref.id);
      const handle = await fs.open(staged.file, 'r');
      return {
        size: staged.size,
        name: staged.name,
        open: () => handle.createReadStream({ start: 0, autoClose: false }),
        release: async () => {
          await handle.close().catch(() => undefined);
          await fs.rm(staged.file, { force: true });
        },
      };
    }
    if (ref.kind !== 'path' || typeof ref.path !== 'string') throw new ConsoleError('validation', `${field}: a local file is required.`);
    if (!this.options.allowPathTargets) throw new ConsoleError('validation', `${field}: local paths are not accepted in web mode; the browser sends the file itself.`);
    if (!path.isAbsolute(ref.path)) throw new ConsoleError('validation', `${field}: the path must be absolute.`);
    const stats = await fs.lstat(ref.path).catch(() => undefined);
    if (!stats) throw new ConsoleError('validation', `${field}: ${path.basename(ref.path)} does not exist.`);
    if (stats.isSymbolicLink()) throw new ConsoleError('validation', `${field}: ${path.basename(ref.path)} is a symbolic link; pick the file it points to.`);
    if (!stats.isFile()) throw new ConsoleError('validation', `${field}: ${path.basename(ref.path)} is not a regular file.`);
    // O_NOFOLLOW and a second stat on the open handle close the gap between check and use.
    const handle = await fs.open(ref.path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    const opened = await handle.stat();
    if (opened.ino !== stats.ino || opened.dev !== stats.dev || !opened.isFile()) {
      await handle.close();
      throw new ConsoleError('validation', `${field}: the file changed while it was being opened.`);
    }
    return {
      size: opened.size,
      name: path.basename(ref.path),
      open: () => handle.createReadStream({ start: 0, autoClose: false }),
      release: () => handle.close().catch(() => undefined),
    };
  }

  /**
   * Streams a download to the target: `<path>.part` first, fsync, then rename over the final
   * name. Anything short of a complete body leaves no file behind.
   */
  async save(target: DownloadTarget, open: (signal: AbortSignal) => Promise<DownloadStream>, signal: AbortSignal, transferId?: string): Promise<DownloadResult> {
    if (!target || typeof target !== 'object') throw new ConsoleError('validation', 'A download target is required.');
    let destination: string | undefined;
    if (target.kind === 'dialog') {
      if (!this.options.saveDialog) throw new ConsoleError('validation', 'In the browser, downloads are saved by the browser (use the bridge download).');
      destination = await this.options.saveDialog(safeFileName(target.suggestedName ?? 'download'));
      if (!destination) return { saved: false, bytes: 0 };
    } else if (target.kind === 'path') {
      if (!this.options.allowPathTargets) throw new ConsoleError('validation', 'Saving to a path is not available in web mode; the browser saves downloads.');
      if (typeof target.path !== 'string' || !path.isAbsolute(target.path)) throw new ConsoleError('validation', 'The download path must be absolute.');
      destination = target.path;
    } else {
      throw new ConsoleError('validation', 'Unknown download target.');
    }
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
      await pipeline(download.body, counter, createWriteStream(part, { mode: 0o600 }), { signal });
      if (download.size !== undefined && bytes !== download.size) throw new KestraError('network', `The download ended early (${bytes} of ${download.size} bytes).`);
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
      if (signal.aborted) throw new ConsoleError('cancelled', 'Cancelled');
      if (error instanceof ConsoleError) throw error;
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EDQUOT') {
        throw new ConsoleError('internal', `The file could not be written to ${path.dirname(destination)} (${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : 'permission denied'}).`);
      }
      throw errorFromException(error, 'downloading', 'the server');
    } finally {
      this.progress.finish(transferId);
    }
    return { path: destination, bytes, saved: true };
  }
}

/** Wraps a file source with progress reporting for a transfer id. */
export function bufferSource(name: string, data: Buffer): UploadSource {
  return { name, size: data.length, open: () => Readable.from([data]) };
}

// The upload queue behind drag-and-drop and the file picker: per-file and total progress, cancel,
// retry of failed files, and conflicts (overwrite / skip / keep both) decided by the user while the
// rest of the queue keeps going. It knows nothing of React or the bridge: the pane passes functions
// (`UploadPorts`) so the queue is tested with fakes and driven by real calls in the app.
import { baseName, joinPath, keepBothName, parentPath, pathError } from './path-rules';

export type UploadStatus = 'queued' | 'checking' | 'conflict' | 'uploading' | 'done' | 'failed' | 'cancelled' | 'skipped';
export type ConflictChoice = 'overwrite' | 'skip' | 'keep-both';

export interface UploadSource {
  readonly name: string;
  readonly size: number;
}

export interface UploadItem {
  id: string;
  /** What the user dropped, relative ('folder/a.txt'). */
  relativePath: string;
  /** Where it goes in the namespace. */
  targetPath: string;
  size: number;
  sent: number;
  status: UploadStatus;
  /** Set for failed items: why, in words. */
  error?: string;
  /** A .zip sent for the server to extract (at the namespace root; Kestra ignores the path). */
  extract: boolean;
  /** Size of the file already there, for the conflict dialog. */
  existingSize?: number;
  /** Set when keep-both renamed the target. */
  renamedFrom?: string;
  /** How the user settled a conflict on this file (kept for retries). */
  decision?: ConflictChoice;
}

export type PortResult<T> = { ok: true; data: T } | { ok: false; error: { kind: string; message: string } };

export interface UploadPorts {
  /** The size of the file at `path`, null when nothing is there. Throws/returns error on failure. */
  stat(path: string, signal: AbortSignal): Promise<PortResult<{ size: number; type: 'File' | 'Directory' } | null>>;
  /** Names in a folder (for keep-both). */
  names(dir: string, signal: AbortSignal): Promise<PortResult<string[]>>;
  /** Uploads; resolves only once the server shows the full size. */
  upload(item: UploadItem, source: UploadSource, options: { onProgress: (bytes: number) => void; signal: AbortSignal }): Promise<PortResult<{ size: number }>>;
}

export interface QueueTotals {
  files: number;
  done: number;
  failed: number;
  skipped: number;
  cancelled: number;
  conflicts: number;
  active: number;
  bytes: number;
  sentBytes: number;
}

export interface QueueSnapshot {
  items: readonly UploadItem[];
  totals: QueueTotals;
}

export interface AddRequest {
  source: UploadSource;
  relativePath: string;
  targetPath: string;
  extract?: boolean;
  /** Decided up front (a sync overwrites what it compared). */
  decision?: ConflictChoice;
}

let nextId = 0;

export class UploadQueue {
  private items: UploadItem[] = [];
  private readonly sources = new Map<string, UploadSource>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();
  private snapshot: QueueSnapshot = { items: [], totals: emptyTotals() };
  private defaultChoice: ConflictChoice | undefined;
  private readonly onSettled?: (item: UploadItem) => void;

  constructor(
    private readonly ports: UploadPorts,
    private readonly options: { concurrency?: number; onSettled?: (item: UploadItem) => void } = {},
  ) {
    this.onSettled = options.onSettled;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.snapshot;

  /** Adds files; a path the server would refuse fails at once, with no request made. */
  add(requests: AddRequest[]): UploadItem[] {
    const added = requests.map((request): UploadItem => {
      nextId += 1;
      const id = `u${nextId}`;
      this.sources.set(id, request.source);
      const problem = pathError(request.targetPath);
      return {
        id,
        relativePath: request.relativePath,
        targetPath: request.targetPath,
        size: request.source.size,
        sent: 0,
        status: problem ? 'failed' : 'queued',
        error: problem,
        extract: request.extract ?? false,
        decision: request.decision,
      };
    });
    this.items = [...this.items, ...added];
    this.changed();
    this.pump();
    return added;
  }

  cancel(id: string): void {
    const item = this.find(id);
    if (!item || isFinished(item.status)) return;
    this.controllers.get(id)?.abort();
    this.update(id, { status: 'cancelled', sent: 0 });
  }

  cancelAll(): void {
    for (const item of this.items) this.cancel(item.id);
  }

  retry(id: string): void {
    const item = this.find(id);
    if (!item || (item.status !== 'failed' && item.status !== 'cancelled')) return;
    const problem = pathError(item.targetPath);
    if (problem) return this.update(id, { status: 'failed', error: problem });
    this.update(id, { status: 'queued', sent: 0, error: undefined });
    this.pump();
  }

  retryFailed(): void {
    for (const item of this.items) if (item.status === 'failed') this.retry(item.id);
  }

  /** Settles one conflict; with `applyToAll`, later conflicts take the same choice without asking. */
  resolveConflict(id: string, choice: ConflictChoice, applyToAll = false): void {
    if (applyToAll) this.defaultChoice = choice;
    const targets = applyToAll ? this.items.filter((i) => i.status === 'conflict') : [this.find(id)].filter((i): i is UploadItem => !!i && i.status === 'conflict');
    for (const item of targets) this.applyChoice(item, choice);
    this.pump();
  }

  /** Removes finished items from the list (the panel's "Clear"). */
  clearFinished(): void {
    this.items = this.items.filter((i) => !isFinished(i.status) || i.status === 'failed');
    this.changed();
  }

  dispose(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.listeners.clear();
  }

  private applyChoice(item: UploadItem, choice: ConflictChoice): void {
    if (choice === 'skip') this.update(item.id, { status: 'skipped', decision: choice });
    // keep-both looks the folder up again when the upload starts, so two kept files do not collide.
    else this.update(item.id, { status: 'queued', decision: choice });
  }

  private find(id: string): UploadItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  private update(id: string, patch: Partial<UploadItem>): void {
    let settled: UploadItem | undefined;
    this.items = this.items.map((i) => {
      if (i.id !== id) return i;
      const next = { ...i, ...patch };
      if (isFinished(next.status) && !isFinished(i.status)) settled = next;
      return next;
    });
    this.changed();
    if (settled) this.onSettled?.(settled);
  }

  private changed(): void {
    this.snapshot = { items: this.items, totals: computeTotals(this.items) };
    for (const listener of this.listeners) listener();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    let running = this.items.filter((i) => i.status === 'checking' || i.status === 'uploading').length;
    for (const item of this.items) {
      if (running >= limit) break;
      if (item.status !== 'queued') continue;
      running += 1;
      void this.run(item.id);
    }
  }

  private async run(id: string): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const { signal } = controller;
    try {
      let item = this.find(id)!;
      // Archives the server extracts have no single target to collide with.
      if (!item.extract && item.decision !== 'overwrite') {
        this.update(id, { status: 'checking' });
        const stat = await this.ports.stat(item.targetPath, signal);
        if (signal.aborted) return;
        if (!stat.ok) return this.update(id, { status: 'failed', error: stat.error.message });
        if (stat.data?.type === 'Directory') return this.update(id, { status: 'failed', error: `A folder named "${baseName(item.targetPath)}" is already there.` });
        if (stat.data) {
          const decision = item.decision ?? this.defaultChoice;
          if (!decision) return this.update(id, { status: 'conflict', existingSize: stat.data.size });
          if (decision === 'skip') return this.update(id, { status: 'skipped', existingSize: stat.data.size });
          if (decision === 'keep-both') {
            const names = await this.ports.names(parentPath(item.targetPath), signal);
            if (signal.aborted) return;
            if (!names.ok) return this.update(id, { status: 'failed', error: names.error.message });
            const name = keepBothName(baseName(item.targetPath), new Set(names.data));
            this.update(id, { targetPath: joinPath(parentPath(item.targetPath), name), renamedFrom: item.renamedFrom ?? item.targetPath });
          }
        }
      }
      item = this.find(id)!;
      if (item.status === 'cancelled') return;
      this.update(id, { status: 'uploading', sent: 0 });
      const source = this.sources.get(id)!;
      const result = await this.ports.upload(item, source, {
        signal,
        onProgress: (bytes) => {
          const current = this.find(id);
          if (current?.status === 'uploading') this.update(id, { sent: Math.min(bytes, current.size) });
        },
      });
      if (signal.aborted || this.find(id)?.status === 'cancelled') return;
      if (!result.ok) return this.update(id, { status: 'failed', error: result.error.message });
      // Trust only the size the server reports, never the bytes we sent.
      if (!item.extract && result.data.size !== item.size) {
        return this.update(id, { status: 'failed', error: `The server holds ${result.data.size} of ${item.size} bytes; the upload did not complete.` });
      }
      this.update(id, { status: 'done', sent: item.size });
    } catch (error) {
      if (!signal.aborted) this.update(id, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.controllers.delete(id);
      this.pump();
    }
  }
}

export function isFinished(status: UploadStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled' || status === 'skipped';
}

function emptyTotals(): QueueTotals {
  return { files: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, conflicts: 0, active: 0, bytes: 0, sentBytes: 0 };
}

export function computeTotals(items: readonly UploadItem[]): QueueTotals {
  const totals = emptyTotals();
  for (const item of items) {
    totals.files += 1;
    if (item.status === 'done') totals.done += 1;
    else if (item.status === 'failed') totals.failed += 1;
    else if (item.status === 'skipped') totals.skipped += 1;
    else if (item.status === 'cancelled') totals.cancelled += 1;
    else if (item.status === 'conflict') totals.conflicts += 1;
    else totals.active += 1;
    // Skipped and cancelled files leave the total; a failed one counts as not sent (it must be
    // sent again), so the bar never shows a failure as complete.
    if (item.status !== 'skipped' && item.status !== 'cancelled') {
      totals.bytes += item.size;
      totals.sentBytes += item.status === 'done' ? item.size : item.status === 'failed' ? 0 : item.sent;
    }
  }
  return totals;
}

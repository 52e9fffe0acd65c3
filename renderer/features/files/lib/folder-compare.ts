// Compare a local folder with a namespace folder and plan a sync either way. Statuses are named from
// the local folder's side: "added" exists only locally, "deleted" exists only in the namespace.
// Sizes decide first; files of equal size are compared by content when a comparer is given.
import type { FileAttributes } from '../../../../main/contract/kestra-model';
import { joinPath } from './path-rules';

export type CompareStatus = 'added' | 'changed' | 'deleted' | 'identical';

export interface SideFile {
  /** Relative to the compared folders, '/'-separated ('scripts/run.py'). */
  path: string;
  size: number;
}

export interface CompareRow {
  path: string;
  status: CompareStatus;
  localSize?: number;
  remoteSize?: number;
  /** True when equal sizes were confirmed by content; false when only sizes were compared. */
  contentChecked: boolean;
}

/** Says whether the two files at `path` hold the same bytes, or undefined if it cannot tell. */
export type ContentComparer = (path: string) => Promise<boolean | undefined>;

export async function compareFolders(local: readonly SideFile[], remote: readonly SideFile[], sameContent?: ContentComparer, signal?: AbortSignal): Promise<CompareRow[]> {
  const remoteByPath = new Map(remote.map((f) => [f.path, f]));
  const localByPath = new Map(local.map((f) => [f.path, f]));
  const rows: CompareRow[] = [];
  for (const l of local) {
    signal?.throwIfAborted();
    const r = remoteByPath.get(l.path);
    if (!r) {
      rows.push({ path: l.path, status: 'added', localSize: l.size, contentChecked: false });
      continue;
    }
    if (l.size !== r.size) {
      rows.push({ path: l.path, status: 'changed', localSize: l.size, remoteSize: r.size, contentChecked: false });
      continue;
    }
    const same = sameContent ? await sameContent(l.path) : undefined;
    rows.push({ path: l.path, status: same === false ? 'changed' : 'identical', localSize: l.size, remoteSize: r.size, contentChecked: same !== undefined });
  }
  for (const r of remote) if (!localByPath.has(r.path)) rows.push({ path: r.path, status: 'deleted', remoteSize: r.size, contentChecked: false });
  return rows.sort((a, b) => a.path.localeCompare(b.path));
}

export type SyncDirection = 'to-namespace' | 'to-local';
export type SyncAction = 'upload' | 'delete-remote' | 'write-local' | 'delete-local';

export interface SyncStep {
  action: SyncAction;
  path: string;
  size: number;
}

/**
 * What a sync would do. Files present only on the target side are deleted only when asked
 * (`mirror`), the way `kestra namespace files update --delete` works.
 */
export function planSync(rows: readonly CompareRow[], direction: SyncDirection, options: { mirror?: boolean } = {}): SyncStep[] {
  const steps: SyncStep[] = [];
  for (const row of rows) {
    if (row.status === 'identical') continue;
    if (direction === 'to-namespace') {
      if (row.status === 'added' || row.status === 'changed') steps.push({ action: 'upload', path: row.path, size: row.localSize ?? 0 });
      else if (row.status === 'deleted' && options.mirror) steps.push({ action: 'delete-remote', path: row.path, size: row.remoteSize ?? 0 });
    } else {
      if (row.status === 'deleted' || row.status === 'changed') steps.push({ action: 'write-local', path: row.path, size: row.remoteSize ?? 0 });
      else if (row.status === 'added' && options.mirror) steps.push({ action: 'delete-local', path: row.path, size: row.localSize ?? 0 });
    }
  }
  return steps;
}

export function countByStatus(rows: readonly CompareRow[]): Record<CompareStatus, number> {
  const counts: Record<CompareStatus, number> = { added: 0, changed: 0, deleted: 0, identical: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/**
 * Every file under `root` in the namespace, relative to it, listing folders a few at a time.
 * `listDir` is files.list; a folder that fails to list fails the whole walk (a partial list would
 * make a sync delete what it did not see).
 */
export async function listNamespaceFiles(
  listDir: (dir: string) => Promise<readonly FileAttributes[]>,
  root: string,
  options: { concurrency?: number; signal?: AbortSignal; maxFiles?: number } = {},
): Promise<SideFile[]> {
  const files: SideFile[] = [];
  const queue: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];
  const limit = options.concurrency ?? 4;
  const maxFiles = options.maxFiles ?? 50_000;
  let active = 0;
  return new Promise<SideFile[]>((resolve, reject) => {
    let failed = false;
    const next = (): void => {
      if (failed) return;
      if (queue.length === 0 && active === 0) return resolve(files.sort((a, b) => a.path.localeCompare(b.path)));
      while (active < limit && queue.length > 0) {
        const { dir, rel } = queue.shift()!;
        active += 1;
        listDir(dir).then(
          (entries) => {
            active -= 1;
            if (options.signal?.aborted) {
              failed = true;
              return reject(options.signal.reason ?? new Error('Cancelled'));
            }
            for (const entry of entries) {
              const childRel = rel ? `${rel}/${entry.fileName}` : entry.fileName;
              if (entry.type === 'Directory') queue.push({ dir: joinPath(dir, entry.fileName), rel: childRel });
              else files.push({ path: childRel, size: entry.size });
            }
            if (files.length > maxFiles) {
              failed = true;
              return reject(new Error(`More than ${maxFiles} files under ${root}; compare a smaller folder.`));
            }
            next();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    next();
  });
}

/** The bytes of a base64 text (what files.readBytes returns). */
export function bytesFromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether a local file holds exactly these bytes (binary files included). */
export async function sameBytes(local: Blob, remote: Uint8Array): Promise<boolean> {
  if (local.size !== remote.length) return false;
  const mine = new Uint8Array(await local.arrayBuffer());
  for (let i = 0; i < mine.length; i += 1) if (mine[i] !== remote[i]) return false;
  return true;
}

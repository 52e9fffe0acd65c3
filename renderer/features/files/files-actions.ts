// The namespace files' one write path, and their commands. Every write (save, new file, new folder,
// move, delete, upload) is a mutation here that refreshes exactly the folder listings it changes;
// the pane, its dialogs, the upload queue, the palette and the shortcuts all go through these.
import { mutationOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { Confirmation } from '../../../main/contract/method-policy';
import type { ServerView } from '../../../main/contract/servers';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { confirmDestructive } from '../../components/confirm';
import { downloadFromServer } from '../../components/download';
import { describeError } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { defineView, isPaneActive, type ActionContext, type ConsoleAction } from '../../lib/actions';
import { bridgeTransport, call, KestraError, uploadFile } from '../../lib/call';
import { runMutation } from '../../lib/mutations';
import { consoleStorage } from '../../lib/persisted-state';
import { consoleKeys } from '../../lib/query-keys';
import { useWorkspace } from '../../lib/workspace-store';
import { writeBlockedReason, writePolicy } from '../../lib/servers';
import { filesKeys } from './files-queries';
import { bytesFromBase64 } from './lib/folder-compare';
import { baseName, isWithin } from './lib/path-rules';
import type { LocalFolder } from './local-folder';
import type { PortResult, UploadPorts } from './lib/upload-queue';

type FilesQueryKind = 'dir' | 'text' | 'revisions';

/** A namespace-files query's kind and path, or undefined for any other query. */
function filesQuery(queryKey: QueryKey, serverId: string, namespace: string): { kind: FilesQueryKind; path: string } | undefined {
  const root = filesKeys.all(serverId, namespace);
  if (!root.every((part, index) => queryKey[index] === part)) return undefined;
  const kind = queryKey[root.length] as FilesQueryKind;
  const path = queryKey[root.length + 1];
  return typeof path === 'string' ? { kind, path } : undefined;
}

/** The folders whose listing a change at `path` alters: every one above it (Kestra creates and removes folders on the way). */
function isAncestorListing(kind: FilesQueryKind, dir: string, path: string): boolean {
  return kind === 'dir' && dir !== path && isWithin(path, dir);
}

/**
 * Whether a cached query is stale after files at `touched` were written, created or moved there:
 * the listings of the folders above them, and their latest text and revision lists. Listings
 * elsewhere and old revisions' texts stay.
 */
export function isStaleAfterFileWrite(queryKey: QueryKey, serverId: string, namespace: string, touched: readonly string[]): boolean {
  const query = filesQuery(queryKey, serverId, namespace);
  if (!query) return false;
  return touched.some((path) => {
    if (query.kind === 'dir') return isAncestorListing('dir', query.path, path);
    if (query.kind === 'revisions') return query.path === path;
    return query.path === path && queryKey[queryKey.length - 1] === 'latest';
  });
}

/** Whether a cached query is about something under `removed` (gone, not stale: a refetch would answer 404). */
export function isGoneAfterFileRemoval(queryKey: QueryKey, serverId: string, namespace: string, removed: readonly string[]): boolean {
  const query = filesQuery(queryKey, serverId, namespace);
  return !!query && removed.some((path) => isWithin(query.path, path));
}

async function refreshAfter(client: QueryClient, serverId: string, namespace: string, touched: readonly string[], removed: readonly string[] = []): Promise<void> {
  if (removed.length) client.removeQueries({ predicate: (query) => isGoneAfterFileRemoval(query.queryKey, serverId, namespace, removed) });
  await client.invalidateQueries({ predicate: (query) => isStaleAfterFileWrite(query.queryKey, serverId, namespace, [...touched, ...removed]) });
}

interface OnNamespace {
  serverId: string;
  namespace: string;
}

/** Writes a text file (creating it and its folders); the saved text becomes the cached one. */
export const filesWriteText = mutationOptions({
  mutationKey: ['files', 'write-text'],
  mutationFn: ({ serverId, namespace, path, text }: OnNamespace & { path: string; text: string }) => call('files.writeText', { serverId, namespace, path, text }),
  onSuccess: (result, { serverId, namespace, path, text }, _r, { client }) => {
    client.setQueryData(filesKeys.text(serverId, namespace, path), { text, size: result.size });
    return client.invalidateQueries({
      predicate: (query) => isStaleAfterFileWrite(query.queryKey, serverId, namespace, [path]) && filesQuery(query.queryKey, serverId, namespace)?.kind !== 'text',
    });
  },
});

export const filesMkdir = mutationOptions({
  mutationKey: ['files', 'mkdir'],
  mutationFn: ({ serverId, namespace, path }: OnNamespace & { path: string }) => call('files.mkdir', { serverId, namespace, path }),
  onSuccess: (_data, { serverId, namespace, path }, _r, { client }) => refreshAfter(client, serverId, namespace, [path]),
});

export const filesMove = mutationOptions({
  mutationKey: ['files', 'move'],
  mutationFn: ({ serverId, namespace, from, to }: OnNamespace & { from: string; to: string }) => call('files.move', { serverId, namespace, from, to }),
  onSuccess: (_data, { serverId, namespace, from, to }, _r, { client }) => refreshAfter(client, serverId, namespace, [to], [from]),
});

export const filesDelete = mutationOptions({
  mutationKey: ['files', 'delete'],
  mutationFn: ({ serverId, namespace, path, confirmation }: OnNamespace & { path: string } & Confirmation) => call('files.delete', { serverId, namespace, path, confirmation }),
  onSuccess: (_data, { serverId, namespace, path }, _r, { client }) => refreshAfter(client, serverId, namespace, [], [path]),
});

// Uploads finish by the dozen: their folders are refreshed together, a moment after the last one.
const pendingRefresh = new Map<string, { paths: Set<string>; everything: boolean; timer?: ReturnType<typeof setTimeout> }>();
const UPLOAD_REFRESH_DELAY_MS = 250;

/** `path` undefined: anything in the namespace may have changed (an extracted zip). */
function refreshSoon(client: QueryClient, serverId: string, namespace: string, path: string | undefined): void {
  const key = `${serverId}\u0000${namespace}`;
  const entry = pendingRefresh.get(key) ?? { paths: new Set<string>(), everything: false };
  if (path === undefined) entry.everything = true;
  else entry.paths.add(path);
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    pendingRefresh.delete(key);
    if (entry.everything) void client.invalidateQueries({ predicate: (query) => filesQuery(query.queryKey, serverId, namespace)?.kind === 'dir' });
    else void refreshAfter(client, serverId, namespace, [...entry.paths]);
  }, UPLOAD_REFRESH_DELAY_MS);
  pendingRefresh.set(key, entry);
}

/** Uploads one file (streamed, with progress); resolves once the server shows its full size. */
export const filesUpload = mutationOptions({
  mutationKey: ['files', 'upload'],
  mutationFn: ({ serverId, namespace, path, file, extractZip, onProgress, signal }: OnNamespace & { path: string; file: File; extractZip: boolean; onProgress(bytes: number): void; signal: AbortSignal }) =>
    // Main never sends a .zip name to Kestra (which would unpack it) unless asked to extract.
    uploadFile({ serverId, namespace, path, extractZip }, file, { signal, onProgress: (progress) => onProgress(progress.bytes) }),
  // An extracted zip lands anywhere below the root.
  onSuccess: (_data, { serverId, namespace, path, extractZip }, _r, { client }) => refreshSoon(client, serverId, namespace, extractZip ? undefined : path),
  // The File stays referenced only while it uploads.
  gcTime: 0,
});

function portError(error: unknown): { ok: false; error: { kind: string; message: string } } {
  if (error instanceof KestraError) return { ok: false, error: { kind: error.kind, message: error.data.detail ? `${error.message} — ${error.data.detail}` : error.message } };
  return { ok: false, error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } };
}

/** What the upload queue calls: real reads, and uploads through the mutation above. */
export function uploadPorts(client: QueryClient, serverId: string, namespace: string): UploadPorts {
  const attempt = async <T>(work: () => Promise<T>, onMissing: T): Promise<PortResult<T>> => {
    try {
      return { ok: true, data: await work() };
    } catch (error) {
      if (error instanceof KestraError && error.status === 404) return { ok: true, data: onMissing };
      return portError(error);
    }
  };
  return {
    stat: (path, signal) =>
      attempt(async () => {
        const attrs = await call('files.stats', { serverId, namespace, path }, { signal });
        return { size: attrs.size, type: attrs.type };
      }, null),
    names: (dir, signal) => attempt(async () => (await call('files.list', { serverId, namespace, path: dir }, { signal })).map((f) => f.fileName), []),
    upload: async (item, source, { onProgress, signal }) => {
      try {
        const result = await runMutation(client, filesUpload, { serverId, namespace, path: item.targetPath, file: source as File, extractZip: item.extract, onProgress, signal });
        return { ok: true, data: { size: result.size } };
      } catch (error) {
        return portError(error);
      }
    },
  };
}

/** What the file workflows need: where, and the window's QueryClient. */
export type FilesScope = { server: ServerView; namespace: string; queryClient: QueryClient };

function on(scope: FilesScope): OnNamespace {
  return { serverId: scope.server.id, namespace: scope.namespace };
}

/** Creates an empty file (refusing to overwrite one that exists). Throws for the name dialog to show. */
export async function createEmptyFile(scope: FilesScope, path: string): Promise<void> {
  const exists = await call('files.stats', { ...on(scope), path }).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${path} already exists.`);
  await runMutation(scope.queryClient, filesWriteText, { ...on(scope), path, text: '' });
}

/** Creates a folder. Throws for the name dialog to show. */
export function createFolder(scope: FilesScope, path: string): Promise<null> {
  return runMutation(scope.queryClient, filesMkdir, { ...on(scope), path });
}

/** Creates the empty folders of a dropped folder (files come with the upload queue). */
export async function createDroppedFolders(scope: FilesScope, paths: string[]): Promise<void> {
  for (const path of paths) {
    try {
      await createFolder(scope, path);
    } catch (error) {
      notify({ kind: 'error', title: `Could not create ${baseName(path)}`, message: describeError(error) });
    }
  }
}

/** Moves or renames, offering Undo. Throws (after telling the user) so a name dialog stays open. */
export async function moveFile(scope: FilesScope, from: string, to: string): Promise<void> {
  try {
    await runMutation(scope.queryClient, filesMove, { ...on(scope), from, to });
  } catch (error) {
    notify({ kind: 'error', title: `Could not move ${baseName(from)}`, message: describeError(error) });
    throw error;
  }
  notify({
    kind: 'success',
    title: `Moved to ${to}`,
    action: writePolicy(scope.server).canWrite ? { label: 'Undo', run: async () => void (await runMutation(scope.queryClient, filesMove, { ...on(scope), from: to, to: from })) } : undefined,
  });
}

/**
 * Deletes a file or a folder after confirmation (a folder's name must be typed, or the server's
 * when its policy asks: main checks that one); resolves true when deleted.
 */
export async function deletePath(scope: FilesScope, path: string, isFolder: boolean): Promise<boolean> {
  const confirmed = await confirmDestructive({
    title: `Delete ${baseName(path)}?`,
    message: isFolder ? `The folder ${path} and everything in it will be deleted.` : `${path} will be deleted.`,
    confirmLabel: 'Delete',
    server: scope.server,
    typeToConfirm: isFolder ? baseName(path) : undefined,
  });
  if (!confirmed) return false;
  try {
    await runMutation(scope.queryClient, filesDelete, { ...on(scope), path, ...confirmed });
    notify({ kind: 'success', title: `Deleted ${path}` });
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not delete ${path}`, message: describeError(error) });
    return false;
  }
}

/**
 * The deletions a mirroring sync plans on the server were listed in its preview and applied by the
 * user: that is their confirmation. A server whose policy wants its name typed asks once more, for
 * all of them; null: cancelled.
 */
export function confirmSyncDeletions(scope: FilesScope, paths: string[]): Promise<Confirmation | null> {
  if (paths.length === 0 || !scope.server.policy.confirmDestructive) return Promise.resolve({});
  return confirmDestructive({ title: `Delete ${paths.length} file(s) from ${scope.namespace}?`, message: 'They exist only in the namespace; mirroring removes them.', confirmLabel: 'Delete and sync', server: scope.server });
}

/** Deletes the namespace files a mirroring sync found only on the server; resolves with the failures. */
export async function deleteSyncedAway(scope: FilesScope, paths: string[], confirmed: Confirmation): Promise<string[]> {
  const failures: string[] = [];
  for (const path of paths) {
    try {
      await runMutation(scope.queryClient, filesDelete, { ...on(scope), path, ...confirmed });
    } catch (error) {
      failures.push(`${path}: ${describeError(error)}`);
    }
  }
  return failures;
}

/** Saves a text file's content; resolves true when saved. */
export async function saveFileText(scope: FilesScope, path: string, text: string): Promise<boolean> {
  if (!writePolicy(scope.server).canWrite) return false;
  try {
    await runMutation(scope.queryClient, filesWriteText, { ...on(scope), path, text });
    notify({ kind: 'success', title: `Saved ${path}` });
    return true;
  } catch (error) {
    notify({ kind: 'error', title: `Could not save ${path}`, message: describeError(error) });
    return false;
  }
}

export function downloadNamespaceFile(serverId: string, namespace: string, path: string): Promise<void> {
  return downloadFromServer('files.download', { serverId, namespace, path }, baseName(path), { success: `Downloaded ${baseName(path)}`, failure: `Could not download ${path}` });
}

// Syncing a namespace folder down to this computer.

/** Where a namespace folder is synced down to: a folder the page may write (browser), or one main writes (desktop). */
export interface FolderWriter {
  name: string;
  /** Writes the namespace file `remote` at `relativePath` in the folder. */
  save(relativePath: string, remote: { serverId: string; namespace: string; path: string }, maxBytes: number): Promise<void>;
  remove(relativePath: string): Promise<void>;
}

/** The desktop app writes through main, into a folder the user picks in main's dialog at sync time. */
export function writesThroughMain(): boolean {
  return bridgeTransport() === 'electron';
}

/** A writer for this folder: the page's own (browser), or main's after its folder dialog (desktop); undefined when dismissed. */
export async function folderWriter(folder: LocalFolder): Promise<FolderWriter | undefined> {
  if (writesThroughMain()) {
    const picked = await call('local.pickFolder', {});
    if (!picked) return undefined;
    return {
      name: picked.name,
      save: async (relativePath, remote) => void (await call('local.saveFile', { ...remote, folder: picked.folder, relativePath })),
      remove: async (relativePath) => void (await call('local.removeFile', { folder: picked.folder, relativePath })),
    };
  }
  const { write, remove } = folder;
  if (!write || !remove) return undefined;
  return {
    name: folder.name,
    save: async (relativePath, remote, maxBytes) => {
      const r = await call('files.readBytes', { ...remote, maxBytes });
      await write(relativePath, bytesFromBase64(r.base64));
    },
    remove,
  };
}

/** A namespace file's unsaved text, and the text it started from (the file as it was opened). */
export interface FileDraft {
  serverId: string;
  namespace: string;
  path: string;
  text: string;
  base: string;
}

export function fileDraftKey(serverId: string, namespace: string, path: string): string {
  return `${serverId}\u0000${namespace}\u0000${path}`;
}

/**
 * The text file open in the editor, and every file's unsaved text: in a store rather than the
 * editor's state, so the Save action's predicate (palette, shortcut and toolbar alike) reads what
 * the editor shows, and so leaving the file, the pane, the server or the console loses nothing
 * (drafts are kept across restarts, lib/persisted-state.ts).
 */
interface OpenFileState {
  open?: { serverId: string; namespace: string; path: string };
  drafts: Record<string, FileDraft>;
  /** The open file's unsaved text (`undefined` drops it); `base` is the text it was opened as. */
  setDraft(draft: string | undefined, base?: string): void;
  dropDraft(serverId: string, namespace: string, path: string): void;
}

export const useOpenFile = create<OpenFileState>()(
  persist(
    (set) => ({
      open: undefined,
      drafts: {},
      setDraft: (draft, base) =>
        set((state) => {
          if (!state.open) return state;
          const { serverId, namespace, path } = state.open;
          const key = fileDraftKey(serverId, namespace, path);
          const { [key]: previous, ...others } = state.drafts;
          if (draft === undefined) return previous ? { drafts: others } : state;
          return { drafts: { ...others, [key]: { serverId, namespace, path, text: draft, base: previous?.base ?? base ?? '' } } };
        }),
      dropDraft: (serverId, namespace, path) =>
        set((state) => {
          const key = fileDraftKey(serverId, namespace, path);
          if (!state.drafts[key]) return state;
          const { [key]: _dropped, ...drafts } = state.drafts;
          return { drafts };
        }),
    }),
    {
      name: 'file-drafts',
      version: 1,
      storage: consoleStorage<{ drafts: Record<string, FileDraft> }>(),
      partialize: (state) => ({ drafts: state.drafts }),
      merge: (persisted, current) => ({ ...current, drafts: saneFileDrafts((persisted as { drafts?: unknown } | undefined)?.drafts) }),
    },
  ),
);

function saneFileDrafts(value: unknown): Record<string, FileDraft> {
  const out: Record<string, FileDraft> = {};
  if (!value || typeof value !== 'object') return out;
  for (const draft of Object.values(value as Record<string, Partial<FileDraft>>)) {
    if (!draft || !['serverId', 'namespace', 'path', 'text', 'base'].every((field) => typeof draft[field as keyof FileDraft] === 'string')) continue;
    const ok = draft as FileDraft;
    out[fileDraftKey(ok.serverId, ok.namespace, ok.path)] = ok;
  }
  return out;
}

/** The unsaved text of one file, if any. */
export function draftOf(serverId: string, namespace: string, path: string): FileDraft | undefined {
  return useOpenFile.getState().drafts[fileDraftKey(serverId, namespace, path)];
}

/** The open file of this pane, with its text as last loaded or saved and whether the editor differs. */
export function openFileOf(context: ActionContext): { path: string; draft?: string; dirty: boolean } | undefined {
  const open = useOpenFile.getState().open;
  if (!open || !context.server || open.serverId !== context.server.id || open.namespace !== context.namespace) return undefined;
  const saved = context.queryClient.getQueryData<{ text: string }>(filesKeys.text(open.serverId, open.namespace, open.path))?.text;
  const draft = draftOf(open.serverId, open.namespace, open.path)?.text;
  return { path: open.path, draft, dirty: draft !== undefined && draft !== saved };
}

/**
 * Mirrors file drafts into the workspace's unsaved registry (the server tab's dot, the close
 * guard), with Save and Discard wired to these drafts.
 */
export function syncUnsavedFiles(): () => void {
  const sync = (drafts: Record<string, FileDraft>): void => {
    const workspace = useWorkspace.getState();
    for (const draft of Object.values(drafts)) {
      const key = `file:${draft.namespace}:${draft.path}`;
      if (workspace.unsaved[draft.serverId]?.[key]) continue;
      workspace.setUnsaved(draft.serverId, key, {
        label: `file ${draft.namespace}${draft.path}`,
        save: async (client) => {
          const server = client.getQueryData<ServerView[]>(consoleKeys.servers())?.find((candidate) => candidate.id === draft.serverId);
          const current = draftOf(draft.serverId, draft.namespace, draft.path);
          if (!server || !current) return !current;
          const saved = await saveFileText({ server, namespace: draft.namespace, queryClient: client }, draft.path, current.text);
          if (saved) useOpenFile.getState().dropDraft(draft.serverId, draft.namespace, draft.path);
          return saved;
        },
        discard: () => useOpenFile.getState().dropDraft(draft.serverId, draft.namespace, draft.path),
      });
    }
    for (const [serverId, documents] of Object.entries(workspace.unsaved)) {
      for (const key of Object.keys(documents)) {
        if (!key.startsWith('file:')) continue;
        const [, namespace, ...rest] = key.split(':');
        if (!drafts[fileDraftKey(serverId, namespace!, rest.join(':'))]) workspace.setUnsaved(serverId, key, undefined);
      }
    }
  };
  sync(useOpenFile.getState().drafts);
  return useOpenFile.subscribe((state, previous) => {
    if (state.drafts !== previous.drafts) sync(state.drafts);
  });
}

export function scopeOf(context: ActionContext): FilesScope | undefined {
  return context.server && context.namespace ? { server: context.server, namespace: context.namespace, queryClient: context.queryClient } : undefined;
}

/** What only the mounted files pane can do for an action: its dialogs and file pickers, in the selected folder. */
export interface FilesView {
  newFile(): void;
  newFolder(): void;
  pickFiles(): void;
  pickFolder(): void;
  compare(): void;
}

export const filesView = defineView<FilesView>('files');

const onFiles = (context: ActionContext): boolean => isPaneActive(context, 'files') && !!context.namespace;
const writeReason = (context: ActionContext): string | undefined => writeBlockedReason(context.server);

export const filesNewFileAction: ConsoleAction = {
  id: 'files.new-file',
  label: 'New namespace file',
  shortLabel: 'New file',
  group: 'Files',
  keywords: ['create'],
  isAvailable: onFiles,
  disabledReason: writeReason,
  perform: () => filesView.current()?.newFile(),
};

export const filesNewFolderAction: ConsoleAction = {
  id: 'files.new-folder',
  label: 'New folder',
  group: 'Files',
  keywords: ['create', 'directory'],
  isAvailable: onFiles,
  disabledReason: writeReason,
  perform: () => filesView.current()?.newFolder(),
};

export const filesUploadFilesAction: ConsoleAction = {
  id: 'files.upload-files',
  label: 'Upload files…',
  group: 'Files',
  shortcut: 'Mod+U',
  isAvailable: onFiles,
  disabledReason: writeReason,
  perform: () => filesView.current()?.pickFiles(),
};

export const filesUploadFolderAction: ConsoleAction = {
  id: 'files.upload-folder',
  label: 'Upload a folder…',
  shortLabel: 'Upload folder…',
  group: 'Files',
  isAvailable: onFiles,
  disabledReason: writeReason,
  perform: () => filesView.current()?.pickFolder(),
};

export const filesCompareAction: ConsoleAction = {
  id: 'files.compare',
  label: 'Compare with a local folder…',
  shortLabel: 'Compare with local folder…',
  group: 'Files',
  keywords: ['sync', 'diff'],
  isAvailable: onFiles,
  perform: () => filesView.current()?.compare(),
};

export const filesExportAction: ConsoleAction = {
  id: 'files.export',
  label: 'Export namespace files as zip',
  shortLabel: 'Export as zip',
  group: 'Files',
  keywords: ['download', 'backup'],
  isAvailable: onFiles,
  perform: ({ server, namespace }) => {
    if (server && namespace) return downloadFromServer('files.export', { serverId: server.id, namespace }, `${namespace}_files.zip`, { success: `Exported ${namespace} as a zip`, failure: 'Export failed' });
  },
};

export const filesRefreshAction: ConsoleAction = {
  id: 'files.refresh',
  label: 'Refresh files',
  group: 'Files',
  shortcut: 'F5',
  isAvailable: onFiles,
  perform: ({ server, namespace, queryClient }) => {
    if (server && namespace) return queryClient.invalidateQueries({ queryKey: filesKeys.all(server.id, namespace) });
  },
};

export const fileSaveAction: ConsoleAction = {
  id: 'files.save',
  label: 'Save this file',
  shortLabel: 'Save',
  group: 'Files',
  shortcut: 'Mod+S',
  isAvailable: onFiles,
  disabledReason: (context) => {
    const file = openFileOf(context);
    return writeReason(context) ?? (!file ? 'No file is open' : file.dirty ? undefined : 'No changes to save');
  },
  perform: async (context) => {
    const file = openFileOf(context);
    const scope = scopeOf(context);
    if (!file?.dirty || file.draft === undefined || !scope) return;
    if (await saveFileText(scope, file.path, file.draft)) useOpenFile.getState().dropDraft(scope.server.id, scope.namespace, file.path);
  },
};

export const FILES_ACTIONS: ConsoleAction[] = [
  filesNewFileAction,
  filesNewFolderAction,
  filesUploadFilesAction,
  filesUploadFolderAction,
  filesCompareAction,
  filesExportAction,
  filesRefreshAction,
  fileSaveAction,
];


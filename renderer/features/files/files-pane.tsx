// The namespace file manager: a lazily loaded tree, drag and drop from the desktop (files and whole
// folders) and inside the tree, an upload queue, Monaco editing with revisions, zip export, and
// compare/sync with a local folder.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ActionButton } from '../../components/action-button';
import { IconButton } from '../../components/button';
import { DataStatus } from '../../components/data-status';
import { EmptyState } from '../../components/empty-state';
import { ErrorView } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { useActionContext, useProvideView } from '../../lib/actions';
import type { PaneProps } from '../../lib/pane';
import { writePolicy } from '../../lib/servers';
import { CompareDialog } from './compare-dialog';
import { FileEditor } from './file-editor';
import { FileTreePanel } from './file-tree-panel';
import {
  createDroppedFolders,
  createEmptyFile,
  createFolder,
  deletePath,
  downloadNamespaceFile,
  filesCompareAction,
  filesExportAction,
  filesNewFileAction,
  filesNewFolderAction,
  filesRefreshAction,
  filesUploadFilesAction,
  filesUploadFolderAction,
  filesView,
  moveFile,
  type FilesScope,
} from './files-actions';
import { filesKeys, folderOptions, useFileTree } from './files-queries';
import { namespaceUploads } from './upload-queues';
import { recallView, rememberView } from './view-memory';
import { findNode, planMove, ROOT, visibleRows, withExpanded, type TreeRow } from './lib/file-tree';
import { filesFromInput, takeDropSource, walkDropSource, type DroppedFile } from './lib/folder-walk';
import { baseName, joinPath, joinRelative, normalizeName, parentPath } from './lib/path-rules';
import type { AddRequest } from './lib/upload-queue';
import { NameDialog } from './name-dialog';
import { ConflictDialog, UploadPanel, ZipDialog } from './upload-panel';
import './files.css';

type Prompt =
  | { kind: 'new-file' | 'new-folder'; dir: string }
  | { kind: 'rename'; path: string }
  | { kind: 'move'; path: string }
  | { kind: 'compare'; dir: string };

export function FilesPane({ server, namespace, location }: PaneProps & { namespace: string }) {
  const context = useActionContext({ server, namespace, location });
  const client = context.queryClient;
  const scope: FilesScope = { server, namespace, queryClient: client };
  const policy = writePolicy(server);
  const [recalled] = useState(() => recallView(server.id, namespace));
  // Which folders are open is this view's; what they hold is react-query's (one query per folder).
  const [expanded, setExpandedSet] = useState<ReadonlySet<string>>(() => new Set([ROOT, ...(recalled?.expanded ?? [])]));
  const tree = useFileTree(server.id, namespace, expanded);
  // The root listing's own state: its error, and its age when shown while the server fails.
  const rootListing = useQuery(folderOptions(server.id, namespace, ROOT));
  const setExpanded = (dir: string, open: boolean): void => setExpandedSet((current) => withExpanded(current, dir, open));
  const [selected, setSelected] = useState<string | undefined>(recalled?.selected);
  const [openPath, setOpenPath] = useState<string | undefined>(recalled?.openPath);
  useEffect(() => rememberView(server.id, namespace, { expanded: [...expanded], selected, openPath }), [server.id, namespace, expanded, selected, openPath]);
  const [filter, setFilter] = useState('');
  const [prompt, setPrompt] = useState<Prompt | undefined>(undefined);
  const [zipAsk, setZipAsk] = useState<{ names: string[]; resolve(choice: 'file' | 'extract' | 'skip'): void } | undefined>(undefined);
  const [showUploads, setShowUploads] = useState(() => namespaceUploads(client, server.id, namespace).queue.getSnapshot().items.length > 0);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const uploadTarget = useRef(ROOT);

  // Uploads outlive this view (see upload-queues.ts); their mutations refresh the folders they fill.
  const [{ queue, sources }] = useState(() => namespaceUploads(client, server.id, namespace));
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);

  const query = filter.trim().toLowerCase();
  const rows = useMemo(() => visibleRows(tree, query ? (n) => n.name.toLowerCase().includes(query) : undefined), [tree, query]);
  const selectedNode = selected ? findNode(tree, selected) : undefined;
  const currentDir = !selectedNode ? ROOT : selectedNode.type === 'Directory' ? selectedNode.path : parentPath(selectedNode.path);
  /** Lists a folder again (after an error, or when asked to refresh). */
  const reload = (dir = ROOT): void => void client.invalidateQueries({ queryKey: filesKeys.dir(server.id, namespace, dir) });

  const enqueue = (requests: AddRequest[]): void => {
    const added = queue.add(requests);
    added.forEach((item, i) => sources.set(item.id, requests[i]!.source as File));
    if (added.length) setShowUploads(true);
  };

  const askZip = (names: string[]): Promise<'file' | 'extract' | 'skip'> => new Promise((resolve) => setZipAsk({ names, resolve }));

  const uploadDropped = async (files: DroppedFile[], intoDir: string, emptyFolders: string[] = []): Promise<void> => {
    const zips = files.filter((f) => /\.zip$/i.test(f.file.name));
    let zipChoice: 'file' | 'extract' | 'skip' = 'file';
    if (zips.length) {
      zipChoice = await askZip(zips.map((z) => z.relativePath));
      setZipAsk(undefined);
    }
    const requests: AddRequest[] = [];
    for (const f of files) {
      const isZip = /\.zip$/i.test(f.file.name);
      if (isZip && zipChoice === 'skip') continue;
      const relative = f.relativePath.split('/').map(normalizeName).join('/');
      requests.push({ source: f.file, relativePath: relative, targetPath: joinRelative(intoDir, relative), extract: isZip && zipChoice === 'extract' });
    }
    enqueue(requests);
    // Open the folder the files went into, and the top folders of a dropped folder, to show them arrive.
    const opened = new Set<string>([intoDir]);
    for (const r of requests) if (!r.extract && r.relativePath.includes('/')) opened.add(joinRelative(intoDir, r.relativePath.split('/')[0]!));
    setExpandedSet((current) => [...opened].reduce((acc, dir) => withExpanded(acc, dir, true), current));
    await createDroppedFolders(
      scope,
      emptyFolders.map((folder) => joinRelative(intoDir, folder)),
    );
  };

  const onDesktopDrop = (dataTransfer: DataTransfer, intoDir: string): void => {
    // Entries must be taken now: the DataTransfer is emptied once this event handler returns.
    const source = takeDropSource(dataTransfer);
    void walkDropSource(source).then((walked) => {
      if (walked.errors.length) notify({ kind: 'warning', title: `${walked.errors.length} item(s) could not be read`, message: walked.errors.slice(0, 5).join('\n') });
      if (walked.truncated) notify({ kind: 'warning', title: 'Too many files', message: `Only the first ${walked.files.length} files are uploaded.` });
      return uploadDropped(walked.files, intoDir, walked.emptyFolders);
    });
  };

  const move = async (from: string, intoDir: string): Promise<void> => {
    const node = findNode(tree, from);
    if (!node) return;
    const check = planMove(node, intoDir, tree.children.get(intoDir));
    if (!check.ok) {
      notify({ kind: 'warning', title: `Cannot move ${node.name}`, message: check.reason });
      return;
    }
    await renameTo(from, check.to);
  };

  const renameTo = async (from: string, to: string): Promise<void> => {
    await moveFile(scope, from, to);
    setExpanded(parentPath(to), true);
    setSelected(to);
    if (openPath === from) setOpenPath(to);
  };

  const remove = async (path: string): Promise<void> => {
    if (!(await deletePath(scope, path, findNode(tree, path)?.type === 'Directory'))) return;
    if (openPath && (openPath === path || openPath.startsWith(`${path}/`))) setOpenPath(undefined);
    setSelected(undefined);
  };

  const download = (path: string): Promise<void> => downloadNamespaceFile(server.id, namespace, path);

  const open = (row: TreeRow): void => {
    setSelected(row.node.path);
    if (row.node.type === 'File') setOpenPath(row.node.path);
    else setExpanded(row.node.path, !row.expanded);
  };

  // What the pane's actions (toolbar, palette, shortcuts) ask of it, in the selected folder.
  useProvideView(filesView, {
    newFile: () => setPrompt({ kind: 'new-file', dir: currentDir }),
    newFolder: () => setPrompt({ kind: 'new-folder', dir: currentDir }),
    pickFiles: () => {
      uploadTarget.current = currentDir;
      filesInput.current?.click();
    },
    pickFolder: () => {
      uploadTarget.current = currentDir;
      folderInput.current?.click();
    },
    compare: () => setPrompt({ kind: 'compare', dir: currentDir }),
  });

  const conflict = snapshot.items.find((i) => i.status === 'conflict');

  return (
    <section className="files-pane" aria-label="Namespace files">
      <header className="files-toolbar">
        <h2 className="files-title">
          Files <span className="files-muted">· {namespace}</span>
        </h2>
        <input type="search" className="files-filter" placeholder="Filter loaded files" aria-label="Filter files" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ActionButton action={filesNewFileAction} context={context} size="sm" icon="plus" />
        <ActionButton action={filesNewFolderAction} context={context} size="sm" icon="folder" />
        <ActionButton action={filesUploadFilesAction} context={context} size="sm" icon="upload" />
        <ActionButton action={filesUploadFolderAction} context={context} size="sm" icon="upload" />
        <ActionButton action={filesCompareAction} context={context} size="sm" icon="diff" />
        <ActionButton action={filesExportAction} context={context} size="sm" icon="download" />
        <ActionButton action={filesRefreshAction} context={context} size="sm" iconOnly icon="refresh" />
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            const files = e.target.files ? filesFromInput(Array.from(e.target.files)) : [];
            e.target.value = '';
            void uploadDropped(files, uploadTarget.current);
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Folder to upload"
          {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
          onChange={(e) => {
            const files = e.target.files ? filesFromInput(Array.from(e.target.files)) : [];
            e.target.value = '';
            void uploadDropped(files, uploadTarget.current);
          }}
        />
      </header>
      <div className="files-main">
        <div className="files-side">
          {rootListing.data !== undefined && <DataStatus serverId={server.id} query={rootListing} what="files" onRetry={() => reload(ROOT)} />}
          {selectedNode && (
            <div className="files-selection" role="toolbar" aria-label={`Actions for ${selectedNode.path}`}>
              <span className="files-selection__name" title={selectedNode.path}>
                {selectedNode.path}
              </span>
              {selectedNode.type === 'File' && <IconButton size="sm" icon="download" label={`Download ${selectedNode.name}`} onClick={() => void download(selectedNode.path)} />}
              <IconButton size="sm" icon="edit" label={`Rename ${selectedNode.name}`} disabledReason={policy.canWrite ? undefined : policy.reason} onClick={() => setPrompt({ kind: 'rename', path: selectedNode.path })} />
              <IconButton size="sm" icon="layers" label={`Move ${selectedNode.name}`} disabledReason={policy.canWrite ? undefined : policy.reason} onClick={() => setPrompt({ kind: 'move', path: selectedNode.path })} />
              <IconButton size="sm" icon="trash" label={`Delete ${selectedNode.name}`} disabledReason={policy.canWrite ? undefined : policy.reason} onClick={() => void remove(selectedNode.path)} />
            </div>
          )}
          {tree.children.get(ROOT)?.length === 0 && !tree.loading.has(ROOT) ? (
            <div
              className="files-empty"
              onDragOver={(e) => {
                if (policy.canWrite && e.dataTransfer.types.includes('Files')) e.preventDefault();
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (policy.canWrite) onDesktopDrop(e.dataTransfer, ROOT);
              }}
            >
              <EmptyState icon="folder" title="No files yet">
                {policy.canWrite ? 'Drop files or folders here, or use Upload.' : 'This namespace has no files.'}
              </EmptyState>
            </div>
          ) : rootListing.error && !rootListing.data ? (
            <div className="files-empty">
              <ErrorView error={rootListing.error} serverId={server.id} title="Could not list the files" onRetry={() => reload(ROOT)} />
            </div>
          ) : (
            <FileTreePanel
              label={`Files of ${namespace}`}
              rows={rows}
              selectedPath={selected}
              onSelect={setSelected}
              onOpen={open}
              onToggle={(row, open) => setExpanded(row.node.path, open)}
              onMove={(from, into) => void move(from, into).catch(() => undefined)}
              onDesktopDrop={onDesktopDrop}
              onRetryFolder={(path) => reload(path)}
              onKeyCommand={(key, row) => (key === 'Delete' ? void remove(row.node.path) : setPrompt({ kind: 'rename', path: row.node.path }))}
              canWrite={policy.canWrite}
            />
          )}
        </div>
        <div className="files-content">
          {openPath ? (
            <FileEditor key={openPath} server={server} namespace={namespace} location={location} path={openPath} onDownload={() => void download(openPath)} />
          ) : (
            <EmptyState icon="file" title="No file open">
              Double-click a file to edit it. Drag files from your desktop onto the tree to upload them.
            </EmptyState>
          )}
        </div>
      </div>
      {showUploads && snapshot.items.length > 0 && <UploadPanel queue={queue} snapshot={snapshot} onClose={() => setShowUploads(false)} />}
      {conflict && (
        <ConflictDialog
          key={conflict.id}
          item={conflict}
          file={sources.get(conflict.id)}
          remaining={snapshot.totals.conflicts}
          serverId={server.id}
          namespace={namespace}
          onChoose={(choice, all) => queue.resolveConflict(conflict.id, choice, all)}
        />
      )}
      {zipAsk && <ZipDialog names={zipAsk.names} onChoose={zipAsk.resolve} />}
      {prompt?.kind === 'new-file' && (
        <NameDialog
          title={`New file in ${prompt.dir}`}
          label="File name"
          allowPath
          confirmLabel="Create"
          onClose={() => setPrompt(undefined)}
          onSubmit={async (name) => {
            const path = joinRelative(prompt.dir, name);
            await createEmptyFile(scope, path);
            setExpanded(prompt.dir, true);
            setSelected(path);
            setOpenPath(path);
          }}
        />
      )}
      {prompt?.kind === 'new-folder' && (
        <NameDialog
          title={`New folder in ${prompt.dir}`}
          label="Folder name"
          allowPath
          confirmLabel="Create"
          onClose={() => setPrompt(undefined)}
          onSubmit={async (name) => {
            const path = joinRelative(prompt.dir, name);
            await createFolder(scope, path);
            setExpanded(prompt.dir, true);
            setSelected(path);
          }}
        />
      )}
      {prompt?.kind === 'rename' && (
        <NameDialog
          title={`Rename ${baseName(prompt.path)}`}
          label="New name"
          initial={baseName(prompt.path)}
          confirmLabel="Rename"
          onClose={() => setPrompt(undefined)}
          onSubmit={(name) => renameTo(prompt.path, joinPath(parentPath(prompt.path), name))}
        />
      )}
      {prompt?.kind === 'move' && (
        <NameDialog
          title={`Move ${baseName(prompt.path)}`}
          label="New path"
          allowPath
          initial={prompt.path.slice(1)}
          confirmLabel="Move"
          onClose={() => setPrompt(undefined)}
          onSubmit={(to) => renameTo(prompt.path, joinRelative(ROOT, to))}
        />
      )}
      {prompt?.kind === 'compare' && (
        <CompareDialog server={server} namespace={namespace} dir={prompt.dir} onUpload={enqueue} onClose={() => setPrompt(undefined)} />
      )}
    </section>
  );
}

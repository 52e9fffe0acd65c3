// The namespace file manager: a lazily loaded tree, drag and drop from the desktop (files and whole
// folders) and inside the tree, an upload queue, Monaco editing with revisions, zip export, and
// compare/sync with a local folder.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Button, IconButton, WriteButton } from '../../components/button';
import { confirmDestructive } from '../../components/confirm';
import { EmptyState } from '../../components/empty-state';
import { describeError } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { getBridge } from '../../lib/bridge';
import { call } from '../../lib/call';
import type { PaneProps } from '../../lib/pane';
import { useCommandHandler } from '../../lib/pane-commands';
import { writePolicy } from '../../lib/servers';
import { CompareDialog } from './compare-dialog';
import { FileEditor } from './file-editor';
import { FileTreePanel } from './file-tree-panel';
import { useFilesCommands, type FilesCommand } from './files-commands';
import { invalidateFiles } from './files-queries';
import { namespaceUploads } from './upload-queues';
import { recallView, rememberView } from './view-memory';
import { emptyTree, findNode, foldersToLoad, invalidate, planMove, ROOT, setChildren, setError, setExpanded, setLoading, visibleRows, type TreeRow, type TreeState } from './lib/file-tree';
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

export function FilesPane({ server, namespace }: PaneProps & { namespace: string }) {
  const client = useQueryClient();
  const policy = writePolicy(server);
  const [recalled] = useState(() => recallView(server.id, namespace));
  const [tree, setTree] = useState<TreeState>(() => (recalled ? { ...emptyTree(), expanded: new Set([ROOT, ...recalled.expanded]) } : emptyTree()));
  const [selected, setSelected] = useState<string | undefined>(recalled?.selected);
  const [openPath, setOpenPath] = useState<string | undefined>(recalled?.openPath);
  useEffect(() => rememberView(server.id, namespace, { expanded: [...tree.expanded], selected, openPath }), [server.id, namespace, tree.expanded, selected, openPath]);
  const [filter, setFilter] = useState('');
  const [prompt, setPrompt] = useState<Prompt | undefined>(undefined);
  const [zipAsk, setZipAsk] = useState<{ names: string[]; resolve(choice: 'file' | 'extract' | 'skip'): void } | undefined>(undefined);
  const [showUploads, setShowUploads] = useState(() => namespaceUploads(server.id, namespace).queue.getSnapshot().items.length > 0);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const uploadTarget = useRef(ROOT);

  // Reload folders touched by finished uploads, a few at a time rather than once per file.
  const staleDirs = useRef(new Set<string>());
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const markStale = useCallback((dir: string) => {
    staleDirs.current.add(dir);
    clearTimeout(flushTimer.current);
    flushTimer.current = setTimeout(() => {
      const dirs = [...staleDirs.current];
      staleDirs.current.clear();
      setTree((t) => dirs.reduce((acc, d) => invalidate(acc, d), t));
    }, 250);
  }, []);

  // Uploads outlive this view (see upload-queues.ts).
  const [{ queue, sources }] = useState(() => namespaceUploads(server.id, namespace));
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  // Reload the folders of finished uploads (every folder on the way may be new).
  const seenDone = useRef(new Set<string>());
  useEffect(() => {
    let any = false;
    for (const item of snapshot.items) {
      if (item.status !== 'done' || seenDone.current.has(item.id)) continue;
      seenDone.current.add(item.id);
      any = true;
      let dir = item.extract ? ROOT : parentPath(item.targetPath);
      markStale(dir);
      while (dir !== ROOT) {
        dir = parentPath(dir);
        markStale(dir);
      }
    }
    if (any) void invalidateFiles(client, server.id, namespace);
  }, [snapshot, markStale, client, server.id, namespace]);

  // Lazy loading: whatever folder is open but not loaded gets one files.list.
  const toLoad = foldersToLoad(tree).join('\n');
  useEffect(() => {
    if (!toLoad) return;
    for (const dir of toLoad.split('\n')) {
      // Marked loading from a microtask: the effect only starts the work.
      queueMicrotask(() => setTree((t) => setLoading(t, dir)));
      call('files.list', { serverId: server.id, namespace, path: dir }).then(
        (list) => setTree((t) => setChildren(t, dir, list)),
        (error: unknown) => setTree((t) => setError(t, dir, describeError(error))),
      );
    }
  }, [toLoad, server.id, namespace]);

  const query = filter.trim().toLowerCase();
  const rows = useMemo(() => visibleRows(tree, query ? (n) => n.name.toLowerCase().includes(query) : undefined), [tree, query]);
  const selectedNode = selected ? findNode(tree, selected) : undefined;
  const currentDir = !selectedNode ? ROOT : selectedNode.type === 'Directory' ? selectedNode.path : parentPath(selectedNode.path);
  const reload = (dir = ROOT): void => setTree((t) => invalidate(t, dir));

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
    setTree((t) => [...opened].reduce((acc, dir) => setExpanded(acc, dir, true), t));
    for (const folder of emptyFolders) {
      try {
        await call('files.mkdir', { serverId: server.id, namespace, path: joinRelative(intoDir, folder) });
      } catch (error) {
        notify({ kind: 'error', title: `Could not create ${folder}`, message: describeError(error) });
      }
    }
    if (emptyFolders.length) reload(intoDir);
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
    try {
      await call('files.move', { serverId: server.id, namespace, from, to });
      notify({
        kind: 'success',
        title: `Moved to ${to}`,
        action: policy.canWrite
          ? {
              label: 'Undo',
              run: async () => {
                await call('files.move', { serverId: server.id, namespace, from: to, to: from });
                setTree((t) => invalidate(invalidate(t, parentPath(from)), parentPath(to)));
              },
            }
          : undefined,
      });
      setTree((t) => setExpanded(invalidate(invalidate(invalidate(t, from), parentPath(from)), parentPath(to)), parentPath(to), true));
      setSelected(to);
      if (openPath === from) setOpenPath(to);
      void invalidateFiles(client, server.id, namespace);
    } catch (error) {
      notify({ kind: 'error', title: `Could not move ${baseName(from)}`, message: describeError(error) });
      throw error;
    }
  };

  const remove = async (path: string): Promise<void> => {
    const node = findNode(tree, path);
    const isDir = node?.type === 'Directory';
    const confirmed = await confirmDestructive({
      title: `Delete ${baseName(path)}?`,
      message: isDir ? `The folder ${path} and everything in it will be deleted.` : `${path} will be deleted.`,
      confirmLabel: 'Delete',
      server,
      typeToConfirm: isDir ? baseName(path) : undefined,
    });
    if (!confirmed) return;
    try {
      await call('files.delete', { serverId: server.id, namespace, path, ...confirmed });
      notify({ kind: 'success', title: `Deleted ${path}` });
      if (openPath && (openPath === path || openPath.startsWith(`${path}/`))) setOpenPath(undefined);
      setSelected(undefined);
      // Kestra removes parent folders left empty, so reload from the root.
      reload(ROOT);
      void invalidateFiles(client, server.id, namespace);
    } catch (error) {
      notify({ kind: 'error', title: `Could not delete ${path}`, message: describeError(error) });
    }
  };

  const download = async (path: string): Promise<void> => {
    const result = await getBridge().download('files.download', { serverId: server.id, namespace, path }, baseName(path));
    if (!result.ok) notify({ kind: 'error', title: `Could not download ${path}`, message: result.error.message });
  };

  const exportZip = async (): Promise<void> => {
    const result = await getBridge().download('files.export', { serverId: server.id, namespace }, `${namespace}_files.zip`);
    if (!result.ok) notify({ kind: 'error', title: 'Export failed', message: result.error.message });
    else if (result.data.saved) notify({ kind: 'success', title: `Exported ${namespace} as a zip`, message: result.data.path });
  };

  const open = (row: TreeRow): void => {
    setSelected(row.node.path);
    if (row.node.type === 'File') setOpenPath(row.node.path);
    else setTree((t) => setExpanded(t, row.node.path, !row.expanded));
  };

  // Commands from the palette.
  useCommandHandler(useFilesCommands, (command: FilesCommand) => {
    if (!policy.canWrite && command !== 'export' && command !== 'refresh') return;
    if (command === 'new-file') setPrompt({ kind: 'new-file', dir: currentDir });
    if (command === 'new-folder') setPrompt({ kind: 'new-folder', dir: currentDir });
    if (command === 'upload-files') {
      uploadTarget.current = currentDir;
      filesInput.current?.click();
    }
    if (command === 'upload-folder') {
      uploadTarget.current = currentDir;
      folderInput.current?.click();
    }
    if (command === 'compare') setPrompt({ kind: 'compare', dir: currentDir });
    if (command === 'export') void exportZip();
    if (command === 'refresh') reload(ROOT);
  });

  const conflict = snapshot.items.find((i) => i.status === 'conflict');

  return (
    <section className="files-pane" aria-label="Namespace files">
      <header className="files-toolbar">
        <h2 className="files-title">
          Files <span className="files-muted">· {namespace}</span>
        </h2>
        <input type="search" className="files-filter" placeholder="Filter loaded files" aria-label="Filter files" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <WriteButton server={server} size="sm" icon="plus" onClick={() => setPrompt({ kind: 'new-file', dir: currentDir })}>
          New file
        </WriteButton>
        <WriteButton server={server} size="sm" icon="folder" onClick={() => setPrompt({ kind: 'new-folder', dir: currentDir })}>
          New folder
        </WriteButton>
        <WriteButton
          server={server}
          size="sm"
          icon="upload"
          onClick={() => {
            uploadTarget.current = currentDir;
            filesInput.current?.click();
          }}
        >
          Upload files…
        </WriteButton>
        <WriteButton
          server={server}
          size="sm"
          icon="upload"
          onClick={() => {
            uploadTarget.current = currentDir;
            folderInput.current?.click();
          }}
        >
          Upload folder…
        </WriteButton>
        <Button size="sm" icon="diff" onClick={() => setPrompt({ kind: 'compare', dir: currentDir })}>
          Compare with local folder…
        </Button>
        <Button size="sm" icon="download" onClick={() => void exportZip()}>
          Export as zip
        </Button>
        <IconButton size="sm" icon="refresh" label="Refresh files" onClick={() => reload(ROOT)} />
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
          ) : tree.errors.get(ROOT) ? (
            <div role="alert" className="files-empty">
              Could not list the files: {tree.errors.get(ROOT)}{' '}
              <Button size="sm" onClick={() => setTree((t) => ({ ...t, errors: new Map() }))}>
                Retry
              </Button>
            </div>
          ) : (
            <FileTreePanel
              label={`Files of ${namespace}`}
              rows={rows}
              selectedPath={selected}
              onSelect={setSelected}
              onOpen={open}
              onToggle={(row, expanded) => setTree((t) => setExpanded(t, row.node.path, expanded))}
              onMove={(from, into) => void move(from, into).catch(() => undefined)}
              onDesktopDrop={onDesktopDrop}
              onRetryFolder={(path) => setTree((t) => ({ ...t, errors: new Map([...t.errors].filter(([p]) => p !== path)) }))}
              onKeyCommand={(key, row) => (key === 'Delete' ? void remove(row.node.path) : setPrompt({ kind: 'rename', path: row.node.path }))}
              canWrite={policy.canWrite}
            />
          )}
        </div>
        <div className="files-content">
          {openPath ? (
            <FileEditor key={openPath} server={server} namespace={namespace} path={openPath} onDownload={() => void download(openPath)} />
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
            const exists = await call('files.stats', { serverId: server.id, namespace, path }).then(
              () => true,
              () => false,
            );
            if (exists) throw new Error(`${path} already exists.`);
            await call('files.writeText', { serverId: server.id, namespace, path, text: '' });
            setTree((t) => setExpanded(invalidate(t, prompt.dir), prompt.dir, true));
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
            await call('files.mkdir', { serverId: server.id, namespace, path });
            setTree((t) => setExpanded(invalidate(t, prompt.dir), prompt.dir, true));
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
        <CompareDialog server={server} namespace={namespace} dir={prompt.dir} onUpload={enqueue} onChanged={() => reload(ROOT)} onClose={() => setPrompt(undefined)} />
      )}
    </section>
  );
}

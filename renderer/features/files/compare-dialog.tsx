// Compare a local folder with a namespace folder (added, changed, deleted, identical) and sync in
// either direction after a preview. Uploads go through the upload queue (progress, cancel, retry).
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { describeError, ErrorView } from '../../components/error-view';
import { ProgressBar } from '../../components/progress-bar';
import { notify } from '../../components/toasts';
import { call } from '../../lib/call';
import { formatBytes } from '../../lib/format';
import { writePolicy } from '../../lib/servers';
import { confirmSyncDeletions, deleteSyncedAway, folderWriter, writesThroughMain } from './files-actions';
import { compareFolders, countByStatus, listNamespaceFiles, planSync, sameBytes, bytesFromBase64, type CompareRow, type SyncDirection } from './lib/folder-compare';
import { joinRelative } from './lib/path-rules';
import type { AddRequest } from './lib/upload-queue';
import { canPickWritableFolder, folderFromInput, pickWritableFolder, type LocalFolder } from './local-folder';

const CONTENT_LIMIT = 1024 * 1024;
/** Files written down to a local folder pass through this window's memory: larger ones are downloaded one by one. */
const SYNC_LIMIT = 64 * 1024 * 1024;

export function CompareDialog({
  server,
  namespace,
  dir,
  onUpload,
  onClose,
}: {
  server: ServerView;
  namespace: string;
  dir: string;
  onUpload(requests: AddRequest[]): void;
  onClose(): void;
}) {
  const queryClient = useQueryClient();
  const policy = writePolicy(server);
  const input = useRef<HTMLInputElement>(null);
  const [folder, setFolder] = useState<LocalFolder | undefined>(undefined);
  const [rows, setRows] = useState<CompareRow[] | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [mirror, setMirror] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const compare = async (local: LocalFolder): Promise<void> => {
    setFolder(local);
    setRows(undefined);
    setError(undefined);
    const controller = new AbortController();
    abort.current = controller;
    setBusy('Comparing…');
    try {
      const remote = await listNamespaceFiles((d) => call('files.list', { serverId: server.id, namespace, path: d }, { signal: controller.signal }), dir, { signal: controller.signal });
      const byPath = new Map(local.files.map((f) => [f.path, f]));
      const result = await compareFolders(
        local.files,
        remote,
        async (path) => {
          const l = byPath.get(path);
          if (!l || l.size > CONTENT_LIMIT) return undefined;
          const r = await call('files.readBytes', { serverId: server.id, namespace, path: joinRelative(dir, path), maxBytes: CONTENT_LIMIT }, { signal: controller.signal });
          return sameBytes(l.file, bytesFromBase64(r.base64));
        },
        controller.signal,
      );
      setRows(result);
    } catch (e) {
      if (!controller.signal.aborted) setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const sync = async (direction: SyncDirection): Promise<void> => {
    if (!rows || !folder) return;
    const steps = planSync(rows, direction, { mirror });
    const byPath = new Map(folder.files.map((f) => [f.path, f]));
    setBusy('Syncing…');
    setError(undefined);
    // Each failed step with its reason (a file over the size limit, a folder that refused a write).
    const failures: string[] = [];
    try {
      if (direction === 'to-namespace') {
        // Mirroring deletes on the server: confirmed once, before anything is sent.
        const away = steps.filter((s) => s.action === 'delete-remote').map((s) => joinRelative(dir, s.path));
        const confirmed = await confirmSyncDeletions({ server, namespace, queryClient }, away);
        if (!confirmed) return;
        onUpload(
          steps
            .filter((s) => s.action === 'upload')
            .map((s) => ({ source: byPath.get(s.path)!.file, relativePath: s.path, targetPath: joinRelative(dir, s.path), decision: 'overwrite' as const })),
        );
        failures.push(...(await deleteSyncedAway({ server, namespace, queryClient }, away, confirmed)));
      } else {
        // The desktop app asks for the folder to write to in main's own dialog.
        const writer = await folderWriter(folder);
        if (!writer) return;
        for (const step of steps) {
          try {
            if (step.action === 'write-local') await writer.save(step.path, { serverId: server.id, namespace, path: joinRelative(dir, step.path) }, SYNC_LIMIT);
            else if (step.action === 'delete-local') await writer.remove(step.path);
          } catch (e) {
            failures.push(`${step.path}: ${describeError(e)}`);
          }
        }
      }
      const failed = failures.length;
      const shown = failures.slice(0, 3).join('\n') + (failed > 3 ? `\n…and ${failed - 3} more` : '');
      notify({
        kind: failed ? 'warning' : 'success',
        title: direction === 'to-namespace' ? 'Sync to the namespace started' : `Wrote ${steps.length - failed} file(s) to ${folder.name}`,
        message: failed ? `${failed} step(s) failed:\n${shown}` : undefined,
      });
      onClose();
    } finally {
      setBusy(undefined);
    }
  };

  const counts = rows ? countByStatus(rows) : undefined;
  const up = rows ? planSync(rows, 'to-namespace', { mirror }) : [];
  const down = rows ? planSync(rows, 'to-local', { mirror }) : [];
  return (
    <Dialog
      title={`Compare a local folder with ${namespace}${dir === '/' ? '' : dir}`}
      size="lg"
      onClose={() => {
        abort.current?.abort();
        onClose();
      }}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          {rows && (
            <>
              <Button onClick={() => void sync('to-local')} disabledReason={!folder?.write && !writesThroughMain() ? 'Choose the folder with write access to sync it' : down.length === 0 ? 'Nothing to write' : undefined}>
                {`Write ${down.length} change(s) to the local folder`}
              </Button>
              <Button variant="primary" onClick={() => void sync('to-namespace')} disabledReason={!policy.canWrite ? policy.reason : up.length === 0 ? 'Nothing to upload' : undefined}>
                {`Apply ${up.length} change(s) to the namespace`}
              </Button>
            </>
          )}
        </>
      }
    >
      <div className="files-compare">
        <div className="files-compare__pick">
          <Button icon="folder" onClick={() => input.current?.click()}>
            Choose local folder…
          </Button>
          {canPickWritableFolder() && !writesThroughMain() && (
            <Button
              icon="folder"
              onClick={() =>
                void pickWritableFolder().then((f) => {
                  if (f) void compare(f);
                })
              }
            >
              Choose with write access…
            </Button>
          )}
          <input
            ref={input}
            type="file"
            hidden
            aria-label="Local folder to compare"
            {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
            onChange={(e) => {
              const files = e.target.files;
              if (files && files.length) void compare(folderFromInput(files));
              e.target.value = '';
            }}
          />
          {folder && <span className="files-muted">{folder.name} · {folder.files.length} file(s)</span>}
        </div>
        {busy && <ProgressBar label={busy} />}
        {error !== undefined && <ErrorView error={error} compact />}
        {counts && (
          <>
            <p role="status">
              {counts.added} added, {counts.changed} changed, {counts.deleted} deleted, {counts.identical} identical.
            </p>
            <label>
              <input type="checkbox" checked={mirror} onChange={(e) => setMirror(e.target.checked)} /> Mirror: also delete files that exist only on the target side
            </label>
            <div className="files-compare__table-wrap">
              <table className="files-compare__table" aria-label="Comparison">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col">Path</th>
                    <th scope="col">Local</th>
                    <th scope="col">Namespace</th>
                  </tr>
                </thead>
                <tbody>
                  {rows!.map((row) => (
                    <tr key={row.path} className={`files-compare--${row.status}`}>
                      <td>
                        {row.status}
                        {row.status === 'identical' && !row.contentChecked ? ' (same size)' : ''}
                      </td>
                      <td className="files-mono">{row.path}</td>
                      <td>{row.localSize !== undefined ? formatBytes(row.localSize) : '—'}</td>
                      <td>{row.remoteSize !== undefined ? formatBytes(row.remoteSize) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}

// One namespace file open in Monaco (language from the extension): edit and save (Mod+S), see its
// revisions, look at one beside the current text, and restore it. Large or binary files are not
// opened as text; they can be downloaded.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button';
import { CodeEditor, DiffView } from '../../components/code-editor';
import { confirmAction } from '../../components/confirm';
import { ErrorView, describeError } from '../../components/error-view';
import { Loading } from '../../components/misc';
import { notify } from '../../components/toasts';
import type { ServerView } from '../../../main/contract/servers';
import { call } from '../../lib/call';
import { useRegisterActions } from '../../lib/actions';
import { useFeature } from '../../lib/capabilities';
import { writePolicy } from '../../lib/servers';
import { filesKeys, invalidateFiles } from './files-queries';

const MAX_TEXT = 5 * 1024 * 1024;

export function FileEditor({ server, namespace, path, onDownload }: { server: ServerView; namespace: string; path: string; onDownload(): void }) {
  const client = useQueryClient();
  const policy = writePolicy(server);
  const text = useQuery({
    queryKey: filesKeys.text(server.id, namespace, path),
    queryFn: ({ signal }) => call('files.readText', { serverId: server.id, namespace, path, maxBytes: MAX_TEXT }, { signal }),
    staleTime: Infinity,
  });
  // File history exists from Kestra 1.2; older servers have no such route (never ask them).
  const history = useFeature(server.id, 'files.revisions');
  const revisions = useQuery({
    queryKey: filesKeys.revisions(server.id, namespace, path),
    queryFn: ({ signal }) => call('files.revisions', { serverId: server.id, namespace, path }, { signal }),
    enabled: history.available,
  });
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [revision, setRevision] = useState<number | undefined>(undefined);
  const old = useQuery({
    queryKey: filesKeys.text(server.id, namespace, path, revision),
    queryFn: ({ signal }) => call('files.readText', { serverId: server.id, namespace, path, revision, maxBytes: MAX_TEXT }, { signal }),
    enabled: revision !== undefined,
    staleTime: Infinity,
  });
  const current = draft ?? text.data?.text ?? '';
  const dirty = draft !== undefined && draft !== text.data?.text;

  const save = async (content = current): Promise<void> => {
    if (!policy.canWrite) return;
    setSaving(true);
    try {
      const result = await call('files.writeText', { serverId: server.id, namespace, path, text: content });
      client.setQueryData(filesKeys.text(server.id, namespace, path), { text: content, size: result.size });
      setDraft(undefined);
      await invalidateFiles(client, server.id, namespace);
      notify({ kind: 'success', title: `Saved ${path}` });
    } catch (error) {
      notify({ kind: 'error', title: `Could not save ${path}`, message: describeError(error) });
    } finally {
      setSaving(false);
    }
  };

  const restore = async (): Promise<void> => {
    if (revision === undefined || old.data === undefined) return;
    const ok = await confirmAction({ title: `Restore revision ${revision}?`, message: `${path} gets the content of revision ${revision} as a new revision.`, confirmLabel: 'Restore', danger: false, server });
    if (!ok) return;
    await save(old.data.text);
    setRevision(undefined);
  };

  useRegisterActions('files-editor', [
    { id: 'files.save', label: `Save ${path}`, group: 'Files', shortcut: 'Mod+S', isAvailable: () => dirty && policy.canWrite, perform: () => save() },
  ]);

  if (text.isPending) return <Loading label={`Opening ${path}…`} />;
  if (text.isError) {
    return (
      <div className="files-editor__error">
        <ErrorView error={text.error} title={`Cannot open ${path} as text`} onRetry={() => void text.refetch()} />
        <Button icon="download" onClick={onDownload}>
          Download instead
        </Button>
      </div>
    );
  }
  const revisionList = revisions.data ?? [];
  return (
    <section className="files-editor" aria-label={`Editor for ${path}`}>
      <header className="files-editor__bar">
        <span className="files-editor__path">
          {path}
          {dirty && <span aria-label="Unsaved changes"> ●</span>}
        </span>
        <label className="files-editor__revisions" title={history.reason}>
          Revision{' '}
          <select
            aria-label="Revision to view"
            aria-description={history.reason}
            disabled={!history.available}
            value={revision ?? ''}
            onChange={(e) => setRevision(e.target.value ? Number(e.target.value) : undefined)}
          >
            <option value="">Current</option>
            {[...revisionList]
              .sort((a, b) => b.revision - a.revision)
              .map((r) => (
                <option key={r.revision} value={r.revision}>
                  {r.revision}
                </option>
              ))}
          </select>
        </label>
        {history.reason && (
          <span className="files-editor__note" role="note">
            History: {history.reason}
          </span>
        )}
        {revision !== undefined && (
          <Button size="sm" onClick={() => void restore()} disabledReason={policy.canWrite ? (old.data ? undefined : 'Loading the revision') : policy.reason}>
            Restore this revision
          </Button>
        )}
        <Button size="sm" icon="download" onClick={onDownload}>
          Download
        </Button>
        <Button size="sm" variant="primary" icon="save" shortcut="Mod+S" busy={saving} onClick={() => void save()} disabledReason={!policy.canWrite ? policy.reason : dirty ? undefined : 'No changes to save'}>
          Save
        </Button>
      </header>
      {revision !== undefined ? (
        old.isError ? (
          <ErrorView error={old.error} compact />
        ) : old.data ? (
          <DiffView original={old.data.text} modified={current} path={path} ariaLabel={`Revision ${revision} against the current text`} originalLabel={`Revision ${revision}`} modifiedLabel="Current" className="files-editor__monaco" />
        ) : (
          <Loading label="Loading the revision…" />
        )
      ) : (
        <CodeEditor className="files-editor__monaco" path={`file:///kestra/${server.id}/files/${namespace}${path}`} value={current} onChange={setDraft} readOnly={!policy.canWrite} ariaLabel={`Content of ${path}`} />
      )}
    </section>
  );
}

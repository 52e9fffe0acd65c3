// One namespace file open in Monaco (language from the extension): edit and save (Mod+S), see its
// revisions, look at one beside the current text, and restore it. Large or binary files are not
// opened as text; they can be downloaded.
import { useQuery } from '@tanstack/react-query';
import { useLayoutEffect, useState } from 'react';
import { ActionButton } from '../../components/action-button';
import { Button } from '../../components/button';
import { CodeEditor, DiffView } from '../../components/code-editor';
import { confirmAction } from '../../components/confirm';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/misc';
import type { ServerView } from '../../../main/contract/servers';
import { useActionContext } from '../../lib/actions';
import { call } from '../../lib/call';
import { useFeature } from '../../lib/capabilities';
import type { PaneLocation } from '../../lib/workspace-store';
import { writePolicy } from '../../lib/servers';
import { fileDraftKey, fileSaveAction, saveFileText, useOpenFile } from './files-actions';
import { filesKeys } from './files-queries';

const MAX_TEXT = 5 * 1024 * 1024;

export function FileEditor({ server, namespace, location, path, onDownload }: { server: ServerView; namespace: string; location: PaneLocation; path: string; onDownload(): void }) {
  const context = useActionContext({ server, namespace, location });
  const policy = writePolicy(server);
  // The unsaved text lives in the open-file store, where the Save action reads it; it stays there
  // when the editor goes away (another file, pane or server) and across restarts.
  useLayoutEffect(() => {
    useOpenFile.setState({ open: { serverId: server.id, namespace, path } });
    return () => {
      useOpenFile.setState((state) => (state.open?.path === path ? { open: undefined } : state));
    };
  }, [server.id, namespace, path]);
  const draft = useOpenFile((state) => state.drafts[fileDraftKey(server.id, namespace, path)]?.text);
  const setDraft = useOpenFile((state) => state.setDraft);
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
  const [revision, setRevision] = useState<number | undefined>(undefined);
  const old = useQuery({
    queryKey: filesKeys.text(server.id, namespace, path, revision),
    queryFn: ({ signal }) => call('files.readText', { serverId: server.id, namespace, path, revision, maxBytes: MAX_TEXT }, { signal }),
    enabled: revision !== undefined,
    staleTime: Infinity,
  });
  const current = draft ?? text.data?.text ?? '';
  const dirty = draft !== undefined && draft !== text.data?.text;

  const restore = async (): Promise<void> => {
    if (revision === undefined || old.data === undefined) return;
    const ok = await confirmAction({ title: `Restore revision ${revision}?`, message: `${path} gets the content of revision ${revision} as a new revision.`, confirmLabel: 'Restore', danger: false, server });
    if (!ok) return;
    if (await saveFileText({ server, namespace, queryClient: context.queryClient }, path, old.data.text)) {
      useOpenFile.getState().dropDraft(server.id, namespace, path);
      setRevision(undefined);
    }
  };

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
        <ActionButton action={fileSaveAction} context={context} size="sm" variant="primary" icon="save" />
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
        <CodeEditor
          className="files-editor__monaco"
          path={`file:///kestra/${server.id}/files/${namespace}${path}`}
          value={current}
          onChange={(next) => setDraft(next === text.data?.text ? undefined : next, text.data?.text)}
          readOnly={!policy.canWrite}
          ariaLabel={`Content of ${path}`}
        />
      )}
    </section>
  );
}

// A flow's revisions: the list, a side-by-side (or inline) diff of any two, and restoring one
// (saved as a new revision with that revision's text).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { Button, WriteButton } from '../../components/button';
import { DiffView } from '../../components/code-editor';
import { ErrorView } from '../../components/error-view';
import { Loading, RelativeTime } from '../../components/misc';
import { writePolicy } from '../../lib/servers';
import { restoreRevision, showDoc } from './actions/flow-documents';
import type { FlowDoc } from './editor-store';
import { revisionsOptions } from './flow-queries';

export function RevisionsView({ server, doc }: { server: ServerView; doc: FlowDoc & { saved: NonNullable<FlowDoc['saved']> } }) {
  const { namespace, id } = doc.saved;
  const queryClient = useQueryClient();
  const revisions = useQuery(revisionsOptions(server.id, namespace, id));
  const list = [...(revisions.data ?? [])].sort((a, b) => b.revision - a.revision);
  const latest = list[0]?.revision;
  const [left, setLeft] = useState<number | undefined>();
  const [right, setRight] = useState<number | undefined>();
  const [inline, setInline] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const rightRevision = right ?? latest;
  const leftRevision = left ?? list.find((item) => item.revision !== rightRevision)?.revision ?? rightRevision;
  const leftSource = list.find((item) => item.revision === leftRevision);
  const rightSource = list.find((item) => item.revision === rightRevision);

  const restore = async (revision: number): Promise<void> => {
    const source = list.find((item) => item.revision === revision)?.source;
    if (source === undefined) return;
    setRestoring(true);
    try {
      if (await restoreRevision(queryClient, server, doc, revision, source)) {
        await revisions.refetch();
        setRight(undefined);
        setLeft(undefined);
      }
    } finally {
      setRestoring(false);
    }
  };

  return (
    <div className="revisions" role="region" aria-label={`Revisions of ${namespace}.${id}`}>
      <div className="revisions__bar">
        <h2>
          Revisions of {namespace}.{id}
        </h2>
        <label>
          Left{' '}
          <select aria-label="Left revision" value={leftRevision ?? ''} onChange={(event) => setLeft(Number(event.target.value))}>
            {list.map((item) => (
              <option key={item.revision} value={item.revision}>
                Revision {item.revision}
                {item.revision === latest ? ' (latest)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Right{' '}
          <select aria-label="Right revision" value={rightRevision ?? ''} onChange={(event) => setRight(Number(event.target.value))}>
            {list.map((item) => (
              <option key={item.revision} value={item.revision}>
                Revision {item.revision}
                {item.revision === latest ? ' (latest)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="revisions__inline">
          <input type="checkbox" checked={inline} onChange={(event) => setInline(event.target.checked)} /> Inline
        </label>
        <span className="revisions__spacer" />
        {leftRevision !== undefined && leftRevision !== latest && writePolicy(server).canWrite && (
          <WriteButton server={server} icon="history" busy={restoring} onClick={() => void restore(leftRevision)}>
            Restore revision {leftRevision}
          </WriteButton>
        )}
        <Button onClick={() => showDoc(server.id, doc.key, 'editor')}>Back to editor</Button>
      </div>
      {revisions.isPending && <Loading label="Loading revisions…" />}
      {revisions.error && <ErrorView error={revisions.error} onRetry={() => void revisions.refetch()} />}
      {revisions.data && (
        <div className="revisions__body">
          <ul className="revisions__list" aria-label="Revision list">
            {list.map((item) => (
              <li key={item.revision} className={item.revision === leftRevision || item.revision === rightRevision ? 'revisions__item--shown' : undefined}>
                <span className="revisions__number">#{item.revision}</span>
                {item.updated && <RelativeTime date={item.updated} />}
                {item.deleted && <span className="revisions__deleted">deleted</span>}
                <span className="revisions__pick">
                  <Button size="sm" variant="ghost" onClick={() => setLeft(item.revision)} aria-label={`Show revision ${item.revision} on the left`}>
                    L
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setRight(item.revision)} aria-label={`Show revision ${item.revision} on the right`}>
                    R
                  </Button>
                </span>
              </li>
            ))}
          </ul>
          <div className="revisions__diff">
            {leftSource && rightSource && (
              <DiffView
                original={leftSource.source}
                modified={rightSource.source}
                language="yaml"
                sideBySide={!inline}
                ariaLabel={`Differences between revision ${leftSource.revision} and revision ${rightSource.revision}`}
                originalLabel={`Revision ${leftSource.revision}`}
                modifiedLabel={`Revision ${rightSource.revision}`}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

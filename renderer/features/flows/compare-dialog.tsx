// Cross-server compare: the same flow (namespace and id) on another saved server, side by side
// with the text in this editor. When it is missing there, offer to create it (that server's
// safety policy applies).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { Button } from '../../components/button';
import { DiffView } from '../../components/code-editor';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/misc';
import { call, KestraError } from '../../lib/call';
import { useServers, writePolicy } from '../../lib/servers';
import { createFlowOn } from './actions/flow-documents';
import type { FlowDoc } from './editor-store';
import { readFlowIdentity } from './flow-document';
import { flowKeys } from './flow-queries';

export function CompareDialog({ server, doc, onClose }: { server: ServerView; doc: FlowDoc; onClose(): void }) {
  const servers = useServers();
  const others = (servers.data ?? []).filter((candidate) => candidate.id !== server.id);
  const [targetId, setTargetId] = useState<string | undefined>(others[0]?.id);
  const target = others.find((candidate) => candidate.id === targetId);
  const identity = doc.saved ? { namespace: doc.saved.namespace, id: doc.saved.id } : readFlowIdentity(doc.text);
  const queryClient = useQueryClient();
  const remote = useQuery({
    queryKey: [...flowKeys.flow(targetId ?? '', identity.namespace ?? '', identity.id ?? ''), 'compare'],
    queryFn: async ({ signal }) => {
      try {
        return await call('flows.get', { serverId: targetId!, namespace: identity.namespace!, id: identity.id! }, { signal });
      } catch (error) {
        // Missing there is an answer, not an error.
        if (error instanceof KestraError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: !!targetId && !!identity.namespace && !!identity.id,
    staleTime: 0,
  });

  const createThere = async (): Promise<void> => {
    if (target && (await createFlowOn(queryClient, target, identity, doc.text))) await remote.refetch();
  };

  return (
    <Dialog title="Compare with another server" size="full" onClose={onClose}>
      <div className="compare">
        <div className="compare__bar">
          <label>
            Server{' '}
            <select value={targetId ?? ''} onChange={(event) => setTargetId(event.target.value)} aria-label="Server to compare with">
              {others.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
          <span className="compare__what">
            {identity.namespace}.{identity.id}
          </span>
          <Button size="sm" icon="refresh" onClick={() => void remote.refetch()} busy={remote.isFetching}>
            Reload
          </Button>
        </div>
        {others.length === 0 && <p>Add another server to compare flows across servers.</p>}
        {(!identity.namespace || !identity.id) && <p>The text needs an id and a namespace to find the flow elsewhere.</p>}
        {remote.isPending && remote.fetchStatus !== 'idle' && <Loading label={`Loading from ${target?.name ?? ''}…`} />}
        {remote.error && <ErrorView error={remote.error} onRetry={() => void remote.refetch()} />}
        {remote.data === null && target && (
          <div className="compare__missing" role="status">
            <p>
              {identity.namespace}.{identity.id} does not exist on {target.name}.
            </p>
            {writePolicy(target).canWrite && (
              <Button variant="primary" onClick={() => void createThere()}>
                Create it on {target.name}
              </Button>
            )}
          </div>
        )}
        {remote.data && target && (
          <div className="compare__diff">
            <DiffView
              original={remote.data.source}
              modified={doc.text}
              language="yaml"
              ariaLabel={`Differences between ${target.name} and this editor`}
              originalLabel={`${target.name} · revision ${remote.data.revision}`}
              modifiedLabel={`${server.name} · this editor${doc.text !== doc.baseline ? ' (unsaved)' : ''}`}
            />
          </div>
        )}
      </div>
    </Dialog>
  );
}

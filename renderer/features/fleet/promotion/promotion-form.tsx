// Choosing what to promote: a source and a target server, a namespace, and either all of it or
// some of its flows; or a plan file exported earlier. Making the plan reads both servers and writes
// nothing; it can be cancelled.
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import type { PromotionPlan } from '../../../../main/contract/fleet';
import type { ServerView } from '../../../../main/contract/servers';
import { Button, IconButton } from '../../../components/button';
import { ErrorView } from '../../../components/error-view';
import { ProgressBar } from '../../../components/progress-bar';
import { call, KestraError } from '../../../lib/call';
import { useNamespaces } from '../../../lib/namespaces';
import { kestraKeys } from '../../../lib/query-keys';
import { writePolicy } from '../../../lib/servers';
import { useFleetUi } from '../fleet-ui-store';

export function PromotionForm({ servers, onPlan }: { servers: readonly ServerView[]; onPlan(plan: PromotionPlan): void }) {
  const draft = useFleetUi((state) => state.draft);
  const setDraft = useFleetUi((state) => state.setDraft);
  const source = servers.find((server) => server.id === draft.sourceId) ?? servers[0];
  const target = servers.find((server) => server.id === draft.targetId && server.id !== source?.id) ?? servers.find((server) => server.id !== source?.id);
  const namespaces = useNamespaces(source?.id);
  const flows = useQuery({
    queryKey: [...kestraKeys.flows(source?.id ?? ''), 'fleet-promotion', draft.namespace],
    queryFn: ({ signal }) => call('flows.search', { serverId: source!.id, namespace: draft.namespace, size: 1000, sort: ['id:asc'] }, { signal }),
    enabled: !!source && !!draft.namespace && draft.mode === 'flows',
  });
  const [planning, setPlanning] = useState<AbortController | undefined>();
  const [error, setError] = useState<unknown>();
  const fileInput = useRef<HTMLInputElement>(null);

  const exactFlows = (flows.data?.results ?? []).filter((flow) => flow.namespace === draft.namespace);
  const selection = draft.mode === 'namespace' ? { kind: 'namespace' as const, namespace: draft.namespace } : { kind: 'flows' as const, namespace: draft.namespace, flowIds: draft.flowIds };
  const ready = !!source && !!target && !!draft.namespace && (draft.mode === 'namespace' || draft.flowIds.length > 0);

  const makePlan = async (): Promise<void> => {
    if (!source || !target || !ready) return;
    const controller = new AbortController();
    setPlanning(controller);
    setError(undefined);
    try {
      onPlan(await call('fleet.plan', { serverId: target.id, sourceServerId: source.id, selection }, { signal: controller.signal }));
    } catch (planError) {
      if (!(planError instanceof KestraError && planError.kind === 'cancelled')) setError(planError);
    } finally {
      setPlanning(undefined);
    }
  };

  const importPlan = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !target) return;
    setError(undefined);
    try {
      onPlan(await call('fleet.importPlan', { serverId: target.id, text: await file.text() }));
    } catch (importError) {
      setError(importError);
    }
  };

  return (
    <form
      className="fleet-form"
      aria-label="What to promote"
      onSubmit={(event) => {
        event.preventDefault();
        void makePlan();
      }}
    >
      <div className="fleet-form__servers">
        <label className="fleet-field">
          <span>From</span>
          <select aria-label="Source server" value={source?.id ?? ''} onChange={(event) => setDraft({ sourceId: event.target.value, namespace: '', flowIds: [] })}>
            {servers.map((server) => (
              <option key={server.id} value={server.id}>
                {server.name}
              </option>
            ))}
          </select>
        </label>
        <span aria-hidden="true">→</span>
        <label className="fleet-field">
          <span>To</span>
          <select aria-label="Target server" value={target?.id ?? ''} onChange={(event) => setDraft({ targetId: event.target.value })}>
            {servers
              .filter((server) => server.id !== source?.id)
              .map((server) => (
                <option key={server.id} value={server.id}>
                  {server.name}
                  {server.policy.readOnly ? ' (read-only)' : server.policy.confirmDestructive ? ' (asks for confirmation)' : ''}
                </option>
              ))}
          </select>
        </label>
        {target && !writePolicy(target).canWrite && (
          <span className="fleet-warn" role="note">
            {writePolicy(target).reason}: a plan can be made and exported, not applied.
          </span>
        )}
      </div>
      <div className="fleet-form__what">
        <label className="fleet-field">
          <span>Namespace</span>
          <select aria-label="Namespace to promote" value={draft.namespace} onChange={(event) => setDraft({ namespace: event.target.value, flowIds: [] })}>
            <option value="">Choose…</option>
            {(namespaces.data ?? []).map((namespace) => (
              <option key={namespace} value={namespace}>
                {namespace}
              </option>
            ))}
          </select>
        </label>
        <IconButton icon="refresh" size="sm" label="Reload namespaces" busy={namespaces.isFetching} onClick={() => void namespaces.refetch()} />
        <fieldset className="fleet-radios">
          <legend className="visually-hidden">Scope</legend>
          <label>
            <input type="radio" name="promotion-mode" checked={draft.mode === 'namespace'} onChange={() => setDraft({ mode: 'namespace' })} /> The whole namespace (flows, files, KV keys)
          </label>
          <label>
            <input type="radio" name="promotion-mode" checked={draft.mode === 'flows'} onChange={() => setDraft({ mode: 'flows' })} /> Some flows (with what they need)
          </label>
        </fieldset>
      </div>
      {draft.mode === 'flows' && draft.namespace && (
        <fieldset className="fleet-flow-picks" aria-label="Flows to promote">
          <legend>Flows of {draft.namespace}</legend>
          {flows.isPending && <span className="fleet-muted">Loading flows…</span>}
          {flows.error && <ErrorView error={flows.error} compact onRetry={() => void flows.refetch()} />}
          {exactFlows.map((flow) => (
            <label key={flow.id}>
              <input
                type="checkbox"
                checked={draft.flowIds.includes(flow.id)}
                onChange={(event) => setDraft({ flowIds: event.target.checked ? [...draft.flowIds, flow.id] : draft.flowIds.filter((id) => id !== flow.id) })}
              />{' '}
              {flow.id}
            </label>
          ))}
          {flows.data && exactFlows.length === 0 && <span className="fleet-muted">No flows in this namespace.</span>}
        </fieldset>
      )}
      <div className="fleet-form__actions">
        <Button type="submit" variant="primary" icon="diff" disabled={!ready || !!planning} busy={!!planning}>
          Make the plan
        </Button>
        <Button icon="upload" onClick={() => fileInput.current?.click()} disabled={!target} title={target ? `Read a plan file and apply it to ${target.name}` : undefined}>
          Open a plan file…
        </Button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label="Plan file" onChange={(event) => void importPlan(event)} />
      </div>
      {planning && <ProgressBar label={`Reading ${source?.name} and ${target?.name}`} onCancel={() => planning.abort()} />}
      {error !== undefined && <ErrorView error={error} title="No plan" />}
    </form>
  );
}

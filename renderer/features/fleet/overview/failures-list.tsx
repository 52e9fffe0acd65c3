// Failures across all servers: one merged list, newest first, virtualized (100,000 rows scroll like
// 100), filtered by server, namespace, flow and state, refreshed every 15 s. Opening a row opens
// that execution on its server; selected rows can be restarted, replayed or killed, each server
// under its own safety policy.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore, type MutableRefObject } from 'react';
import type { FleetWindow } from '../../../../main/contract/fleet';
import type { StateType } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { describeError } from '../../../components/error-view';
import { RelativeTime } from '../../../components/misc';
import { StateBadge } from '../../../components/state-badge';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { call } from '../../../lib/call';
import { formatCount, formatElapsed, plural } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import { useWorkspace } from '../../../lib/workspace-store';
import { bulkAcrossServers, type FleetBulkAction } from '../fleet-actions';
import { useFleetUi } from '../fleet-ui-store';
import { FailureFeed, type FeedRow } from '../lib/failure-feed';
import { windowWords } from './server-rows';

const STATES: StateType[] = ['FAILED', 'KILLED', 'WARNING', 'CANCELLED'];
const REFRESH_MS = 15_000;

/** The merged feed for these servers and filters; rebuilt when they change, refreshed while shown. */
function useFailureFeed(serverIds: readonly string[], window: FleetWindow, namespace: string, flowId: string, states: readonly StateType[], enabled: boolean): FailureFeed {
  const key = JSON.stringify([serverIds, window, namespace, flowId, states]);
  const feed = useMemo(
    () =>
      new FailureFeed(serverIds, (serverId, page, size, signal) =>
        call('fleet.failures', { serverId, window, page, size, states: [...states], ...(namespace ? { namespace } : {}), ...(flowId ? { flowId } : {}) }, { signal }),
      ),
    // The key holds every input.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => {
    if (!enabled) return () => feed.dispose();
    feed.start();
    const timer = setInterval(() => feed.refresh(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      feed.dispose();
    };
  }, [feed, enabled]);
  return feed;
}

/**
 * `start`: false until the server rows above have their first counts (FleetOverview): the list's
 * reads are the heavier ones, and on the same servers they would delay the rows.
 */
export function FailuresList({ servers, refreshRef, start }: { servers: readonly ServerView[]; refreshRef: MutableRefObject<(() => void) | undefined>; start: boolean }) {
  const queryClient = useQueryClient();
  const window = useFleetUi((state) => state.window);
  const filters = useFleetUi((state) => state.filters);
  const setFilters = useFleetUi((state) => state.setFilters);
  const [namespaceText, setNamespaceText] = useState(filters.namespace);
  const [flowText, setFlowText] = useState(filters.flowId);
  const namespace = useDebounced(namespaceText.trim(), 300);
  const flowId = useDebounced(flowText.trim(), 300);
  useEffect(() => setFilters({ namespace, flowId }), [namespace, flowId, setFilters]);

  const shown = servers.filter((server) => !filters.hiddenServers.includes(server.id));
  const feed = useFailureFeed(
    shown.map((server) => server.id),
    window,
    namespace,
    flowId,
    filters.states,
    start,
  );
  const snapshot = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  useEffect(() => {
    refreshRef.current = () => feed.refresh();
  }, [feed, refreshRef]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<FleetBulkAction | undefined>();
  const byId = useMemo(() => new Map(servers.map((server) => [server.id, server])), [servers]);

  // Selection keeps only rows still listed.
  const rowsByKey = useMemo(() => new Map(snapshot.rows.map((row) => [row.key, row])), [snapshot.rows]);
  const selectedRows = [...selected].map((key) => rowsByKey.get(key)).filter((row): row is FeedRow => !!row);

  const columns: Column<FeedRow>[] = [
    { id: 'state', header: 'State', width: '110px', render: (row) => <StateBadge state={row.state} /> },
    {
      id: 'server',
      header: 'Server',
      width: 'minmax(110px, 1fr)',
      render: (row) => (
        <span className="fleet-server-cell" style={{ ['--server-color' as string]: byId.get(row.serverId)?.color }}>
          <span className="fleet-row__swatch" aria-hidden="true" />
          {byId.get(row.serverId)?.name ?? row.serverId}
        </span>
      ),
    },
    { id: 'namespace', header: 'Namespace', width: 'minmax(120px, 1.4fr)', render: (row) => row.namespace },
    { id: 'flow', header: 'Flow', width: 'minmax(100px, 1.2fr)', render: (row) => row.flowId },
    { id: 'started', header: 'Started', width: '120px', render: (row) => <RelativeTime date={row.startDate} /> },
    { id: 'duration', header: 'Duration', width: '90px', render: (row) => (row.startDate && row.endDate ? formatElapsed(row.startDate, row.endDate) : '—') },
    { id: 'id', header: 'Execution', width: '120px', render: (row) => <code>{row.id.slice(0, 10)}</code> },
  ];

  const open = (row: FeedRow): void => useWorkspace.getState().navigate(row.serverId, { pane: 'executions', params: { executionId: row.id } });
  const bulk = async (action: FleetBulkAction): Promise<void> => {
    setBusy(action);
    try {
      const outcomes = await bulkAcrossServers(queryClient, servers, selectedRows, action);
      if (outcomes.some((outcome) => outcome.count !== undefined)) {
        setSelected(new Set());
        feed.refresh();
      }
    } finally {
      setBusy(undefined);
    }
  };

  const sources = Object.values(snapshot.sources);
  const answered = sources.filter((source) => source.pages > 0).length;
  const failing = sources.filter((source) => source.error);
  const waiting = sources.filter((source) => source.pages === 0 && !source.error);
  const filtersPending = namespaceText.trim() !== namespace || flowText.trim() !== flowId;

  return (
    // Busy while typed filters wait for their debounce or a source's first page is on its way: the
    // rows shown are not yet the ones asked for.
    <section className="fleet-failures" aria-label="Failures across all servers" aria-busy={filtersPending || waiting.length > 0}>
      <div className="fleet-failures__head">
        <h2>Failures across all servers</h2>
        <span className="fleet-muted" role="status" aria-live="polite">
          {formatCount(snapshot.total)} in {windowWords(window)} on {answered} of {plural(sources.length, 'server')}
          {snapshot.rows.length < snapshot.total ? ` · ${formatCount(snapshot.rows.length)} loaded` : ''}
          {waiting.length > 0 ? ` · waiting for ${waiting.map((s) => byId.get(s.serverId)?.name).join(', ')}` : ''}
        </span>
      </div>
      <div className="fleet-failures__filters" role="group" aria-label="Filter failures">
        <div className="fleet-chips" role="group" aria-label="Servers">
          {servers.map((server) => {
            const on = !filters.hiddenServers.includes(server.id);
            return (
              <button
                key={server.id}
                type="button"
                className="fleet-chip"
                aria-pressed={on}
                style={{ ['--server-color' as string]: server.color }}
                onClick={() => setFilters({ hiddenServers: on ? [...filters.hiddenServers, server.id] : filters.hiddenServers.filter((id) => id !== server.id) })}
              >
                <span className="fleet-row__swatch" aria-hidden="true" />
                {server.name}
              </button>
            );
          })}
        </div>
        <input type="search" aria-label="Filter by namespace" placeholder="Namespace" value={namespaceText} onChange={(event) => setNamespaceText(event.target.value)} />
        <input type="search" aria-label="Filter by flow" placeholder="Flow" value={flowText} onChange={(event) => setFlowText(event.target.value)} />
        <div className="fleet-chips" role="group" aria-label="States">
          {STATES.map((state) => {
            const on = filters.states.includes(state);
            return (
              <button
                key={state}
                type="button"
                className="fleet-chip"
                aria-pressed={on}
                onClick={() => {
                  const next = on ? filters.states.filter((s) => s !== state) : [...filters.states, state];
                  if (next.length > 0) setFilters({ states: next });
                }}
              >
                {state}
              </button>
            );
          })}
        </div>
      </div>
      {failing.map((source) => (
        <p key={source.serverId} className="fleet-failures__problem" role="alert">
          {byId.get(source.serverId)?.name}: {describeError(source.error)}
          {source.rows.length > 0 ? ` (showing its rows from ${new Date(source.updatedAt ?? 0).toLocaleTimeString()})` : ''}
        </p>
      ))}
      {selectedRows.length > 0 && (
        <div className="fleet-bulk" role="toolbar" aria-label="Selected failures">
          <span>{plural(selectedRows.length, 'execution')} selected on {plural(new Set(selectedRows.map((row) => row.serverId)).size, 'server')}</span>
          <Button size="sm" icon="refresh" busy={busy === 'restart'} disabled={!!busy} onClick={() => void bulk('restart')}>
            Restart
          </Button>
          <Button size="sm" icon="history" busy={busy === 'replay'} disabled={!!busy} onClick={() => void bulk('replay')}>
            Replay
          </Button>
          <Button size="sm" icon="stop" variant="danger" busy={busy === 'kill'} disabled={!!busy} onClick={() => void bulk('kill')}>
            Kill
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      )}
      <VirtualTable
        label="Failures"
        className="fleet-failures__table"
        rows={snapshot.rows}
        columns={columns}
        getRowId={(row) => row.key}
        getRowLabel={(row) => `${row.state} ${row.namespace}.${row.flowId} on ${byId.get(row.serverId)?.name ?? row.serverId}, execution ${row.id}`}
        onActivate={open}
        selection={{ selected, onChange: setSelected }}
        onEndReached={() => feed.loadMore()}
        totalCount={snapshot.total}
        empty={
          <p className="fleet-muted" role="status">
            {answered === 0 && sources.length > 0 ? 'Waiting for the servers…' : `No failures in ${windowWords(window)}.`}
          </p>
        }
        footer={feed.hasMore && snapshot.rows.length > 0 ? <span className="fleet-muted">Scroll for more…</span> : undefined}
      />
    </section>
  );
}

// The executions pane's home: filters, then the list or the timeline of the same executions, and
// a bulk-action bar for the selection (kill, restart, replay, delete).
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { Button, WriteButton } from '../../../components/button';
import { ErrorView } from '../../../components/error-view';
import { Tabs } from '../../../components/tabs';
import { call } from '../../../lib/call';
import { formatCount, plural } from '../../../lib/format';
import { namespacesQueryOptions } from '../../../lib/namespaces';
import { executionKeys, PAGE_SIZE, searchPageQueryOptions } from '../api/execution-queries';
import { bulkExecutions, type BulkAction } from '../executions-actions';
import { ExecutionsTimeline } from '../timeline/executions-timeline';
import { validateFilter, toSearchParams } from './execution-filter';
import { ExecutionsList, type PageSource } from './executions-list';
import { defaultListState, useExecutionsUi, type HomeView, type ServerListState } from './executions-ui-store';
import { FilterBar } from './filter-bar';
import './executions-home.css';

const TIMELINE_PAGES_STEP = 5;
const TIMELINE_PAGES_MAX = 50;

export interface ExecutionsHomeProps {
  server: ServerView;
  /** The namespace chosen in the shell's namespace browser. */
  namespace?: string;
  /** Flow asked for by another pane (e.g. "executions of this flow"). */
  flowId?: string;
  view: HomeView;
  onView(view: HomeView): void;
  onOpen(executionId: string): void;
}

/** What a (namespace, flow) request from the shell or another pane does to the filter. */
function followed(base: ServerListState, namespace: string | undefined, flowId: string | undefined, key: string): ServerListState {
  return { ...base, filter: { ...base.filter, namespace: namespace ?? '', ...(flowId !== undefined ? { flowId } : {}) }, selection: [], followedKey: key };
}

function useListState(
  server: ServerView,
  namespace: string | undefined,
  flowId: string | undefined,
): [ServerListState, (patch: Partial<ServerListState>) => void] {
  const stored = useExecutionsUi((s) => s.byServer[server.id]);
  const update = useExecutionsUi((s) => s.update);
  const set = useCallback((patch: Partial<ServerListState>) => update(server.id, patch), [update, server.id]);
  // The filter follows the shell's namespace browser, and a flow another pane asked for; the user
  // can still change both afterwards.
  const key = `${namespace ?? ''}\u0000${flowId ?? ''}`;
  const needsSync = !stored || stored.followedKey !== key;
  useEffect(() => {
    if (!needsSync) return;
    const base = useExecutionsUi.getState().byServer[server.id] ?? defaultListState();
    update(server.id, followed(base, namespace, flowId, key));
  }, [needsSync, key, namespace, flowId, server.id, update]);
  const base = stored ?? defaultListState(namespace ?? '');
  return [needsSync ? followed(base, namespace, flowId, key) : base, set];
}

function TimelineData({ server, state, onOpen }: { server: ServerView; state: ServerListState; onOpen(id: string): void }) {
  const [pages, setPages] = useState(TIMELINE_PAGES_STEP);
  const results = useQueries({
    queries: Array.from({ length: pages }, (_, i) => ({
      ...searchPageQueryOptions(server.id, state.filter, state.sort, i + 1, PAGE_SIZE),
      refetchInterval: state.live ? 5_000 : (false as const),
    })),
  });
  const first = results[0];
  const total = first?.data?.total ?? 0;
  // The results array is new on every render; the data stamps say when it really changed.
  const stamp = results.map((r) => r.dataUpdatedAt).join(',');
  const executions = useMemo(() => {
    const list: Execution[] = [];
    for (const r of results) if (r.data) list.push(...r.data.results);
    return list;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stamp]);
  if (first?.error && !first.data) return <ErrorView error={first.error} serverId={server.id} onRetry={() => void first.refetch()} />;
  const morePossible = total > pages * PAGE_SIZE && pages < TIMELINE_PAGES_MAX;
  return (
    <ExecutionsTimeline
      executions={executions}
      onOpen={onOpen}
      truncated={{
        shown: executions.length,
        total,
        onLoadMore: morePossible ? () => setPages((p) => Math.min(TIMELINE_PAGES_MAX, p + TIMELINE_PAGES_STEP)) : undefined,
      }}
    />
  );
}

export function ExecutionsHome({ server, namespace, flowId, view, onView, onOpen }: ExecutionsHomeProps) {
  const queryClient = useQueryClient();
  const [state, update] = useListState(server, namespace, flowId);
  const [total, setTotal] = useState<number | undefined>();
  const [bulkBusy, setBulkBusy] = useState<BulkAction | null>(null);
  const namespaces = useQuery(namespacesQueryOptions(server.id));
  const valid = validateFilter(state.filter).length === 0;

  const source = useMemo<PageSource>(
    () => ({
      queryKey: executionKeys.searchFilter(server.id, state.filter, state.sort),
      fetchPage: (page, size, signal) =>
        call('executions.search', { serverId: server.id, ...toSearchParams(state.filter, state.sort, page, size) }, { signal }),
    }),
    [server.id, state.filter, state.sort],
  );
  const selection = useMemo(() => new Set(state.selection), [state.selection]);

  const runBulk = async (action: BulkAction): Promise<void> => {
    setBulkBusy(action);
    try {
      const count = await bulkExecutions({ server, queryClient }, action, state.selection);
      if (count !== undefined) update({ selection: [] });
    } finally {
      setBulkBusy(null);
    }
  };

  return (
    <div className="xhome">
      <div className="xhome__top">
        <Tabs
          label="Executions view"
          tabs={[
            { id: 'list', label: 'List' },
            { id: 'timeline', label: 'Timeline' },
          ]}
          selected={view}
          onSelect={onView}
        />
        <span className="xhome__count" role="status">
          {total !== undefined ? plural(total, 'execution') : ''}
        </span>
        <label className="xhome__live">
          <input type="checkbox" checked={state.live} onChange={(event) => update({ live: event.target.checked })} />
          Live refresh
        </label>
        <Button size="sm" icon="refresh" onClick={() => void queryClient.invalidateQueries({ queryKey: executionKeys.search(server.id) })}>
          Refresh
        </Button>
      </div>
      <FilterBar
        filter={state.filter}
        sort={state.sort}
        namespaces={namespaces.data ?? []}
        onChange={(filter) => update({ filter, selection: [] })}
        onApplySaved={(filter, sort) => update({ filter, sort, selection: [] })}
      />
      {state.selection.length > 0 && (
        <div className="xhome__bulk" role="toolbar" aria-label="Bulk actions">
          <span>{formatCount(state.selection.length)} selected</span>
          {(['kill', 'restart', 'replay', 'delete'] as const).map((action) => (
            <WriteButton
              key={action}
              server={server}
              size="sm"
              variant={action === 'kill' || action === 'delete' ? 'danger' : 'secondary'}
              busy={bulkBusy === action}
              disabled={bulkBusy !== null && bulkBusy !== action}
              onClick={() => void runBulk(action)}
            >
              {action.charAt(0).toUpperCase() + action.slice(1)} {formatCount(state.selection.length)}
            </WriteButton>
          ))}
          <Button size="sm" variant="ghost" onClick={() => update({ selection: [] })}>
            Clear selection
          </Button>
        </div>
      )}
      <div className="xhome__body">
        {!valid ? null : view === 'list' ? (
          <ExecutionsList
            source={source}
            pageSize={PAGE_SIZE}
            sort={state.sort}
            onSortChange={(sort) => update({ sort })}
            selection={selection}
            onSelectionChange={(next) => update({ selection: [...next] })}
            onOpen={(execution) => onOpen(execution.id)}
            live={state.live}
            onTotal={setTotal}
            serverId={server.id}
          />
        ) : (
          <TimelineData key={source.queryKey.join('\u0000')} server={server} state={state} onOpen={onOpen} />
        )}
      </div>
    </div>
  );
}

// Flows of the selected namespace (or all): search, labels, last execution state and revision;
// open, run, duplicate and delete from each row; create a new flow.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Flow } from '../../../main/contract/kestra-model';
import type { ServerView } from '../../../main/contract/servers';
import { ActionButton } from '../../components/action-button';
import { IconButton } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { DataStatus } from '../../components/data-status';
import { MenuButton } from '../../components/menu';
import { LabelChips, Loading, RelativeTime } from '../../components/misc';
import { StateBadge } from '../../components/state-badge';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { plural } from '../../lib/format';
import { writePolicy } from '../../lib/servers';
import { useDebounced } from '../../lib/use-debounced';
import { useWorkspace } from '../../lib/workspace-store';
import type { ActionContext } from '../../lib/actions';
import { flowNewAction } from './actions/flow-actions';
import { deleteFlow, duplicateFlow } from './actions/flow-documents';
import { flowKey } from './flow-document';
import { flowListInfiniteOptions, lastExecutionsOptions, parseFlowQuery } from './flow-queries';

export function FlowList({
  server,
  namespace,
  context,
  activeKey,
  onRun,
  onHide,
}: {
  server: ServerView;
  namespace?: string;
  /** The flows pane's, for the New flow action. */
  context: ActionContext;
  activeKey?: string;
  onRun(flow: Flow): void;
  onHide?: () => void;
}) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 250);
  // "key:value" words filter by label, as in Kestra's own filters; the rest is a text search.
  const { q, labels } = useMemo(() => parseFlowQuery(debounced), [debounced]);
  const list = useInfiniteQuery(flowListInfiniteOptions(server.id, namespace, q, labels));
  const last = useQuery(lastExecutionsOptions(server.id, namespace));
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.results) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  const policy = writePolicy(server);
  const navigate = useWorkspace((state) => state.navigate);

  const open = (flow: Flow): void => navigate(server.id, { pane: 'flows', params: { namespace: flow.namespace, flowId: flow.id, view: 'editor' } });

  const columns: Column<Flow>[] = [
    {
      id: 'id',
      header: 'Flow',
      width: 'minmax(120px, 1fr)',
      render: (flow) => (
        <span className="flow-list__name">
          <span className="flow-list__id" title={flow.id}>
            {flow.id}
          </span>
          <span className="flow-list__sub" title={flow.labels?.length ? flow.labels.map((label) => `${label.key}: ${label.value}`).join('\n') : undefined}>
            {!namespace || flow.namespace !== namespace ? (
              <span className="flow-list__ns" title={flow.namespace}>
                {flow.namespace}
              </span>
            ) : null}
            {flow.disabled && <span className="flow-list__flag">disabled</span>}
            {/* Labels under the name (a column of their own was too narrow to read at 1280 px). */}
            <LabelChips
              labels={flow.labels}
              max={6}
              onSelect={(label) => {
                const token = `${label.key}:${label.value}`;
                if (!query.split(/\s+/).includes(token)) setQuery(`${query.trim()} ${token}`.trim());
              }}
            />
          </span>
        </span>
      ),
    },
    {
      id: 'last',
      header: 'Last execution',
      width: '116px',
      render: (flow) => {
        const latest = last.data?.get(`${flow.namespace}/${flow.id}`);
        return latest ? (
          <span className="flow-list__last">
            <StateBadge state={latest.state} />
            {latest.date && <RelativeTime date={latest.date} />}
          </span>
        ) : (
          <span className="flow-list__none">—</span>
        );
      },
    },
    { id: 'revision', header: 'Rev.', width: '44px', align: 'end', render: (flow) => flow.revision },
    {
      id: 'actions',
      header: '',
      width: '36px',
      render: (flow) => (
        <span onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
          <MenuButton
            label={`Actions for ${flow.id}`}
            size="sm"
            items={[
              { id: 'open', label: 'Open', icon: 'edit', onSelect: () => open(flow) },
              { id: 'run', label: 'Run…', icon: 'play', disabledReason: policy.canWrite ? undefined : policy.reason, onSelect: () => onRun(flow) },
              { id: 'duplicate', label: 'Duplicate', icon: 'copy', hidden: !policy.canWrite, onSelect: () => void duplicateFlow(server.id, flow.namespace, flow.id) },
              {
                id: 'revisions',
                label: 'Revisions',
                icon: 'history',
                onSelect: () => navigate(server.id, { pane: 'flows', params: { namespace: flow.namespace, flowId: flow.id, view: 'revisions' } }),
              },
              { id: 'delete', label: 'Delete…', icon: 'trash', danger: true, hidden: !policy.canWrite, onSelect: () => void deleteFlow(context.queryClient, server, flow.namespace, flow.id) },
            ]}
          />
        </span>
      ),
    },
  ];

  const emptyServer = !namespace && !q && labels.length === 0 && total === 0;
  return (
    <section className="flow-list" aria-label="Flow list">
      <div className="flow-list__bar">
        <input
          type="search"
          className="flow-list__search"
          placeholder="Search, or key:value"
          title="Search flows by id or namespace; key:value filters by label"
          aria-label="Search flows"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <ActionButton action={flowNewAction} context={context} variant="primary" icon="plus" />
        <IconButton icon="refresh" label="Reload flows" busy={list.isFetching && !list.isFetchingNextPage} onClick={() => void list.refetch()} />
        {onHide && <IconButton icon="chevronLeft" label="Hide the flow list" onClick={onHide} />}
      </div>
      <div className="flow-list__meta">
        {list.data
          ? `${plural(total, 'flow')} ${namespace ? `in ${namespace}` : 'in all namespaces'}${q ? ` matching “${q}”` : ''}${labels.length ? ` labelled ${labels.map((label) => `${label.key}:${label.value}`).join(', ')}` : ''}`
          : ' '}
      </div>
      {list.isPending && <Loading label="Loading flows…" />}
      <DataStatus serverId={server.id} query={list} what="flows" title="Could not list the flows" onRetry={() => void list.refetch()} />
      {list.data &&
        (emptyServer ? (
          <EmptyState
            icon="flow"
            title={`No flows on ${server.name} yet`}
            actions={
              <ActionButton action={flowNewAction} context={context} variant="primary" icon="plus">
                Create your first flow
              </ActionButton>
            }
          >
            {server.builtIn
              ? 'The Local sandbox runs flows on this machine. Create one, save it with Ctrl/Cmd+S and run it with Ctrl/Cmd+E.'
              : 'Create a flow here, or pick a namespace on the left.'}
          </EmptyState>
        ) : (
          <VirtualTable
            label="Flows"
            rows={rows}
            columns={columns}
            getRowId={(flow) => flowKey(flow.namespace, flow.id)}
            getRowLabel={(flow) => `${flow.id} in ${flow.namespace}`}
            activeRowId={activeKey}
            rowHeight={38}
            onActivate={open}
            onEndReached={() => {
              if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
            }}
            totalCount={total}
            empty={<p className="flow-list__empty">{q || labels.length ? 'No flow matches this search.' : 'No flows in this namespace.'}</p>}
            footer={list.isFetchingNextPage ? 'Loading more…' : undefined}
          />
        ))}
    </section>
  );
}

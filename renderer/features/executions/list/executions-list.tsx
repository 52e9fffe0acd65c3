// The executions list: a virtual grid over the server's full result count, where only the pages
// under the visible rows are fetched (100 per page, cached by react-query), so 100,000 executions
// scroll as smoothly as 100 and dragging the scrollbar to the middle loads only the middle. Visible
// pages refresh every few seconds while "live" is on, so running executions update in place.
//
// The shared VirtualTable needs every row in memory; this list pages from the server instead.
import { useQueries } from '@tanstack/react-query';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Execution, Paged } from '../../../../main/contract/kestra-model';
import { EmptyState } from '../../../components/empty-state';
import { staleReason, StaleNotice } from '../../../components/data-status';
import { ErrorView } from '../../../components/error-view';
import { LabelChips } from '../../../components/misc';
import { StateBadge } from '../../../components/state-badge';
import { parseDuration } from '../../../../shared/iso-duration';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useServerHealth } from '../../../lib/health';
import { cursorTarget } from '../../../lib/list-keys';
import { isRunning } from '../../../lib/states';
import { useVirtualRows } from '../lib/use-virtual-rows';
import { pagesForRows, type SortField, type SortSpec } from './execution-filter';
import './executions-list.css';

export const LIST_ROW_HEIGHT = 32;
const COUNT = new Intl.NumberFormat('en');

export interface PageSource {
  /** Identifies the filter and sort; pages are cached under it. */
  queryKey: readonly unknown[];
  fetchPage(page: number, size: number, signal: AbortSignal): Promise<Paged<Execution>>;
}

export interface ExecutionsListProps {
  source: PageSource;
  pageSize?: number;
  sort: SortSpec;
  onSortChange(sort: SortSpec): void;
  selection: ReadonlySet<string>;
  onSelectionChange(next: Set<string>): void;
  onOpen(execution: Execution): void;
  /** Refresh the visible pages every few seconds. */
  live: boolean;
  /** Shown when the server has no execution for this filter. */
  empty?: ReactNode;
  /** Reports the server's total for the filter (for the header). */
  onTotal?(total: number | undefined): void;
  /** The server the pages come from: errors offer "Edit server", rows shown while it fails are marked outdated. */
  serverId?: string;
}

const COLUMNS: { id: string; header: string; width: string; sort?: SortField }[] = [
  { id: 'state', header: 'State', width: '112px', sort: 'state.current' },
  { id: 'id', header: 'Id', width: 'minmax(110px, 190px)', sort: 'id' },
  { id: 'namespace', header: 'Namespace', width: 'minmax(90px, 1fr)', sort: 'namespace' },
  { id: 'flow', header: 'Flow', width: 'minmax(90px, 1fr)', sort: 'flowId' },
  { id: 'start', header: 'Started', width: '150px', sort: 'state.startDate' },
  { id: 'duration', header: 'Duration', width: '86px', sort: 'state.duration' },
  { id: 'labels', header: 'Labels', width: 'minmax(70px, 1fr)' },
  { id: 'trigger', header: 'Trigger', width: '84px' },
];
/** A first click sorts dates and durations newest/longest first, names A to Z. */
function firstDirection(field: SortField): 'asc' | 'desc' {
  return field === 'state.startDate' || field === 'state.endDate' || field === 'state.duration' ? 'desc' : 'asc';
}

const TEMPLATE = ['36px', ...COLUMNS.map((c) => c.width)].join(' ');

function durationOf(execution: Execution, now: number): number {
  const start = Date.parse(execution.state.startDate ?? '');
  if (isRunning(execution.state.current)) return Number.isFinite(start) ? now - start : Number.NaN;
  const parsed = execution.state.duration ? parseDuration(execution.state.duration) : undefined;
  if (parsed !== undefined) return parsed;
  const end = Date.parse(execution.state.endDate ?? '');
  return Number.isFinite(start) && Number.isFinite(end) ? end - start : Number.NaN;
}

function triggerText(execution: Execution): string {
  if (!execution.trigger) {
    const from = execution.labels?.find((l) => l.key === 'system.from')?.value;
    return from ? from : execution.parentId ? 'Subflow' : 'Manual';
  }
  return execution.trigger.type.slice(execution.trigger.type.lastIndexOf('.') + 1);
}

function ListStaleness({ serverId, updatedAt, error, onRetry, retrying }: { serverId: string; updatedAt: number; error: unknown; onRetry(): void; retrying: boolean }) {
  const health = useServerHealth(serverId);
  const reason = staleReason({ data: true, error }, health.data);
  return reason ? <StaleNotice what="executions" updatedAt={updatedAt} reason={reason} onRetry={onRetry} retrying={retrying} /> : null;
}

export function ExecutionsList({
  source,
  pageSize = 100,
  sort,
  onSortChange,
  selection,
  onSelectionChange,
  onOpen,
  live,
  empty,
  onTotal,
  serverId,
}: ExecutionsListProps) {
  const [knownTotal, setKnownTotal] = useState<{ key: string; total: number } | null>(null);
  const sourceKey = JSON.stringify(source.queryKey);
  const total = knownTotal?.key === sourceKey ? knownTotal.total : undefined;
  const rowCount = total ?? 0;
  const [cursor, setCursor] = useState(0);
  const { attach, window: rowsWindow, totalHeight, scrollToRow } = useVirtualRows(rowCount, LIST_ROW_HEIGHT, 10);

  // Pages under the drawn rows (page 1 until the total is known).
  const pages = total === undefined ? [1] : pagesForRows(rowsWindow.first, Math.max(rowsWindow.first, rowsWindow.end - 1), pageSize);
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: [...source.queryKey, pageSize, page],
      queryFn: ({ signal }: { signal: AbortSignal }) => source.fetchPage(page, pageSize, signal),
      staleTime: 4_000,
      refetchInterval: live ? 5_000 : (false as const),
      // Keep showing a page's rows while it refreshes.
      placeholderData: (previous: Paged<Execution> | undefined) => previous,
    })),
  });

  const byPage = new Map<number, Paged<Execution>>();
  results.forEach((result, i) => {
    if (result.data) byPage.set(pages[i]!, result.data);
  });
  // The newest answer's total wins (new executions arrive while the user scrolls).
  const newest = results.reduce<{ at: number; total: number } | undefined>(
    (best, r) => (r.data && r.dataUpdatedAt > (best?.at ?? -1) ? { at: r.dataUpdatedAt, total: r.data.total } : best),
    undefined,
  );
  if (newest && newest.total !== total) setKnownTotal({ key: sourceKey, total: newest.total });
  useEffect(() => {
    onTotal?.(total);
  }, [onTotal, total]);

  const firstError = results.find((r) => r.error && !r.data)?.error;
  // Rows shown from the cache while their refresh fails, or while the server is failing: marked with their age.
  const shownFrom = results.reduce((oldest, r) => (r.data && r.dataUpdatedAt ? Math.min(oldest, r.dataUpdatedAt) : oldest), Number.POSITIVE_INFINITY);
  const refreshError = results.find((r) => r.error && r.data)?.error;
  const loading = total === undefined && !firstError;

  const rowAt = (row: number): Execution | undefined => {
    const page = Math.floor(row / pageSize) + 1;
    return byPage.get(page)?.results[row - (page - 1) * pageSize];
  };

  // Running rows tick their duration.
  const anyRunning = results.some((r) => r.data?.results.some((e) => isRunning(e.state.current)));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [anyRunning]);

  // Every loaded row (for "select loaded").
  const loaded: Execution[] = [];
  for (const page of byPage.values()) loaded.push(...page.results);

  const toggle = (id: string): void => {
    const next = new Set(selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectionChange(next);
  };
  const allLoadedSelected = loaded.length > 0 && loaded.every((e) => selection.has(e.id));

  const safeCursor = Math.min(cursor, Math.max(0, rowCount - 1));
  const onKeyDown = (event: KeyboardEvent): void => {
    if ((event.target as HTMLElement).closest('input, button') && event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const page = Math.max(1, Math.floor((rowsWindow.end - rowsWindow.first) / 2));
    const target = cursorTarget(event.key, safeCursor, rowCount, page);
    if (target !== undefined) {
      setCursor(target);
      scrollToRow(target);
      event.preventDefault();
      return;
    }
    const execution = rowAt(safeCursor);
    switch (event.key) {
      case 'Enter':
        if (execution) onOpen(execution);
        break;
      case ' ':
        if (execution) toggle(execution.id);
        break;
      case 'a':
        if (!(event.ctrlKey || event.metaKey)) return;
        onSelectionChange(allLoadedSelected ? new Set() : new Set([...selection, ...loaded.map((e) => e.id)]));
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const renderRow = (row: number): ReactNode => {
    const execution = rowAt(row);
    const cursorClass = row === safeCursor ? ' xlist-row--cursor' : '';
    if (!execution) {
      return (
        <div
          key={row % 256}
          role="row"
          aria-rowindex={row + 2}
          className={`xlist-row xlist-row--placeholder${cursorClass}`}
          style={{ gridTemplateColumns: TEMPLATE }}
          aria-busy="true"
        >
          <div role="gridcell" className="xlist-cell" />
          <div role="gridcell" className="xlist-cell xlist-skeleton" style={{ gridColumn: `2 / span ${COLUMNS.length}` }}>
            Loading…
          </div>
        </div>
      );
    }
    const selected = selection.has(execution.id);
    const duration = durationOf(execution, now);
    return (
      <div
        key={row % 256}
        role="row"
        aria-rowindex={row + 2}
        aria-selected={selected}
        aria-label={`${execution.namespace}.${execution.flowId} ${execution.id} ${execution.state.current}`}
        data-execution-id={execution.id}
        className={`xlist-row${selected ? ' xlist-row--selected' : ''}${cursorClass}`}
        style={{ gridTemplateColumns: TEMPLATE }}
        onClick={(event) => {
          setCursor(row);
          if (event.ctrlKey || event.metaKey) toggle(execution.id);
          else onOpen(execution);
        }}
      >
        <div role="gridcell" className="xlist-cell xlist-cell--check" onClick={(event) => event.stopPropagation()}>
          <input type="checkbox" checked={selected} aria-label={`Select execution ${execution.id}`} onChange={() => toggle(execution.id)} />
        </div>
        <div role="gridcell" className="xlist-cell">
          <StateBadge state={execution.state.current} />
        </div>
        <div role="gridcell" className="xlist-cell xlist-cell--mono" title={execution.id}>
          {execution.id}
        </div>
        <div role="gridcell" className="xlist-cell" title={execution.namespace}>
          {execution.namespace}
        </div>
        <div role="gridcell" className="xlist-cell xlist-cell--strong" title={execution.flowId}>
          {execution.flowId}
        </div>
        <div role="gridcell" className="xlist-cell xlist-cell--num">
          {execution.state.startDate ? formatDateTime(execution.state.startDate) : '—'}
        </div>
        <div role="gridcell" className="xlist-cell xlist-cell--num">
          {formatDuration(duration)}
        </div>
        <div role="gridcell" className="xlist-cell">
          <LabelChips labels={execution.labels?.filter((l) => !l.key.startsWith('system.'))} max={3} />
        </div>
        <div role="gridcell" className="xlist-cell xlist-cell--muted">
          {triggerText(execution)}
        </div>
      </div>
    );
  };
  const rows: ReactNode[] = [];
  for (let row = rowsWindow.first; row < rowsWindow.end; row += 1) rows.push(renderRow(row));

  return (
    <div
      className="xlist"
      role="grid"
      aria-label="Executions"
      aria-rowcount={rowCount + 1}
      aria-multiselectable
      aria-busy={loading || undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="xlist-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: TEMPLATE }}>
        <div role="columnheader" className="xlist-cell xlist-cell--check">
          <input
            type="checkbox"
            aria-label={allLoadedSelected ? 'Deselect loaded executions' : `Select loaded executions (${COUNT.format(loaded.length)})`}
            checked={allLoadedSelected}
            disabled={loaded.length === 0}
            ref={(input) => {
              if (input) input.indeterminate = selection.size > 0 && !allLoadedSelected;
            }}
            onChange={() =>
              onSelectionChange(
                allLoadedSelected
                  ? new Set([...selection].filter((id) => !loaded.some((e) => e.id === id)))
                  : new Set([...selection, ...loaded.map((e) => e.id)]),
              )
            }
          />
        </div>
        {COLUMNS.map((column) => {
          const sorted = column.sort && sort.field === column.sort ? sort.direction : undefined;
          return (
            <div
              key={column.id}
              role="columnheader"
              className="xlist-cell"
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : column.sort ? 'none' : undefined}
            >
              {column.sort ? (
                <button
                  type="button"
                  className="xlist-sort"
                  aria-label={`Sort by ${column.header}`}
                  onClick={() => onSortChange({ field: column.sort!, direction: sorted ? (sorted === 'desc' ? 'asc' : 'desc') : firstDirection(column.sort!) })}
                >
                  {column.header}
                  <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                </button>
              ) : (
                column.header
              )}
            </div>
          );
        })}
      </div>
      {serverId && Number.isFinite(shownFrom) && (
        <ListStaleness serverId={serverId} updatedAt={shownFrom} error={refreshError} onRetry={() => results.forEach((r) => void r.refetch())} retrying={results.some((r) => r.isFetching)} />
      )}
      <div className="xlist-scroll" ref={attach}>
        {firstError && total === undefined ? (
          <div className="xlist-message">
            <ErrorView error={firstError} serverId={serverId} onRetry={() => results.forEach((r) => void r.refetch())} />
          </div>
        ) : loading ? (
          <div className="xlist-message" role="status">
            Loading executions…
          </div>
        ) : rowCount === 0 ? (
          <div className="xlist-message">{empty ?? <EmptyState icon="play" title="No executions match these filters" />}</div>
        ) : (
          <div className="xlist-content" role="rowgroup" style={{ height: totalHeight }}>
            <div className="xlist-block" style={{ transform: `translateY(${rowsWindow.offset}px)` }}>
              {rows}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

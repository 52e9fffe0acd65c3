// Outputs: a tree of the flow's outputs and each task run's (virtualized, filterable), with a
// details panel showing the full value as text, and preview and download for output files
// (`kestra:///…` URIs; main streams the download to disk).
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { ErrorView, describeError } from '../../../components/error-view';
import { Icon } from '../../../components/icons';
import { Loading } from '../../../components/misc';
import { notify } from '../../../components/toasts';
import { downloadFromServer } from '../../../components/download';
import { formatBytes } from '../../../lib/format';
import { useCapabilities } from '../../../lib/capabilities';
import { isTerminated } from '../../../lib/states';
import { filePreviewQueryOptions, flowOutputsQueryOptions, outputsIndexQueryOptions, taskRunOutputsQueryOptions } from '../api/execution-queries';
import { TreeToggle } from '../lib/tree-toggle';
import { useVirtualRows } from '../lib/use-virtual-rows';
import { fileNameOf, flattenOutputs, openedTaskRuns, valueAsText, type LoadState, type OutputNode, type ServedApart } from './outputs-tree';
import './outputs.css';

const ROW_HEIGHT = 26;

export function downloadOutputFile(serverId: string, executionId: string, uri: string): Promise<void> {
  const name = fileNameOf(uri);
  return downloadFromServer('executions.downloadFile', { serverId, executionId, uri }, name, { success: `Downloaded ${name}`, failure: `Could not download ${name}` });
}

function FilePreview({ server, executionId, uri }: { server: ServerView; executionId: string; uri: string }) {
  const preview = useQuery(filePreviewQueryOptions(server.id, executionId, uri));
  if (preview.isPending) return <Loading label="Loading preview…" />;
  if (preview.error) return <ErrorView error={preview.error} compact onRetry={() => void preview.refetch()} />;
  return (
    <div className="outputs-preview">
      <div className="outputs-preview__meta">
        {preview.data.size !== undefined ? formatBytes(preview.data.size) : ''}
        {preview.data.truncated ? ' · showing the beginning' : ''}
      </div>
      <pre className="outputs-preview__text" aria-label={`Preview of ${fileNameOf(uri)}`}>
        {preview.data.text}
      </pre>
    </div>
  );
}

function loadState(query: { data?: Record<string, unknown>; error: unknown }): LoadState {
  if (query.data) return { status: 'loaded', outputs: query.data };
  if (query.error) return { status: 'error', message: describeError(query.error) };
  return { status: 'loading' };
}

/** Stable (module level), so react-query keeps the combined array while no query changes. */
const loadStates = (results: { data?: Record<string, unknown>; error: unknown }[]): LoadState[] => results.map(loadState);

/**
 * Outputs a server serves apart from the execution (Kestra 2.x): which task runs have some, the
 * flow's outputs once it ended, and each opened task run's, loaded when opened and cached.
 * Undefined on servers that send outputs inside the execution.
 */
function useServedApart(server: ServerView, execution: Execution, toggled: ReadonlySet<string>): ServedApart | undefined {
  const capabilities = useCapabilities(server.id);
  const apart = capabilities.data?.api.taskRunOutputs === 'endpoint';
  const finished = isTerminated(execution.state.current);
  const index = useQuery({ ...outputsIndexQueryOptions(server.id, execution.id, `${execution.state.current}:${execution.taskRunList?.length ?? 0}`), enabled: apart });
  const hasInlineFlowOutputs = !!execution.outputs && Object.keys(execution.outputs).length > 0;
  const wantFlow = apart && finished && !hasInlineFlowOutputs;
  const flow = useQuery({ ...flowOutputsQueryOptions(server.id, execution.id), enabled: wantFlow });
  const runs = useMemo(() => new Map((execution.taskRunList ?? []).map((r) => [r.id, r])), [execution.taskRunList]);
  const opened = useMemo(() => (apart ? openedTaskRuns(toggled).filter((id) => runs.has(id)) : []), [apart, toggled, runs]);
  const loads = useQueries({
    queries: opened.map((id) => taskRunOutputsQueryOptions(server.id, execution.id, id, isTerminated(runs.get(id)!.state.current))),
    combine: loadStates,
  });
  const flowData = flow.data;
  const flowError = flow.error;
  return useMemo(() => {
    if (!apart) return undefined;
    return {
      withOutputs: index.data ? new Set(index.data) : null,
      ...(wantFlow ? { flow: loadState({ data: flowData, error: flowError }) } : {}),
      taskRuns: new Map(opened.map((id, n) => [id, loads[n]!])),
    };
  }, [apart, index.data, wantFlow, flowData, flowError, opened, loads]);
}

export function OutputsView({ execution, server }: { execution: Execution; server: ServerView }) {
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const [filter, setFilter] = useState('');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const apart = useServedApart(server, execution, toggled);
  const nodes = useMemo(() => flattenOutputs(execution, { toggled, filter }, apart), [execution, toggled, filter, apart]);
  const { attach, window: rowsWindow, totalHeight, scrollToRow } = useVirtualRows(nodes.length, ROW_HEIGHT, 8);
  const selected = nodes.find((n) => n.key === selectedKey);

  const toggle = (key: string): void => {
    setToggled((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const safeCursor = Math.min(cursor, Math.max(0, nodes.length - 1));
  const onKeyDown = (event: KeyboardEvent): void => {
    if ((event.target as HTMLElement).closest('button')) return;
    const node = nodes[safeCursor];
    const move = (to: number): void => {
      const next = Math.max(0, Math.min(nodes.length - 1, to));
      setCursor(next);
      scrollToRow(next);
    };
    if (event.key === 'ArrowDown') move(safeCursor + 1);
    else if (event.key === 'ArrowUp') move(safeCursor - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(nodes.length - 1);
    else if (event.key === 'ArrowRight' && node && node.childCount > 0 && !node.expanded) toggle(node.key);
    else if (event.key === 'ArrowLeft' && node && node.expanded) toggle(node.key);
    else if (event.key === 'Enter' && node) setSelectedKey(node.key);
    else return;
    event.preventDefault();
  };

  const renderNode = (node: OutputNode, index: number): ReactNode => (
    <div
      key={node.key}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-expanded={node.childCount > 0 ? node.expanded : undefined}
      aria-selected={node.key === selectedKey}
      aria-label={`${node.label}: ${node.preview}`}
      className={`outputs-row outputs-row--${node.kind}${index === safeCursor ? ' outputs-row--cursor' : ''}${node.key === selectedKey ? ' outputs-row--selected' : ''}`}
      style={{ paddingLeft: 8 + node.depth * 16 }}
      onClick={() => {
        setCursor(index);
        setSelectedKey(node.key);
      }}
    >
      <TreeToggle expanded={node.expanded} hasChildren={node.childCount > 0} label={node.label} onToggle={() => toggle(node.key)} focusable={false} />
      {node.kind === 'file' && <Icon name="file" />}
      <span className="outputs-row__label">{node.label}</span>
      <span className="outputs-row__preview">{node.kind === 'file' ? fileNameOf(node.uri!) : node.preview}</span>
      {node.kind === 'file' && (
        <span className="outputs-row__actions">
          <Button
            size="sm"
            variant="ghost"
            onClick={(event) => {
              event.stopPropagation();
              setSelectedKey(node.key);
              setPreviewing(node.uri!);
            }}
          >
            Preview
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon="download"
            aria-label={`Download ${fileNameOf(node.uri!)}`}
            onClick={(event) => {
              event.stopPropagation();
              void downloadOutputFile(server.id, execution.id, node.uri!);
            }}
          >
            Download
          </Button>
        </span>
      )}
    </div>
  );

  const drawn: ReactNode[] = [];
  for (let i = rowsWindow.first; i < rowsWindow.end; i += 1) drawn.push(renderNode(nodes[i]!, i));

  const hasOutputs = apart
    ? nodes.length > 0 || filter !== ''
    : (execution.outputs && Object.keys(execution.outputs).length > 0) || (execution.taskRunList ?? []).some((r) => r.outputs && Object.keys(r.outputs).length > 0);
  if (!hasOutputs) {
    return (
      <EmptyState icon="layers" title="No outputs">
        {execution.taskRunList === undefined ? 'This server does not send task-run outputs with the execution.' : 'No task run of this execution has produced outputs yet.'}
      </EmptyState>
    );
  }

  return (
    <div className="outputs">
      <div className="outputs__tree-pane">
        <input type="search" placeholder="Filter outputs" aria-label="Filter outputs" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <div className="outputs__scroll" ref={attach} role="tree" aria-label="Outputs" tabIndex={0} onKeyDown={onKeyDown}>
          {nodes.length === 0 ? (
            <div className="outputs__empty" role="status">
              Nothing matches “{filter}”.
            </div>
          ) : (
            <div className="outputs__content" style={{ height: totalHeight }}>
              <div className="outputs__block" style={{ transform: `translateY(${rowsWindow.offset}px)` }}>
                {drawn}
              </div>
            </div>
          )}
        </div>
      </div>
      <aside className="outputs__details" aria-label="Output details">
        {selected ? (
          <>
            <div className="outputs__details-head">
              <strong>{selected.label}</strong>
              <span className="outputs__kind">{selected.kind}</span>
              <Button
                size="sm"
                icon="copy"
                onClick={() =>
                  void navigator.clipboard
                    .writeText(valueAsText(selected.value))
                    .then(() => notify({ kind: 'success', title: 'Copied', timeoutMs: 2000 }))
                    .catch((error: unknown) => notify({ kind: 'error', title: 'Could not copy', message: String(error) }))
                }
              >
                Copy value
              </Button>
              {selected.kind === 'file' && (
                <Button size="sm" icon="download" onClick={() => void downloadOutputFile(server.id, execution.id, selected.uri!)}>
                  Download
                </Button>
              )}
            </div>
            {selected.kind === 'file' ? (
              previewing === selected.uri ? (
                <FilePreview server={server} executionId={execution.id} uri={selected.uri!} />
              ) : (
                <div className="outputs__file">
                  <code>{selected.uri}</code>
                  <Button size="sm" onClick={() => setPreviewing(selected.uri!)}>
                    Preview
                  </Button>
                </div>
              )
            ) : (
              <pre className="outputs__value">{valueAsText(selected.value)}</pre>
            )}
          </>
        ) : (
          <p className="outputs__hint">Select an output to see its full value.</p>
        )}
      </aside>
    </div>
  );
}

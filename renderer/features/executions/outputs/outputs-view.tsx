// Outputs: a tree of the flow's outputs and each task run's (virtualized, filterable), with a
// details panel showing the full value as text, and preview and download for output files
// (`kestra:///…` URIs; main streams the download to disk).
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { ErrorView } from '../../../components/error-view';
import { Icon } from '../../../components/icons';
import { Loading } from '../../../components/misc';
import { notify } from '../../../components/toasts';
import { downloadFromServer } from '../../../components/download';
import { formatBytes } from '../../../lib/format';
import { filePreviewQueryOptions } from '../api/execution-queries';
import { TreeToggle } from '../lib/tree-toggle';
import { useVirtualRows } from '../lib/use-virtual-rows';
import { fileNameOf, flattenOutputs, valueAsText, type OutputNode } from './outputs-tree';
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

export function OutputsView({ execution, server }: { execution: Execution; server: ServerView }) {
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const [filter, setFilter] = useState('');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const nodes = useMemo(() => flattenOutputs(execution, { toggled, filter }), [execution, toggled, filter]);
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

  const hasOutputs = (execution.outputs && Object.keys(execution.outputs).length > 0) || (execution.taskRunList ?? []).some((r) => r.outputs && Object.keys(r.outputs).length > 0);
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

// The KV store pane: one namespace's pairs (with those inherited from parent namespaces shown
// apart), or every namespace's at once when none is chosen. Sort, search, typed create and edit,
// delete and bulk delete with undo, export/import with a preview, copy to another namespace or
// server, and a Hide values switch that masks every value (for screen sharing).
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { KvEntry } from '../../../main/contract/kestra-model';
import { ActionButton } from '../../components/action-button';
import { Button, IconButton, WriteButton } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { DataStatus } from '../../components/data-status';
import { ErrorView, describeError } from '../../components/error-view';
import { Loading, RelativeTime } from '../../components/misc';
import { notify } from '../../components/toasts';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { useActionContext, useProvideView } from '../../lib/actions';
import { featureGate, useCapabilities } from '../../lib/capabilities';
import type { PaneProps } from '../../lib/pane';
import { writePolicy } from '../../lib/servers';
import { kvExpression } from './lib/kv-key';
import { parseKvImport, type KvRecord } from './lib/kv-transfer';
import { filterKvEntries, isExpired, markOverridden, sortKvEntries, type KvSort, type KvSortColumn } from './lib/kv-table-model';
import { DEFAULT_KV_VIEW, useKvDisplay } from './kv-display';
import { deleteKvEntries, kvExportAction, kvImportAction, kvNewAction, kvRefreshAction, kvView } from './kv-actions';
import { KvEditorDialog, type KvEditorTarget } from './kv-editor-dialog';
import { kvInheritedOptions, kvListOptions, kvSearchOptions, kvValueOptions } from './kv-queries';
import { KvTransferDialog, type KvTransferSource } from './kv-transfer-dialog';
import { KvTypeCell, KvValueCell } from './kv-value-cell';
import './kv.css';

const rowId = (e: KvEntry): string => `${e.namespace}\u0000${e.key}`;

export function KvPane({ server, namespace, location }: PaneProps) {
  const context = useActionContext({ server, namespace, location });
  const client = context.queryClient;
  const policy = writePolicy(server);
  // Search, sort and hidden values outlive the pane (kv-display.ts); the selection is this moment's.
  const { query, sort } = useKvDisplay((state) => state.views[server.id] ?? DEFAULT_KV_VIEW);
  const setView = useKvDisplay((state) => state.setView);
  const setQuery = (next: string): void => setView(server.id, { query: next });
  const setSort = (next: KvSort): void => setView(server.id, { sort: next });
  const hideValues = useKvDisplay((state) => state.hideValues);
  const setHideValues = useKvDisplay((state) => state.setHideValues);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editor, setEditor] = useState<KvEditorTarget | undefined>(undefined);
  const [transfer, setTransfer] = useState<KvTransferSource | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);

  const list = useQuery({ ...kvListOptions(server.id, namespace ?? ''), enabled: !!namespace });
  const capabilities = useCapabilities(server.id);
  const inheritance = featureGate(capabilities, 'kv.inheritance');
  const searchable = featureGate(capabilities, 'kv.search');
  // On 0.x, `…/kv/inheritance` is the get-one-key route: never asked there.
  const inherited = useQuery({ ...kvInheritedOptions(server.id, namespace ?? ''), enabled: !!namespace && inheritance.available });
  const global = useQuery({ ...kvSearchOptions(server.id, '', searchable.available), enabled: !namespace && !searchable.pending });
  const source = namespace ? list : global;
  const entries: KvEntry[] = useMemo(() => (namespace ? (list.data ?? []) : (global.data?.results ?? [])), [namespace, list.data, global.data]);
  const rows = useMemo(() => sortKvEntries(filterKvEntries(entries, query), sort), [entries, query, sort]);
  const inheritedRows = useMemo(() => markOverridden(entries, filterKvEntries(inherited.data ?? [], query)), [entries, inherited.data, query]);
  const existingKeys = useMemo(() => new Set((list.data ?? []).map((e) => e.key)), [list.data]);
  const selectedEntries = rows.filter((e) => selected.has(rowId(e)));

  const refresh = (): void => void kvRefreshAction.perform(context);

  const openEditor = async (entry: KvEntry): Promise<void> => {
    try {
      const value = await client.fetchQuery(kvValueOptions(server.id, entry.namespace, entry.key));
      setEditor({ namespace: entry.namespace, entry, type: value.type, value: value.value });
    } catch (error) {
      notify({ kind: 'error', title: `Could not read ${entry.key}`, message: describeError(error) });
      refresh();
    }
  };

  const remove = async (targets: KvEntry[]): Promise<void> => {
    if (await deleteKvEntries(context, targets)) setSelected(new Set());
  };

  const copyExpression = async (entry: KvEntry): Promise<void> => {
    const text = kvExpression(entry.key, namespace && entry.namespace === namespace ? undefined : entry.namespace);
    try {
      await navigator.clipboard.writeText(text);
      notify({ kind: 'success', title: 'Copied', message: text });
    } catch {
      notify({ kind: 'warning', title: 'Could not use the clipboard', message: text, timeoutMs: 0 });
    }
  };

  const importFile = async (file: File): Promise<void> => {
    if (file.size > 50 * 1024 * 1024) {
      notify({ kind: 'error', title: 'File too large', message: `${file.name} is over 50 MB; a KV export is much smaller.` });
      return;
    }
    const parsed = parseKvImport(await file.text());
    if (!parsed.ok) {
      notify({ kind: 'error', title: `Cannot import ${file.name}`, message: parsed.error, timeoutMs: 0 });
      return;
    }
    setTransfer({ mode: 'import', records: parsed.data.records, invalid: parsed.data.invalid, fromNamespace: parsed.data.namespace, fileName: file.name });
  };

  const copySelected = async (): Promise<void> => {
    const from = namespace ?? selectedEntries[0]?.namespace;
    if (!from) return;
    const sameNs = selectedEntries.filter((e) => e.namespace === from);
    try {
      const records: KvRecord[] = [];
      for (const e of sameNs) {
        const v = await client.fetchQuery(kvValueOptions(server.id, e.namespace, e.key));
        records.push({ key: e.key, type: v.type, value: v.value, description: e.description, expirationDate: e.expirationDate });
      }
      setTransfer({ mode: 'copy', records, fromNamespace: from });
    } catch (error) {
      notify({ kind: 'error', title: 'Could not read the selected keys', message: describeError(error) });
    }
  };

  // What the pane's actions (toolbar, palette, shortcuts) ask of it.
  useProvideView(kvView, {
    openEditor: setEditor,
    pickImportFile: () => fileInput.current?.click(),
    focusSearch: () => searchInput.current?.focus(),
  });

  const columns: Column<KvEntry>[] = [
    { id: 'key', header: 'Key', width: 'minmax(160px, 1.2fr)', sortable: true, render: (e) => <span className={`kv-mono${isExpired(e) ? ' kv-expired' : ''}`}>{e.key}</span> },
    ...(!namespace ? [{ id: 'namespace', header: 'Namespace', width: 'minmax(120px, 1fr)', sortable: true, render: (e: KvEntry) => <span className="kv-mono">{e.namespace}</span> }] : []),
    { id: 'type', header: 'Type', width: '110px', render: (e) => <KvTypeCell serverId={server.id} namespace={e.namespace} kvKey={e.key} /> },
    { id: 'value', header: 'Value', width: 'minmax(160px, 2fr)', render: (e) => <KvValueCell serverId={server.id} namespace={e.namespace} kvKey={e.key} /> },
    { id: 'description', header: 'Description', width: 'minmax(100px, 1fr)', sortable: true, render: (e) => e.description ?? '' },
    { id: 'updateDate', header: 'Updated', width: '110px', sortable: true, render: (e) => <RelativeTime date={e.updateDate} /> },
    {
      id: 'expirationDate',
      header: 'Expires',
      width: '110px',
      sortable: true,
      render: (e) => (e.expirationDate ? isExpired(e) ? <span className="kv-expired">Expired</span> : <RelativeTime date={e.expirationDate} /> : <span className="kv-muted">Never</span>),
    },
    {
      id: 'actions',
      header: 'Actions',
      width: '132px',
      render: (e) => (
        <span className="kv-actions">
          <IconButton size="sm" icon="copy" label={`Copy expression for ${e.key}`} onClick={(ev) => (ev.stopPropagation(), void copyExpression(e))} />
          <IconButton size="sm" icon="edit" label={`Edit ${e.key}`} disabledReason={policy.canWrite ? undefined : policy.reason} onClick={(ev) => (ev.stopPropagation(), void openEditor(e))} />
          <IconButton size="sm" icon="trash" label={`Delete ${e.key}`} disabledReason={policy.canWrite ? undefined : policy.reason} onClick={(ev) => (ev.stopPropagation(), void remove([e]))} />
        </span>
      ),
    },
  ];

  return (
    <section className="kv-pane" aria-label="KV store">
      <header className="kv-toolbar">
        <h2 className="kv-title">
          KV store <span className="kv-muted">· {namespace ?? 'All namespaces'}</span>
        </h2>
        <input
          ref={searchInput}
          type="search"
          className="kv-search"
          placeholder="Search keys and descriptions"
          aria-label="Search keys"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ActionButton action={kvNewAction} context={context} variant="primary" icon="plus" />
        <ActionButton action={kvImportAction} context={context} icon="upload" />
        <ActionButton action={kvExportAction} context={context} icon="download" />
        <Button aria-pressed={hideValues} icon="lock" title="For screen sharing: every value is masked until shown again" onClick={() => setHideValues(!hideValues)}>
          Hide values
        </Button>
        <ActionButton action={kvRefreshAction} context={context} iconOnly icon="refresh" />
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="KV export file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </header>
      {selectedEntries.length > 0 && (
        <div className="kv-selection" role="toolbar" aria-label="Selected keys">
          <span>{selectedEntries.length} selected</span>
          <Button size="sm" icon="copy" onClick={() => void copySelected()} disabledReason={!namespace && new Set(selectedEntries.map((e) => e.namespace)).size > 1 ? 'Select keys of one namespace to copy' : undefined}>
            Copy to…
          </Button>
          <WriteButton server={server} size="sm" variant="danger" icon="trash" onClick={() => void remove(selectedEntries)}>
            {`Delete ${selectedEntries.length} selected`}
          </WriteButton>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      )}
      <div className="kv-body">
        {source.data !== undefined && <DataStatus serverId={server.id} query={source} what="KV pairs" onRetry={() => void source.refetch()} />}
        {source.isPending && source.fetchStatus !== 'idle' ? (
          <Loading label="Loading KV pairs…" />
        ) : source.isError && source.data === undefined ? (
          <ErrorView error={source.error} serverId={server.id} title="Could not list the KV pairs" onRetry={() => void source.refetch()} />
        ) : (
          <VirtualTable
            label={namespace ? `KV pairs of ${namespace}` : 'KV pairs of all namespaces'}
            className="kv-table"
            rows={rows}
            columns={columns}
            getRowId={rowId}
            getRowLabel={(e) => `${e.namespace} ${e.key}`}
            selection={{ selected, onChange: setSelected }}
            sort={{ columnId: sort.column, direction: sort.direction }}
            onSortChange={(s) => setSort({ column: s.columnId as KvSortColumn, direction: s.direction })}
            onActivate={(e) => policy.canWrite && void openEditor(e)}
            totalCount={!namespace ? global.data?.total : undefined}
            empty={
              <EmptyState icon="key" title={query ? 'No key matches' : 'No KV pairs yet'}>
                {query ? `Nothing matches "${query}".` : namespace ? `Namespace ${namespace} has no KV pairs.` : 'No namespace has KV pairs.'}
              </EmptyState>
            }
          />
        )}
        {!namespace && global.data && global.data.total > global.data.results.length && (
          <p className="kv-muted" role="status">
            Showing the first {global.data.results.length} of {global.data.total} keys; choose a namespace to see all of its keys.
          </p>
        )}
        {namespace && !inheritance.available && inheritance.reason && (
          <p className="kv-muted" role="note">
            Keys inherited from parent namespaces are not shown: {inheritance.reason}
          </p>
        )}
        {namespace && inherited.isError && <ErrorView error={inherited.error} title="Could not list inherited KV pairs" compact onRetry={() => void inherited.refetch()} />}
        {namespace && inheritedRows.length > 0 && (
          <section className="kv-inherited" aria-label="Inherited KV pairs">
            <h3>Inherited from parent namespaces</h3>
            <table className="kv-inherited__table">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">From</th>
                  <th scope="col">Type</th>
                  <th scope="col">Value</th>
                  <th scope="col">Description</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {inheritedRows.map((e) => (
                  <tr key={rowId(e)} className={e.overridden ? 'kv-inherited--overridden' : undefined} title={e.overridden ? `Overridden by ${namespace}` : undefined}>
                    <td className="kv-mono">
                      {e.key}
                      {e.overridden && <span className="kv-muted"> (overridden)</span>}
                    </td>
                    <td className="kv-mono">{e.namespace}</td>
                    <td>
                      <KvTypeCell serverId={server.id} namespace={e.namespace} kvKey={e.key} />
                    </td>
                    <td>
                      <KvValueCell serverId={server.id} namespace={e.namespace} kvKey={e.key} />
                    </td>
                    <td>{e.description}</td>
                    <td>{e.expirationDate ? <RelativeTime date={e.expirationDate} /> : 'Never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
      {editor && <KvEditorDialog server={server} target={editor} existingKeys={editor.namespace === namespace ? existingKeys : new Set()} onClose={() => setEditor(undefined)} />}
      {transfer && <KvTransferDialog server={server} namespace={namespace} source={transfer} onClose={() => setTransfer(undefined)} />}
    </section>
  );
}

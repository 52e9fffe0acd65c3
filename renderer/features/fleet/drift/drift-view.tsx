// The drift matrix: namespaces × servers against a reference server. Each cell says same,
// different, missing or extra for flows (source hashes), files (sizes) and KV keys, from one
// inventory call per server (the servers answer in parallel, each column as soon as it can), and
// opens the diff. Refresh reads everything again; each column says when it was computed.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ServerInventory } from '../../../../main/contract/fleet';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { describeError } from '../../../components/error-view';
import { Spinner } from '../../../components/misc';
import { namespacesQueryOptions } from '../../../lib/namespaces';
import { kestraKeys } from '../../../lib/query-keys';
import { ItemCompare, type CompareTarget } from '../compare/item-compare';
import { inventoryQueryOptions } from '../fleet-queries';
import { useFleetUi } from '../fleet-ui-store';
import { compareCell, describeCell, describeInventory, PART_NAMES, PARTS, type CellDiff, type Part } from '../lib/drift-model';

const time = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleTimeString() : '');

interface OpenCell {
  namespace: string;
  server: ServerView;
  reference: ServerView;
  diff: CellDiff;
}

function targetOf(part: Part, namespace: string, name: string): CompareTarget {
  return part === 'flows' ? { kind: 'flow', namespace, id: name } : part === 'files' ? { kind: 'file', namespace, path: name } : { kind: 'kv', namespace, key: name };
}

function DriftDialog({ cell, onClose }: { cell: OpenCell; onClose(): void }) {
  const items = PARTS.flatMap((part) =>
    (['different', 'missing', 'extra', 'same'] as const).flatMap((kind) => cell.diff.parts[part][kind].map((name) => ({ part, kind, name, id: `${part}:${name}` }))),
  );
  const [chosen, setChosen] = useState(() => items.find((item) => item.kind !== 'same')?.id ?? items[0]?.id);
  const item = items.find((candidate) => candidate.id === chosen);
  return (
    <Dialog title={`${cell.namespace}: ${cell.reference.name} ↔ ${cell.server.name}`} size="full" onClose={onClose} description={describeCell(cell.diff)}>
      <div className="fleet-drift-dialog">
        <ul className="fleet-drift-dialog__items" aria-label="Items of the namespace">
          {items.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className={`fleet-drift-item fleet-drift-item--${candidate.kind}`}
                aria-pressed={candidate.id === chosen}
                aria-label={`${PART_NAMES[candidate.part].one} ${candidate.name}: ${candidate.kind}`}
                onClick={() => setChosen(candidate.id)}
              >
                <span className="fleet-drift-item__kind">{candidate.kind}</span> {PART_NAMES[candidate.part].one} {candidate.name}
              </button>
            </li>
          ))}
          {items.length === 0 && <li className="fleet-muted">Nothing in this namespace on either server.</li>}
        </ul>
        <div className="fleet-drift-dialog__diff">
          {cell.diff.errors.length > 0 && (
            <p className="fleet-failures__problem" role="alert">
              Not everything could be read: {cell.diff.errors.join('; ')}
            </p>
          )}
          {item && <ItemCompare key={item.id} target={targetOf(item.part, cell.namespace, item.name)} left={cell.reference} right={cell.server} />}
        </div>
      </div>
    </Dialog>
  );
}

export function DriftView({ servers }: { servers: readonly ServerView[] }) {
  const queryClient = useQueryClient();
  const storedReference = useFleetUi((state) => state.driftReference);
  const filter = useFleetUi((state) => state.driftFilter);
  const setDrift = useFleetUi((state) => state.setDrift);
  const reference = servers.find((server) => server.id === storedReference) ?? servers[0];
  const [open, setOpen] = useState<OpenCell | undefined>();

  const namespaceLists = useQueries({ queries: servers.map((server) => ({ ...namespacesQueryOptions(server.id), retry: false })) });
  const listsSettled = namespaceLists.every((query) => !query.isPending);
  const allNamespaces = useMemo(() => [...new Set(namespaceLists.flatMap((query) => query.data ?? []))].sort(), [namespaceLists]);
  const needle = filter.trim().toLowerCase();
  const namespaces = useMemo(() => allNamespaces.filter((namespace) => !needle || namespace.toLowerCase().includes(needle)), [allNamespaces, needle]);

  // Every server is asked about the same namespaces, once every list is in.
  const inventories = useQueries({ queries: servers.map((server) => ({ ...inventoryQueryOptions(server.id, allNamespaces), enabled: listsSettled && allNamespaces.length > 0 })) });
  const byServer = new Map(servers.map((server, index) => [server.id, inventories[index]!]));
  const referenceInventory = reference ? (byServer.get(reference.id)?.data as ServerInventory | undefined) : undefined;
  const answered = inventories.filter((query) => query.data || query.error).length;
  const busy = !listsSettled || inventories.some((query) => query.isFetching);

  const refresh = async (): Promise<void> => {
    await Promise.all(servers.map((server) => queryClient.invalidateQueries({ queryKey: kestraKeys.namespaces(server.id) })));
    await Promise.all(servers.map((server) => queryClient.invalidateQueries({ queryKey: [...kestraKeys.server(server.id), 'fleet', 'inventory'] })));
  };

  return (
    <div className="fleet-drift">
      <div className="fleet-toolbar">
        <label className="fleet-field">
          <span>Reference</span>
          <select value={reference?.id ?? ''} aria-label="Reference server" onChange={(event) => setDrift({ reference: event.target.value })}>
            {servers.map((server) => (
              <option key={server.id} value={server.id}>
                {server.name}
              </option>
            ))}
          </select>
        </label>
        <input type="search" aria-label="Filter namespaces" placeholder="Filter namespaces" value={filter} onChange={(event) => setDrift({ filter: event.target.value })} />
        {/* Never busy-disabled: a refresh during a refresh starts over (the user may have just changed something). */}
        <Button icon="refresh" onClick={() => void refresh()} aria-label="Refresh the drift matrix">
          Refresh
        </Button>
        <span className="fleet-muted" role="status" aria-live="polite">
          {busy ? <Spinner label="Reading the servers" /> : null}{' '}
          {!listsSettled
            ? 'Listing namespaces…'
            : `${namespaces.length} of ${allNamespaces.length} namespaces · ${answered} of ${servers.length} servers answered · flows by source hash, files by size, KV by key`}
        </span>
      </div>
      <div className="fleet-drift__scroll">
        <table className="fleet-matrix" aria-label="Drift matrix">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              {servers.map((server) => {
                const query = byServer.get(server.id)!;
                return (
                  <th key={server.id} scope="col" style={{ ['--server-color' as string]: server.color }} className={server.id === reference?.id ? 'fleet-matrix__reference' : undefined}>
                    <span className="fleet-row__swatch" aria-hidden="true" /> {server.name}
                    {server.id === reference?.id && <span className="fleet-muted"> (reference)</span>}
                    <div className="fleet-matrix__time">
                      {query.isFetching ? <Spinner label={`Reading ${server.name}`} /> : null}
                      {query.data ? `computed ${time(query.data.computedAt)}` : query.error ? 'failed' : ''}
                    </div>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {namespaces.map((namespace) => (
              <tr key={namespace}>
                <th scope="row">{namespace}</th>
                {servers.map((server) => {
                  const query = byServer.get(server.id)!;
                  const computed = query.data ? ` (computed ${time(query.data.computedAt)})` : '';
                  if (query.error) {
                    return (
                      <td key={server.id} className="fleet-cell fleet-cell--error" title={describeError(query.error)}>
                        error
                      </td>
                    );
                  }
                  if (!query.data || (!referenceInventory && server.id !== reference?.id)) {
                    return (
                      <td key={server.id} className="fleet-cell fleet-cell--pending">
                        …
                      </td>
                    );
                  }
                  const mine = query.data.namespaces[namespace];
                  if (server.id === reference?.id) {
                    return (
                      <td key={server.id} className="fleet-cell fleet-cell--reference" title={`Reference${computed}`}>
                        {describeInventory(mine)}
                      </td>
                    );
                  }
                  const diff = compareCell(referenceInventory?.namespaces[namespace], mine);
                  const text = describeCell(diff);
                  return (
                    <td key={server.id} className={`fleet-cell fleet-cell--${diff.status}`}>
                      {diff.status === 'absent' ? (
                        <span className="fleet-muted">—</span>
                      ) : (
                        <button
                          type="button"
                          className="fleet-cell__button"
                          aria-label={`${namespace} on ${server.name}: ${text}`}
                          title={`${text}${computed}${diff.errors.length ? ` · ${diff.errors.join('; ')}` : ''}`}
                          onClick={() => reference && setOpen({ namespace, server, reference, diff })}
                        >
                          <span className="fleet-cell__status">{diff.status}</span>
                          {diff.status === 'different' && <span className="fleet-cell__detail">{text}</span>}
                          {diff.errors.length > 0 && <span className="fleet-cell__warn"> ⚠</span>}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {listsSettled && namespaces.length === 0 && (
              <tr>
                <td colSpan={servers.length + 1} className="fleet-muted">
                  {allNamespaces.length === 0 ? 'No namespaces on any server.' : 'No namespace matches the filter.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {open && <DriftDialog cell={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}

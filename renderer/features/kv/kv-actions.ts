// The KV store's one write path, and its commands. Every `kv.put` and `kv.delete` the console
// sends is here, as a mutation that invalidates exactly what the write makes stale; the pane, its
// dialogs, the palette and the shortcuts all go through these.
import { mutationOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { Confirmation } from '../../../main/contract/method-policy';
import type { KvPutParams } from '../../../main/contract/methods';
import type { KvEntry } from '../../../main/contract/kestra-model';
import { confirmDestructive } from '../../components/confirm';
import { describeError } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { defineView, isPaneActive, type ActionContext, type ConsoleAction } from '../../lib/actions';
import { call } from '../../lib/call';
import { runMutation } from '../../lib/mutations';
import { writeBlockedReason, writePolicy } from '../../lib/servers';
import { buildKvExport, kvExportFileName, ttlFromExpiration, type KvRecord } from './lib/kv-transfer';
import { kvKeys, kvValueOptions, readNamespaceRecords } from './kv-queries';
import type { KvEditorTarget } from './kv-editor-dialog';

/**
 * Whether a cached KV query is stale after `keys` of `namespace` changed on `serverId`: that
 * namespace's list, those keys' values, every search over the server, and the inherited lists of
 * namespaces below it (they show the parent's pairs). Nothing else: other namespaces keep their cache.
 */
export function isStaleAfterKvWrite(queryKey: QueryKey, serverId: string, namespace: string, keys: readonly string[]): boolean {
  const root = kvKeys.all(serverId);
  if (!root.every((part, index) => queryKey[index] === part)) return false;
  const [kind, ns, key] = queryKey.slice(root.length) as [string, string | undefined, string | undefined];
  if (kind === 'search') return true;
  if (kind === 'list') return ns === namespace;
  if (kind === 'inherited') return typeof ns === 'string' && ns.startsWith(`${namespace}.`);
  if (kind === 'value') return ns === namespace && keys.includes(key ?? '');
  return false;
}

function invalidateKvWrite(client: QueryClient, serverId: string, namespace: string, keys: readonly string[]): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => isStaleAfterKvWrite(query.queryKey, serverId, namespace, keys) });
}

function putOne(params: KvPutParams & { serverId: string }, signal?: AbortSignal): Promise<null> {
  return call('kv.put', params, { signal });
}

/** Creates or replaces one pair. */
export const kvPut = mutationOptions({
  mutationKey: ['kv', 'put'],
  mutationFn: (params: KvPutParams & { serverId: string }) => putOne(params),
  onSuccess: (_data, params, _result, { client }) => invalidateKvWrite(client, params.serverId, params.namespace, [params.key]),
});

export interface KvWrite {
  record: KvRecord;
  /** Remaining life to send (ISO duration), from the record's expiry. */
  ttl?: string;
}

export interface KvWriteManyResult {
  written: number;
  failed: { key: string; message: string }[];
  /** The signal stopped it before the end. */
  stopped: boolean;
}

/** Writes many pairs into one namespace (import, copy, undo of a delete), one by one with progress; stale queries are invalidated once, at the end. */
export const kvWriteMany = mutationOptions({
  mutationKey: ['kv', 'put-many'],
  mutationFn: async ({ serverId, namespace, writes, signal, onProgress }: { serverId: string; namespace: string; writes: KvWrite[]; signal?: AbortSignal; onProgress?: (done: number) => void }): Promise<KvWriteManyResult> => {
    const result: KvWriteManyResult = { written: 0, failed: [], stopped: false };
    for (const { record, ttl } of writes) {
      if (signal?.aborted) break;
      try {
        await putOne({ serverId, namespace, key: record.key, type: record.type, value: record.value, ttl, description: record.description }, signal);
        result.written += 1;
      } catch (error) {
        if (signal?.aborted) break;
        result.failed.push({ key: record.key, message: error instanceof Error ? error.message : String(error) });
      }
      onProgress?.(result.written + result.failed.length);
    }
    result.stopped = !!signal?.aborted;
    return result;
  },
  onSettled: (_data, _error, { serverId, namespace, writes }, _result, { client }) => invalidateKvWrite(client, serverId, namespace, writes.map((write) => write.record.key)),
});

/** Deletes keys of one namespace (one request for one key, a bulk one for several); resolves with how many went. */
export const kvDelete = mutationOptions({
  mutationKey: ['kv', 'delete'],
  mutationFn: async ({ serverId, namespace, keys, confirmation }: { serverId: string; namespace: string; keys: string[] } & Confirmation): Promise<number> => {
    if (keys.length === 1) return (await call('kv.delete', { serverId, namespace, key: keys[0]!, confirmation })).deleted ? 1 : 0;
    return (await call('kv.deleteMany', { serverId, namespace, keys, confirmation })).deleted.length;
  },
  // Settled, not only success: a bulk delete that failed half-way still changed the namespace.
  onSettled: async (_data, _error, { serverId, namespace, keys }, _result, { client }) => {
    // A deleted key's value is gone, not stale: refetching it would only answer 404.
    for (const key of keys) client.removeQueries({ queryKey: kvKeys.value(serverId, namespace, key), exact: true });
    await invalidateKvWrite(client, serverId, namespace, keys);
  },
});

/** Deletes pairs after confirmation (the server's name typed when its policy asks: main checks it), offering Undo (the values already read for the table are put back with their remaining TTL). */
export async function deleteKvEntries(context: ActionContext, targets: KvEntry[]): Promise<boolean> {
  const { server, queryClient } = context;
  if (!server || targets.length === 0 || !writePolicy(server).canWrite) return false;
  const one = targets.length === 1 ? targets[0]! : undefined;
  const confirmed = await confirmDestructive({
    title: one ? `Delete ${one.key}?` : `Delete ${targets.length} keys?`,
    message: one ? `The pair ${one.key} in ${one.namespace} will be deleted.` : `${targets.map((t) => t.key).slice(0, 10).join(', ')}${targets.length > 10 ? '…' : ''}`,
    confirmLabel: 'Delete',
    server,
  });
  if (!confirmed) return false;
  const backups = new Map<string, KvRecord[]>();
  for (const target of targets) {
    const cached = queryClient.getQueryData(kvValueOptions(server.id, target.namespace, target.key).queryKey);
    if (cached) backups.set(target.namespace, [...(backups.get(target.namespace) ?? []), { key: target.key, type: cached.type, value: cached.value, description: target.description, expirationDate: target.expirationDate }]);
  }
  const byNamespace = new Map<string, string[]>();
  for (const target of targets) byNamespace.set(target.namespace, [...(byNamespace.get(target.namespace) ?? []), target.key]);
  let deleted = 0;
  try {
    for (const [namespace, keys] of byNamespace) deleted += await runMutation(queryClient, kvDelete, { serverId: server.id, namespace, keys, ...confirmed });
  } catch (error) {
    notify({ kind: 'error', title: 'Delete failed', message: describeError(error) });
    return false;
  }
  const backedUp = [...backups.values()].reduce((sum, records) => sum + records.length, 0);
  notify({
    kind: 'success',
    title: one ? `Deleted ${one.key}` : `Deleted ${deleted} keys`,
    action:
      backedUp === targets.length
        ? {
            label: 'Undo',
            run: async () => {
              for (const [namespace, records] of backups) {
                // Each key gets what was left of its life; one that has expired meanwhile stays gone.
                const writes = records.flatMap((record): KvWrite[] => {
                  const ttl = ttlFromExpiration(record.expirationDate, Date.now());
                  return ttl === 'expired' ? [] : [{ record, ttl }];
                });
                await runMutation(queryClient, kvWriteMany, { serverId: server.id, namespace, writes });
              }
            },
          }
        : undefined,
  });
  return true;
}

function saveJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a namespace's pairs, with their values, as a KV export file. */
export async function exportKvNamespace(context: ActionContext): Promise<void> {
  const { server, namespace } = context;
  if (!server || !namespace) return;
  try {
    const { records, failed } = await readNamespaceRecords(server.id, namespace);
    saveJson(kvExportFileName(namespace), buildKvExport(namespace, records));
    notify({
      kind: failed.length ? 'warning' : 'success',
      title: `Exported ${records.length} pair(s) from ${namespace}`,
      message: failed.length ? `${failed.length} could not be read: ${failed.map((f) => f.key).join(', ')}` : undefined,
    });
  } catch (error) {
    notify({ kind: 'error', title: 'Export failed', message: describeError(error) });
  }
}

/** What only the mounted KV pane can do for an action. */
export interface KvView {
  openEditor(target: KvEditorTarget): void;
  /** Opens the file picker of an import. */
  pickImportFile(): void;
  focusSearch(): void;
}

export const kvView = defineView<KvView>('kv');

const onKvPane = (context: ActionContext): boolean => isPaneActive(context, 'kv');

export const kvNewAction: ConsoleAction = {
  id: 'kv.new',
  label: 'New KV pair',
  shortLabel: 'New pair',
  group: 'KV store',
  keywords: ['create', 'key', 'value'],
  shortcut: 'Mod+Alt+N',
  isAvailable: onKvPane,
  disabledReason: (context) => writeBlockedReason(context.server),
  perform: (context) => kvView.current()?.openEditor({ namespace: context.namespace ?? '' }),
};

export const kvImportAction: ConsoleAction = {
  id: 'kv.import',
  label: 'Import KV pairs from a file',
  shortLabel: 'Import…',
  group: 'KV store',
  keywords: ['json', 'upload'],
  isAvailable: onKvPane,
  disabledReason: (context) => writeBlockedReason(context.server),
  perform: () => kvView.current()?.pickImportFile(),
};

export const kvExportAction: ConsoleAction = {
  id: 'kv.export',
  label: "Export this namespace's KV pairs",
  shortLabel: 'Export',
  group: 'KV store',
  keywords: ['json', 'download', 'backup'],
  isAvailable: onKvPane,
  disabledReason: (context) => (context.namespace ? undefined : 'Choose a namespace to export'),
  perform: exportKvNamespace,
};

export const kvSearchAction: ConsoleAction = {
  id: 'kv.search',
  label: 'Search KV pairs',
  group: 'KV store',
  shortcut: 'Mod+F',
  isAvailable: onKvPane,
  perform: () => kvView.current()?.focusSearch(),
};

export const kvRefreshAction: ConsoleAction = {
  id: 'kv.refresh',
  label: 'Refresh KV pairs',
  group: 'KV store',
  shortcut: 'F5',
  isAvailable: onKvPane,
  // Not awaited: a refresh is never busy, so a second click while values are still reloading counts.
  perform: ({ server, queryClient }) => void (server && queryClient.invalidateQueries({ queryKey: kvKeys.all(server.id) })),
};

export const KV_ACTIONS: ConsoleAction[] = [kvNewAction, kvImportAction, kvExportAction, kvSearchAction, kvRefreshAction];

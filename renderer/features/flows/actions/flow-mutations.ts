// Every flow write the console sends (create, update, delete, and running a flow), each with the
// invalidations it needs. The workflows in flow-documents.tsx and the dialogs run these; nothing
// else in the renderer calls a flow write.
import { mutationOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { Label } from '../../../../main/contract/kestra-model';
import type { Confirmation } from '../../../../main/contract/method-policy';
import type { InputValues } from '../../../../main/contract/methods';
import type { LocalFileRef, TransferProgress } from '../../../../main/contract/transfer';
import { call, stageLocalFile } from '../../../lib/call';
import { kestraKeys } from '../../../lib/query-keys';

/**
 * Whether a cached query is stale after flow `namespace`.`id` was written on `serverId`: every
 * flow list and search (it may appear, change revision or disappear), that flow with its revisions,
 * and the namespace list (a flow may bring a new namespace). Other flows keep their cache.
 */
export function isStaleAfterFlowWrite(queryKey: QueryKey, serverId: string, namespace: string, id: string): boolean {
  if (queryKey[0] !== 'kestra' || queryKey[1] !== serverId) return false;
  if (queryKey[2] === 'namespaces') return true;
  if (queryKey[2] !== 'flows') return false;
  const kind = queryKey[3];
  // 'summary': counts shown elsewhere (the welcome guide's "has a flow yet?").
  if (kind === 'list' || kind === 'palette' || kind === 'summary') return true;
  return kind === 'flow' && queryKey[4] === namespace && queryKey[5] === id;
}

export function invalidateFlow(client: QueryClient, serverId: string, namespace: string, id: string): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => isStaleAfterFlowWrite(query.queryKey, serverId, namespace, id) });
}

/** `docKey`: the editor document the write comes from, so the editor can say it is saving. */
export const flowCreate = mutationOptions({
  mutationKey: ['flows', 'create'],
  mutationFn: ({ serverId, source }: { serverId: string; source: string; docKey?: string }) => call('flows.create', { serverId, source }),
  onSuccess: (created, { serverId }, _r, { client }) => invalidateFlow(client, serverId, created.namespace, created.id),
});

export const flowUpdate = mutationOptions({
  mutationKey: ['flows', 'update'],
  mutationFn: ({ serverId, namespace, id, source }: { serverId: string; namespace: string; id: string; source: string; docKey?: string }) => call('flows.update', { serverId, namespace, id, source }),
  onSuccess: (_saved, { serverId, namespace, id }, _r, { client }) => invalidateFlow(client, serverId, namespace, id),
});

export const flowDelete = mutationOptions({
  mutationKey: ['flows', 'delete'],
  mutationFn: ({ serverId, namespace, id, confirmation }: { serverId: string; namespace: string; id: string } & Confirmation) => call('flows.delete', { serverId, namespace, id, confirmation }),
  onSuccess: (_data, { serverId, namespace, id }, _r, { client }) => invalidateFlow(client, serverId, namespace, id),
});

export interface RunFlowVariables {
  serverId: string;
  namespace: string;
  flowId: string;
  inputs: InputValues;
  /** Files of the form's FILE inputs, staged first (their bytes never cross as JSON). */
  files: Record<string, File>;
  labels: Label[];
  scheduleDate?: string;
  signal: AbortSignal;
  /** Which file is being staged, and how far. */
  onStaging?(file: File, progress: TransferProgress): void;
  /** Called once the files are staged and the execution is being created. */
  onStarting?(): void;
}

/** Creates an execution. Never retried: a retry would run the flow twice. */
export const flowRun = mutationOptions({
  mutationKey: ['flows', 'run'],
  mutationFn: async ({ serverId, namespace, flowId, inputs, files, labels, scheduleDate, signal, onStaging, onStarting }: RunFlowVariables) => {
    const refs: Record<string, LocalFileRef> = {};
    for (const [input, file] of Object.entries(files)) {
      onStaging?.(file, { bytes: 0, total: file.size });
      refs[input] = await stageLocalFile(file, { signal, onProgress: (progress) => onStaging?.(file, progress) });
    }
    onStarting?.();
    return call('executions.trigger', { serverId, namespace, flowId, inputs, files: Object.keys(refs).length ? refs : undefined, labels, scheduleDate }, { signal });
  },
  // The new execution shows in every execution list, and in the flow list's "last execution".
  onSuccess: (_execution, { serverId }, _r, { client }) => client.invalidateQueries({ queryKey: kestraKeys.executions(serverId) }),
  // It holds the form's Files only while it runs.
  gcTime: 0,
});

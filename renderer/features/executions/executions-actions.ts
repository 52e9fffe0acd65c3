// The executions pane's one write path, and its commands. Each execution write (kill, restart,
// replay, resume, pause, change status, labels, delete, bulk) is a mutation with the invalidations
// it needs; the workflows around them (confirmation, typed server name, toasts) are defined once
// here and used by the header, the bulk bar, the palette and the shortcuts alike. Nothing runs on a
// read-only server, and nothing is retried automatically: a repeated POST could start a duplicate run.
import { mutationOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Execution, Label, StateType } from '../../../main/contract/kestra-model';
import type { Confirmation } from '../../../main/contract/method-policy';
import type { InputValues } from '../../../main/contract/methods';
import type { ServerView } from '../../../main/contract/servers';
import type { LocalFileRef } from '../../../main/contract/transfer';
import { confirmDestructive } from '../../components/confirm';
import { downloadFromServer } from '../../components/download';
import { describeError } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { isPaneActive, type ActionContext, type ConsoleAction } from '../../lib/actions';
import { call, stageLocalFile } from '../../lib/call';
import { plural } from '../../lib/format';
import { runMutation } from '../../lib/mutations';
import { writeBlockedReason, writePolicy } from '../../lib/servers';
import { isRunning } from '../../lib/states';
import { useWorkspace } from '../../lib/workspace-store';
import { executionKeys } from './api/execution-queries';
import { allowedActions } from './model/execution-state';

export type BulkAction = 'kill' | 'restart' | 'replay' | 'delete';

/**
 * Whether a cached query is stale after an execution write on `serverId`: every execution search
 * (lists, timeline, the flows pane's "last execution" column) and, when one execution changed, its
 * detail. Flow revisions an execution ran and file previews never change.
 */
export function isStaleAfterExecutionWrite(queryKey: QueryKey, serverId: string, executionId?: string): boolean {
  const root = executionKeys.all(serverId);
  if (!root.every((part, index) => queryKey[index] === part)) return false;
  const kind = queryKey[root.length];
  if (kind === 'search' || kind === 'latest-by-flow') return true;
  return kind === 'detail' && executionId !== undefined && queryKey[root.length + 1] === executionId;
}

function invalidateExecutions(client: QueryClient, serverId: string, executionId?: string): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => isStaleAfterExecutionWrite(query.queryKey, serverId, executionId) });
}

/** The answer of a write that returns the execution is its newest state: show it at once. */
function cacheAndInvalidate(client: QueryClient, serverId: string, execution: Execution, changedId: string): Promise<void> {
  client.setQueryData(executionKeys.detail(serverId, execution.id), execution);
  return invalidateExecutions(client, serverId, changedId);
}

interface OnExecution {
  serverId: string;
  executionId: string;
}

export const executionKill = mutationOptions({
  mutationKey: ['executions', 'kill'],
  mutationFn: ({ serverId, executionId, confirmation }: OnExecution & Confirmation) => call('executions.kill', { serverId, executionId, confirmation }),
  onSuccess: (_data, { serverId, executionId }, _result, { client }) => invalidateExecutions(client, serverId, executionId),
});

export const executionPause = mutationOptions({
  mutationKey: ['executions', 'pause'],
  mutationFn: ({ serverId, executionId }: OnExecution) => call('executions.pause', { serverId, executionId }),
  onSuccess: (_data, { serverId, executionId }, _result, { client }) => invalidateExecutions(client, serverId, executionId),
});

export const executionRestart = mutationOptions({
  mutationKey: ['executions', 'restart'],
  mutationFn: ({ serverId, executionId }: OnExecution) => call('executions.restart', { serverId, executionId }),
  onSuccess: (execution, { serverId, executionId }, _result, { client }) => cacheAndInvalidate(client, serverId, execution, executionId),
});

/** Replay creates a new execution (cached at once); the original is unchanged. */
export const executionReplay = mutationOptions({
  mutationKey: ['executions', 'replay'],
  mutationFn: ({ serverId, executionId, taskRunId }: OnExecution & { taskRunId?: string }) => call('executions.replay', { serverId, executionId, ...(taskRunId ? { taskRunId } : {}) }),
  onSuccess: (execution, { serverId }, _result, { client }) => {
    client.setQueryData(executionKeys.detail(serverId, execution.id), execution);
    return invalidateExecutions(client, serverId);
  },
});

/** Resumes a paused execution; the files of its form are staged first (their bytes never cross as JSON). */
export const executionResume = mutationOptions({
  mutationKey: ['executions', 'resume'],
  mutationFn: async ({ serverId, executionId, inputs, files }: OnExecution & { inputs: InputValues; files: Record<string, File> }) => {
    const refs: Record<string, LocalFileRef> = {};
    for (const [id, file] of Object.entries(files)) {
      try {
        refs[id] = await stageLocalFile(file);
      } catch (error) {
        throw new Error(`${file.name}: ${describeError(error)}`, { cause: error });
      }
    }
    return call('executions.resume', { serverId, executionId, inputs, ...(Object.keys(refs).length ? { files: refs } : {}) });
  },
  onSuccess: (_data, { serverId, executionId }, _result, { client }) => invalidateExecutions(client, serverId, executionId),
});

export const executionChangeStatus = mutationOptions({
  mutationKey: ['executions', 'change-status'],
  mutationFn: ({ serverId, executionId, status, confirmation }: OnExecution & { status: StateType } & Confirmation) => call('executions.changeStatus', { serverId, executionId, status, confirmation }),
  onSuccess: (execution, { serverId, executionId }, _result, { client }) => cacheAndInvalidate(client, serverId, execution, executionId),
});

export const executionSetLabels = mutationOptions({
  mutationKey: ['executions', 'set-labels'],
  mutationFn: ({ serverId, executionId, labels }: OnExecution & { labels: Label[] }) => call('executions.setLabels', { serverId, executionId, labels }),
  onSuccess: (execution, { serverId, executionId }, _result, { client }) => cacheAndInvalidate(client, serverId, execution, executionId),
});

export const executionDelete = mutationOptions({
  mutationKey: ['executions', 'delete'],
  mutationFn: ({ serverId, executionId, confirmation }: OnExecution & Confirmation) => call('executions.delete', { serverId, executionId, confirmation }),
  onSuccess: (_data, { serverId, executionId }, _result, { client }) => {
    // Gone, not stale: a refetch would only answer 404.
    client.removeQueries({ queryKey: executionKeys.detail(serverId, executionId) });
    return invalidateExecutions(client, serverId);
  },
});

export const executionsBulk = mutationOptions({
  mutationKey: ['executions', 'bulk'],
  mutationFn: ({ serverId, action, executionIds, confirmation }: { serverId: string; action: BulkAction; executionIds: string[] } & Confirmation) =>
    call('executions.bulk', { serverId, action, executionIds, confirmation }),
  // Every execution touched may be open somewhere: the whole server's executions are stale.
  onSettled: (_data, _error, { serverId }, _result, { client }) => client.invalidateQueries({ queryKey: executionKeys.all(serverId) }),
});

/** What the execution workflows need: the server they act on and the window's QueryClient. */
export type ExecutionScope = { server: ServerView; queryClient: QueryClient };

const BULK_VERBS: Record<BulkAction, { title: string; done: string; danger: boolean }> = {
  kill: { title: 'Kill', done: 'Killed', danger: true },
  restart: { title: 'Restart', done: 'Restarted', danger: false },
  replay: { title: 'Replay', done: 'Replayed', danger: false },
  delete: { title: 'Delete', done: 'Deleted', danger: true },
};

function refuseReadOnly(server: ServerView): boolean {
  const policy = writePolicy(server);
  if (policy.canWrite) return false;
  notify({ kind: 'warning', title: 'Not allowed', message: policy.reason });
  return true;
}

async function attempt<T>(title: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    notify({ kind: 'error', title, message: describeError(error) });
    return undefined;
  }
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 10)}…` : id;
}

function on({ server }: ExecutionScope, execution: Execution): OnExecution {
  return { serverId: server.id, executionId: execution.id };
}

export async function killExecution(scope: ExecutionScope, execution: Execution): Promise<boolean> {
  const { server, queryClient } = scope;
  if (refuseReadOnly(server)) return false;
  const confirmed = await confirmDestructive({
    title: 'Kill execution',
    message: `Kill ${execution.flowId} ${short(execution.id)} on ${server.name}? Running tasks are stopped; this cannot be undone.`,
    confirmLabel: 'Kill',
    server,
  });
  if (!confirmed) return false;
  const done = await attempt('Could not kill the execution', () => runMutation(queryClient, executionKill, { ...on(scope, execution), ...confirmed }));
  if (done === undefined) return false;
  notify({ kind: 'success', title: 'Kill requested', message: `${execution.flowId} ${short(execution.id)} is being killed.` });
  return true;
}

export async function restartExecution(scope: ExecutionScope, execution: Execution): Promise<boolean> {
  if (refuseReadOnly(scope.server)) return false;
  const restarted = await attempt('Could not restart the execution', () => runMutation(scope.queryClient, executionRestart, on(scope, execution)));
  if (!restarted) return false;
  notify({ kind: 'success', title: 'Restarted', message: `${execution.flowId} ${short(execution.id)} restarts from its failed tasks.` });
  return true;
}

/** Returns the new execution (replay creates one). */
export async function replayExecution(scope: ExecutionScope, execution: Execution, taskRunId?: string): Promise<Execution | undefined> {
  if (refuseReadOnly(scope.server)) return undefined;
  const replayed = await attempt('Could not replay the execution', () => runMutation(scope.queryClient, executionReplay, { ...on(scope, execution), taskRunId }));
  if (!replayed) return undefined;
  notify({ kind: 'success', title: 'Replay started', message: `New execution ${short(replayed.id)}.` });
  return replayed;
}

/** Resumes with the Pause task's inputs. Errors are thrown back to the form (422 names the input). */
export async function resumeExecution(scope: ExecutionScope, execution: Execution, inputs: InputValues, files: Record<string, File>): Promise<boolean> {
  if (refuseReadOnly(scope.server)) return false;
  await runMutation(scope.queryClient, executionResume, { ...on(scope, execution), inputs, files });
  notify({ kind: 'success', title: 'Resumed', message: `${execution.flowId} ${short(execution.id)} continues.` });
  return true;
}

export async function pauseExecution(scope: ExecutionScope, execution: Execution): Promise<boolean> {
  if (refuseReadOnly(scope.server)) return false;
  const done = await attempt('Could not pause the execution', () => runMutation(scope.queryClient, executionPause, on(scope, execution)));
  if (done === undefined) return false;
  notify({ kind: 'success', title: 'Pause requested', message: `${execution.flowId} ${short(execution.id)} pauses after its running tasks.` });
  return true;
}

export async function changeExecutionStatus(scope: ExecutionScope, execution: Execution, status: StateType): Promise<boolean> {
  const { server } = scope;
  if (refuseReadOnly(server)) return false;
  // The status dialog is the confirmation; a policy that wants the name typed asks once more.
  let confirmed: Confirmation | null = {};
  if (writePolicy(server).confirmByName) {
    confirmed = await confirmDestructive({
      title: 'Change status',
      message: `Set ${execution.flowId} ${short(execution.id)} to ${status} on ${server.name}? Only the recorded state changes.`,
      confirmLabel: `Set ${status}`,
      server,
      danger: false,
    });
    if (!confirmed) return false;
  }
  const confirmation = confirmed;
  const changed = await attempt('Could not change the status', () => runMutation(scope.queryClient, executionChangeStatus, { ...on(scope, execution), status, ...confirmation }));
  return !!changed;
}

/** Saves labels; errors are thrown back to the dialog. */
export async function setExecutionLabels(scope: ExecutionScope, execution: Execution, labels: Label[]): Promise<boolean> {
  if (refuseReadOnly(scope.server)) return false;
  await runMutation(scope.queryClient, executionSetLabels, { ...on(scope, execution), labels });
  notify({ kind: 'success', title: 'Labels saved' });
  return true;
}

export async function deleteExecution(scope: ExecutionScope, execution: Execution): Promise<boolean> {
  const { server } = scope;
  if (refuseReadOnly(server)) return false;
  const confirmed = await confirmDestructive({
    title: 'Delete execution',
    message: `Delete ${execution.flowId} ${short(execution.id)} with its logs and outputs from ${server.name}? This cannot be undone.`,
    confirmLabel: 'Delete',
    server,
  });
  if (!confirmed) return false;
  const done = await attempt('Could not delete the execution', () => runMutation(scope.queryClient, executionDelete, { ...on(scope, execution), ...confirmed }));
  if (done === undefined) return false;
  notify({ kind: 'success', title: 'Execution deleted', message: `${execution.flowId} ${short(execution.id)}` });
  return true;
}

/** Runs a bulk action on the given ids after a confirmation that says how many it touches; resolves with how many the server acted on. */
export async function bulkExecutions(scope: ExecutionScope, action: BulkAction, executionIds: string[]): Promise<number | undefined> {
  const { server } = scope;
  if (executionIds.length === 0 || refuseReadOnly(server)) return undefined;
  const verb = BULK_VERBS[action];
  const listed = executionIds.slice(0, 8).map(short).join(', ');
  const confirmed = await confirmDestructive({
    title: `${verb.title} ${plural(executionIds.length, 'execution')}`,
    message: `${verb.title} ${plural(executionIds.length, 'execution')} on ${server.name}: ${listed}${executionIds.length > 8 ? ` and ${executionIds.length - 8} more` : ''}.`,
    confirmLabel: `${verb.title} ${executionIds.length}`,
    server,
    danger: verb.danger,
  });
  if (!confirmed) return undefined;
  const result = await attempt(`Could not ${action} the executions`, () => runMutation(scope.queryClient, executionsBulk, { serverId: server.id, action, executionIds, ...confirmed }));
  if (!result) return undefined;
  notify({
    kind: result.count === executionIds.length ? 'success' : 'warning',
    title: `${verb.done} ${plural(result.count, 'execution')}`,
    message:
      result.count === executionIds.length ? undefined : `The server acted on ${result.count} of the ${executionIds.length} selected (the others were not in a state that allows it).`,
  });
  return result.count;
}

export function downloadExecutionLog(serverId: string, executionId: string): Promise<void> {
  return downloadFromServer('logs.download', { serverId, executionId }, `${executionId}.log`, { success: 'Log downloaded', failure: 'Could not download the log' });
}

/** Dialogs an action opens in the executions pane; kept here so a command sent while navigating to the pane is not lost. */
interface ExecutionDialogsState {
  askingId: boolean;
  /** The open execution's dialog. */
  dialog?: ExecutionDialog;
}
export type ExecutionDialog = 'replay' | 'resume' | 'changeStatus' | 'editLabels';

export const useExecutionDialogs = create<ExecutionDialogsState>(() => ({ askingId: false, dialog: undefined }));

// Palette and shortcut commands.

const onPane = (context: ActionContext): boolean => isPaneActive(context, 'executions');
const openExecutionId = (context: ActionContext): string | undefined => (onPane(context) ? context.location?.params.executionId : undefined);

/** The open execution, as the pane shows it (its detail query). */
export function openExecution(context: ActionContext): Execution | undefined {
  const id = openExecutionId(context);
  return id && context.server ? context.queryClient.getQueryData<Execution>(executionKeys.detail(context.server.id, id)) : undefined;
}

const scopeOf = (context: ActionContext): ExecutionScope | undefined => (context.server ? { server: context.server, queryClient: context.queryClient } : undefined);

function go(context: ActionContext, params: Record<string, string>): void {
  if (context.server) useWorkspace.getState().navigate(context.server.id, { pane: 'executions', params });
}

/** Disabled while the server is read-only or the state does not allow it. */
function stateReason(context: ActionContext, allowed: (execution: Execution) => string | undefined): string | undefined {
  const execution = openExecution(context);
  return writeBlockedReason(context.server) ?? (execution ? allowed(execution) : 'The execution is still loading');
}

export const executionKillAction: ConsoleAction = {
  id: 'executions.kill',
  label: 'Kill this execution',
  shortLabel: 'Kill',
  group: 'Executions',
  keywords: ['stop', 'cancel'],
  isAvailable: (context) => {
    const execution = openExecution(context);
    // Shown while it runs, disabled once it is being killed.
    return !!execution && (allowedActions(execution.state.current).kill || isRunning(execution.state.current));
  },
  disabledReason: (context) => stateReason(context, (execution) => (allowedActions(execution.state.current).kill ? undefined : 'The execution is already being killed')),
  perform: async (context) => {
    const execution = openExecution(context);
    const scope = scopeOf(context);
    if (execution && scope) await killExecution(scope, execution);
  },
};

export const executionRestartAction: ConsoleAction = {
  id: 'executions.restart',
  label: 'Restart this execution',
  shortLabel: 'Restart',
  group: 'Executions',
  isAvailable: (context) => !!openExecutionId(context),
  disabledReason: (context) =>
    stateReason(context, ({ state }) =>
      allowedActions(state.current).restart ? undefined : state.current === 'KILLED' ? 'Kestra does not restart killed executions' : 'Only finished or paused executions can restart',
    ),
  perform: async (context) => {
    const execution = openExecution(context);
    const scope = scopeOf(context);
    if (execution && scope) await restartExecution(scope, execution);
  },
};

export const executionReplayAction: ConsoleAction = {
  id: 'executions.replay',
  label: 'Replay this execution…',
  shortLabel: 'Replay',
  group: 'Executions',
  isAvailable: (context) => !!openExecutionId(context),
  disabledReason: (context) => stateReason(context, ({ state }) => (allowedActions(state.current).replay ? undefined : 'Only finished executions can be replayed')),
  perform: () => useExecutionDialogs.setState({ dialog: 'replay' }),
};

export const executionResumeAction: ConsoleAction = {
  id: 'executions.resume',
  label: 'Resume this execution…',
  shortLabel: 'Resume',
  group: 'Executions',
  keywords: ['pause', 'continue'],
  isAvailable: (context) => {
    const execution = openExecution(context);
    return !!execution && allowedActions(execution.state.current).resume;
  },
  disabledReason: (context) => writeBlockedReason(context.server),
  perform: () => useExecutionDialogs.setState({ dialog: 'resume' }),
};

const tabAction = (tab: 'gantt' | 'logs' | 'outputs' | 'topology', label: string, shortcut: string): ConsoleAction => ({
  id: `executions.tab-${tab}`,
  label,
  group: 'Executions',
  shortcut,
  isAvailable: (context) => !!openExecutionId(context),
  perform: (context) => go(context, { ...context.location?.params, tab }),
});

export const EXECUTIONS_ACTIONS: ConsoleAction[] = [
  { id: 'executions.list', label: 'Executions: list', group: 'Executions', keywords: ['runs', 'history'], isAvailable: (c) => !!c.server, perform: (c) => go(c, { view: 'list' }) },
  {
    id: 'executions.timeline',
    label: 'Executions: timeline',
    group: 'Executions',
    keywords: ['runs', 'time', 'chart'],
    isAvailable: (c) => !!c.server,
    perform: (c) => go(c, { view: 'timeline' }),
  },
  {
    id: 'executions.open',
    label: 'Open execution by id…',
    group: 'Executions',
    keywords: ['find', 'go to'],
    isAvailable: (c) => !!c.server,
    perform: (c) => {
      go(c, { ...(c.location?.pane === 'executions' ? c.location.params : {}) });
      useExecutionDialogs.setState({ askingId: true });
    },
  },
  {
    id: 'executions.refresh',
    label: 'Refresh executions',
    group: 'Executions',
    shortcut: 'F5',
    isAvailable: onPane,
    perform: ({ server, queryClient }) => void (server && queryClient.invalidateQueries({ queryKey: executionKeys.all(server.id) })),
  },
  executionKillAction,
  executionRestartAction,
  executionReplayAction,
  executionResumeAction,
  {
    id: 'executions.download-log',
    label: 'Download this execution’s log',
    group: 'Executions',
    isAvailable: (c) => !!openExecutionId(c),
    perform: (c) => {
      const id = openExecutionId(c);
      if (c.server && id) return downloadExecutionLog(c.server.id, id);
    },
  },
  tabAction('gantt', 'Execution: Gantt', 'Alt+G'),
  tabAction('logs', 'Execution: logs', 'Alt+L'),
  tabAction('outputs', 'Execution: outputs', 'Alt+O'),
  tabAction('topology', 'Execution: topology', 'Alt+T'),
];

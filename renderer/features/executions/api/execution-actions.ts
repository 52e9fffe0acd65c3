// The execution actions (kill, restart, replay, resume, pause, change status, labels, delete) and
// the bulk ones, each guarded by the server's safety policy: nothing runs on a read-only server,
// and destructive ones ask for confirmation (typing the server's name when its policy says so).
// Never retried automatically: a repeated POST could start a duplicate run.
import type { QueryClient } from '@tanstack/react-query';
import type { Execution, Label, StateType } from '../../../../main/contract/kestra-model';
import type { InputValues } from '../../../../main/contract/methods';
import type { ServerView } from '../../../../main/contract/servers';
import type { LocalFileRef } from '../../../../main/contract/transfer';
import { confirmDestructive } from '../../../components/confirm';
import { describeError } from '../../../components/error-view';
import { notify } from '../../../components/toasts';
import { call } from '../../../lib/call';
import { plural } from '../../../lib/format';
import { writePolicy } from '../../../lib/servers';
import { executionKeys } from './execution-queries';

export type BulkAction = 'kill' | 'restart' | 'replay' | 'delete';

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

async function run<T>(title: string, work: () => Promise<T>): Promise<T | undefined> {
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

export class ExecutionActions {
  constructor(
    private readonly server: ServerView,
    private readonly queryClient: QueryClient,
  ) {}

  private get serverId(): string {
    return this.server.id;
  }

  private async refresh(executionId?: string): Promise<void> {
    await Promise.all([
      this.queryClient.invalidateQueries({ queryKey: executionKeys.search(this.serverId) }),
      executionId ? this.queryClient.invalidateQueries({ queryKey: executionKeys.detail(this.serverId, executionId) }) : Promise.resolve(),
    ]);
  }

  private setCached(execution: Execution): void {
    this.queryClient.setQueryData(executionKeys.detail(this.serverId, execution.id), execution);
  }

  async kill(execution: Execution): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    const confirmed = await confirmDestructive({
      title: 'Kill execution',
      message: `Kill ${execution.flowId} ${short(execution.id)} on ${this.server.name}? Running tasks are stopped; this cannot be undone.`,
      confirmLabel: 'Kill',
      server: this.server,
    });
    if (!confirmed) return false;
    const done = await run('Could not kill the execution', () => call('executions.kill', { serverId: this.serverId, executionId: execution.id, ...confirmed }));
    if (done === undefined) return false;
    notify({ kind: 'success', title: 'Kill requested', message: `${execution.flowId} ${short(execution.id)} is being killed.` });
    await this.refresh(execution.id);
    return true;
  }

  async restart(execution: Execution): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    const restarted = await run('Could not restart the execution', () => call('executions.restart', { serverId: this.serverId, executionId: execution.id }));
    if (!restarted) return false;
    this.setCached(restarted);
    notify({ kind: 'success', title: 'Restarted', message: `${execution.flowId} ${short(execution.id)} restarts from its failed tasks.` });
    await this.refresh(execution.id);
    return true;
  }

  /** Returns the new execution (replay creates one). */
  async replay(execution: Execution, taskRunId?: string): Promise<Execution | undefined> {
    if (refuseReadOnly(this.server)) return undefined;
    const replayed = await run('Could not replay the execution', () =>
      call('executions.replay', { serverId: this.serverId, executionId: execution.id, ...(taskRunId ? { taskRunId } : {}) }),
    );
    if (!replayed) return undefined;
    this.setCached(replayed);
    notify({ kind: 'success', title: 'Replay started', message: `New execution ${short(replayed.id)}.` });
    await this.refresh();
    return replayed;
  }

  async resume(execution: Execution, inputs: InputValues, files: Record<string, LocalFileRef>): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    // Errors go back to the form (422 names the input), so no toast here.
    await call('executions.resume', { serverId: this.serverId, executionId: execution.id, inputs, ...(Object.keys(files).length ? { files } : {}) });
    notify({ kind: 'success', title: 'Resumed', message: `${execution.flowId} ${short(execution.id)} continues.` });
    await this.refresh(execution.id);
    return true;
  }

  async pause(execution: Execution): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    const done = await run('Could not pause the execution', () => call('executions.pause', { serverId: this.serverId, executionId: execution.id }));
    if (done === undefined) return false;
    notify({ kind: 'success', title: 'Pause requested', message: `${execution.flowId} ${short(execution.id)} pauses after its running tasks.` });
    await this.refresh(execution.id);
    return true;
  }

  async changeStatus(execution: Execution, status: StateType): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    // The status dialog is the confirmation; a policy that wants the name typed asks once more.
    let confirmed: { confirmation?: string } | null = {};
    if (writePolicy(this.server).confirmByName) {
      confirmed = await confirmDestructive({
        title: 'Change status',
        message: `Set ${execution.flowId} ${short(execution.id)} to ${status} on ${this.server.name}? Only the recorded state changes.`,
        confirmLabel: `Set ${status}`,
        server: this.server,
        danger: false,
      });
      if (!confirmed) return false;
    }
    const changed = await run('Could not change the status', () =>
      call('executions.changeStatus', { serverId: this.serverId, executionId: execution.id, status, ...confirmed }),
    );
    if (!changed) return false;
    this.setCached(changed);
    await this.refresh(execution.id);
    return true;
  }

  async setLabels(execution: Execution, labels: Label[]): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    const updated = await call('executions.setLabels', { serverId: this.serverId, executionId: execution.id, labels });
    this.setCached(updated);
    notify({ kind: 'success', title: 'Labels saved' });
    await this.refresh(execution.id);
    return true;
  }

  async delete(execution: Execution): Promise<boolean> {
    if (refuseReadOnly(this.server)) return false;
    const confirmed = await confirmDestructive({
      title: 'Delete execution',
      message: `Delete ${execution.flowId} ${short(execution.id)} with its logs and outputs from ${this.server.name}? This cannot be undone.`,
      confirmLabel: 'Delete',
      server: this.server,
    });
    if (!confirmed) return false;
    const done = await run('Could not delete the execution', () => call('executions.delete', { serverId: this.serverId, executionId: execution.id, ...confirmed }));
    if (done === undefined) return false;
    this.queryClient.removeQueries({ queryKey: executionKeys.detail(this.serverId, execution.id) });
    notify({ kind: 'success', title: 'Execution deleted', message: `${execution.flowId} ${short(execution.id)}` });
    await this.refresh();
    return true;
  }

  /** Runs a bulk action on the given ids after a confirmation that says how many it touches. */
  async bulk(action: BulkAction, executionIds: string[]): Promise<number | undefined> {
    if (executionIds.length === 0 || refuseReadOnly(this.server)) return undefined;
    const verb = BULK_VERBS[action];
    const listed = executionIds.slice(0, 8).map(short).join(', ');
    const confirmed = await confirmDestructive({
      title: `${verb.title} ${plural(executionIds.length, 'execution')}`,
      message: `${verb.title} ${plural(executionIds.length, 'execution')} on ${this.server.name}: ${listed}${executionIds.length > 8 ? ` and ${executionIds.length - 8} more` : ''}.`,
      confirmLabel: `${verb.title} ${executionIds.length}`,
      server: this.server,
      danger: verb.danger,
    });
    if (!confirmed) return undefined;
    const result = await run(`Could not ${action} the executions`, () => call('executions.bulk', { serverId: this.serverId, action, executionIds, ...confirmed }));
    if (!result) return undefined;
    notify({
      kind: result.count === executionIds.length ? 'success' : 'warning',
      title: `${verb.done} ${plural(result.count, 'execution')}`,
      message:
        result.count === executionIds.length
          ? undefined
          : `The server acted on ${result.count} of the ${executionIds.length} selected (the others were not in a state that allows it).`,
    });
    await this.queryClient.invalidateQueries({ queryKey: executionKeys.all(this.serverId) });
    return result.count;
  }
}

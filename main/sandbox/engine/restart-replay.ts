// The task-run lists of a restart (same execution) and of a replay from a task run (new execution),
// following Kestra's ExecutionService: the task runs to re-run are the chosen ones plus their
// ancestors; runnable ones become RESTARTED (their attempts kept, the next one is appended),
// flowable ancestors go back to RUNNING. Restart drops every task run of an `errors` branch;
// replay drops what came after the chosen task run.
import type { TaskRegistry } from '../tasks/registry';
import { indexFlowTasks } from './flow-walk';
import { newId } from './ids';
import type { TaskRun } from './model';
import { withState } from './state';

function ancestorsOf(byId: Map<string, TaskRun>, taskRun: TaskRun): TaskRun[] {
  const result: TaskRun[] = [];
  let current = taskRun.parentTaskRunId ? byId.get(taskRun.parentTaskRunId) : undefined;
  while (current) {
    result.push(current);
    current = current.parentTaskRunId ? byId.get(current.parentTaskRunId) : undefined;
  }
  return result;
}

function descendantsOf(list: TaskRun[], rootId: string): Set<string> {
  const children = new Map<string, TaskRun[]>();
  for (const taskRun of list) {
    if (!taskRun.parentTaskRunId) continue;
    let siblings = children.get(taskRun.parentTaskRunId);
    if (!siblings) children.set(taskRun.parentTaskRunId, (siblings = []));
    siblings.push(taskRun);
  }
  const result = new Set<string>();
  const stack = [...(children.get(rootId) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    result.add(next.id);
    stack.push(...(children.get(next.id) ?? []));
  }
  return result;
}

/** The set of task runs to re-run: `chosen` and every ancestor. */
function withAncestors(list: TaskRun[], chosen: TaskRun[]): Set<string> {
  const byId = new Map(list.map((t) => [t.id, t]));
  const ids = new Set<string>();
  for (const taskRun of chosen) {
    ids.add(taskRun.id);
    for (const ancestor of ancestorsOf(byId, taskRun)) ids.add(ancestor.id);
  }
  return ids;
}

function reset(taskRun: TaskRun, flowable: boolean): TaskRun {
  return { ...taskRun, state: withState(taskRun.state, flowable ? 'RUNNING' : 'RESTARTED') };
}

/**
 * Restart: FAILED and PAUSED task runs (and their parents) run again. Throws when there is nothing
 * to restart (Kestra: "No task found to restart execution from!").
 */
export function restartTaskRuns(list: TaskRun[], document: Record<string, unknown>, registry: TaskRegistry): TaskRun[] {
  const tasks = indexFlowTasks(document, registry);
  const chosen = list.filter((t) => t.state.current === 'FAILED' || t.state.current === 'PAUSED');
  const toRestart = withAncestors(list, chosen);
  if (toRestart.size === 0) throw new Error('No task found to restart execution from!');
  const dropped = new Set<string>();
  for (const taskRun of list) {
    if (tasks.get(taskRun.taskId)?.inErrors) {
      dropped.add(taskRun.id);
      for (const id of descendantsOf(list, taskRun.id)) dropped.add(id);
    }
  }
  return list
    .filter((t) => !dropped.has(t.id))
    .map((t) => (toRestart.has(t.id) && !tasks.get(t.taskId)?.inErrors ? reset(t, tasks.get(t.taskId)?.flowable ?? false) : t));
}

/**
 * Replay from `taskRunId` into execution `newExecutionId`: task runs created before it are copied
 * (new ids), the chosen one and its parents are set to run again, everything after it and below it
 * is dropped.
 */
export function replayTaskRuns(list: TaskRun[], taskRunId: string, newExecutionId: string, document: Record<string, unknown>, registry: TaskRegistry): TaskRun[] {
  const tasks = indexFlowTasks(document, registry);
  const position = list.findIndex((t) => t.id === taskRunId);
  if (position < 0) throw new Error(`Task run '${taskRunId}' not found`);
  const toRestart = withAncestors(list, [list[position]!]);
  const below = descendantsOf(list, taskRunId);
  const kept = list.filter((t, index) => !below.has(t.id) && (index <= position || toRestart.has(t.id)));
  const ids = new Map(kept.map((t) => [t.id, newId()]));
  return kept.map((t) => {
    const copy = toRestart.has(t.id) ? reset(t, tasks.get(t.taskId)?.flowable ?? false) : { ...t };
    copy.id = ids.get(t.id)!;
    copy.executionId = newExecutionId;
    if (t.parentTaskRunId) copy.parentTaskRunId = ids.get(t.parentTaskRunId) ?? t.parentTaskRunId;
    return copy;
  });
}

// The variables Kestra exposes to expressions (RunVariables): flow, execution, inputs, outputs,
// vars, labels, trigger, envs, task, taskrun, parent/parents. Built per render site; the `outputs`
// tree is shared with the live execution (maintained incrementally there).
import type { LiveExecution } from './live-execution';
import type { Label, TaskRun } from './model';

export interface RunContextOptions {
  tenantId: string;
  baseUrl: string;
  /** `ENV_`-prefixed environment variables as `envs.<name>` (Kestra's `kestra.variables.env-vars-prefix`). */
  envs: Record<string, string>;
}

/**
 * FlowInputOutput.readExecutionInputs puts every enabled input in the map, null when it has no value,
 * so `{{ inputs.optional }}` renders empty instead of failing as a missing variable.
 */
function withDeclaredInputs(declared: unknown, values: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(declared)) return values;
  const missing = declared.filter(
    (input): input is { id: string } => input !== null && typeof input === 'object' && typeof input.id === 'string' && !('dependsOn' in input) && !input.id.includes('.') && !(input.id in values),
  );
  return missing.length === 0 ? values : { ...values, ...Object.fromEntries(missing.map((input) => [input.id, null])) };
}

function labelMap(labels: Label[] | undefined): Record<string, string> {
  return Object.fromEntries((labels ?? []).map((l) => [l.key, l.value]));
}

/** Environment variables Kestra exposes: `ENV_FOO_BAR=x` → `envs.foo_bar`. */
export function envVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('ENV_') && value !== undefined) result[key.slice(4).toLowerCase()] = value;
  }
  return result;
}

function taskRunVariables(taskRun: TaskRun): Record<string, unknown> {
  return {
    id: taskRun.id,
    startDate: taskRun.state.startDate,
    attemptsCount: taskRun.attempts?.length ?? 0,
    ...(taskRun.value !== undefined ? { value: taskRun.value } : {}),
    ...(taskRun.parentTaskRunId ? { parentId: taskRun.parentTaskRunId } : {}),
    ...(taskRun.iteration !== undefined ? { iteration: taskRun.iteration } : {}),
  };
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** MapUtils.deepMerge: maps merge key by key, anything else from `b` wins. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = result[key];
    result[key] = isPlainMap(existing) && isPlainMap(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

/** Kestra's `tasks` variable: `tasks.<id>.state`, or `tasks.<id>.<value>.state` for task runs with a value. */
function tasksVariable(live: LiveExecution): Record<string, unknown> {
  const tasks: Record<string, unknown> = {};
  for (const taskRun of live.execution.taskRunList ?? []) {
    if (taskRun.value === undefined) tasks[taskRun.taskId] = { state: taskRun.state.current };
    else {
      const existing = tasks[taskRun.taskId];
      const byValue = isPlainMap(existing) && !('state' in existing) ? existing : (tasks[taskRun.taskId] = {});
      (byValue as Record<string, unknown>)[taskRun.value] = { state: taskRun.state.current };
    }
  }
  return tasks;
}

export function buildRunContext(
  live: LiveExecution,
  options: RunContextOptions,
  task?: Record<string, unknown>,
  taskRun?: TaskRun,
): Record<string, unknown> {
  const { execution, flow } = live;
  const context: Record<string, unknown> = {
    flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision, tenantId: options.tenantId },
    execution: {
      id: execution.id,
      startDate: execution.state.startDate,
      originalId: execution.originalId ?? execution.id,
      state: execution.state.current,
      ...(execution.outputs ? { outputs: execution.outputs } : {}),
    },
    inputs: withDeclaredInputs(flow.document.inputs, live.clearInputs ?? execution.inputs ?? {}),
    outputs: live.outputs,
    // Flow variables, with those an execution set (SetVariables) merged over them.
    vars: execution.variables ? deepMerge((flow.document.variables as Record<string, unknown> | undefined) ?? {}, execution.variables) : ((flow.document.variables as Record<string, unknown> | undefined) ?? {}),
    labels: labelMap(execution.labels),
    envs: options.envs,
    globals: {},
    kestra: { url: options.baseUrl },
  };
  if (execution.trigger) context.trigger = execution.trigger.variables ?? {};
  // Computed on first use only: most renders never read it and a large ForEach has many task runs.
  Object.defineProperty(context, 'tasks', {
    enumerable: true,
    configurable: true,
    get() {
      const value = tasksVariable(live);
      Object.defineProperty(context, 'tasks', { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
  if (task) context.task = { id: task.id, type: task.type };
  if (taskRun) {
    context.taskrun = taskRunVariables(taskRun);
    const parents = live.ancestors(taskRun).map((parent) => ({
      taskrun: taskRunVariables(parent),
      ...(parent.outputs ? { outputs: parent.outputs } : {}),
    }));
    if (parents.length > 0) {
      context.parents = parents;
      context.parent = parents[0];
    }
  }
  return context;
}

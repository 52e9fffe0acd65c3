// io.kestra.plugin.core.flow.Subflow: starts an execution of another flow (its trigger names this
// task run, its `parentId` this execution). With `wait`, the task ends with the child: outputs
// `executionId`, `state` and the child flow's `outputs`; `transmitFailed` passes a failed, killed or
// warning child state on to this task.
import type { StateType } from '../../../engine/model';
import { withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';

export function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  return value === true || String(value).toLowerCase() === 'true';
}

/** ExecutableUtils.guessState. */
export function subflowState(child: StateType, transmitFailed: boolean, allowFailure: boolean, allowWarning: boolean): StateType {
  if (transmitFailed && (child === 'FAILED' || child === 'PAUSED' || child === 'KILLED' || child === 'WARNING')) {
    const state = allowFailure && child === 'FAILED' ? 'WARNING' : child;
    return state === 'WARNING' && allowWarning ? 'SUCCESS' : state;
  }
  return 'SUCCESS';
}

export function labelsOf(raw: unknown, render: (value: unknown) => unknown): { key: string; value: string }[] {
  if (raw === undefined || raw === null) return [];
  const rendered = render(raw);
  if (Array.isArray(rendered)) return rendered.map((l) => ({ key: String((l as Record<string, unknown>).key), value: String((l as Record<string, unknown>).value) }));
  if (typeof rendered === 'object') return Object.entries(rendered as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
  throw new Error('The labels must be a map or a list of {key, value}');
}

export const subflowTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Subflow',
  aliases: ['io.kestra.core.tasks.flows.Subflow', 'io.kestra.core.tasks.flows.Flow'],
  category: 'task',
  kind: 'flowable',
  title: 'Create a subflow execution.',
  markdownDescription:
    'Subflows offer a modular way to reuse workflow logic by calling other flows just like calling a function in a programming language. Restarting a parent flow will restart any subflows that has previously been executed.',
  examples: [
    {
      title: 'Run a subflow with custom inputs.',
      code: 'id: parent_flow\nnamespace: company.team\n\ntasks:\n  - id: call_subflow\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n    flowId: subflow\n    inputs:\n      user: Rick Astley\n      favorite_song: Never Gonna Give You Up\n    wait: true\n    transmitFailed: true',
    },
  ],
  properties: {
    namespace: { type: 'string', title: 'The namespace of the subflow to be executed.', $dynamic: true, minLength: 1 },
    flowId: { type: 'string', title: 'The identifier of the subflow to be executed.', $dynamic: true, minLength: 1 },
    revision: { type: 'integer', minimum: 1, title: 'The revision of the subflow to be executed.', markdownDescription: 'By default, the last, i.e., the most recent, revision of the subflow is executed.', $dynamic: true },
    inputs: { type: 'object', title: 'The inputs to pass to the subflow to be executed.', $dynamic: true },
    labels: { title: 'The labels to pass to the subflow to be executed.', $dynamic: true, anyOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }] },
    wait: { ...withDefault({ type: 'boolean' }, true), title: 'Flag specifying whether to wait for the subflow execution to finish before continuing the current execution.' },
    transmitFailed: {
      ...withDefault({ type: 'boolean' }, true),
      title: 'Flag specifying whether to fail the current execution if the subflow execution fails or is killed.',
      markdownDescription: 'Note that this option works only if `wait` is set to `true`.',
    },
    inheritLabels: {
      ...withDefault({ type: 'boolean' }, false),
      title: 'Flag specifying whether the subflow should inherit labels from this execution that triggered it.',
      $dynamic: true,
    },
    scheduleDate: { type: 'string', format: 'date-time', title: "Don't trigger the subflow now but schedule it on a specific date.", $dynamic: true },
    restartBehavior: { ...withDefault({ type: 'string', enum: ['NEW_EXECUTION', 'RETRY_FAILED'] }, 'RETRY_FAILED'), title: 'Action to take when a failed execution is restarting.' },
    outputs: { type: 'object', title: 'Outputs from the subflow executions (deprecated: declare `outputs` on the subflow).', $dynamic: true, $deprecated: true },
  },
  required: ['namespace', 'flowId'],
  outputs: {
    executionId: { type: 'string', title: 'The subflow execution ID.' },
    state: { type: 'string', title: 'The final state of the subflow execution.', markdownDescription: 'This output is only available if `wait` is set to `true`.' },
    outputs: { type: 'object', title: 'The outputs returned by the subflow execution.' },
  },
  async runFlowable(context) {
    const task = context.task;
    const wait = bool(task.wait, true);
    const revisionText = task.revision === undefined || task.revision === null ? undefined : context.render(String(task.revision));
    const scheduleText = task.scheduleDate === undefined || task.scheduleDate === null ? undefined : context.render(String(task.scheduleDate));
    if (scheduleText !== undefined && Number.isNaN(Date.parse(scheduleText))) throw new Error(`Invalid scheduleDate '${scheduleText}'`);
    const { execution } = await context.runSubflow({
      namespace: context.render(String(task.namespace)),
      flowId: context.render(String(task.flowId)),
      revision: revisionText === undefined ? undefined : Number(revisionText),
      inputs: task.inputs ? context.renderValue<Record<string, unknown>>(task.inputs) : {},
      labels: labelsOf(task.labels, (value) => context.renderValue(value)),
      inheritLabels: bool(task.inheritLabels === undefined ? undefined : context.render(String(task.inheritLabels)), false),
      scheduleDate: scheduleText === undefined ? undefined : new Date(Date.parse(scheduleText)).toISOString(),
      wait,
    });
    if (!wait) return { state: 'SUCCESS', outputs: { executionId: execution.id } };
    const childState = execution.state.current;
    const state = subflowState(childState, bool(task.transmitFailed, true), false, false);
    const link = `Subflow execution [[link execution="${execution.id}" flowId="${execution.flowId}" namespace="${execution.namespace}"]]`;
    if (state === 'FAILED' || state === 'KILLED') context.logger.error(`${link} ends in ${childState} state`);
    else if (state === 'WARNING') context.logger.warn(`${link} ends in WARNING state`);
    return {
      state,
      outputs: { executionId: execution.id, state: childState, ...(execution.outputs ? { outputs: execution.outputs } : {}) },
    };
  },
};

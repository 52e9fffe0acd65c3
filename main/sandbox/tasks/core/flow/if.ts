// io.kestra.plugin.core.flow.If: renders `condition`, runs `then` when truthy, `else` otherwise.
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

/** TruthUtils.isTruthy: anything but false, 0, -0, "" and null is true. */
export function isTruthy(text: string): boolean {
  const value = text.trim().toLowerCase();
  return !(value === '' || value === 'false' || value === '0' || value === '-0' || value === 'null');
}

export const ifTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.If',
  aliases: ['io.kestra.core.tasks.flows.If'],
  category: 'task',
  kind: 'flowable',
  title: 'Process some tasks conditionally depending on a contextual value.',
  markdownDescription:
    'Allow some workflow based on context variables, for example, branch a flow based on a previous task. The `condition` is evaluated as a boolean: `true` when it renders to anything else than `false`, `0`, `-0`, an empty string or `null`.',
  examples: [
    {
      title: 'Run tasks conditionally on an input.',
      code: 'id: if_condition\nnamespace: company.team\n\ninputs:\n  - id: string\n    type: STRING\n\ntasks:\n  - id: if\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ inputs.string == \'Condition\' }}"\n    then:\n      - id: when_true\n        type: io.kestra.plugin.core.log.Log\n        message: "Condition was true"\n    else:\n      - id: when_false\n        type: io.kestra.plugin.core.log.Log\n        message: "Condition was false"',
    },
  ],
  properties: {
    condition: { type: 'string', title: 'The `If` condition which can be any expression that evaluates to a boolean value.', $dynamic: true },
    then: taskList('List of tasks to execute if the condition is true.', { minItems: 1 }),
    else: taskList('List of tasks to execute if the condition is false.'),
    ...branchProperties(),
  },
  required: ['condition', 'then'],
  async runFlowable(context) {
    const rendered = context.render(String(context.task.condition));
    const chosen = isTruthy(rendered) ? asTasks(context.task.then) : asTasks(context.task.else);
    const state = await context.runTasks(chosen, branchesOf(context.task));
    return { state };
  },
};

// io.kestra.plugin.core.flow.Switch: renders `value`, runs the matching `cases` list or `defaults`.
import { TASK_DEFINITION } from '../../../schema/flow-definitions';
import { ref } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

export const switchTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Switch',
  aliases: ['io.kestra.core.tasks.flows.Switch'],
  category: 'task',
  kind: 'flowable',
  title: 'Route to task groups based on a value.',
  markdownDescription:
    'Renders `value` and matches it against `cases` keys; executes the corresponding task list or `defaults` if no match. Supports `errors` and `finally` blocks.\n\nUseful for branching on categorical inputs without nesting multiple Ifs.',
  examples: [
    {
      title: 'Branch on an input.',
      code: 'id: switch\nnamespace: company.team\n\ninputs:\n  - id: string\n    type: STRING\n    required: true\n\ntasks:\n  - id: switch\n    type: io.kestra.plugin.core.flow.Switch\n    value: "{{ inputs.string }}"\n    cases:\n      FIRST:\n        - id: first\n          type: io.kestra.plugin.core.debug.Return\n          format: "{{ task.id }} > {{ taskrun.startDate }}"\n      SECOND:\n        - id: second\n          type: io.kestra.plugin.core.debug.Return\n          format: "{{ task.id }} > {{ taskrun.startDate }}"\n    defaults:\n      - id: default\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ task.id }} > {{ taskrun.startDate }}"',
    },
  ],
  properties: {
    value: { type: 'string', title: 'The value to be evaluated.', $dynamic: true },
    cases: {
      type: 'object',
      title: 'The map of keys and a list of tasks to be executed if the conditional `value` matches the key.',
      additionalProperties: { type: 'array', items: ref(TASK_DEFINITION), minItems: 1 },
    },
    defaults: taskList('The list of tasks to be executed if no case matches.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['value'],
  outputs: {
    value: { type: 'string', title: 'The rendered value.' },
    defaults: { type: 'boolean', title: 'Whether no case matched (the `defaults` ran).' },
  },
  async runFlowable(context) {
    const value = context.render(String(context.task.value));
    const cases = (context.task.cases ?? {}) as Record<string, unknown>;
    const matched = Object.prototype.hasOwnProperty.call(cases, value);
    const chosen = matched ? asTasks(cases[value]) : asTasks(context.task.defaults);
    const state = await context.runTasks(chosen, branchesOf(context.task));
    return { state, outputs: { value, defaults: !matched } };
  },
};

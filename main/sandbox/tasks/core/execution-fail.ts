// io.kestra.plugin.core.execution.Fail: fails the task (and so the execution) with `errorMessage`,
// or only when `condition` renders truthy.
import { withDefault } from '../../schema/json-schema';
import type { TaskDefinition } from '../task-definition';

function truthy(text: string): boolean {
  const value = text.trim().toLowerCase();
  return !(value === '' || value === 'false' || value === '0' || value === '-0' || value === 'null');
}

export const failTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.Fail',
  aliases: ['io.kestra.core.tasks.executions.Fail'],
  category: 'task',
  kind: 'runnable',
  title: 'Fail the execution.',
  markdownDescription: 'Used to fail the execution, for example on a switch branch or on some conditions based on the execution context.',
  examples: [
    {
      title: 'Fail on a switch branch',
      code: 'id: fail_on_switch\nnamespace: company.team\n\ninputs:\n  - id: param\n    type: STRING\n    required: true\n\ntasks:\n  - id: switch\n    type: io.kestra.plugin.core.flow.Switch\n    value: "{{ inputs.param }}"\n    cases:\n      case1:\n        - id: case1\n          type: io.kestra.plugin.core.log.Log\n          message: Case 1\n    defaults:\n      - id: fail\n        type: io.kestra.plugin.core.execution.Fail',
    },
    {
      title: 'Fail on a condition',
      code: 'id: fail_on_condition\nnamespace: company.team\n\ninputs:\n  - id: param\n    type: STRING\n    required: true\n\ntasks:\n  - id: before\n    type: io.kestra.plugin.core.debug.Echo\n    format: I\'m before the fail on condition\n\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "{{ inputs.param == \'fail\' }}"',
    },
  ],
  properties: {
    condition: { type: 'string', title: 'Optional condition; the task fails only when it renders to true.', $dynamic: true },
    errorMessage: { ...withDefault({ type: 'string' }, 'Task failure'), title: 'Optional error message.', $dynamic: true },
  },
  async run(context) {
    const message = context.render(String(context.task.errorMessage ?? 'Task failure'));
    if (context.task.condition !== undefined && context.task.condition !== null) {
      const condition = context.render(String(context.task.condition));
      if (!truthy(condition)) return {};
    }
    throw new Error(message);
  },
};

// io.kestra.plugin.core.output.OutputValues: renders `values` and exposes them as the `values` output.
import type { TaskDefinition } from '../task-definition';

export const outputValuesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.output.OutputValues',
  aliases: ['io.kestra.core.tasks.outputs.OutputValues'],
  category: 'task',
  kind: 'runnable',
  title: 'Output one or more values.',
  markdownDescription: 'You can use this task to return some outputs and pass them to downstream tasks. It is helpful for parsing and returning values from a task. You can then access these outputs in your downstream tasks using the expression `{{ outputs.mytask_id.values.my_output_name }}`.',
  examples: [
    {
      title: 'Output a value and use it downstream.',
      code: 'id: outputs_flow\nnamespace: company.team\n\ntasks:\n  - id: output_values\n    type: io.kestra.plugin.core.output.OutputValues\n    values:\n      taskrun_data: "{{ task.id }} > {{ taskrun.startDate }}"\n      execution_data: "{{ flow.id }} > {{ execution.startDate }}"\n\n  - id: log_values\n    type: io.kestra.plugin.core.log.Log\n    message: |\n      Got the following outputs from the previous task:\n      {{ outputs.output_values.values.taskrun_data }}\n      {{ outputs.output_values.values.execution_data }}',
    },
  ],
  properties: {
    values: { type: 'object', title: 'The templated strings to render.', markdownDescription: 'These values can be strings, numbers, arrays, or objects. Templated strings (enclosed in `{{ }}`) are rendered.', $dynamic: true },
  },
  outputs: {
    values: { type: 'object', title: 'The generated values.' },
  },
  async run(context) {
    const values = context.task.values === undefined || context.task.values === null ? {} : context.renderValue<Record<string, unknown>>(context.task.values);
    return { outputs: { values } };
  },
};

// io.kestra.plugin.core.debug.Return: renders `format` and exposes it as the `value` output.
import type { TaskDefinition } from '../task-definition';

export const returnTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.debug.Return',
  aliases: ['io.kestra.core.tasks.debugs.Return'],
  category: 'task',
  kind: 'runnable',
  title: 'Return a value for debugging purposes.',
  markdownDescription: 'This task is mostly useful for troubleshooting. It allows you to return some templated functions, inputs or outputs.',
  examples: [
    {
      title: 'Return a templated value.',
      code: 'id: return\nnamespace: company.team\n\ntasks:\n  - id: return\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ task.id }} > {{ taskrun.startDate }}"',
    },
  ],
  properties: {
    format: { type: 'string', title: 'The templated string to render.', $dynamic: true },
  },
  outputs: {
    value: { type: 'string', title: 'The generated string.' },
  },
  async run(context) {
    const format = context.task.format;
    const value = format === undefined || format === null ? null : context.render(String(format));
    context.logger.debug(value ?? '');
    return { outputs: { value } };
  },
};

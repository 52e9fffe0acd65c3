// io.kestra.plugin.core.flow.Sequential: runs its tasks one after the other.
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

export const sequentialTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Sequential',
  aliases: ['io.kestra.core.tasks.flows.Sequential'],
  category: 'task',
  kind: 'flowable',
  title: 'Run tasks sequentially, one after the other, in the order they are defined.',
  markdownDescription: 'Used to visually group tasks.',
  examples: [
    {
      title: 'Group tasks.',
      code: 'id: sequential\nnamespace: company.team\n\ntasks:\n  - id: sequential\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: 1st\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ task.id }} > {{ taskrun.startDate }}"\n      - id: 2nd\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ task.id }} > {{ taskrun.id }}"\n  - id: last\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ task.id }} > {{ taskrun.startDate }}"',
    },
  ],
  properties: {
    tasks: taskList('Sequential tasks.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['tasks'],
  async runFlowable(context) {
    const state = await context.runTasks(asTasks(context.task.tasks), branchesOf(context.task));
    return { state };
  },
};

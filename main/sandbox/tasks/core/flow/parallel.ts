// io.kestra.plugin.core.flow.Parallel: runs its tasks at the same time, `concurrent` at most.
import { withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

export const parallelTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Parallel',
  aliases: ['io.kestra.core.tasks.flows.Parallel'],
  category: 'task',
  kind: 'flowable',
  title: 'Run tasks in parallel.',
  markdownDescription: 'This task runs all child tasks in parallel. Once a child task fails, no new task is started and the Parallel task fails when the running ones end.',
  examples: [
    {
      title: 'Run tasks in parallel, two at a time.',
      code: 'id: parallel\nnamespace: company.team\n\ntasks:\n  - id: parallel\n    type: io.kestra.plugin.core.flow.Parallel\n    concurrent: 2\n    tasks:\n      - id: 1st\n        type: io.kestra.plugin.core.flow.Sleep\n        duration: PT1S\n      - id: 2nd\n        type: io.kestra.plugin.core.flow.Sleep\n        duration: PT1S\n      - id: 3rd\n        type: io.kestra.plugin.core.flow.Sleep\n        duration: PT1S',
    },
  ],
  properties: {
    concurrent: {
      ...withDefault({ type: 'integer', minimum: 0 }, 0),
      title: 'Number of concurrent parallel tasks that can be running at any point in time.',
      markdownDescription: 'If the value is `0`, no limit exist and all tasks will start at the same time.',
    },
    tasks: taskList('Tasks to run in parallel.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['tasks'],
  async runFlowable(context) {
    const concurrent = Number(context.task.concurrent ?? 0);
    const state = await context.runParallel(asTasks(context.task.tasks), Number.isFinite(concurrent) ? concurrent : 0, branchesOf(context.task));
    return { state };
  },
};

// The deprecated io.kestra.plugin.core.flow.EachSequential and EachParallel (still common in real
// flows): their tasks run once per `value` (FlowableUtils.resolveEachTasks, like ForEach's
// `values`). EachSequential runs everything one after the other; EachParallel runs every
// (value, task) pair as its own branch, `concurrent` at once (0: all).
import { withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { resolveValues } from './for-each';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

const VALUE = {
  title: 'The list of values for this task.',
  markdownDescription: 'The value can be passed as a string, a list of strings, or a list of objects.',
  $dynamic: true,
  anyOf: [{ type: 'string' as const }, { type: 'array' as const, items: {} }],
};

export const eachSequentialTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.EachSequential',
  aliases: ['io.kestra.core.tasks.flows.EachSequential'],
  category: 'task',
  kind: 'flowable',
  title: 'For each value in the list, execute one or more tasks sequentially (deprecated: use ForEach).',
  markdownDescription: 'The current value is `{{ taskrun.value }}`, or `{{ parent.taskrun.value }}` in a nested task. Outputs are keyed by value: `{{ outputs.task_id[value].output }}`.',
  examples: [
    {
      title: 'Run tasks for each value.',
      code: 'id: each_sequential\nnamespace: company.team\n\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.EachSequential\n    value: ["value 1", "value 2", "value 3"]\n    tasks:\n      - id: log\n        type: io.kestra.plugin.core.log.Log\n        message: "{{ taskrun.value }}"',
    },
  ],
  properties: {
    value: VALUE,
    tasks: taskList('The tasks to run for each value.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['value', 'tasks'],
  async runFlowable(context) {
    const values = resolveValues(context.task.value, context.render, context.renderTyped);
    const state = await context.runEach(values, asTasks(context.task.tasks), 1, branchesOf(context.task));
    return { state };
  },
};

export const eachParallelTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.EachParallel',
  aliases: ['io.kestra.core.tasks.flows.EachParallel'],
  category: 'task',
  kind: 'flowable',
  title: 'For each value in the list, execute one or more tasks in parallel (deprecated: use ForEach with concurrencyLimit).',
  markdownDescription:
    'Every task of every value runs in parallel, `concurrent` at most at once (0: no limit). Wrap several tasks in a Sequential to keep them in order for each value. The current value is `{{ taskrun.value }}`.',
  examples: [
    {
      title: 'Run a task for each value, in parallel.',
      code: 'id: each_parallel\nnamespace: company.team\n\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.EachParallel\n    value: ["value 1", "value 2", "value 3"]\n    tasks:\n      - id: log\n        type: io.kestra.plugin.core.log.Log\n        message: "{{ taskrun.value }}"',
    },
  ],
  properties: {
    value: VALUE,
    concurrent: {
      ...withDefault({ type: 'integer', minimum: 0 }, 0),
      title: 'Number of concurrent parallel tasks that can be running at any point in time.',
      markdownDescription: 'If the value is `0`, no limit exist and all the tasks will start at the same time.',
    },
    tasks: taskList('The tasks to run for each value.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['value', 'tasks'],
  async runFlowable(context) {
    const values = resolveValues(context.task.value, context.render, context.renderTyped);
    const concurrent = Number(context.task.concurrent ?? 0);
    const state = await context.runEachParallel(values, asTasks(context.task.tasks), Number.isInteger(concurrent) && concurrent >= 0 ? concurrent : 0, branchesOf(context.task));
    return { state };
  },
};

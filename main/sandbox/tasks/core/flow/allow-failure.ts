// io.kestra.plugin.core.flow.AllowFailure: runs its tasks like Sequential (a failure stops the list
// and runs `errors`), but a failure ends this task in WARNING, so the execution goes on
// (AllowFailure.resolveState).
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

export const allowFailureTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.AllowFailure',
  aliases: ['io.kestra.core.tasks.flows.AllowFailure'],
  category: 'task',
  kind: 'flowable',
  title: 'Allow a group of tasks to fail without failing the execution.',
  markdownDescription:
    'If any child task fails, the AllowFailure task ends in a WARNING state and the execution continues with the next task. `errors` runs as for any flowable task. Deprecated in recent Kestra versions in favour of `allowFailure: true` on each task.',
  examples: [
    {
      title: 'Let a group of tasks fail.',
      code: 'id: allow_failure\nnamespace: company.team\n\ntasks:\n  - id: allow_failure\n    type: io.kestra.plugin.core.flow.AllowFailure\n    tasks:\n      - id: fail\n        type: io.kestra.plugin.core.execution.Fail\n  - id: next\n    type: io.kestra.plugin.core.log.Log\n    message: still running',
    },
  ],
  properties: {
    tasks: taskList('The tasks to run.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['tasks'],
  async runFlowable(context) {
    const state = await context.runTasks(asTasks(context.task.tasks), branchesOf(context.task));
    return { state: state === 'FAILED' ? 'WARNING' : state };
  },
};

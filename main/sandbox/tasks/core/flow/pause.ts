// io.kestra.plugin.core.flow.Pause: the execution waits (PAUSED) until resumed from the API or UI,
// with the `onResume` inputs, or until `pauseDuration` (then `behavior`) or the deprecated `timeout`
// (then FAILED). Resumed, it succeeds with `outputs.onResume` holding the typed inputs.
import { parseDuration } from '../../../../../shared/iso-duration';
import { INPUT_DEFINITION } from '../../../schema/flow-definitions';
import { durationSchema, ref, withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { branchProperties, taskList } from './task-lists';

const BEHAVIORS = { RESUME: 'RUNNING', WARN: 'WARNING', FAIL: 'FAILED', CANCEL: 'CANCELLED' } as const;

export const pauseTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Pause',
  aliases: ['io.kestra.core.tasks.flows.Pause'],
  category: 'task',
  kind: 'flowable',
  title: 'Pause the current execution and wait for approval (either by humans or other automated processes).',
  markdownDescription:
    'All tasks downstream from the Pause task will be put on hold until the execution is manually resumed from the UI.\n\nThe Execution will be in a Paused state, and you can either manually resume it by clicking on the "Resume" button in the UI or by calling the POST API endpoint `/api/v1/executions/{executionId}/resume`. The execution can also be resumed automatically after the `pauseDuration`.',
  examples: [
    {
      title: 'Pause the execution and wait for a manual approval, with inputs.',
      code: 'id: human_in_the_loop\nnamespace: company.team\n\ntasks:\n  - id: wait_for_approval\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n      - id: approved\n        description: Whether to approve the request\n        type: BOOLEAN\n        defaults: true\n      - id: reason\n        type: STRING\n        defaults: Well-deserved vacation\n\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "Approved: {{ outputs.wait_for_approval.onResume.approved }} ({{ outputs.wait_for_approval.onResume.reason }})"',
    },
    {
      title: 'Pause the execution and set the execution to WARNING if it has not been resumed after 5 minutes.',
      code: 'id: pause_warn\nnamespace: company.team\n\ntasks:\n  - id: pause\n    type: io.kestra.plugin.core.flow.Pause\n    pauseDuration: PT5M\n    behavior: WARN',
    },
  ],
  properties: {
    pauseDuration: {
      ...durationSchema(),
      title: 'Duration of the pause. If not set, the task will wait forever to be manually resumed except if a timeout is set, in this case, the timeout will be honored.',
      $dynamic: true,
    },
    delay: { ...durationSchema(), title: 'Duration of the pause (deprecated: use `pauseDuration`).', $dynamic: true, $deprecated: true },
    behavior: {
      ...withDefault({ type: 'string', enum: ['RESUME', 'WARN', 'FAIL', 'CANCEL'] }, 'RESUME'),
      title: 'Pause behavior, by default set to RESUME. This property controls happens when a pause task reach its duration.',
      markdownDescription:
        'Tasks that are resumed before the duration (for example, from the UI) will not use the behavior property but will always succeed.\nPossible values are:\n- RESUME: continues with the execution\n- WARN: ends the Pause task in WARNING and continues with the execution\n- FAIL: fails the Pause task\n- CANCEL: cancels the execution',
      $dynamic: true,
    },
    onResume: {
      type: 'array',
      items: ref(INPUT_DEFINITION),
      title: "Inputs to be passed to the execution when it's resumed.",
      markdownDescription:
        'Before resuming the execution, the user will be prompted to fill in these inputs. The `onResume` inputs work the same way as regular flow inputs — they can be of any type and can have default values. You can access those values in downstream tasks using the `onResume` output of the Pause task.',
    },
    tasks: taskList('Tasks to run after the pause (deprecated).', { $deprecated: true }),
    ...branchProperties(),
  },
  outputs: {
    onResume: { type: 'object', title: 'The typed values of the `onResume` inputs.' },
  },
  async runFlowable(context) {
    const task = context.task;
    const durationText = task.pauseDuration ?? task.delay;
    let resumeAfterMs: number | undefined;
    let onTimeout: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED' = 'RUNNING';
    if (durationText !== undefined && durationText !== null) {
      const text = context.render(String(durationText));
      resumeAfterMs = parseDuration(text);
      if (resumeAfterMs === undefined) throw new Error(`Invalid pauseDuration '${text}': expected an ISO-8601 duration`);
      const behavior = context.render(String(task.behavior ?? 'RESUME')).toUpperCase() as keyof typeof BEHAVIORS;
      if (!(behavior in BEHAVIORS)) throw new Error(`Invalid behavior '${behavior}': expected one of RESUME, WARN, FAIL, CANCEL`);
      onTimeout = BEHAVIORS[behavior];
    } else if (task.timeout !== undefined && task.timeout !== null) {
      // Without a pause duration, the core `timeout` bounds the wait and fails the task.
      const text = context.render(String(task.timeout));
      resumeAfterMs = parseDuration(text);
      onTimeout = 'FAILED';
    }
    const onResume = Array.isArray(task.onResume) ? (task.onResume as Record<string, unknown>[]) : undefined;
    const result = await context.pause({ resumeAfterMs, onTimeout, onResume });
    if (result.state === 'SUCCESS' && Array.isArray(task.tasks) && task.tasks.length > 0) {
      const state = await context.runTasks(task.tasks as Record<string, unknown>[], { errors: task.errors as Record<string, unknown>[], finally: task.finally as Record<string, unknown>[] });
      return { state, ...(onResume ? { outputs: { onResume: result.inputs ?? {} } } : {}) };
    }
    return { state: result.state, ...(onResume ? { outputs: { onResume: result.inputs ?? {} } } : {}) };
  },
};

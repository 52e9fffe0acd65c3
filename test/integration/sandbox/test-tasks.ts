// A task type only the tests register (through `startSandbox({ extraTasks })`): it keeps a task run
// RUNNING for `ms` milliseconds, or until the execution is killed, so actions on running executions
// can be exercised before part 2's Sleep task exists.
import { fileURLToPath } from 'node:url';
import type { TaskDefinition } from '../../../main/sandbox/tasks/task-definition';

export const BLOCK_TASK = 'io.kestra.sandbox.test.Block';

export const blockTask: TaskDefinition = {
  type: BLOCK_TASK,
  category: 'task',
  kind: 'runnable',
  title: 'Test only: stay running for a while.',
  properties: { ms: { type: 'integer', $dynamic: true } },
  required: ['ms'],
  run(context) {
    const ms = Number(context.renderValue(context.task.ms));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ outputs: { waited: ms } }), ms);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('Killed'));
      });
    });
  },
};

/** What `startSandbox({ taskModules: [TEST_TASKS_MODULE] })` registers (on both sandbox threads). */
export const tasks: TaskDefinition[] = [blockTask];

export const TEST_TASKS_MODULE = fileURLToPath(import.meta.url);

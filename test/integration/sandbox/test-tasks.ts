// Task types only the tests register (through `startSandbox({ taskModules: [TEST_TASKS_MODULE] })`):
// Block keeps a task run RUNNING for `ms` milliseconds, or until the execution is killed, so actions
// on running executions can be exercised; CrashEngineOnce ends the engine thread the first time it
// runs, to exercise what the API does when its engine dies.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
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

export const CRASH_ENGINE_ONCE_TASK = 'io.kestra.sandbox.test.CrashEngineOnce';

/**
 * The first run (no `marker` file yet) writes the marker and ends the thread it runs on — the
 * engine's worker thread: `process.exit` in a worker ends that thread only. Later runs (after the
 * engine restarted and recovered the execution) succeed, unless `always` is true.
 */
export const crashEngineOnceTask: TaskDefinition = {
  type: CRASH_ENGINE_ONCE_TASK,
  category: 'task',
  kind: 'runnable',
  title: 'Test only: crash the engine thread once.',
  properties: { marker: { type: 'string' }, always: { type: 'boolean' } },
  required: ['marker'],
  run(context) {
    const marker = String(context.task.marker);
    if (existsSync(marker) && context.task.always !== true) return Promise.resolve({ outputs: { crashed: false } });
    // Never the test process itself: only a worker thread may go.
    if (isMainThread) return Promise.reject(new Error('CrashEngineOnce must run on the engine thread'));
    writeFileSync(marker, 'crashed');
    process.exit(70);
  },
};

/** What `startSandbox({ taskModules: [TEST_TASKS_MODULE] })` registers (on both sandbox threads). */
export const tasks: TaskDefinition[] = [blockTask, crashEngineOnceTask];

export const TEST_TASKS_MODULE = fileURLToPath(import.meta.url);

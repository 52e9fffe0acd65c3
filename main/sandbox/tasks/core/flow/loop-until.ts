// io.kestra.plugin.core.flow.LoopUntil (alias WaitFor): runs its tasks, then evaluates `condition`;
// while it is falsy, waits `checkFrequency.interval` and runs them again, with new task runs (the
// previous iteration's are dropped, as ExecutionService.retryWaitFor does). `iterationCount` is the
// current iteration while the tasks run and one more after they ended, as Kestra counts it. The loop
// ends after `maxIterations` iterations or `maxDuration`, FAILED with `failOnMaxReached`.
import { parseDuration } from '../../../engine/duration';
import { durationSchema, withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { isTruthy } from './if';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

function durationMs(context: { render(text: string): string }, value: unknown, fallbackMs: number, name: string): number {
  if (value === undefined || value === null) return fallbackMs;
  const text = context.render(String(value));
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`Invalid ${name} '${text}': expected an ISO-8601 duration`);
  return ms;
}

export const loopUntilTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.LoopUntil',
  aliases: ['io.kestra.plugin.core.flow.WaitFor'],
  category: 'task',
  kind: 'flowable',
  title: 'Run a list of tasks repeatedly until the expected condition is met.',
  markdownDescription:
    'Use this task if your workflow requires blocking calls polling for a job to finish or for some external API to return a specific HTTP response.\n\nYou can access the outputs of the nested tasks in the `condition` property. The `condition` is evaluated after all nested task runs finish.',
  examples: [
    {
      title: 'Run a task until it returns a specific value.',
      code: 'id: loop_until\nnamespace: company.team\n\ntasks:\n  - id: loop\n    type: io.kestra.plugin.core.flow.LoopUntil\n    condition: "{{ outputs.return.value == \'4\' }}"\n    tasks:\n      - id: return\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ outputs.loop.iterationCount }}"',
    },
  ],
  properties: {
    condition: {
      type: 'string',
      title: 'The condition expression that should evaluate to `true` or `false`.',
      markdownDescription: "Boolean coercion allows 0, -0, null and '' to evaluate to false; all other values will evaluate to true.",
      $dynamic: true,
    },
    failOnMaxReached: { ...withDefault({ type: 'boolean' }, false), title: 'If set to `true`, the task run will end in a failed state once the `maxIterations` or `maxDuration` are reached.' },
    checkFrequency: {
      type: 'object',
      title: 'Check the frequency configuration.',
      properties: {
        maxIterations: { ...withDefault({ type: 'integer', minimum: 1 }, 100), title: 'Maximum count of iterations.' },
        maxDuration: { ...durationSchema(), default: 'PT1H', title: 'Maximum duration of the task.' },
        interval: { ...durationSchema(), default: 'PT1S', title: 'Interval between each iteration.' },
      },
      additionalProperties: false,
    },
    tasks: taskList('The tasks to run in each iteration.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['condition', 'tasks'],
  outputs: { iterationCount: { type: 'integer', title: 'The number of iterations.' } },
  async runFlowable(context) {
    const task = context.task;
    const check = (task.checkFrequency ?? {}) as Record<string, unknown>;
    const maxIterations = check.maxIterations === undefined || check.maxIterations === null ? 100 : Number(context.render(String(check.maxIterations)));
    const maxDurationMs = durationMs(context, check.maxDuration, 3_600_000, 'maxDuration');
    const intervalMs = durationMs(context, check.interval, 1_000, 'interval');
    const failOnMaxReached = task.failOnMaxReached === true || task.failOnMaxReached === 'true';
    const startedAt = Date.parse(context.taskRun.state.histories[0]?.date ?? new Date().toISOString());
    const previous = Number(context.taskRun.outputs?.iterationCount);
    let iteration = Number.isInteger(previous) && previous > 0 ? previous : 1;
    const tasks = asTasks(task.tasks);
    const state = await context.runWithBranches(async () => {
      for (;;) {
        context.setOutputs({ iterationCount: iteration });
        const outcome = await context.runTasks(tasks);
        if (outcome !== 'SUCCESS' && outcome !== 'WARNING') return outcome;
        iteration += 1;
        context.setOutputs({ iterationCount: iteration });
        // LoopUntil.reachedMaximums, checked before the condition.
        if (iteration > maxIterations || Date.now() > startedAt + maxDurationMs) {
          context.logger.warn(iteration > maxIterations ? 'Max iterations reached' : 'Max duration reached');
          return failOnMaxReached ? 'FAILED' : outcome;
        }
        if (isTruthy(context.render(String(task.condition)))) return outcome;
        if (!(await context.sleep(intervalMs))) return 'KILLED';
        context.resetChildren();
      }
    }, branchesOf(task));
    return { state };
  },
};

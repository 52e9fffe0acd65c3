import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDefaultRegistry } from '../tasks/registry';
import { FlowConcurrency } from './flow-concurrency';
import { LiveExecution } from './live-execution';
import type { Execution, TaskRun } from './model';
import { deepMerge, flowPluginDefaults, withPluginDefaults } from './plugin-defaults';
import { replayTaskRuns, restartTaskRuns } from './restart-replay';
import { nextRetryAt, readRetryPolicy, retryDelayMs } from './retry-policy';
import { newState, withState } from './state';

const identity = (text: string): string => text;

function run(id: string, taskId: string, state: TaskRun['state']['current'], extra: Partial<TaskRun> = {}): TaskRun {
  let s = newState('CREATED');
  if (state !== 'CREATED') s = withState(withState(s, 'RUNNING'), state);
  return { tenantId: 'main', id, executionId: 'e', namespace: 'n', flowId: 'f', taskId, state: s, outputs: null, attempts: [{ state: s }], ...extra };
}

describe('retry policies', () => {
  it('reads constant, exponential and random policies with Kestra defaults', () => {
    expect(readRetryPolicy({ type: 'constant', interval: 'PT1S', maxAttempts: 3 }, identity)).toMatchObject({ type: 'constant', intervalMs: 1000, maxAttempts: 3, behavior: 'RETRY_FAILED_TASK', warningOnRetry: false });
    expect(readRetryPolicy({ type: 'exponential', interval: 'PT1S', maxInterval: 'PT10S' }, identity)).toMatchObject({ delayFactor: 2, maxIntervalMs: 10_000 });
    expect(readRetryPolicy({ type: 'nope' }, identity)).toBeUndefined();
    expect(readRetryPolicy(undefined, identity)).toBeUndefined();
    expect(() => readRetryPolicy({ type: 'constant', interval: 'soon' }, identity)).toThrow("Invalid retry duration 'soon'");
  });

  it('grows exponential delays up to maxInterval', () => {
    const policy = readRetryPolicy({ type: 'exponential', interval: 'PT1S', maxInterval: 'PT5S', delayFactor: 2 }, identity)!;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('keeps random delays within [minInterval, maxInterval]', () => {
    const policy = readRetryPolicy({ type: 'random', minInterval: 'PT1S', maxInterval: 'PT2S' }, identity)!;
    fc.assert(fc.property(fc.double({ min: 0, max: 0.999999, noNaN: true }), (r) => {
      const delay = retryDelayMs(policy, 1, () => r);
      return delay >= 1000 && delay < 2000;
    }));
  });

  it('stops at maxAttempts (every attempt counts) and at maxDuration from the first attempt', () => {
    const policy = readRetryPolicy({ type: 'constant', interval: 'PT1S', maxAttempts: 3, maxDuration: 'PT10S' }, identity)!;
    expect(nextRetryAt(policy, 1, 0, 100)).toBe(1100);
    expect(nextRetryAt(policy, 2, 0, 5000)).toBe(6000);
    expect(nextRetryAt(policy, 3, 0, 5000)).toBeUndefined();
    expect(nextRetryAt(policy, 1, 0, 9500)).toBeUndefined();
  });
});

describe('plugin defaults', () => {
  it('fills what the task does not set, forced ones win, prefixes match, id/type never change', () => {
    const defaults = flowPluginDefaults({
      pluginDefaults: [
        { type: 'io.kestra.plugin.core.log', values: { level: 'WARN', message: 'default', nested: { a: 1, b: 1 } } },
        { type: 'io.kestra.plugin.core.log.Log', forced: true, values: { nested: { b: 2 }, id: 'x' } },
        { type: 'io.kestra.plugin.core.logger', values: { level: 'ERROR' } },
      ],
    });
    const task = { id: 't', type: 'io.kestra.plugin.core.log.Log', message: 'mine', nested: { a: 5 } };
    expect(withPluginDefaults(task, defaults, [task.type])).toEqual({ id: 't', type: task.type, message: 'mine', level: 'WARN', nested: { a: 5, b: 2 } });
    expect(withPluginDefaults({ id: 'r', type: 'io.kestra.plugin.core.debug.Return' }, defaults, ['io.kestra.plugin.core.debug.Return'])).toEqual({ id: 'r', type: 'io.kestra.plugin.core.debug.Return' });
  });

  it('deep merges maps and replaces lists', () => {
    expect(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] } });
  });
});

describe('restart and replay task-run lists', () => {
  const registry = createDefaultRegistry();
  const document = {
    tasks: [
      { id: 'a', type: 'io.kestra.plugin.core.debug.Return' },
      { id: 'group', type: 'io.kestra.plugin.core.flow.Sequential', tasks: [{ id: 'b', type: 'io.kestra.plugin.core.debug.Return' }, { id: 'c', type: 'io.kestra.plugin.core.debug.Return' }] },
    ],
    errors: [{ id: 'handler', type: 'io.kestra.plugin.core.log.Log' }],
  };

  it('restart: failed runs become RESTARTED, flowable parents RUNNING, errors runs dropped', () => {
    const list = [run('1', 'a', 'SUCCESS'), run('2', 'group', 'FAILED'), run('3', 'b', 'SUCCESS', { parentTaskRunId: '2' }), run('4', 'c', 'FAILED', { parentTaskRunId: '2' }), run('5', 'handler', 'SUCCESS')];
    const restarted = restartTaskRuns(list, document, registry);
    expect(restarted.map((t) => `${t.taskId}:${t.state.current}`)).toEqual(['a:SUCCESS', 'group:RUNNING', 'b:SUCCESS', 'c:RESTARTED']);
    expect(restarted[3]!.attempts).toHaveLength(1);
    expect(() => restartTaskRuns([run('1', 'a', 'SUCCESS')], document, registry)).toThrow('No task found to restart execution from!');
  });

  it('replay: copies with new ids and parent links, drops what follows the chosen run', () => {
    const list = [run('1', 'a', 'SUCCESS'), run('2', 'group', 'SUCCESS'), run('3', 'b', 'SUCCESS', { parentTaskRunId: '2' }), run('4', 'c', 'SUCCESS', { parentTaskRunId: '2' })];
    const copy = replayTaskRuns(list, '3', 'new', document, registry);
    expect(copy.map((t) => `${t.taskId}:${t.state.current}`)).toEqual(['a:SUCCESS', 'group:RUNNING', 'b:RESTARTED']);
    expect(copy.every((t) => t.executionId === 'new' && !['1', '2', '3'].includes(t.id))).toBe(true);
    expect(copy[2]!.parentTaskRunId).toBe(copy[1]!.id);
    const fromFlowable = replayTaskRuns(list, '2', 'new', document, registry);
    expect(fromFlowable.map((t) => `${t.taskId}:${t.state.current}`)).toEqual(['a:SUCCESS', 'group:RUNNING']);
  });
});

describe('live execution indexes', () => {
  it('keeps Kestra\'s outputs tree: plain ids, values, and values nested under ancestor values', () => {
    const execution = { id: 'e', taskRunList: [] } as unknown as Execution;
    const live = new LiveExecution(execution, { namespace: 'n', id: 'f', revision: 1, deleted: false, source: '', updated: '', document: { id: 'f', namespace: 'n', tasks: [] } });
    const loop = run('1', 'loop', 'RUNNING');
    const iteration = run('2', 'inner', 'RUNNING', { parentTaskRunId: '1', value: 'a' });
    const nested = run('3', 'leaf', 'SUCCESS', { parentTaskRunId: '2' });
    const deeper = run('4', 'deep', 'SUCCESS', { parentTaskRunId: '2', value: 'x' });
    for (const t of [loop, iteration, nested, deeper]) live.add(t);
    live.setOutputs(loop, { n: 1 });
    live.setOutputs(nested, { v: 'leaf' });
    live.setOutputs(deeper, { v: 'deep' });
    expect(live.outputs).toEqual({ loop: { n: 1 }, leaf: { a: { v: 'leaf' } }, deep: { a: { x: { v: 'deep' } } } });
    expect(live.find('2', 'deep', 'x')).toBe(deeper);
    expect(live.find(undefined, 'loop', undefined)).toBe(loop);
    expect(live.ancestors(deeper).map((t) => t.id)).toEqual(['2', '1']);
    expect(live.descendants('1').map((t) => t.id).sort()).toEqual(['2', '3', '4']);
    expect(live.positionOf(deeper)).toBe(3);
  });
});

describe('flow concurrency slots', () => {
  it('queues over the limit and hands the freed slot to the first queued execution', () => {
    const slots = new FlowConcurrency<{ id: string }>();
    const limit = { limit: 2, behavior: 'QUEUE' as const };
    expect(slots.tryAcquire('f', 'a', limit)).toBe(true);
    expect(slots.tryAcquire('f', 'b', limit)).toBe(true);
    expect(slots.tryAcquire('f', 'c', limit)).toBe(false);
    slots.enqueue('f', { id: 'c' });
    slots.enqueue('f', { id: 'd' });
    expect(slots.dequeueItem('f', 'd')).toBe(true);
    expect(slots.release('f', 'a')).toEqual({ id: 'c' });
    expect(slots.running('f')).toBe(2);
    expect(slots.release('f', 'b')).toBeUndefined();
    expect(slots.tryAcquire('f', 'e', undefined)).toBe(true);
  });
});

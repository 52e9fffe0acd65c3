// Restart (same execution: failed task runs re-run with a new attempt, flowable parents resumed,
// errors branches dropped) and replay (new execution, task runs before the chosen one copied).
import { describe, expect, it } from 'vitest';
import { attemptStates, history, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: restart and replay', () => {
  const engine = useEngine();

  const setFlag = (ns: string, value: string) =>
    request(`${engine.api()}/namespaces/${ns}/kv/flag`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: value });

  it('restart re-runs the failed task run with a new attempt, keeping the successful ones', async () => {
    const ns = randomNamespace();
    await setFlag(ns, '"b"');
    await engine.deploy(`id: restartable
namespace: ${ns}
tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: "{{ execution.id }}"
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", "c"]
    tasks:
      - id: check
        type: io.kestra.plugin.core.execution.Fail
        condition: "{{ taskrun.value == kv('flag') }}"
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: end
errors:
  - id: on_error
    type: io.kestra.plugin.core.log.Log
    message: failed
`);
    const failed = await engine.run(ns, 'restartable');
    expect(failed.state.current).toBe('FAILED');
    expect(failed.taskRunList.map((t: Json) => `${t.taskId}${t.value ? `[${t.value}]` : ''}:${t.state.current}`)).toEqual([
      'first:SUCCESS',
      'loop:FAILED',
      'check[a]:SUCCESS',
      'check[b]:FAILED',
      'on_error:SUCCESS',
    ]);
    const firstRun = taskRun(failed, 'first');

    await setFlag(ns, '"none"');
    const restarted = await engine.call(`/executions/${failed.id}/restart`, { method: 'POST' });
    expect(restarted.status).toBe(200);
    const response = restarted.json();
    expect(response).toMatchObject({ id: failed.id, state: { current: 'RESTARTED' } });
    expect(response.taskRunList.some((t: Json) => t.taskId === 'on_error')).toBe(false);
    expect(response.labels).toEqual(expect.arrayContaining([{ key: 'system.restarted', value: 'true' }]));

    const done = await engine.waitFor(failed.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(history(done)).toEqual(['CREATED', 'RUNNING', 'FAILED', 'RESTARTED', 'RUNNING', 'SUCCESS']);
    expect(done.metadata.attemptNumber).toBe(2);
    expect(done.taskRunList.map((t: Json) => `${t.taskId}${t.value ? `[${t.value}]` : ''}:${t.state.current}`)).toEqual([
      'first:SUCCESS',
      'loop:SUCCESS',
      'check[a]:SUCCESS',
      'check[b]:SUCCESS',
      'check[c]:SUCCESS',
      'last:SUCCESS',
    ]);
    // Untouched task runs keep their identity and single attempt.
    expect(taskRun(done, 'first')).toEqual(firstRun);
    expect(attemptStates(taskRun(done, 'check', 'a'))).toEqual(['SUCCESS']);
    const b = taskRun(done, 'check', 'b');
    expect(attemptStates(b)).toEqual(['FAILED', 'SUCCESS']);
    expect(history(b)).toEqual(['CREATED', 'SUBMITTED', 'RUNNING', 'FAILED', 'RESTARTED', 'SUBMITTED', 'RUNNING', 'SUCCESS']);
    expect(history(taskRun(done, 'loop'))).toEqual(['CREATED', 'RUNNING', 'FAILED', 'RUNNING', 'SUCCESS']);

    // Nothing failed any more: Kestra refuses to restart.
    const nothing = await engine.call(`/executions/${failed.id}/restart`, { method: 'POST' });
    expect(nothing.status).toBe(422);
    expect(nothing.json().message).toBe('Illegal argument: No task found to restart execution from!');
  });

  it('refuses to restart a running execution', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: busy\nnamespace: ${ns}\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1H\n`);
    const { id } = await engine.start(ns, 'busy');
    await engine.waitFor(id, (e) => e.state.current === 'RUNNING');
    const res = await engine.call(`/executions/${id}/restart`, { method: 'POST' });
    expect(res.status).toBe(409);
    await engine.call(`/executions/${id}/kill`, { method: 'DELETE' });
    await engine.waitFor(id);
  });

  it('replays from a task run: earlier task runs are copied, the chosen one and what follows run again', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: replayable
namespace: ${ns}
tasks:
  - id: a
    type: io.kestra.plugin.core.debug.Return
    format: "a {{ execution.id }}"
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: b
        type: io.kestra.plugin.core.debug.Return
        format: "b {{ execution.id }}"
      - id: c
        type: io.kestra.plugin.core.debug.Return
        format: "c {{ outputs.a.value }}"
  - id: d
    type: io.kestra.plugin.core.debug.Return
    format: "d {{ execution.id }}"
`);
    const source = await engine.run(ns, 'replayable');
    expect(source.state.current).toBe('SUCCESS');
    const c = taskRun(source, 'c');
    const replayed = await engine.call(`/executions/${source.id}/replay?taskRunId=${c.id}`, { method: 'POST' });
    expect(replayed.status).toBe(200);
    const copy = replayed.json();
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({ originalId: source.id, parentId: source.id, metadata: { attemptNumber: 2 }, state: { current: 'RESTARTED' } });
    expect(history(copy)).toEqual(['CREATED', 'RUNNING', 'SUCCESS', 'RESTARTED']);
    expect(copy.labels).toEqual(expect.arrayContaining([{ key: 'system.replay', value: 'true' }]));
    expect(copy.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['a:SUCCESS', 'group:RUNNING', 'b:SUCCESS', 'c:RESTARTED']);
    expect(copy.taskRunList.every((t: Json) => t.executionId === copy.id)).toBe(true);
    expect(taskRun(copy, 'b').parentTaskRunId).toBe(taskRun(copy, 'group').id);

    const done = await engine.waitFor(copy.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(done.taskRunList.map((t: Json) => t.taskId)).toEqual(['a', 'group', 'b', 'c', 'd']);
    // Copied outputs are kept (they name the source execution); re-run tasks see the new one.
    expect(taskRun(done, 'a').outputs).toEqual({ value: `a ${source.id}` });
    expect(taskRun(done, 'b').outputs).toEqual({ value: `b ${source.id}` });
    expect(taskRun(done, 'c').outputs).toEqual({ value: `c a ${source.id}` });
    expect(taskRun(done, 'd').outputs).toEqual({ value: `d ${done.id}` });
    expect(attemptStates(taskRun(done, 'c'))).toEqual(['SUCCESS', 'SUCCESS']);
    // The source is untouched.
    expect((await engine.get(source.id)).taskRunList).toEqual(source.taskRunList);

    const whole = (await engine.call(`/executions/${source.id}/replay`, { method: 'POST' })).json();
    expect(history(whole)).toEqual(['CREATED']);
    expect(whole.taskRunList).toEqual([]);
    expect((await engine.waitFor(whole.id)).taskRunList.map((t: Json) => t.taskId)).toEqual(['a', 'group', 'b', 'c', 'd']);
    expect((await engine.call(`/executions/${source.id}/replay?taskRunId=nope`, { method: 'POST' })).status).toBe(404);
  });
});

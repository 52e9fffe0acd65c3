// Flowable tasks: Sequential, Parallel, If, Switch, ForEach, Subflow — child task runs with
// parentTaskRunId, iteration values, states, histories, outputs and logs.
import { describe, expect, it } from 'vitest';
import { attemptStates, history, messages, randomNamespace, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: flowable tasks', () => {
  const engine = useEngine();

  it('Sequential runs its children in order under its task run, with errors and finally branches', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: seq
namespace: ${ns}
tasks:
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: first
        type: io.kestra.plugin.core.debug.Return
        format: one
      - id: second
        type: io.kestra.plugin.core.debug.Return
        format: "{{ outputs.first.value }}-two"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.second.value }}"
  - id: failing
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
        errorMessage: broken on purpose
      - id: never
        type: io.kestra.plugin.core.log.Log
        message: not reached
    errors:
      - id: handler
        type: io.kestra.plugin.core.log.Log
        message: "handled {{ task.id }}"
    finally:
      - id: cleanup
        type: io.kestra.plugin.core.log.Log
        message: cleanup
`);
    const done = await engine.run(ns, 'seq');
    expect(done.state.current).toBe('FAILED');
    const group = taskRun(done, 'group');
    expect(group.state.current).toBe('SUCCESS');
    expect(history(group)).toEqual(['CREATED', 'RUNNING', 'SUCCESS']);
    expect(attemptStates(group)).toEqual(['SUCCESS']);
    expect(taskRun(done, 'first').parentTaskRunId).toBe(group.id);
    expect(taskRun(done, 'second').outputs).toEqual({ value: 'one-two' });
    const failing = taskRun(done, 'failing');
    expect(failing.state.current).toBe('FAILED');
    expect(taskRun(done, 'boom').parentTaskRunId).toBe(failing.id);
    expect(done.taskRunList.some((t: Json) => t.taskId === 'never')).toBe(false);
    expect(taskRun(done, 'handler').parentTaskRunId).toBe(failing.id);
    expect(taskRun(done, 'cleanup').state.current).toBe('SUCCESS');
    const logs = await engine.logs(done.id);
    expect(messages(logs, 'after')).toEqual(['one-two']);
    expect(messages(logs, 'boom')).toEqual(['broken on purpose']);
    expect(messages(logs, 'handler')).toEqual(['handled handler']);
  });

  it('Parallel runs branches at once, at most `concurrent` of them', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: par
namespace: ${ns}
tasks:
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    concurrent: 2
    tasks:
      - id: a
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT0.3S
      - id: b
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT0.3S
      - id: c
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT0.3S
  - id: all
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: x
        type: io.kestra.plugin.core.debug.Return
        format: x
      - id: y
        type: io.kestra.plugin.core.debug.Return
        format: y
`);
    const done = await engine.run(ns, 'par');
    expect(done.state.current).toBe('SUCCESS');
    const fan = taskRun(done, 'fan');
    const branches = ['a', 'b', 'c'].map((id) => taskRun(done, id));
    for (const branch of branches) expect(branch.parentTaskRunId).toBe(fan.id);
    // Two start together; the third waits for one of them to end.
    const running = (run: Json) => Date.parse(run.state.histories.find((h: Json) => h.state === 'RUNNING').date);
    const ended = (run: Json) => Date.parse(run.state.endDate);
    const [a, b, c] = branches;
    expect(running(c)).toBeGreaterThanOrEqual(Math.min(ended(a), ended(b)));
    expect(running(b)).toBeLessThan(ended(a));
    expect(taskRun(done, 'x').parentTaskRunId).toBe(taskRun(done, 'all').id);
    expect(taskRun(done, 'y').outputs).toEqual({ value: 'y' });
  });

  it('If runs `then` or `else` depending on the rendered condition', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: cond
namespace: ${ns}
inputs:
  - id: flag
    type: BOOLEAN
    defaults: true
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.flag }}"
    then:
      - id: when_true
        type: io.kestra.plugin.core.debug.Return
        format: "then"
    else:
      - id: when_false
        type: io.kestra.plugin.core.debug.Return
        format: "else"
`);
    const yes = await engine.run(ns, 'cond');
    expect(yes.state.current).toBe('SUCCESS');
    expect(yes.taskRunList.map((t: Json) => t.taskId)).toEqual(['check', 'when_true']);
    expect(taskRun(yes, 'when_true').parentTaskRunId).toBe(taskRun(yes, 'check').id);
    const no = await engine.run(ns, 'cond', { inputs: { flag: 'false' } });
    expect(no.taskRunList.map((t: Json) => t.taskId)).toEqual(['check', 'when_false']);
    expect(taskRun(no, 'when_false').outputs).toEqual({ value: 'else' });
  });

  it('Switch runs the matching case or the defaults, with value/defaults outputs', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: sw
namespace: ${ns}
inputs:
  - id: choice
    type: STRING
tasks:
  - id: route
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.choice }}"
    cases:
      FIRST:
        - id: first
          type: io.kestra.plugin.core.debug.Return
          format: first case
      SECOND:
        - id: second
          type: io.kestra.plugin.core.debug.Return
          format: second case
    defaults:
      - id: fallback
        type: io.kestra.plugin.core.debug.Return
        format: default
`);
    const second = await engine.run(ns, 'sw', { inputs: { choice: 'SECOND' } });
    expect(second.state.current).toBe('SUCCESS');
    expect(second.taskRunList.map((t: Json) => t.taskId)).toEqual(['route', 'second']);
    expect(taskRun(second, 'route').outputs).toEqual({ value: 'SECOND', defaults: false });
    const other = await engine.run(ns, 'sw', { inputs: { choice: 'nope' } });
    expect(other.taskRunList.map((t: Json) => t.taskId)).toEqual(['route', 'fallback']);
    expect(taskRun(other, 'route').outputs).toEqual({ value: 'nope', defaults: true });
  });

  it('Switch cases are validated as task lists: duplicate ids inside cases are refused', async () => {
    const ns = randomNamespace();
    const res = await engine.call('/flows', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: dup\nnamespace: ${ns}\ntasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Switch\n    value: a\n    cases:\n      a:\n        - id: same\n          type: io.kestra.plugin.core.log.Log\n          message: x\n      b:\n        - id: same\n          type: io.kestra.plugin.core.log.Log\n          message: y\n`,
    });
    expect(res.status).toBe(422);
    expect(res.json().message).toContain('Duplicate task id with name [same]');
  });

  it('ForEach runs its tasks per value: iteration values, outputs by value, parent.taskrun.value, concurrencyLimit', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: each
namespace: ${ns}
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", {"k": 1}, "a"]
    tasks:
      - id: ret
        type: io.kestra.plugin.core.debug.Return
        format: "v={{ taskrun.value }}"
      - id: inner
        type: io.kestra.plugin.core.flow.Sequential
        tasks:
          - id: nested
            type: io.kestra.plugin.core.debug.Return
            format: "parent={{ parent.taskrun.value }}"
  - id: pick
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.ret['b'].value }} / {{ outputs.nested['a'].value }}"
  - id: wide
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ [1, 2, 3, 4] }}"
    concurrencyLimit: 0
    tasks:
      - id: nap
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT0.2S
`);
    const done = await engine.run(ns, 'each');
    expect(done.state.current).toBe('SUCCESS');
    const loop = taskRun(done, 'loop');
    const rets = done.taskRunList.filter((t: Json) => t.taskId === 'ret');
    // Values are distinct; non-strings are JSON.
    expect(rets.map((t: Json) => t.value)).toEqual(['a', 'b', '{"k":1}']);
    expect(rets.every((t: Json) => t.parentTaskRunId === loop.id)).toBe(true);
    expect(rets.map((t: Json) => t.outputs.value)).toEqual(['v=a', 'v=b', 'v={"k":1}']);
    expect(rets.map((t: Json) => t.iteration)).toEqual([0, 2, 4]);
    // Sequential (one value group after the other) by default.
    const secondStart = Date.parse(rets[1].state.startDate);
    expect(secondStart).toBeGreaterThanOrEqual(Date.parse(taskRun(done, 'inner', 'a').state.endDate));
    expect(taskRun(done, 'nested').outputs).toEqual({ value: 'parent=a' });
    expect(taskRun(done, 'pick').outputs).toEqual({ value: 'v=b / parent=a' });
    const naps = done.taskRunList.filter((t: Json) => t.taskId === 'nap');
    expect(naps.map((t: Json) => t.value)).toEqual(['1', '2', '3', '4']);
    // concurrencyLimit 0: every value starts before the first one ends.
    const firstEnd = Math.min(...naps.map((t: Json) => Date.parse(t.state.endDate)));
    for (const nap of naps) expect(Date.parse(nap.state.startDate)).toBeLessThan(firstEnd);
  });

  it('ForEach fails on the first failing iteration and refuses null values', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: eachfail
namespace: ${ns}
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: ["ok", "bad", "later"]
    tasks:
      - id: check
        type: io.kestra.plugin.core.execution.Fail
        condition: "{{ taskrun.value == 'bad' }}"
        errorMessage: "value {{ taskrun.value }} is bad"
`);
    const done = await engine.run(ns, 'eachfail');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'loop').state.current).toBe('FAILED');
    expect(done.taskRunList.filter((t: Json) => t.taskId === 'check').map((t: Json) => `${t.value}:${t.state.current}`)).toEqual(['ok:SUCCESS', 'bad:FAILED']);
    expect(messages(await engine.logs(done.id), 'check')).toContain('value bad is bad');

    await engine.deploy(`id: eachnull
namespace: ${ns}
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: '["x", null]'
    tasks:
      - id: t
        type: io.kestra.plugin.core.log.Log
        message: x
`);
    const bad = await engine.run(ns, 'eachnull');
    expect(bad.state.current).toBe('FAILED');
    expect(messages(await engine.logs(bad.id), 'loop')[0]).toContain("Found '1' null values on Each");
  });

  it('Subflow starts a child execution (trigger, parentId, correlation id), waits for it and exposes its outputs', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: child
namespace: ${ns}
inputs:
  - id: who
    type: STRING
tasks:
  - id: greet
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.who }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.greet.value }}"
`);
    await engine.deploy(`id: parent
namespace: ${ns}
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ${ns}
    flowId: child
    inputs:
      who: world
    labels:
      origin: parent
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.call.outputs.greeting }} ({{ outputs.call.state }})"
  - id: fire
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ${ns}
    flowId: child
    wait: false
    inputs:
      who: async
`);
    const done = await engine.run(ns, 'parent');
    expect(done.state.current).toBe('SUCCESS');
    const call = taskRun(done, 'call');
    expect(call.outputs).toMatchObject({ state: 'SUCCESS', outputs: { greeting: 'hello world' } });
    expect(taskRun(done, 'use').outputs).toEqual({ value: 'hello world (SUCCESS)' });
    const child = await engine.get(call.outputs.executionId);
    expect(child.parentId).toBe(done.id);
    expect(child.trigger).toMatchObject({ id: 'call', type: 'io.kestra.plugin.core.flow.Subflow', variables: { executionId: done.id, namespace: ns, flowId: 'parent', taskRunId: call.id, taskId: 'call' } });
    expect(child.labels).toEqual(expect.arrayContaining([{ key: 'system.correlationId', value: done.id }, { key: 'origin', value: 'parent' }]));
    expect(child.outputs).toEqual({ greeting: 'hello world' });
    const fire = taskRun(done, 'fire');
    expect(fire.outputs).toEqual({ executionId: expect.any(String) });
    expect((await engine.waitFor(fire.outputs.executionId)).state.current).toBe('SUCCESS');
  });

  it('killing a parent kills the child execution it waits for', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: sleeper\nnamespace: ${ns}\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1H\n`);
    await engine.deploy(`id: waiter\nnamespace: ${ns}\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${ns}\n    flowId: sleeper\n`);
    const { id } = await engine.start(ns, 'waiter');
    const running = await engine.waitFor(id, (e) => typeof e.taskRunList?.[0]?.outputs?.executionId === 'string');
    const childId = taskRun(running, 'call').outputs.executionId;
    await engine.waitFor(childId, (e) => e.taskRunList?.some((t: Json) => t.taskId === 'nap' && t.state.current === 'RUNNING'));
    expect((await engine.call(`/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    expect((await engine.waitFor(id)).state.current).toBe('KILLED');
    const child = await engine.waitFor(childId);
    expect(child.state.current).toBe('KILLED');
    expect(taskRun(child, 'nap').state.current).toBe('KILLED');
  });

  it('Subflow passes a failed child on (transmitFailed) and fails cleanly when the flow is missing', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: broken\nnamespace: ${ns}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n`);
    await engine.deploy(`id: caller
namespace: ${ns}
tasks:
  - id: tolerant
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ${ns}
    flowId: broken
    transmitFailed: false
  - id: strict
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ${ns}
    flowId: broken
`);
    const done = await engine.run(ns, 'caller');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'tolerant')).toMatchObject({ state: { current: 'SUCCESS' }, outputs: { state: 'FAILED' } });
    expect(taskRun(done, 'strict').state.current).toBe('FAILED');
    expect(messages(await engine.logs(done.id), 'strict')[0]).toMatch(/Subflow execution \[\[link execution="\w+" flowId="broken" namespace=".+"\]\] ends in FAILED state/);

    await engine.deploy(`id: lost\nnamespace: ${ns}\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${ns}\n    flowId: nowhere\n`);
    const lost = await engine.run(ns, 'lost');
    expect(lost.state.current).toBe('FAILED');
    expect(messages(await engine.logs(lost.id), 'call')).toEqual([`Unable to find flow '${ns}'.'nowhere' with revision '0'`]);
  });
});

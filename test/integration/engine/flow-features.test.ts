// Flow-level features: inputs (types, defaults, required, validation), outputs, labels, variables,
// errors and finally, disabled tasks, runIf, concurrency (QUEUE, CANCEL, FAIL), pluginDefaults,
// disabled flows.
import { describe, expect, it } from 'vitest';
import { form, hasTaskRun, history, messages, randomNamespace, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: flow features', () => {
  const engine = useEngine();

  it('inputs: typed values, defaults, required and validation reach the tasks', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: typed
namespace: ${ns}
inputs:
  - id: name
    type: STRING
    validator: "^[a-z]+$"
  - id: count
    type: INT
    defaults: 2
    min: 1
  - id: ratio
    type: FLOAT
    defaults: 0.5
  - id: enabled
    type: BOOLEAN
    defaults: false
  - id: when
    type: DATETIME
    required: false
  - id: payload
    type: JSON
    defaults: '{"k": [1, 2]}'
  - id: color
    type: SELECT
    values: [red, green]
    defaults: green
  - id: tags
    type: ARRAY
    itemType: INT
    defaults: [1, 2, 3]
  - id: secret
    type: SECRET
    required: false
  - id: stamp
    type: STRING
    defaults: "{{ flow.id }}:{{ execution.id }}"
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.name }} {{ inputs.count * 2 }} {{ inputs.ratio }} {{ inputs.enabled }} {{ inputs.payload.k[1] }} {{ inputs.color }} {{ inputs.tags | length }} {{ inputs.secret ?? 'none' }}"
`);
    const done = await engine.run(ns, 'typed', { inputs: { name: 'alice', count: '5', secret: 's3cret' } });
    expect(done.state.current).toBe('SUCCESS');
    expect(done.inputs).toMatchObject({ name: 'alice', count: 5, ratio: 0.5, enabled: false, payload: { k: [1, 2] }, color: 'green', tags: [1, 2, 3] });
    // SECRET inputs are stored encrypted, tasks see the clear value.
    expect(done.inputs.secret).not.toBe('s3cret');
    expect(taskRun(done, 'show').outputs).toEqual({ value: 'alice 10 0.5 false 2 green 3 s3cret' });
    // A default holding an expression is rendered when the execution is created.
    expect(done.inputs.stamp).toBe(`typed:${done.id}`);

    const missing = await engine.call(`/executions/${ns}/typed`, { method: 'POST' });
    expect(missing.status).toBe(422);
    expect(missing.json().message).toContain('Missing required input:name');
    const invalid = await engine.call(`/executions/${ns}/typed`, { method: 'POST', body: form({ name: 'Bob1', count: '0' }) });
    expect(invalid.status).toBe(422);
    expect(invalid.json().message).toContain('Invalid value for input `name`');
    expect(invalid.json().message).toContain('Invalid value for input `count`');
  });

  it('outputs: rendered and typed at the end; a failing output fails the execution', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: outs
namespace: ${ns}
tasks:
  - id: calc
    type: io.kestra.plugin.core.debug.Return
    format: "21"
outputs:
  - id: answer
    type: INT
    value: "{{ (outputs.calc.value | number) * 2 }}"
  - id: text
    type: STRING
    value: "done {{ flow.id }}"
`);
    const done = await engine.run(ns, 'outs');
    expect(done.state.current).toBe('SUCCESS');
    expect(done.outputs).toEqual({ answer: 42, text: 'done outs' });

    await engine.deploy(`id: badouts\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\noutputs:\n  - id: o\n    type: STRING\n    value: "{{ outputs.nope.value }}"\n`);
    const bad = await engine.run(ns, 'badouts');
    expect(bad.state.current).toBe('FAILED');
    expect(bad.outputs).toBeUndefined();
    const logs = await engine.logs(bad.id);
    expect(logs.find((l: Json) => !l.taskId)?.message).toMatch(/^Failed to render output values: Missing variable: 'nope'/);
  });

  it('labels: flow labels, execution labels and system labels, visible to tasks', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: labelled
namespace: ${ns}
labels:
  team: data
  env: dev
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ labels.team }}/{{ labels.env }}/{{ labels['system.from'] }}"
`);
    const done = await engine.run(ns, 'labelled', { query: '?labels=env:prod' });
    expect(done.labels).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'data' },
        { key: 'env', value: 'prod' },
        { key: 'system.correlationId', value: done.id },
        { key: 'system.from', value: 'api' },
      ]),
    );
    expect(taskRun(done, 'show').outputs).toEqual({ value: 'data/prod/api' });
  });

  it('variables: vars are raw values (render() renders an expression in one)', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: vars
namespace: ${ns}
variables:
  greeting: hello
  nested:
    n: 3
  dynamic: "{{ flow.id }}-dyn"
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ vars.greeting }} {{ vars.nested.n + 1 }} {{ render(vars.dynamic) }}"
`);
    const done = await engine.run(ns, 'vars');
    expect(taskRun(done, 'show').outputs).toEqual({ value: 'hello 4 vars-dyn' });
  });

  it('errors run when a task fails (not otherwise); finally always runs; the execution stays FAILED', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: branches
namespace: ${ns}
inputs:
  - id: fail
    type: BOOLEAN
tasks:
  - id: work
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.fail }}"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    message: "failed: {{ execution.id }}"
finally:
  - id: always
    type: io.kestra.plugin.core.log.Log
    message: always
`);
    const failed = await engine.run(ns, 'branches', { inputs: { fail: 'true' } });
    expect(failed.state.current).toBe('FAILED');
    expect(failed.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['work:FAILED', 'alert:SUCCESS', 'always:SUCCESS']);
    expect(taskRun(failed, 'alert').parentTaskRunId).toBeUndefined();
    const ok = await engine.run(ns, 'branches', { inputs: { fail: 'false' } });
    expect(ok.state.current).toBe('SUCCESS');
    expect(ok.taskRunList.map((t: Json) => t.taskId)).toEqual(['work', 'after', 'always']);
    expect(messages(await engine.logs(failed.id), 'alert')).toEqual([`failed: ${failed.id}`]);
  });

  it('disabled tasks are SKIPPED, runIf false skips with a SKIPPED attempt', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: skipping
namespace: ${ns}
tasks:
  - id: switched_off
    type: io.kestra.plugin.core.execution.Fail
    disabled: true
  - id: conditional
    type: io.kestra.plugin.core.log.Log
    message: not logged
    runIf: "{{ 1 == 2 }}"
  - id: enabled_one
    type: io.kestra.plugin.core.debug.Return
    format: ran
`);
    const done = await engine.run(ns, 'skipping');
    expect(done.state.current).toBe('SUCCESS');
    const off = taskRun(done, 'switched_off');
    expect(off.state.current).toBe('SKIPPED');
    expect(history(off)).toEqual(['CREATED', 'SKIPPED']);
    const conditional = taskRun(done, 'conditional');
    expect(conditional.state.current).toBe('SKIPPED');
    expect(conditional.attempts.map((a: Json) => a.state.current)).toEqual(['SKIPPED']);
    expect(messages(await engine.logs(done.id), 'conditional')).toEqual([]);
    expect(taskRun(done, 'enabled_one').outputs).toEqual({ value: 'ran' });
  });

  it('concurrency QUEUE: over the limit, executions wait QUEUED and run in order', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: queued
namespace: ${ns}
concurrency:
  limit: 1
  behavior: QUEUE
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: done
`);
    const first = await engine.start(ns, 'queued');
    await engine.waitFor(first.id, hasTaskRun('gate', 'PAUSED'));
    const second = await engine.start(ns, 'queued');
    const third = await engine.start(ns, 'queued');
    expect((await engine.waitFor(second.id, (e) => e.state.current === 'QUEUED')).taskRunList).toEqual([]);
    await engine.waitFor(third.id, (e) => e.state.current === 'QUEUED');
    expect(messages(await engine.logs(second.id))).toEqual(['Execution is queued due to concurrency limit exceeded, 1 running(s)']);
    // Killing a queued execution takes it out of the queue.
    expect((await engine.call(`/executions/${third.id}/kill`, { method: 'DELETE' })).status).toBe(202);
    expect(history(await engine.waitFor(third.id))).toEqual(['CREATED', 'QUEUED', 'KILLING', 'KILLED']);
    await engine.call(`/executions/${first.id}/resume`, { method: 'POST' });
    expect((await engine.waitFor(first.id)).state.current).toBe('SUCCESS');
    const secondRunning = await engine.waitFor(second.id, hasTaskRun('gate', 'PAUSED'));
    expect(history(secondRunning)).toEqual(['CREATED', 'QUEUED', 'RUNNING', 'PAUSED']);
    await engine.call(`/executions/${second.id}/resume`, { method: 'POST' });
    expect((await engine.waitFor(second.id)).state.current).toBe('SUCCESS');
  });

  it('unqueue and force-run take an execution out of the queue', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: gated\nnamespace: ${ns}\nconcurrency:\n  limit: 1\ntasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n`);
    const first = await engine.start(ns, 'gated');
    await engine.waitFor(first.id, hasTaskRun('gate', 'PAUSED'));
    const [second, third, fourth] = [await engine.start(ns, 'gated'), await engine.start(ns, 'gated'), await engine.start(ns, 'gated')];
    for (const e of [second, third, fourth]) await engine.waitFor(e.id, (x) => x.state.current === 'QUEUED');
    // Unqueued to RUNNING: runs over the limit.
    const unqueued = await engine.call(`/executions/${second.id}/unqueue`, { method: 'POST' });
    expect(unqueued.status).toBe(200);
    expect(history(await engine.waitFor(second.id, hasTaskRun('gate', 'PAUSED')))).toEqual(['CREATED', 'QUEUED', 'RUNNING', 'PAUSED']);
    // Unqueued to CANCELLED: ends at once.
    expect((await engine.call(`/executions/${third.id}/unqueue?state=CANCELLED`, { method: 'POST' })).status).toBe(200);
    expect(history(await engine.waitFor(third.id))).toEqual(['CREATED', 'QUEUED', 'CANCELLED']);
    expect((await engine.call(`/executions/${fourth.id}/force-run`, { method: 'POST' })).status).toBe(200);
    await engine.waitFor(fourth.id, hasTaskRun('gate', 'PAUSED'));
    const refused = await engine.call(`/executions/${first.id}/unqueue`, { method: 'POST' });
    expect(refused.status).toBe(422);
    expect(refused.json().message).toBe('Illegal argument: Only QUEUED executions can be unqueued');
    for (const e of [first, second, fourth]) {
      await engine.call(`/executions/${e.id}/kill`, { method: 'DELETE' });
      await engine.waitFor(e.id);
    }
  });

  it('concurrency CANCEL and FAIL: over the limit, executions end at once', async () => {
    const ns = randomNamespace();
    for (const behavior of ['CANCEL', 'FAIL']) {
      const id = `limited_${behavior.toLowerCase()}`;
      await engine.deploy(`id: ${id}\nnamespace: ${ns}\nconcurrency:\n  limit: 1\n  behavior: ${behavior}\ntasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n`);
      const first = await engine.start(ns, id);
      await engine.waitFor(first.id, hasTaskRun('gate', 'PAUSED'));
      const second = await engine.start(ns, id);
      const ended = await engine.waitFor(second.id);
      expect(ended.state.current).toBe(behavior === 'CANCEL' ? 'CANCELLED' : 'FAILED');
      expect(history(ended)).toEqual(['CREATED', behavior === 'CANCEL' ? 'CANCELLED' : 'FAILED']);
      if (behavior === 'FAIL') expect(messages(await engine.logs(second.id))).toEqual(['Execution is FAILED due to concurrency limit exceeded']);
      await engine.call(`/executions/${first.id}/kill`, { method: 'DELETE' });
      await engine.waitFor(first.id);
    }
  });

  it('pluginDefaults: values fill unset properties (also required ones), forced ones win, prefixes match', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: defaults
namespace: ${ns}
pluginDefaults:
  - type: io.kestra.plugin.core.log.Log
    values:
      message: default message
      level: WARN
  - type: io.kestra.plugin.core.debug
    forced: true
    values:
      format: forced format
tasks:
  - id: uses_default
    type: io.kestra.plugin.core.log.Log
  - id: overrides
    type: io.kestra.plugin.core.log.Log
    message: own message
  - id: forced
    type: io.kestra.plugin.core.debug.Return
    format: ignored
`);
    const done = await engine.run(ns, 'defaults');
    expect(done.state.current).toBe('SUCCESS');
    const logs = await engine.logs(done.id);
    expect(logs.filter((l: Json) => l.taskId !== 'forced').map((l: Json) => `${l.taskId} ${l.level} ${l.message}`)).toEqual(['uses_default WARN default message', 'overrides WARN own message']);
    expect(taskRun(done, 'forced').outputs).toEqual({ value: 'forced format' });
  });

  it('a disabled flow refuses new executions with 409', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: disabled_flow\nnamespace: ${ns}\ndisabled: true\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const res = await engine.call(`/executions/${ns}/disabled_flow`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.json().message).toBe('Illegal state: Requested Flow is disabled.');
  });
});

// Runnable core tasks: Log, Return, OutputValues, Sleep (and a kill during it), Fail, KV Set/Get/
// Delete, storage Write — states, histories, attempts, outputs and logs as Kestra shapes them.
import { describe, expect, it } from 'vitest';
import { attemptStates, hasTaskRun, history, messages, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: runnable tasks', () => {
  const engine = useEngine();

  it('Log logs each message at its level; Return outputs its rendered format', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: basics
namespace: ${ns}
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message:
      - "first {{ flow.id }}"
      - second
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ task.id }}@{{ flow.namespace }}"
`);
    const done = await engine.run(ns, 'basics');
    expect(done.state.current).toBe('SUCCESS');
    const log = taskRun(done, 'log');
    expect(history(log)).toEqual(['CREATED', 'SUBMITTED', 'RUNNING', 'SUCCESS']);
    expect(attemptStates(log)).toEqual(['SUCCESS']);
    expect(log.attempts[0].state.duration).toMatch(/^PT/);
    expect(log.outputs).toBeNull();
    const logs = await engine.logs(done.id);
    expect(logs.filter((l: Json) => l.taskId === 'log').map((l: Json) => `${l.level} ${l.message}`)).toEqual(['WARN first basics', 'WARN second']);
    expect(logs.find((l: Json) => l.taskId === 'log')).toMatchObject({ executionId: done.id, taskRunId: log.id, attemptNumber: 0, namespace: ns, flowId: 'basics' });
    expect(taskRun(done, 'ret').outputs).toEqual({ value: `ret@${ns}` });
  });

  it('OutputValues renders every value (nested too) into the values output', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: outvals
namespace: ${ns}
tasks:
  - id: values
    type: io.kestra.plugin.core.output.OutputValues
    values:
      name: "{{ flow.id }}"
      count: 3
      nested:
        list: ["{{ 1 + 1 }}", plain]
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.values.values.nested.list[0] }}-{{ outputs.values.values.count }}"
`);
    const done = await engine.run(ns, 'outvals');
    expect(taskRun(done, 'values').outputs).toEqual({ values: { name: 'outvals', count: 3, nested: { list: ['2', 'plain'] } } });
    expect(taskRun(done, 'use').outputs).toEqual({ value: '2-3' });
  });

  it('Sleep waits its duration; a kill interrupts it and ends KILLING then KILLED', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: sleepy
namespace: ${ns}
tasks:
  - id: short
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.2S
  - id: long
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1H
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`);
    const { id } = await engine.start(ns, 'sleepy');
    const running = await engine.waitFor(id, hasTaskRun('long', 'RUNNING'));
    const short = taskRun(running, 'short');
    expect(Date.parse(short.state.endDate) - Date.parse(short.attempts[0].state.startDate)).toBeGreaterThanOrEqual(190);
    expect((await engine.call(`/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const killed = await engine.waitFor(id);
    expect(killed.state.current).toBe('KILLED');
    expect(history(killed)).toEqual(['CREATED', 'RUNNING', 'KILLING', 'KILLED']);
    expect(killed.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['short:SUCCESS', 'long:KILLED']);
    expect(attemptStates(taskRun(killed, 'long'))).toEqual(['KILLED']);
  });

  it('Fail fails the task with its message, or only when its condition holds', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: failer
namespace: ${ns}
inputs:
  - id: mode
    type: STRING
tasks:
  - id: guard
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.mode == 'stop' }}"
    errorMessage: "stopped by {{ inputs.mode }}"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: went on
`);
    const passed = await engine.run(ns, 'failer', { inputs: { mode: 'go' } });
    expect(passed.state.current).toBe('SUCCESS');
    const stopped = await engine.run(ns, 'failer', { inputs: { mode: 'stop' } });
    expect(stopped.state.current).toBe('FAILED');
    expect(stopped.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['guard:FAILED']);
    expect(history(taskRun(stopped, 'guard'))).toEqual(['CREATED', 'SUBMITTED', 'RUNNING', 'FAILED']);
    const logs = await engine.logs(stopped.id);
    expect(logs.map((l: Json) => `${l.level} ${l.message}`)).toEqual(['ERROR stopped by stop']);
  });

  it('KV Set, Get and Delete read and write the namespace KV store with types, ttl and overwrite', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: kvflow
namespace: ${ns}
tasks:
  - id: set_text
    type: io.kestra.plugin.core.kv.Set
    key: greeting
    value: "hello {{ flow.id }}"
    description: a greeting
  - id: set_number
    type: io.kestra.plugin.core.kv.Set
    key: answer
    value: "42"
    kvType: NUMBER
  - id: set_json
    type: io.kestra.plugin.core.kv.Set
    key: config
    value:
      retries: 3
  - id: set_elsewhere
    type: io.kestra.plugin.core.kv.Set
    namespace: ${ns}.other
    key: shared
    value: x
    ttl: PT1H
  - id: get
    type: io.kestra.plugin.core.kv.Get
    key: answer
  - id: get_missing
    type: io.kestra.plugin.core.kv.Get
    key: nothing
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.get.value + 1 }} {{ kv('config').retries }}"
  - id: delete
    type: io.kestra.plugin.core.kv.Delete
    key: greeting
  - id: delete_again
    type: io.kestra.plugin.core.kv.Delete
    key: greeting
  - id: no_overwrite
    type: io.kestra.plugin.core.kv.Set
    key: answer
    value: "7"
    overwrite: false
`);
    const done = await engine.run(ns, 'kvflow');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'get').outputs).toEqual({ value: 42 });
    expect(taskRun(done, 'get_missing').outputs).toEqual({ value: null });
    expect(taskRun(done, 'use').outputs).toEqual({ value: '43 3' });
    expect(taskRun(done, 'delete').outputs).toEqual({ deleted: true });
    expect(taskRun(done, 'delete_again').outputs).toEqual({ deleted: false });
    expect(taskRun(done, 'no_overwrite').state.current).toBe('FAILED');
    expect(messages(await engine.logs(done.id), 'no_overwrite')).toEqual(["Cannot set value for key 'answer'. Key already exists and `overwrite` is set to `false`."]);
    const kv = (key: string, namespace = ns) => request(`${engine.api()}/namespaces/${namespace}/kv/${key}`);
    expect((await kv('answer')).json()).toMatchObject({ type: 'NUMBER', value: 42 });
    expect((await kv('config')).json()).toMatchObject({ type: 'JSON', value: { retries: 3 } });
    expect((await kv('greeting')).status).toBe(404);
    const listed = (await request(`${engine.api()}/namespaces/${ns}.other/kv`)).json();
    expect(listed.find((e: Json) => e.key === 'shared').expirationDate).toBeDefined();
  });

  it('KV Get with errorOnMissing fails with a clear message', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: strictkv\nnamespace: ${ns}\ntasks:\n  - id: get\n    type: io.kestra.plugin.core.kv.Get\n    key: absent\n    errorOnMissing: true\n`);
    const done = await engine.run(ns, 'strictkv');
    expect(done.state.current).toBe('FAILED');
    expect(messages(await engine.logs(done.id), 'get')).toEqual([`No value found for key 'absent' in namespace '${ns}' and \`errorOnMissing\` is set to true`]);
  });

  it('storage Write stores the content in internal storage, downloadable from the execution and readable with read()', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: writer
namespace: ${ns}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "line 1 of {{ flow.id }}\\nline 2"
    extension: .txt
  - id: back
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(outputs.write.uri) | upper }}"
`);
    const done = await engine.run(ns, 'writer');
    expect(done.state.current).toBe('SUCCESS');
    const uri = taskRun(done, 'write').outputs.uri as string;
    expect(uri).toMatch(new RegExp(`^kestra:///${ns.replace('.', '/')}/writer/executions/${done.id}/tasks/write/\\w+/[\\w-]+\\.txt$`));
    const file = await engine.call(`/executions/${done.id}/file?path=${encodeURIComponent(uri)}`);
    expect(file.status).toBe(200);
    expect(file.text).toBe('line 1 of writer\nline 2');
    expect((await engine.call(`/executions/${done.id}/file/metas?path=${encodeURIComponent(uri)}`)).json()).toEqual({ size: 23 });
    expect(taskRun(done, 'back').outputs).toEqual({ value: 'LINE 1 OF WRITER\nLINE 2' });
  });

  it('an unknown class in a Kestra core package is refused with Invalid type', async () => {
    const ns = randomNamespace();
    const res = await engine.call('/flows', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: unknown\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.http.Requests\n    uri: https://example.com\n`,
    });
    expect(res.status).toBe(422);
    expect(res.json().message).toContain('Invalid type: io.kestra.plugin.core.http.Requests');
  });
});

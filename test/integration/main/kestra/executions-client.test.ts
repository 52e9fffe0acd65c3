import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { LogBatch } from '../../../../main/contract/streams';
import { collectStream } from '../../../fixtures/console-core';
import { SERVER_MODES, startMode, stopMode, type ModeEnv } from '../../../fixtures/server-matrix';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

const flowYaml = (namespace: string) => `id: hello
namespace: ${namespace}
labels:
  team: data
inputs:
  - id: who
    type: STRING
    defaults: world
  - id: attachment
    type: FILE
    required: false
tasks:
  - id: greet
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.who }}"
  - id: more
    type: io.kestra.plugin.core.log.Log
    message:
      - "line one"
      - "line two"
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.who }}!"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.out.value }}"
`;

const TERMINAL = ['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED'];

// A task whose message cannot be rendered fails, like Kestra's strict Pebble rendering.
const approvalYaml = (namespace: string) => `id: approval
namespace: ${namespace}
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: approved
        type: BOOLEAN
        defaults: false
      - id: note
        type: STRING
        required: false
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "approved={{ outputs.wait.onResume.approved }} note={{ outputs.wait.onResume.note }}"
`;

const slowYaml = (namespace: string) => `id: slow
namespace: ${namespace}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
`;

const brokenYaml = (namespace: string) => `id: broken
namespace: ${namespace}
tasks:
  - id: fails
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.nowhere.value }}"
`;

describe.each(SERVER_MODES)('executions and logs: $name', (mode) => {
  let env: ModeEnv;
  let ns: string;
  const files = makeTempDir('exec-files');
  beforeAll(async () => {
    env = await startMode(mode);
    ns = randomNamespace('exec');
    await env.t.call('flows.create', { serverId: env.serverId, source: flowYaml(ns) });
    await env.t.call('flows.create', { serverId: env.serverId, source: brokenYaml(ns) });
    await env.t.call('flows.create', { serverId: env.serverId, source: approvalYaml(ns) });
    await env.t.call('flows.create', { serverId: env.serverId, source: slowYaml(ns) });
  });
  afterAll(async () => {
    await stopMode(env);
    files.remove();
  });

  async function runToEnd(inputs: Record<string, string> = {}, extra: Record<string, unknown> = {}, flowId = 'hello'): Promise<Execution> {
    const created = await env.t.call('executions.trigger', { serverId: env.serverId, namespace: ns, flowId, inputs, ...extra });
    const followed = await collectStream<{ phase: string; execution: Execution }>(env.t.core, 'executions.follow', { serverId: env.serverId, executionId: created.id });
    expect(followed.error).toBeUndefined();
    const end = followed.events.at(-1)!;
    expect(end.phase).toBe('end');
    return end.execution;
  }

  it('triggers with inputs, a FILE input and labels, then follows it to the end', async () => {
    const file = path.join(files.path, 'attachment.csv');
    writeFileSync(file, 'id,name\n1,kestra\n');
    const created = await env.t.call('executions.trigger', {
      serverId: env.serverId,
      namespace: ns,
      flowId: 'hello',
      inputs: { who: 'operator' },
      files: { attachment: await env.t.localFile(file) },
      labels: [{ key: 'env', value: 'test' }],
    });
    expect(created).toMatchObject({ namespace: ns, flowId: 'hello', state: { current: 'CREATED' } });
    expect(created.labels).toEqual(expect.arrayContaining([{ key: 'env', value: 'test' }]));
    const followed = await collectStream<{ phase: string; execution: Execution }>(env.t.core, 'executions.follow', { serverId: env.serverId, executionId: created.id });
    expect(followed.error).toBeUndefined();
    expect(followed.events.filter((e) => e.phase === 'start').length).toBeLessThanOrEqual(1);
    const final = followed.events.at(-1)!;
    expect(final.phase).toBe('end');
    expect(final.execution.state.current).toBe('SUCCESS');
    const got = await env.t.call('executions.get', { serverId: env.serverId, executionId: created.id });
    expect(got.taskRunList?.map((r) => r.taskId)).toEqual(['greet', 'more', 'out']);
    expect(got.inputs?.who).toBe('operator');
    const uri = String(got.inputs?.attachment);
    expect(uri).toMatch(/^kestra:\/\//);

    const preview = await env.t.call('executions.previewFile', { serverId: env.serverId, executionId: created.id, uri });
    expect(preview).toMatchObject({ text: 'id,name\n1,kestra\n', truncated: false });
    const target = path.join(files.path, 'downloaded.csv');
    const saved = await env.t.call('executions.downloadFile', { serverId: env.serverId, executionId: created.id, uri, target: env.t.saveTo(target) });
    expect(saved).toMatchObject({ saved: true, bytes: 17, path: target });
    expect(await readFile(target, 'utf8')).toBe('id,name\n1,kestra\n');
  });

  it('reads outputs the way the server serves them: inside the execution, or per task run from the outputs endpoints', async () => {
    const done = await runToEnd({ who: 'outputs' });
    const caps = await env.t.call('kestra.capabilities', { serverId: env.serverId });
    const got = await env.t.call('executions.get', { serverId: env.serverId, executionId: done.id });
    const out = got.taskRunList!.find((r) => r.taskId === 'out')!;
    const greet = got.taskRunList!.find((r) => r.taskId === 'greet')!;
    // Every version's task runs read the same: ids filled in even where 2.x leaves them out.
    expect(out).toMatchObject({ executionId: done.id, namespace: ns, flowId: 'hello' });
    if (caps.api.taskRunOutputs === 'endpoint') expect(out.outputs).toBeUndefined();
    else expect(out.outputs).toEqual({ value: 'outputs!' });

    expect(await env.t.call('executions.outputsIndex', { serverId: env.serverId, executionId: done.id })).toEqual([out.id]);
    expect(await env.t.call('executions.taskRunOutputs', { serverId: env.serverId, executionId: done.id, taskRunId: out.id })).toEqual({ value: 'outputs!' });
    expect(await env.t.call('executions.taskRunOutputs', { serverId: env.serverId, executionId: done.id, taskRunId: greet.id })).toEqual({});
    expect(await env.t.call('executions.flowOutputs', { serverId: env.serverId, executionId: done.id })).toEqual({ greeting: 'outputs!' });

    // Lists carry no task runs to the window, whether the server sends them (0.x, 1.x) or not (2.x).
    const listed = await env.t.call('executions.search', { serverId: env.serverId, namespace: ns, flowId: 'hello', size: 100 });
    const row = listed.results.find((e) => e.id === done.id)!;
    expect(row).toMatchObject({ id: done.id, namespace: ns, flowId: 'hello', state: { current: 'SUCCESS' } });
    expect(row.taskRunList).toBeUndefined();
    const raw = (await (await fetch(`${env.sandbox.api(mode.tenant)}/executions/search?namespace=${ns}&size=100`, { headers: env.sandbox.adminHeaders })).json()) as { results: { id: string; taskRunList?: unknown[] }[] };
    expect(Array.isArray(raw.results.find((e) => e.id === done.id)?.taskRunList)).toBe(caps.api.taskRunsInLists);
  });

  it('searches executions with filters', async () => {
    const done = await runToEnd({ who: 'search' }, { labels: [{ key: 'pick', value: 'me' }] });
    const byLabel = await env.t.call('executions.search', { serverId: env.serverId, namespace: ns, labels: [{ key: 'pick', value: 'me' }] });
    expect(byLabel.results.map((e) => e.id)).toEqual([done.id]);
    const byState = await env.t.call('executions.search', { serverId: env.serverId, namespace: ns, flowId: 'hello', states: ['SUCCESS'], size: 100 });
    expect(byState.results.map((e) => e.id)).toContain(done.id);
    const none = await env.t.call('executions.search', { serverId: env.serverId, namespace: ns, states: ['KILLED'] });
    expect(none.results).toEqual([]);
  });

  it('lists, follows (batched, columnar) and downloads logs', async () => {
    const done = await runToEnd({ who: 'logs' });
    const lines = await env.t.call('logs.list', { serverId: env.serverId, executionId: done.id });
    const messages = lines.map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['Hello logs', 'line one', 'line two']));

    const followed = await collectStream<LogBatch>(env.t.core, 'logs.follow', { serverId: env.serverId, executionId: done.id }, { stopWhen: (batches) => batches.reduce((n, b) => n + b.messages.length, 0) >= lines.length });
    const all = followed.events.flatMap((b) => b.messages);
    expect(all).toEqual(messages);
    expect(followed.events[0]!.firstIndex).toBe(0);
    const tasks = followed.events.flatMap((b) => b.newTasks).map((t) => t.taskId);
    expect(tasks).toEqual(expect.arrayContaining(['greet', 'more']));

    const target = path.join(files.path, `${done.id}.log`);
    const saved = await env.t.call('logs.download', { serverId: env.serverId, executionId: done.id, target: env.t.saveTo(target) });
    expect(saved.saved).toBe(true);
    const text = await readFile(target, 'utf8');
    expect(text).toContain('Hello logs');
  });

  it('changes labels, status, restarts, replays, kills and deletes', async () => {
    const done = await runToEnd({ who: 'actions' });
    const labelled = await env.t.call('executions.setLabels', { serverId: env.serverId, executionId: done.id, labels: [{ key: 'reviewed', value: 'yes' }] });
    expect(labelled.labels).toEqual(expect.arrayContaining([{ key: 'reviewed', value: 'yes' }]));
    const changed = await env.t.call('executions.changeStatus', { serverId: env.serverId, executionId: done.id, status: 'WARNING' });
    expect(changed.state.current).toBe('WARNING');
    const replayed = await env.t.call('executions.replay', { serverId: env.serverId, executionId: done.id });
    expect(replayed.id).not.toBe(done.id);
    // Nothing failed, so there is nothing to restart: Kestra says so (422), and so do we.
    const nothing = await env.t.fail('executions.restart', { serverId: env.serverId, executionId: done.id });
    expect(nothing).toMatchObject({ kind: 'validation', message: expect.stringMatching(/restart/) });
    const failed = await runToEnd({}, {}, 'broken');
    expect(failed.state.current).toBe('FAILED');
    const restarted = await env.t.call('executions.restart', { serverId: env.serverId, executionId: failed.id });
    expect(restarted).toMatchObject({ id: failed.id, state: { current: 'RESTARTED' } });
    await env.t.call('executions.kill', { serverId: env.serverId, executionId: replayed.id });
    const killedOrDone = await env.t.call('executions.get', { serverId: env.serverId, executionId: replayed.id });
    expect([...TERMINAL, 'KILLING', 'RUNNING', 'CREATED']).toContain(killedOrDone.state.current);
    await env.t.call('executions.delete', { serverId: env.serverId, executionId: done.id });
    expect(await env.t.fail('executions.get', { serverId: env.serverId, executionId: done.id })).toMatchObject({ status: 404 });
  });

  it('resumes a paused execution with its onResume inputs, and pauses and kills a running one', async () => {
    const paused = await env.t.call('executions.trigger', { serverId: env.serverId, namespace: ns, flowId: 'approval' });
    await expect.poll(async () => (await env.t.call('executions.get', { serverId: env.serverId, executionId: paused.id })).state.current, { timeout: 20_000 }).toBe('PAUSED');
    await env.t.call('executions.resume', { serverId: env.serverId, executionId: paused.id, inputs: { approved: true, note: 'ship it' } });
    await expect.poll(async () => (await env.t.call('executions.get', { serverId: env.serverId, executionId: paused.id })).state.current, { timeout: 20_000 }).toBe('SUCCESS');
    const lines = await env.t.call('logs.list', { serverId: env.serverId, executionId: paused.id });
    expect(lines.map((l) => l.message)).toContain('approved=true note=ship it');

    const running = await env.t.call('executions.trigger', { serverId: env.serverId, namespace: ns, flowId: 'slow' });
    await expect.poll(async () => (await env.t.call('executions.get', { serverId: env.serverId, executionId: running.id })).state.current, { timeout: 20_000 }).toBe('RUNNING');
    await env.t.call('executions.pause', { serverId: env.serverId, executionId: running.id });
    await expect.poll(async () => (await env.t.call('executions.get', { serverId: env.serverId, executionId: running.id })).state.current, { timeout: 20_000 }).toBe('PAUSED');
    await env.t.call('executions.kill', { serverId: env.serverId, executionId: running.id });
    await expect.poll(async () => (await env.t.call('executions.get', { serverId: env.serverId, executionId: running.id })).state.current, { timeout: 20_000 }).toBe('KILLED');
  });

  it('pauses and resumes only when the state allows it, with the server’s reason', async () => {
    const done = await runToEnd({ who: 'pause' });
    const pause = await env.t.fail('executions.pause', { serverId: env.serverId, executionId: done.id });
    expect(pause.status).toBeGreaterThanOrEqual(400);
    expect(pause.message.length).toBeGreaterThan(0);
    const resume = await env.t.fail('executions.resume', { serverId: env.serverId, executionId: done.id, inputs: { approved: true } });
    expect(resume.status).toBe(409);
    expect(resume.message).toMatch(/not paused/);
  });

  it('acts on many executions at once', async () => {
    const a = await runToEnd({}, {}, 'broken');
    const b = await runToEnd({}, {}, 'broken');
    expect(await env.t.call('executions.bulk', { serverId: env.serverId, action: 'restart', executionIds: [a.id, b.id] })).toEqual({ count: 2 });
    const replayed = await env.t.call('executions.bulk', { serverId: env.serverId, action: 'replay', executionIds: [a.id] });
    expect(replayed.count).toBe(1);
    for (const id of [a.id, b.id]) {
      await expect.poll(async () => TERMINAL.includes((await env.t.call('executions.get', { serverId: env.serverId, executionId: id })).state.current), { timeout: 20_000 }).toBe(true);
    }
    // Killing finished executions is refused per execution, like Kestra's BulkErrorResponse.
    const kill = await env.t.fail('executions.bulk', { serverId: env.serverId, action: 'kill', executionIds: [a.id] });
    expect(kill).toMatchObject({ status: 400, message: expect.stringMatching(/invalid bulk kill/) });
    expect(kill.fieldErrors?.length).toBe(1);
    expect(await env.t.call('executions.bulk', { serverId: env.serverId, action: 'delete', executionIds: [a.id, b.id] })).toEqual({ count: 2 });
    expect(await env.t.fail('executions.get', { serverId: env.serverId, executionId: b.id })).toMatchObject({ status: 404 });
    expect((await env.t.fail('executions.bulk', { serverId: env.serverId, action: 'delete', executionIds: [] })).kind).toBe('validation');
  });

  it('reports a missing flow and bad inputs clearly', async () => {
    expect(await env.t.fail('executions.trigger', { serverId: env.serverId, namespace: ns, flowId: 'nope' })).toMatchObject({ status: 404 });
    const bad = await env.t.fail('executions.trigger', { serverId: env.serverId, namespace: ns, flowId: 'hello', labels: [{ key: 'a:b', value: 'c' }] });
    expect(bad.kind).toBe('validation');
  });
});

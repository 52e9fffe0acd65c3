// Acknowledged writes survive `kill -9` and a restart on the same data directory.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'libsql';
import path from 'node:path';
import { spawnSandboxProcess, startTestSandbox, type SandboxProcess } from '../../fixtures/sandbox';
import { makeTempDir } from '../../fixtures/temp-dir';
import { helloFlow, randomNamespace, request, waitForExecution, yamlBody } from './helpers';

describe('sandbox durability', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function spawn(dataDir: string, args: string[] = []): Promise<SandboxProcess> {
    const server = await spawnSandboxProcess(dataDir, args);
    cleanups.push(() => server.kill('SIGKILL'));
    return server;
  }

  it('keeps flows, revisions, executions, logs, KV and namespace files after kill -9', async () => {
    const data = makeTempDir('durable');
    cleanups.push(() => data.remove());
    const ns = randomNamespace();
    let server = await spawn(data.path);
    let api = `${server.url}/api/v1/main`;

    expect((await request(`${api}/flows`, yamlBody(helloFlow(ns)))).status).toBe(200);
    expect((await request(`${api}/flows/${ns}/hello`, { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml' }, body: helloFlow(ns, 'hello', 'v2 {{ inputs.name }}') })).status).toBe(200);
    const execution = (await request(`${api}/executions/${ns}/hello?wait=true`, { method: 'POST' })).json();
    expect(execution.state.current).toBe('SUCCESS');
    expect((await request(`${api}/namespaces/${ns}/kv/answer`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '42' })).status).toBe(200);
    const upload = new FormData();
    upload.append('fileContent', new Blob(['persisted bytes']), 'data.txt');
    expect((await request(`${api}/namespaces/${ns}/files?path=/keep/data.txt`, { method: 'POST', body: upload })).status).toBe(200);
    const at = new Date(Date.now() + 120_000).toISOString();
    const scheduled = (await request(`${api}/executions/${ns}/hello?scheduleDate=${encodeURIComponent(at)}`, { method: 'POST' })).json();

    await server.kill('SIGKILL');
    server = await spawn(data.path);
    api = `${server.url}/api/v1/main`;

    const flow = (await request(`${api}/flows/${ns}/hello?source=true`)).json();
    expect(flow.revision).toBe(2);
    expect(flow.source).toBe(helloFlow(ns, 'hello', 'v2 {{ inputs.name }}'));
    expect((await request(`${api}/flows/${ns}/hello/revisions`)).json()).toHaveLength(2);
    const stored = (await request(`${api}/executions/${execution.id}`)).json();
    expect(stored.state.current).toBe('SUCCESS');
    expect(stored.taskRunList).toHaveLength(1);
    expect((await request(`${api}/logs/${execution.id}`)).json().map((l: { message: string }) => l.message)).toEqual(['v2 world']);
    expect((await request(`${api}/namespaces/${ns}/kv/answer`)).json()).toMatchObject({ type: 'NUMBER', value: 42 });
    expect((await request(`${api}/namespaces/${ns}/files?path=/keep/data.txt`)).text).toBe('persisted bytes');
    // The scheduled execution is still waiting for its date.
    expect((await request(`${api}/executions/${scheduled.id}`)).json().state.current).toBe('CREATED');
    // And the server works normally afterwards.
    const again = (await request(`${api}/executions/${ns}/hello?wait=true`, { method: 'POST' })).json();
    expect(again.state.current).toBe('SUCCESS');
  });

  it('stops cleanly on SIGTERM and a second server refuses a data directory in use', async () => {
    const data = makeTempDir('durable');
    cleanups.push(() => data.remove());
    const first = await spawn(data.path);
    await expect(spawnSandboxProcess(data.path)).rejects.toThrow(/in use by process/);
    await first.kill('SIGTERM');
    expect(first.child.exitCode).toBe(0);
    const second = await spawn(data.path);
    expect((await request(`${second.url}/api/v1/configs`)).status).toBe(200);
  });

  it('re-queues executions that were only created when the process died', async () => {
    const data = makeTempDir('durable');
    cleanups.push(() => data.remove());
    const ns = randomNamespace();
    let server = await spawn(data.path);
    let api = `${server.url}/api/v1/main`;
    await request(`${api}/flows`, yamlBody(helloFlow(ns)));
    const soon = new Date(Date.now() + 1_500).toISOString();
    const queued = (await request(`${api}/executions/${ns}/hello?scheduleDate=${encodeURIComponent(soon)}`, { method: 'POST' })).json();
    await server.kill('SIGKILL');
    server = await spawn(data.path);
    api = `${server.url}/api/v1/main`;
    const done = await waitForExecution(api, queued.id);
    expect(done.state.current).toBe('SUCCESS');
  });

  it('resumes, on restart, an execution that was running when the process died: the interrupted task run is resubmitted', async () => {
    const data = makeTempDir('durable');
    cleanups.push(() => data.remove());
    const ns = randomNamespace();
    const first = await startTestSandbox({ dataDir: data.path });
    const api1 = `${first.url}/api/v1/main`;
    await request(`${api1}/flows`, yamlBody(helloFlow(ns)));
    const done = (await request(`${api1}/executions/${ns}/hello?wait=true`, { method: 'POST' })).json();
    await first.close();

    // Rewind the stored execution to what a crash mid-task leaves: execution and task run RUNNING.
    const db = new Database(path.join(data.path, 'sandbox.db'));
    const row = db.prepare('SELECT document FROM executions WHERE id = ?').raw(true).get([done.id]) as [string];
    const execution = JSON.parse(row[0]);
    execution.state = { current: 'RUNNING', histories: execution.state.histories.slice(0, 2), startDate: execution.state.startDate };
    db.prepare('UPDATE executions SET state = ?, end_date = NULL, document = ? WHERE id = ?').run(['RUNNING', JSON.stringify(execution), done.id]);
    const runRow = db.prepare('SELECT id, document FROM task_runs WHERE execution_id = ?').raw(true).get([done.id]) as [string, string];
    const taskRun = JSON.parse(runRow[1]);
    taskRun.state = { current: 'RUNNING', histories: taskRun.state.histories.slice(0, 3), startDate: taskRun.state.startDate };
    taskRun.attempts[0].state = { current: 'RUNNING', histories: taskRun.attempts[0].state.histories.slice(0, 2), startDate: taskRun.attempts[0].state.startDate };
    db.prepare('UPDATE task_runs SET document = ? WHERE id = ?').run([JSON.stringify(taskRun), runRow[0]]);
    db.close();

    const second = await startTestSandbox({ dataDir: data.path });
    cleanups.push(() => second.close());
    const api2 = `${second.url}/api/v1/main`;
    const recovered = await waitForExecution(api2, done.id);
    expect(recovered.state.current).toBe('SUCCESS');
    expect(recovered.state.histories.map((h: { state: string }) => h.state)).toEqual(['CREATED', 'RUNNING', 'SUCCESS']);
    const log = recovered.taskRunList[0];
    expect(log.state.current).toBe('SUCCESS');
    // The interrupted attempt is marked RESUBMITTED and a new one ran.
    expect(log.attempts.map((a: { state: { current: string } }) => a.state.current)).toEqual(['RESUBMITTED', 'SUCCESS']);
    const logs = (await request(`${api2}/logs/${done.id}?minLevel=WARN`)).json();
    expect(logs.map((l: { message: string }) => l.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('resumes from its last saved state'), expect.stringContaining('the task run is resubmitted')]),
    );
  });
});

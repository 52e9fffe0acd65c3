// A sandbox process killed (kill -9) in the middle of runs: on restart every execution that was in
// flight is taken back. The running task is resubmitted (RESUBMITTED attempt, then a new one), a
// paused execution waits again and can be resumed, none stays RUNNING forever.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSandboxProcess, type SandboxProcess } from '../../fixtures/sandbox';
import { makeTempDir } from '../../fixtures/temp-dir';
import { waitForExecution } from '../sandbox/helpers';
import { attemptStates, hasTaskRun, history, messages, randomNamespace, request, taskRun, type Json } from './engine-helpers';

describe('engine: sandbox restart in the middle of runs', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function spawn(dataDir: string): Promise<SandboxProcess> {
    const server = await spawnSandboxProcess(dataDir);
    cleanups.push(() => server.kill('SIGKILL'));
    return server;
  }

  it('resubmits the interrupted task, keeps paused executions paused, and ends every execution', async () => {
    const data = makeTempDir('engine-recovery');
    cleanups.push(() => data.remove());
    const ns = randomNamespace();
    let server = await spawn(data.path);
    let api = `${server.url}/api/v1/main`;
    const deploy = async (source: string) => expect((await request(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source })).status).toBe(200);
    await deploy(`id: long
namespace: ${ns}
tasks:
  - id: before
    type: io.kestra.plugin.core.debug.Return
    format: before
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1.5S
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "after {{ outputs.before.value }}"
`);
    await deploy(`id: gated
namespace: ${ns}
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: note
        type: STRING
  - id: end
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.gate.onResume.note }}"
`);
    const running = (await request(`${api}/executions/${ns}/long`, { method: 'POST' })).json();
    const paused = (await request(`${api}/executions/${ns}/gated`, { method: 'POST' })).json();
    await waitForExecution(api, running.id, hasTaskRun('nap', 'RUNNING'));
    await waitForExecution(api, paused.id, (e: Json) => e.state.current === 'PAUSED');
    // GET answers from memory; a search commits pending progress first, so the kill hits a
    // running attempt that is on disk (progress not yet committed is lost by design).
    await request(`${api}/executions/search?filters[namespace][EQUALS]=${ns}`);

    await server.kill('SIGKILL');
    server = await spawn(data.path);
    api = `${server.url}/api/v1/main`;

    const done = await waitForExecution(api, running.id);
    expect(done.state.current).toBe('SUCCESS');
    const nap = taskRun(done, 'nap');
    expect(attemptStates(nap)).toEqual(['RESUBMITTED', 'SUCCESS']);
    expect(attemptStates(taskRun(done, 'before'))).toEqual(['SUCCESS']);
    expect(taskRun(done, 'after').outputs).toEqual({ value: 'after before' });
    const logs = (await request(`${api}/logs/${running.id}?minLevel=WARN`)).json();
    expect(messages(logs)).toEqual(expect.arrayContaining(['The sandbox stopped while this execution was running; it resumes from its last saved state.']));
    expect(messages(logs, 'nap')).toEqual(['The sandbox stopped while this task was running; the task run is resubmitted.']);

    const stillPaused = (await request(`${api}/executions/${paused.id}`)).json();
    expect(stillPaused.state.current).toBe('PAUSED');
    expect(taskRun(stillPaused, 'gate').state.current).toBe('PAUSED');
    const body = new FormData();
    body.append('note', 'resumed after a restart');
    expect((await request(`${api}/executions/${paused.id}/resume`, { method: 'POST', body })).status).toBe(204);
    const resumed = await waitForExecution(api, paused.id);
    expect(resumed.state.current).toBe('SUCCESS');
    expect(history(resumed)).toEqual(['CREATED', 'RUNNING', 'PAUSED', 'RESTARTED', 'RUNNING', 'SUCCESS']);
    expect(taskRun(resumed, 'end').outputs).toEqual({ value: 'resumed after a restart' });
  });

  it('an execution resumed after a restart can still be killed', async () => {
    const data = makeTempDir('engine-recovery');
    cleanups.push(() => data.remove());
    const ns = randomNamespace();
    const server = await spawn(data.path);
    const api = `${server.url}/api/v1/main`;
    await request(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: `id: stuck\nnamespace: ${ns}\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1H\n` });
    const { id } = (await request(`${api}/executions/${ns}/stuck`, { method: 'POST' })).json();
    await waitForExecution(api, id, hasTaskRun('nap', 'RUNNING'));
    await request(`${api}/executions/search?filters[namespace][EQUALS]=${ns}`);
    await server.kill('SIGKILL');
    const second = await spawn(data.path);
    const api2 = `${second.url}/api/v1/main`;
    // The stored state already says RUNNING: wait for the resubmitted attempt itself.
    await waitForExecution(api2, id, (e: Json) => e.taskRunList?.[0]?.attempts?.length === 2 && e.taskRunList[0].attempts[1].state.current === 'RUNNING');
    expect((await request(`${api2}/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const killed = await waitForExecution(api2, id);
    expect(killed.state.current).toBe('KILLED');
    expect(attemptStates(taskRun(killed, 'nap'))).toEqual(['RESUBMITTED', 'KILLED']);
  });
});

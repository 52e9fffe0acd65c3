// The sandbox's engine runs on a worker thread of its own (main/sandbox/engine-thread): what the API
// thread must still guarantee across that boundary — flows saved through the API are what the engine
// runs next, followers see every state, a dead engine answers 503 instead of hanging requests, and a
// shutdown with executions in flight resumes them on the next start.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSandbox, useSandbox, type TestSandbox } from '../../fixtures/sandbox';
import { makeTempDir } from '../../fixtures/temp-dir';
import { randomNamespace, readSse, request, waitForExecution, yamlBody } from './helpers';
import { BLOCK_TASK, CRASH_ENGINE_ONCE_TASK, TEST_TASKS_MODULE } from './test-tasks';

const TERMINAL = ['SUCCESS', 'FAILED', 'WARNING', 'KILLED'];
const states = (e: { state: { histories: { state: string }[] } }): string[] => e.state.histories.map((h) => h.state);

async function saveFlow(api: string, source: string, method: 'POST' | 'PUT' = 'POST', target = ''): Promise<{ revision: number }> {
  const res = await request(`${api}/flows${target}`, { ...yamlBody(source), method });
  expect(res.status, res.text).toBe(200);
  return res.json();
}

describe('sandbox engine thread', () => {
  const sandbox = useSandbox({ taskModules: [TEST_TASKS_MODULE] });
  const api = (): string => sandbox().api();

  it('runs the revision of a flow saved through the API at once, and re-arms its Flow trigger on the engine', async () => {
    const ns = randomNamespace();
    const source = (word: string): string => `id: changing\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.debug.Return\n    format: ${word}\n`;
    await saveFlow(api(), source('one'));
    for (const [word, revision] of [['two', 2], ['three', 3]] as const) {
      expect((await saveFlow(api(), source(word), 'PUT', `/${ns}/changing`)).revision).toBe(revision);
      // Triggered right after the save answered: the engine reads the revision just committed.
      const run = (await request(`${api()}/executions/${ns}/changing?wait=true`, { method: 'POST' })).json();
      expect(run.state.current).toBe('SUCCESS');
      expect(run.flowRevision).toBe(revision);
      expect(run.taskRunList[0].outputs).toEqual({ value: word });
    }

    // A flow with a Flow trigger saved through the API is listened to by the engine thread at once.
    await saveFlow(
      api(),
      `id: downstream\nnamespace: ${ns}\ntasks:\n  - id: after\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ trigger.executionId }}"\ntriggers:\n  - id: on_changing\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlowCondition\n        namespace: ${ns}\n        flowId: changing\n`,
    );
    const upstream = (await request(`${api()}/executions/${ns}/changing?wait=true`, { method: 'POST' })).json();
    expect(upstream.state.current).toBe('SUCCESS');
    let downstream: { results: { id: string; state: { current: string }; trigger?: { variables?: { executionId?: string } } }[] } = { results: [] };
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      downstream = (await request(`${api()}/executions/search?namespace=${ns}&flowId=downstream`)).json();
      if (downstream.results.some((e) => TERMINAL.includes(e.state.current))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(downstream.results).toHaveLength(1);
    expect(downstream.results[0]!.state.current).toBe('SUCCESS');
    expect(downstream.results[0]!.trigger?.variables?.executionId).toBe(upstream.id);
  });

  it('delivers every execution state and every log line to followers on the API thread', async () => {
    const ns = randomNamespace();
    const logTasks = Array.from({ length: 5 }, (_, i) => `  - id: log${i}\n    type: io.kestra.plugin.core.log.Log\n    message: line ${i}\n`).join('');
    await saveFlow(api(), `id: followed\nnamespace: ${ns}\ntasks:\n  - id: hold\n    type: ${BLOCK_TASK}\n    ms: 400\n${logTasks}`);
    const created = (await request(`${api()}/executions/${ns}/followed`, { method: 'POST' })).json();
    const [execution, logs, leaver] = await Promise.all([
      readSse(`${api()}/executions/${created.id}/follow`, (frames) => frames.some((f) => f.id === 'end')),
      readSse(`${api()}/logs/${created.id}/follow`, (frames) => frames.filter((f) => f.event !== 'start' && f.id !== 'start').length >= 5),
      // A second follower of the same execution that leaves after its first state: the one above
      // must still get the rest (the engine thread is subscribed once for both).
      readSse(`${api()}/executions/${created.id}/follow`, (frames) => frames.some((f) => f.id === 'progress')),
    ]);
    expect(leaver.closedByServer).toBe(false);
    const snapshots = execution.frames.filter((f) => f.data && f.data !== '{}' && f.id !== 'start').map((f) => JSON.parse(f.data) as { state: { current: string; histories: { state: string }[] } });
    expect(execution.frames.at(-1)?.id).toBe('end');
    expect(snapshots.at(-1)?.state.current).toBe('SUCCESS');
    // The follower joined while the execution ran: it saw it RUNNING, then ended with the whole history.
    expect(snapshots.some((s) => s.state.current === 'RUNNING')).toBe(true);
    expect(states(snapshots.at(-1)!)).toEqual(expect.arrayContaining(['CREATED', 'RUNNING', 'SUCCESS']));
    const lines = logs.frames.filter((f) => f.id !== 'start' && f.event !== 'start').map((f) => (JSON.parse(f.data) as { message: string }).message);
    expect(lines).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
  });
});

/** This process's threads with their nice values (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): Map<string, number> {
  const nices = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(tid, Number(fields[19 - 3]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nices;
}

describe('sandbox engine thread lifecycle', () => {
  const started: TestSandbox[] = [];
  const data = makeTempDir('engine-thread');
  afterAll(async () => {
    for (const sandbox of started) await sandbox.close();
    data.remove();
  });

  it.runIf(process.platform === 'linux')('runs the engine on a thread of lower priority (nice 10) than the API thread', async () => {
    const base = threadNices();
    const mainNice = base.get(String(process.pid));
    const niced = (nices: Map<string, number>): string[] => [...nices].filter(([tid, nice]) => tid !== String(process.pid) && nice === Math.min(19, mainNice! + 10)).map(([tid]) => tid);
    const sandbox = await startTestSandbox({ dataDir: path.join(data.path, 'priority') });
    try {
      const running = threadNices();
      // One more thread at nice +10 (the engine's); this thread (the API's here) kept its priority.
      expect(niced(running).filter((tid) => !niced(base).includes(tid))).toHaveLength(1);
      expect(running.get(String(process.pid))).toBe(mainNice);
    } finally {
      await sandbox.close();
    }
    expect(niced(threadNices()).filter((tid) => !niced(base).includes(tid))).toHaveLength(0);
  });

  it('answers 503 with a clear message when the engine thread dies, then restarts it and recovers the execution', async () => {
    const dataDir = path.join(data.path, 'crash');
    const sandbox = await startTestSandbox({ dataDir, taskModules: [TEST_TASKS_MODULE] });
    started.push(sandbox);
    const ns = randomNamespace();
    const marker = path.join(data.path, 'crashed-once');
    await saveFlow(sandbox.api(), `id: crash\nnamespace: ${ns}\ntasks:\n  - id: boom\n    type: ${CRASH_ENGINE_ONCE_TASK}\n    marker: ${JSON.stringify(marker)}\n`);
    // Waiting on the execution while the engine dies: a clear error, not a hang.
    const waited = await request(`${sandbox.api()}/executions/${ns}/crash?wait=true`, { method: 'POST', signal: AbortSignal.timeout(15_000) });
    expect(existsSync(marker)).toBe(true);
    expect(waited.status).toBe(503);
    expect(waited.json().message).toMatch(/execution engine stopped unexpectedly.*restarting/);
    // The API thread kept serving throughout.
    expect((await request(`${sandbox.url}/api/v1/configs`)).status).toBe(200);
    // The restarted engine recovers the interrupted execution from its last committed state: the task
    // runs again (the marker says it ran once) and succeeds.
    const search = async (): Promise<{ results: { id: string }[] }> => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const res = await request(`${sandbox.api()}/executions/search?namespace=${ns}&flowId=crash`);
        if (res.status === 200 && res.json().results.length > 0) return res.json();
        if (Date.now() > deadline) throw new Error(`no execution found: ${res.status} ${res.text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const [{ id }] = (await search()).results as [{ id: string }];
    const done = await waitForExecution(sandbox.api(), id, (e) => TERMINAL.includes(e?.state?.current));
    expect(done.state.current).toBe('SUCCESS');
    expect(done.taskRunList[0].outputs).toEqual({ crashed: false });
    expect(done.taskRunList[0].attempts.at(-1).state.current).toBe('SUCCESS');
  });

  it('stays down, answering 503 that says to restart the sandbox, when the engine keeps crashing', async () => {
    const sandbox = await startTestSandbox({ dataDir: path.join(data.path, 'crash-always'), taskModules: [TEST_TASKS_MODULE] });
    started.push(sandbox);
    const ns = randomNamespace();
    const marker = path.join(data.path, 'crashed-always');
    await saveFlow(sandbox.api(), `id: crash\nnamespace: ${ns}\ntasks:\n  - id: boom\n    type: ${CRASH_ENGINE_ONCE_TASK}\n    marker: ${JSON.stringify(marker)}\n    always: true\n`);
    const created = await request(`${sandbox.api()}/executions/${ns}/crash`, { method: 'POST' });
    expect(created.status).toBe(200);
    // Each restart recovers the execution, which crashes the engine again: after three restarts in a
    // minute it is left down, and says so.
    const deadline = Date.now() + 60_000;
    let last = await request(`${sandbox.api()}/executions/${created.json().id}`);
    while (!/restart the sandbox/.test(last.text) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await request(`${sandbox.api()}/executions/${created.json().id}`);
    }
    expect(last.status).toBe(503);
    expect(last.json().message).toMatch(/^Service Unavailable: the sandbox's execution engine stopped unexpectedly .*4 times within a minute; restart the sandbox\.$/);
    // What does not need the engine still works.
    expect((await request(`${sandbox.api()}/flows/${ns}/crash`)).status).toBe(200);
  });

  it('closes with executions in flight and resumes them on the next start', async () => {
    const dataDir = path.join(data.path, 'restart');
    const first = await startTestSandbox({ dataDir, taskModules: [TEST_TASKS_MODULE] });
    const ns = randomNamespace();
    await saveFlow(first.api(), `id: long\nnamespace: ${ns}\ntasks:\n  - id: hold\n    type: ${BLOCK_TASK}\n    ms: 6000\n  - id: after\n    type: io.kestra.plugin.core.debug.Return\n    format: resumed\n`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await request(`${first.api()}/executions/${ns}/long`, { method: 'POST' })).json().id);
    for (const id of ids) await waitForExecution(first.api(), id, (e) => e.taskRunList?.[0]?.state.current === 'RUNNING');
    // close(): the engine's grace period passes, the executions stay RUNNING in storage.
    await first.close();

    const second = await startTestSandbox({ dataDir, taskModules: [TEST_TASKS_MODULE] });
    started.push(second);
    for (const id of ids) {
      const done = await waitForExecution(second.api(), id, (e) => TERMINAL.includes(e.state.current), 30_000);
      expect(done.state.current).toBe('SUCCESS');
      expect(done.taskRunList.map((t: { taskId: string; state: { current: string } }) => `${t.taskId}:${t.state.current}`)).toEqual(['hold:SUCCESS', 'after:SUCCESS']);
      expect(done.taskRunList[0].attempts.map((a: { state: { current: string } }) => a.state.current)).toEqual(['RESUBMITTED', 'SUCCESS']);
    }
  });
});

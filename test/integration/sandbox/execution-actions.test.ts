import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { randomNamespace, request, waitForExecution, yamlBody } from './helpers';
import { BLOCK_TASK, TEST_TASKS_MODULE } from './test-tasks';

const states = (e: { state: { histories: { state: string }[] } }) => e.state.histories.map((h) => h.state);
const runs = (e: { taskRunList: { taskId: string; state: { current: string } }[] }) => e.taskRunList.map((t) => `${t.taskId}:${t.state.current}`);

describe('sandbox execution actions', () => {
  const sandbox = useSandbox({ taskModules: [TEST_TASKS_MODULE] });
  const api = () => `${sandbox().url}/api/v1/main`;

  async function flow(ns: string, id: string, tasks: string): Promise<void> {
    const res = await request(`${api()}/flows`, yamlBody(`id: ${id}\nnamespace: ${ns}\ntasks:\n${tasks}`));
    expect(res.status, res.text).toBe(200);
  }
  const start = async (ns: string, id: string, query = ''): Promise<{ id: string }> => (await request(`${api()}/executions/${ns}/${id}${query}`, { method: 'POST' })).json();
  const runningTask = (taskId: string) => (e: { state: { current: string }; taskRunList?: { taskId: string; state: { current: string } }[] }) =>
    e.state.current === 'RUNNING' && (e.taskRunList ?? []).some((t) => t.taskId === taskId && t.state.current === 'RUNNING');

  it('kills a running execution: 202, KILLING then KILLED, the running task run KILLED', async () => {
    const ns = randomNamespace();
    await flow(ns, 'slow', `  - id: block\n    type: ${BLOCK_TASK}\n    ms: 60000\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: never\n`);
    const { id } = await start(ns, 'slow');
    await waitForExecution(api(), id, runningTask('block'));
    const kill = await request(`${api()}/executions/${id}/kill`, { method: 'DELETE' });
    expect(kill.status).toBe(202);
    expect(kill.text).toBe('');
    const killed = await waitForExecution(api(), id);
    expect(killed.state.current).toBe('KILLED');
    expect(states(killed)).toEqual(['CREATED', 'RUNNING', 'KILLING', 'KILLED']);
    expect(runs(killed)).toEqual(['block:KILLED']);
    // Already finished: 202 with the default cascade, 409 without.
    expect((await request(`${api()}/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const strict = await request(`${api()}/executions/${id}/kill?isOnKillCascade=false`, { method: 'DELETE' });
    expect(strict.status).toBe(409);
    expect(strict.json().message).toBe("Illegal state: Execution is already finished, can't kill it");
    expect((await request(`${api()}/executions/0000000000000000000000/kill`, { method: 'DELETE' })).status).toBe(404);
  });

  it('kills a scheduled execution before it starts', async () => {
    const ns = randomNamespace();
    await flow(ns, 'later', `  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const at = new Date(Date.now() + 60_000).toISOString();
    const { id } = await start(ns, 'later', `?scheduleDate=${encodeURIComponent(at)}`);
    expect((await request(`${api()}/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const killed = await waitForExecution(api(), id);
    expect(states(killed)).toEqual(['CREATED', 'KILLING', 'KILLED']);
    expect(killed.taskRunList).toEqual([]);
  });

  it('pauses between tasks and resumes', async () => {
    const ns = randomNamespace();
    await flow(ns, 'pausable', `  - id: block\n    type: ${BLOCK_TASK}\n    ms: 400\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: resumed\n`);
    const { id } = await start(ns, 'pausable');
    await waitForExecution(api(), id, runningTask('block'));
    const pause = await request(`${api()}/executions/${id}/pause`, { method: 'POST' });
    expect(pause.status).toBe(204);
    // The running task finishes; the next one does not start while paused.
    const paused = await waitForExecution(api(), id, (e) => e.taskRunList.some((t: { taskId: string; state: { current: string } }) => t.taskId === 'block' && t.state.current === 'SUCCESS'));
    expect(paused.state.current).toBe('PAUSED');
    expect(paused.state.endDate).toBeDefined();
    expect(runs(paused)).toEqual(['block:SUCCESS']);
    const again = await request(`${api()}/executions/${id}/pause`, { method: 'POST' });
    expect(again.status).toBe(422);
    expect(again.json().message).toBe('Illegal argument: The execution is not running');
    const resume = await request(`${api()}/executions/${id}/resume`, { method: 'POST' });
    expect(resume.status).toBe(204);
    const done = await waitForExecution(api(), id);
    expect(done.state.current).toBe('SUCCESS');
    expect(states(done)).toEqual(['CREATED', 'RUNNING', 'PAUSED', 'RUNNING', 'SUCCESS']);
    expect(runs(done)).toEqual(['block:SUCCESS', 'after:SUCCESS']);
    const notPaused = await request(`${api()}/executions/${id}/resume`, { method: 'POST' });
    expect(notPaused.status).toBe(409);
    expect(notPaused.json().message).toBe(`Illegal state: Execution '${id}' is not paused, can't resume it`);
  });

  it('restarts a failed execution in place, re-running the failed task with a new attempt', async () => {
    const ns = randomNamespace();
    await flow(ns, 'flaky', `  - id: first\n    type: io.kestra.plugin.core.log.Log\n    message: ok\n  - id: needsKv\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ kv('flag') }}"\n`);
    const failed = (await request(`${api()}/executions/${ns}/flaky?wait=true`, { method: 'POST' })).json();
    expect(failed.state.current).toBe('FAILED');
    await request(`${api()}/namespaces/${ns}/kv/flag`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '"set"' });
    const restarted = await request(`${api()}/executions/${failed.id}/restart`, { method: 'POST' });
    expect(restarted.status).toBe(200);
    expect(restarted.json()).toMatchObject({ id: failed.id, state: { current: 'RESTARTED' } });
    const done = await waitForExecution(api(), failed.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(states(done)).toEqual(['CREATED', 'RUNNING', 'FAILED', 'RESTARTED', 'RUNNING', 'SUCCESS']);
    const needsKv = done.taskRunList.find((t: { taskId: string }) => t.taskId === 'needsKv');
    expect(needsKv.attempts.map((a: { state: { current: string } }) => a.state.current)).toEqual(['FAILED', 'SUCCESS']);
    expect(needsKv.outputs).toEqual({ value: 'set' });
    expect(done.taskRunList.find((t: { taskId: string }) => t.taskId === 'first').attempts).toHaveLength(1);
    expect(done.metadata.attemptNumber).toBe(2);
  });

  it('refuses to restart a killed execution', async () => {
    const ns = randomNamespace();
    await flow(ns, 'k', `  - id: block\n    type: ${BLOCK_TASK}\n    ms: 60000\n`);
    const { id } = await start(ns, 'k');
    await waitForExecution(api(), id, runningTask('block'));
    await request(`${api()}/executions/${id}/kill`, { method: 'DELETE' });
    await waitForExecution(api(), id);
    const res = await request(`${api()}/executions/${id}/restart`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.json().message).toBe("Illegal state: Execution must be terminated or paused and not killed to be restarted, current state is 'KILLED' !");
  });

  it('replays as a new execution with the same originalId, whole or from a task run', async () => {
    const ns = randomNamespace();
    await flow(ns, 'twice', `  - id: a\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ execution.id }}"\n  - id: b\n    type: io.kestra.plugin.core.log.Log\n    message: b\n`);
    const source = (await request(`${api()}/executions/${ns}/twice?wait=true`, { method: 'POST' })).json();
    const replay = await request(`${api()}/executions/${source.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    const copy = replay.json();
    expect(copy.id).not.toBe(source.id);
    expect(copy.originalId).toBe(source.id);
    expect(copy.metadata.attemptNumber).toBe(2);
    expect(copy.state.current).toBe('CREATED');
    expect((await waitForExecution(api(), copy.id)).state.current).toBe('SUCCESS');

    const fromB = source.taskRunList.find((t: { taskId: string }) => t.taskId === 'b');
    const partial = (await request(`${api()}/executions/${source.id}/replay?taskRunId=${fromB.id}`, { method: 'POST' })).json();
    expect(partial.state.current).toBe('RESTARTED');
    const done = await waitForExecution(api(), partial.id);
    expect(done.state.current).toBe('SUCCESS');
    // Task run `a` was copied (its output still names the source execution), `b` ran again.
    expect(done.taskRunList.find((t: { taskId: string }) => t.taskId === 'a').outputs).toEqual({ value: source.id });
    expect(done.taskRunList).toHaveLength(2);
    expect((await request(`${api()}/executions/0000000000000000000000/replay`, { method: 'POST' })).status).toBe(404);
  });

  it('changes the status of a terminated execution only to a terminal state', async () => {
    const ns = randomNamespace();
    await flow(ns, 'cs', `  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const done = (await request(`${api()}/executions/${ns}/cs?wait=true`, { method: 'POST' })).json();
    const changed = await request(`${api()}/executions/${done.id}/change-status?status=FAILED`, { method: 'POST' });
    expect(changed.status).toBe(200);
    expect(changed.json().state.current).toBe('FAILED');
    expect(states(changed.json())).toEqual(['CREATED', 'RUNNING', 'SUCCESS', 'FAILED']);
    const notTerminal = await request(`${api()}/executions/${done.id}/change-status?status=RUNNING`, { method: 'POST' });
    expect(notTerminal.status).toBe(422);
  });

  it('replaces the labels of a terminated execution, keeping system labels', async () => {
    const ns = randomNamespace();
    await flow(ns, 'lab', `  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const done = (await request(`${api()}/executions/${ns}/lab?wait=true&labels=old:1`, { method: 'POST' })).json();
    const res = await request(`${api()}/executions/${done.id}/labels`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ key: 'team', value: 'data' }]) });
    expect(res.status).toBe(200);
    const labels = res.json().labels;
    expect(labels).toContainEqual({ key: 'team', value: 'data' });
    expect(labels).toContainEqual({ key: 'system.correlationId', value: done.id });
    expect(labels).not.toContainEqual({ key: 'old', value: '1' });
    const system = await request(`${api()}/executions/${done.id}/labels`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ key: 'system.from', value: 'hacked' }]) });
    expect(system.status).toBe(422);
  });

  it('deletes a terminated execution with its logs (204), and 404s afterwards', async () => {
    const ns = randomNamespace();
    await flow(ns, 'del', `  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: bye\n`);
    const done = (await request(`${api()}/executions/${ns}/del?wait=true`, { method: 'POST' })).json();
    const res = await request(`${api()}/executions/${done.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await request(`${api()}/executions/${done.id}`)).status).toBe(404);
    expect((await request(`${api()}/logs/${done.id}`)).json()).toEqual([]);
    expect((await request(`${api()}/executions/${done.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('runs bulk actions by ids and by query, refusing the whole batch when one is invalid', async () => {
    const ns = randomNamespace();
    await flow(ns, 'bulk', `  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await request(`${api()}/executions/${ns}/bulk?wait=true`, { method: 'POST' })).json().id);
    const invalid = await request(`${api()}/executions/kill/by-ids`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([ids[0], 'missingmissingmissing00']) });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ message: 'invalid bulk kill' });
    expect(invalid.json().invalids).toHaveLength(2);
    const labels = await request(`${api()}/executions/labels/by-ids`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ executionsId: ids.slice(0, 2), executionLabels: [{ key: 'batch', value: 'x' }] }) });
    expect(labels.json()).toEqual({ count: 2 });
    const labelled = await request(`${api()}/executions/search?filters[namespace][EQUALS]=${ns}&filters[labels][EQUALS][batch]=x`);
    expect(labelled.json().total).toBe(2);
    const deleted = await request(`${api()}/executions/by-query?filters[namespace][EQUALS]=${ns}&filters[labels][EQUALS][batch]=x`, { method: 'DELETE' });
    expect(deleted.json()).toEqual({ count: 2 });
    expect((await request(`${api()}/executions/search?filters[namespace][EQUALS]=${ns}`)).json().total).toBe(1);
  });
});

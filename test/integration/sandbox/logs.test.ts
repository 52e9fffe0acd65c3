import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { randomNamespace, readSse, request, yamlBody } from './helpers';

const LOG_FLOW = (ns: string) => `id: chatty
namespace: ${ns}
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message:
      - "one"
      - "two"
  - id: warn
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: careful
  - id: debug
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: details
`;

describe('sandbox logs API', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;

  async function run(ns: string): Promise<{ id: string; taskRunList: { id: string; taskId: string }[] }> {
    await request(`${api()}/flows`, yamlBody(LOG_FLOW(ns)));
    return (await request(`${api()}/executions/${ns}/chatty?wait=true`, { method: 'POST' })).json();
  }

  it('returns an execution\'s log entries, filtered by minimum level and task run', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const all = (await request(`${api()}/logs/${execution.id}`)).json();
    expect(all.map((l: { message: string }) => l.message)).toEqual(['one', 'two', 'careful', 'details']);
    expect(all[0]).toMatchObject({ tenantId: 'main', namespace: ns, flowId: 'chatty', taskId: 'first', executionId: execution.id, attemptNumber: 0, level: 'INFO' });
    expect(Date.parse(all[0].timestamp)).not.toBeNaN();
    const warn = (await request(`${api()}/logs/${execution.id}?minLevel=WARN`)).json();
    expect(warn.map((l: { message: string }) => l.message)).toEqual(['careful']);
    const debugRun = execution.taskRunList.find((t) => t.taskId === 'debug')!;
    const byRun = (await request(`${api()}/logs/${execution.id}?taskRunId=${debugRun.id}`)).json();
    expect(byRun.map((l: { message: string }) => l.message)).toEqual(['details']);
    const bad = await request(`${api()}/logs/${execution.id}?minLevel=LOUD`);
    expect(bad.status).toBe(400);
  });

  it('downloads logs as text/plain lines "<timestamp> <LEVEL> <message>"', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const res = await request(`${api()}/logs/${execution.id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${execution.id}.log"`);
    const lines = res.text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z WARN careful$/);
    const filtered = await request(`${api()}/logs/${execution.id}/download?minLevel=WARN`);
    expect(filtered.text).toMatch(/^\S+ WARN careful$/);
  });

  it('follows logs over SSE: a start frame, every stored line, then stays open', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const { frames, closedByServer } = await readSse(`${api()}/logs/${execution.id}/follow`, (f) => f.length >= 5);
    expect(closedByServer).toBe(false);
    expect(frames[0]).toMatchObject({ id: 'start', event: undefined });
    expect(frames.slice(1).map((f) => f.id)).toEqual(['progress', 'progress', 'progress', 'progress']);
    expect(frames.slice(1).map((f) => JSON.parse(f.data).message)).toEqual(['one', 'two', 'careful', 'details']);
  });

  it('streams new lines live to a follower that joined before the execution ran', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(LOG_FLOW(ns)));
    const at = new Date(Date.now() + 1_000).toISOString();
    const created = (await request(`${api()}/executions/${ns}/chatty?scheduleDate=${encodeURIComponent(at)}`, { method: 'POST' })).json();
    let openedAt = 0;
    const { frames } = await readSse(`${api()}/logs/${created.id}/follow?minLevel=INFO`, (f) => f.length >= 4, { onOpen: () => (openedAt = Date.now()) });
    expect(openedAt).toBeLessThan(Date.parse(at));
    expect(frames.map((f) => f.id)).toEqual(['start', 'progress', 'progress', 'progress']);
    expect(frames.slice(1).map((f) => JSON.parse(f.data).message)).toEqual(['one', 'two', 'careful']);
  });

  it('searches logs with filters and pages', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const res = await request(`${api()}/logs/search?filters[namespace][EQUALS]=${ns}&filters[level][EQUALS]=WARN`);
    expect(res.status).toBe(200);
    expect(res.json().total).toBe(1);
    expect(res.json().results[0]).toMatchObject({ message: 'careful', executionId: execution.id });
    const q = await request(`${api()}/logs/search?filters[namespace][EQUALS]=${ns}&filters[q][EQUALS]=TW&size=10`);
    expect(q.json().results.map((l: { message: string }) => l.message)).toEqual(['two']);
    const legacy = await request(`${api()}/logs/search?namespace=${ns}&minLevel=INFO&size=2&page=1&sort=timestamp:asc`);
    expect(legacy.json().total).toBe(3);
    expect(legacy.json().results.map((l: { message: string }) => l.message)).toEqual(['one', 'two']);
    const badField = await request(`${api()}/logs/search?filters[state][EQUALS]=x`);
    expect(badField.status).toBe(400);
  });

  it('deletes an execution\'s logs', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const res = await request(`${api()}/logs/${execution.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await request(`${api()}/logs/${execution.id}`)).json()).toEqual([]);
  });

  it('still downloads exactly the remaining lines after some were deleted', async () => {
    const ns = randomNamespace();
    const execution = await run(ns);
    const warnRun = execution.taskRunList.find((t) => t.taskId === 'warn')!;
    expect((await request(`${api()}/logs/${execution.id}?taskRunId=${warnRun.id}`, { method: 'DELETE' })).status).toBe(200);
    const res = await request(`${api()}/logs/${execution.id}/download`);
    expect(res.text.split('\n').map((l) => l.replace(/^\S+ /, ''))).toEqual(['INFO one', 'INFO two', 'DEBUG details']);
  });
});

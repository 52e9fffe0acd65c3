// A corpus of realistic flows, one per task family (fixtures/realistic/*.yaml), written the way the
// Kestra docs and blueprints write them (namespace company.team, Docker task runner, errors: branches
// with webhooks). Each is posted unchanged but for its namespace, run to its end, and its outputs and
// files checked. They need no network beyond a local test server, and no credentials.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, randomNamespace, taskRun, useEngine, useHttpServer, type Json } from './engine-helpers';

const DIR = path.join(import.meta.dirname, 'fixtures', 'realistic');

describe('engine: realistic flows, one per task family', () => {
  const engine = useEngine();
  const server = useHttpServer();

  /** Deploys fixtures/realistic/<file> in a fresh namespace and runs it to its end. */
  async function runFixture(file: string, inputs?: Record<string, string>): Promise<{ ns: string; done: Json; logs: Json[] }> {
    const ns = randomNamespace();
    const source = readFileSync(path.join(DIR, file), 'utf8');
    expect(source).toMatch(/^namespace: company\.team$/m);
    const flow = await engine.deploy(source.replace(/^namespace: company\.team$/m, `namespace: ${ns}`));
    const done = await engine.run(ns, flow.id, inputs ? { inputs } : {});
    return { ns, done, logs: await engine.logs(done.id) };
  }
  const file = (done: Json, uri: string): Promise<string> => engine.file(uri, done.id);
  const errorsOf = (logs: Json[]): string => JSON.stringify(logs.filter((l) => l.level === 'ERROR').map((l) => `${l.taskId}: ${l.message}`));

  it('scripts: Python on the Docker task runner (run as a process here), shell and Node read its outputs', async () => {
    const { done, logs } = await runFixture('scripts.yaml');
    expect(done.state.current, errorsOf(logs)).toBe('SUCCESS');
    expect(taskRun(done, 'compute').outputs.vars).toEqual({ total: 245, region: 'EMEA' });
    expect(await file(done, taskRun(done, 'compute').outputs.outputFiles['report.csv'])).toBe('area,amount\r\nnorth,120\r\nsouth,80\r\neast,45\r\n');
    expect(taskRun(done, 'count_lines').outputs.vars).toEqual({ lines: 3 });
    expect(taskRun(done, 'summary').outputs.vars).toEqual({ summary: 'EMEA: 245 over 3 areas' });
  });

  it('http: Request, Download and a POST built from both, kept as flow values', async () => {
    const before = (await server.received()).length;
    const { done, logs } = await runFixture('http.yaml', { base_url: server.url() });
    expect(done.state.current, errorsOf(logs)).toBe('SUCCESS');
    expect(taskRun(done, 'result').outputs.values).toEqual({ ok: 'true', header: '42', lines: '3', echoed: 'POST application/json  {"n": 1, "rows": 19}\n' });
    expect(await file(done, taskRun(done, 'download').outputs.uri)).toBe('id,total\n1,10\n2,32\n');
    const received = (await server.received()).slice(before);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /json', 'GET /report.csv', 'POST /echo']);
    expect(received[0]!.headers['user-agent']).toBe('kestra');
  });

  it('notifications: Slack, Discord and Teams webhooks in errors: get the rendered payloads', async () => {
    const before = (await server.received()).length;
    const { ns, done } = await runFixture('notifications.yaml', { hook: `${server.url()}/hook` });
    expect(done.state.current).toBe('FAILED');
    for (const id of ['slack', 'discord', 'teams']) expect(taskRun(done, id).state.current, id).toBe('SUCCESS');
    const posts = (await server.received()).slice(before);
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([
      { text: `Flow ${ns}.alert_on_failure failed: execution ${done.id}` },
      { username: 'kestra', content: 'the warehouse refused the load' },
      { type: 'message', text: 'alert_on_failure failed' },
    ]);
  });

  it('files: WorkingDirectory with LocalFiles and a script, then Split, Concat, Size, UploadFiles and the file functions', async () => {
    const { ns, done, logs } = await runFixture('files.yaml');
    expect(done.state.current, errorsOf(logs)).toBe('SUCCESS');
    const csv = 'id,amount\n1,10\n2,20\n3,30\n4,40\n';
    expect(await file(done, taskRun(done, 'inputs').outputs.uris['orders.csv'])).toBe(csv);
    expect(await file(done, taskRun(done, 'totals').outputs.outputFiles['total.txt'])).toBe('100\n');
    expect(taskRun(done, 'split').outputs.uris).toHaveLength(3);
    expect(await file(done, taskRun(done, 'concat').outputs.uri)).toBe(csv);
    expect(taskRun(done, 'size').outputs.size).toBe(csv.length);
    expect(taskRun(done, 'upload').outputs.files).toEqual({ '/reports/total.txt': `kestra:///${ns.split('.').join('/')}/_files/reports/total.txt` });
    expect(taskRun(done, 'check').outputs.value).toBe('100 true 3 false true 0');
  });

  it('serdes: CSV to Ion, filtered, then JSON lines and CSV', async () => {
    const { done, logs } = await runFixture('serdes.yaml');
    expect(done.state.current, errorsOf(logs)).toBe('SUCCESS');
    expect(await file(done, taskRun(done, 'to_ion').outputs.uri)).toBe('{product:"apple",quantity:"3",price:"0.5"}\n{product:"pear",quantity:"0",price:"0.75"}\n{product:"plum",quantity:"12",price:"0.2"}\n');
    expect(taskRun(done, 'in_stock').outputs).toMatchObject({ processedItemsTotal: 3, droppedItemsTotal: 1 });
    expect(await file(done, taskRun(done, 'to_json').outputs.uri)).toBe('{"product":"apple","quantity":"3","price":"0.5"}\n {"product":"plum","quantity":"12","price":"0.2"}\n');
    expect(await file(done, taskRun(done, 'to_csv').outputs.uri)).toBe('product,quantity,price\napple,3,0.5\nplum,12,0.2\n');
  });

  it('flow control: ForEach, Switch, Parallel, AllowFailure (WARNING), LoopUntil and If', async () => {
    const { done, logs } = await runFixture('flow-control.yaml');
    expect(done.state.current, errorsOf(logs)).toBe('WARNING');
    expect(done.taskRunList.filter((t: Json) => t.taskId === 'region_name').map((t: Json) => `${t.value}=${t.outputs.value}`)).toEqual(['eu=EU', 'us=US', 'apac=APAC']);
    expect(taskRun(done, 'by_env').outputs).toEqual({ value: 'prod', defaults: false });
    expect(done.taskRunList.some((t: Json) => t.taskId === 'other')).toBe(false);
    expect(taskRun(done, 'tolerate').state.current).toBe('WARNING');
    expect(taskRun(done, 'flaky').state.current).toBe('FAILED');
    expect(taskRun(done, 'attempt').outputs.value).toBe('2');
    expect(taskRun(done, 'summary').outputs.values).toEqual({ regions: 'EU,APAC', branches: 'left+right' });
    expect(messages(logs.filter((l) => l.level === 'ERROR'))).toEqual(['flaky dependency']);
  });

  it('unavailable plugin: the DuckDB query is retried, fails naming its plugin, and errors: runs', async () => {
    const { done, logs } = await runFixture('unavailable-plugin.yaml');
    expect(done.state.current).toBe('FAILED');
    const query = taskRun(done, 'query');
    expect(query.attempts.map((a: Json) => a.state.current)).toEqual(['FAILED', 'FAILED']);
    expect(done.taskRunList.some((t: Json) => t.taskId === 'never')).toBe(false);
    const failure = messages(logs.filter((l) => l.level === 'ERROR'), 'query')[0];
    expect(failure).toMatch(/io\.kestra\.plugin\.jdbc\.duckdb\.Query.*not available in the local sandbox/);
    expect(messages(logs, 'report')).toEqual([`load failed: ${failure}`]);
  });

  it('pebble: jq, dates, JSON, null-coalescing, numbers and strings', async () => {
    const { done, logs } = await runFixture('pebble.yaml');
    expect(done.state.current, errorsOf(logs)).toBe('SUCCESS');
    expect(taskRun(done, 'values').outputs.values).toEqual({
      greeting: 'Hello Ada',
      total: '20',
      ids: '1-2',
      next_day: '2024-02-29',
      leap_day: 'Friday 1 March 2024',
      missing: 'fallback',
      json: '{"a":[1,2],"b":true}',
      maths: '2.00 1 3',
      strings: 'a+b+c ke... x1',
    });
  });

  it('KV store and execution tasks: Set, Get, GetKeys, Labels, SetVariables and flow outputs', async () => {
    const first = await runFixture('kv-and-execution.yaml');
    expect(first.done.state.current, errorsOf(first.logs)).toBe('SUCCESS');
    expect(first.done.outputs).toEqual({ same_execution: true, runs: 1 });
    expect(taskRun(first.done, 'keys').outputs.keys).toEqual(['runs']);
    expect(first.done.labels).toEqual(expect.arrayContaining([{ key: 'team', value: 'data' }, { key: 'runs', value: '1' }]));
    // The counter lives in the namespace's KV store: a second run counts 2.
    const second = await engine.run(first.ns, 'state_and_labels');
    expect(second.outputs).toEqual({ same_execution: true, runs: 2 });
  });
});

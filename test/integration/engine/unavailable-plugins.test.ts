// Flows that use plugins the sandbox cannot run (JDBC, cloud, dbt, AI…) are saved verbatim with a
// warning per such task; at run time those tasks fail naming their plugin, so errors branches,
// allowFailure and retries behave as on a server. Unknown properties of known tasks stay errors.
import { describe, expect, it } from 'vitest';
import { attemptStates, messages, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

const FLOW = (ns: string): string => `id: warehouse
namespace: ${ns}
tasks:
  - id: extract
    type: io.kestra.plugin.jdbc.duckdb.Query
    sql: SELECT 42 AS answer
    fetchType: FETCH_ONE
    retry:
      type: constant
      interval: PT0.1S
      maxAttempts: 2
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: not reached
errors:
  - id: alert
    type: io.kestra.plugin.gcp.bigquery.Query
    allowFailure: true
    sql: SELECT 1
  - id: after_alert
    type: io.kestra.plugin.core.log.Log
    message: "handled {{ errorLogs()[0].message }}"
triggers:
  - id: on_file
    type: io.kestra.plugin.aws.s3.Trigger
    bucket: my-bucket
    interval: PT1M
`;

describe('engine: plugins the sandbox cannot run', () => {
  const engine = useEngine();

  it('saves the flow verbatim and validate warns once per such task, on its path', async () => {
    const ns = randomNamespace();
    const source = FLOW(ns);
    const saved = await engine.deploy(source);
    expect(saved.id).toBe('warehouse');
    const stored = await request(`${engine.api()}/flows/${ns}/warehouse?source=true`);
    expect(stored.json().source).toBe(source);
    const report = (await request(`${engine.api()}/flows/validate`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source })).json()[0];
    expect(report.constraints).toBeUndefined();
    expect(report.warnings).toEqual([
      'tasks[0]: io.kestra.plugin.jdbc.duckdb.Query is not available in the local sandbox (plugin io.kestra.plugin.jdbc.duckdb): the flow is saved as written, and the task fails when it runs',
      'errors[0]: io.kestra.plugin.gcp.bigquery.Query is not available in the local sandbox (plugin io.kestra.plugin.gcp.bigquery): the flow is saved as written, and the task fails when it runs',
      'triggers[0]: io.kestra.plugin.aws.s3.Trigger is not available in the local sandbox (plugin io.kestra.plugin.aws.s3): the flow is saved as written, and the task fails when it runs',
    ]);
    // The editor's schema accepts them too.
    const schema = (await request(`${engine.sandbox().url}/api/v1/plugins/schemas/flow`)).json();
    const branch = schema.definitions['io.kestra.sandbox.UnavailablePluginTask'];
    expect(schema.definitions['io.kestra.core.models.tasks.Task'].anyOf).toContainEqual({ $ref: '#/definitions/io.kestra.sandbox.UnavailablePluginTask' });
    expect(new RegExp(branch.properties.type.anyOf[0].pattern, 'u').test('io.kestra.plugin.jdbc.duckdb.Query')).toBe(true);
    expect(new RegExp(branch.properties.type.anyOf[0].pattern, 'u').test('io.kestra.plugin.core.log.Logg')).toBe(false);
    expect(branch.properties.type.not.enum).toContain('io.kestra.plugin.core.log.Log');
  });

  it('fails such a task at run time naming its plugin; retries, errors and allowFailure behave as on a server', async () => {
    const ns = randomNamespace();
    await engine.deploy(FLOW(ns));
    const done = await engine.run(ns, 'warehouse');
    expect(done.state.current).toBe('FAILED');
    const extract = taskRun(done, 'extract');
    expect(extract.state.current).toBe('FAILED');
    expect(attemptStates(extract)).toEqual(['FAILED', 'FAILED']);
    expect((done.taskRunList as Json[]).some((t) => t.taskId === 'never')).toBe(false);
    expect(taskRun(done, 'alert').state.current).toBe('WARNING');
    const logs = await engine.logs(done.id, '?minLevel=ERROR');
    expect(messages(logs, 'extract')[0]).toBe("The task type 'io.kestra.plugin.jdbc.duckdb.Query' is not available in the local sandbox: its plugin (io.kestra.plugin.jdbc.duckdb) only runs on a Kestra server.");
    expect(messages(await engine.logs(done.id, '?minLevel=INFO'), 'after_alert')[0]).toMatch(/^handled The task type 'io.kestra.plugin.jdbc.duckdb.Query' is not available/);
  });

  it('still refuses unknown properties of known tasks, and typos in core class names', async () => {
    const ns = randomNamespace();
    const post = (body: string) => request(`${engine.api()}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body });
    const typo = await post(`id: a\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.python.Script\n    scirpt: print(1)\n`);
    expect(typo.status).toBe(422);
    expect(typo.json().message).toContain('Unrecognized field "scirpt"');
    const core = await post(`id: b\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Logg\n    message: x\n`);
    expect(core.status).toBe(422);
    expect(core.json().message).toContain('Invalid type: io.kestra.plugin.core.log.Logg');
    const notAClass = await post(`id: c\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: log\n`);
    expect(notAClass.status).toBe(422);
    // A core class Kestra has but the sandbox does not implement is a plugin it cannot run.
    const templated = await post(`id: d\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.templating.TemplatedTask\n    spec: "{}"\n`);
    expect(templated.status, templated.text).toBe(200);
  });
});

// Flows written the way operators write them (our own, in the styles seen in public flows): old
// class names and input syntax from 0.x, optional inputs left empty, data passed from a script to
// later tasks, a notification in `errors:` pointing at a server that is not there.
import { describe, expect, it } from 'vitest';
import { messages, randomNamespace, request, taskRun, useEngine } from './engine-helpers';

describe('engine: flows as operators write them', () => {
  const engine = useEngine();

  it('a 0.x-style flow (old class names, `name:` inputs, retry maxAttempt) saves and runs', async () => {
    const ns = randomNamespace();
    const source = `id: legacy_style
namespace: ${ns}
inputs:
  - name: who
    type: STRING
    defaults: ops
tasks:
  - id: greet
    type: io.kestra.core.tasks.debugs.Return
    format: "hello {{ inputs.who }}"
  - id: group
    type: io.kestra.core.tasks.flows.Sequential
    tasks:
      - id: shout
        type: io.kestra.plugin.scripts.shell.Commands
        runner: PROCESS
        retry:
          type: constant
          interval: PT0.1S
          maxAttempt: 2
        commands:
          - echo "{{ outputs.greet.value | upper }}"
triggers:
  - id: nightly
    type: io.kestra.core.models.triggers.types.Schedule
    cron: "0 2 * * *"
`;
    await engine.deploy(source);
    const report = (await request(`${engine.api()}/flows/validate`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source })).json()[0];
    expect(report.deprecationPaths).toContain('inputs[0].name');
    expect(report.infos).toContain('io.kestra.core.tasks.debugs.Return is replaced by io.kestra.plugin.core.debug.Return');
    const done = await engine.run(ns, 'legacy_style');
    expect(done.state.current).toBe('SUCCESS');
    expect(messages(await engine.logs(done.id, '?minLevel=INFO'), 'shout')).toEqual(['HELLO OPS']);
  });

  it('an optional input left empty renders as empty, as Kestra puts it in `inputs` with a null value', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: optional
namespace: ${ns}
inputs:
  - id: user
    type: STRING
    prefill: Data Engineer
    required: false
tasks:
  - id: hello
    type: io.kestra.plugin.core.debug.Return
    format: "Hello {{ inputs.user }}! {{ inputs.user ?? 'anonymous' }}"
`);
    const done = await engine.run(ns, 'optional');
    expect(done.state.current).toBe('SUCCESS');
    expect(taskRun(done, 'hello').outputs.value).toBe('Hello ! anonymous');
  });

  it('a script computes, later tasks read its vars and files; an unreachable webhook in errors: fails only that branch', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: pipeline
namespace: ${ns}
tasks:
  - id: extract
    type: io.kestra.plugin.scripts.python.Script
    taskRunner:
      type: io.kestra.plugin.core.runner.Process
    outputFiles:
      - orders.json
    script: |
      import json
      from kestra import Kestra
      orders = [{"id": i, "total": i * 10} for i in range(1, 4)]
      json.dump(orders, open("orders.json", "w"))
      Kestra.outputs({"count": len(orders), "revenue": sum(o["total"] for o in orders)})
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ outputs.extract.vars.revenue > 50 }}"
    then:
      - id: report
        type: io.kestra.plugin.core.log.Log
        message: "{{ outputs.extract.vars.count }} orders, {{ fromJson(read(outputs.extract.outputFiles['orders.json']))[2].total }} last"
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: stop here
errors:
  - id: slack
    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook
    url: http://127.0.0.1:9/unreachable
    payload: '{"text": "{{ flow.id }} failed"}'
`);
    const done = await engine.run(ns, 'pipeline');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'extract').outputs.vars).toEqual({ count: 3, revenue: 60 });
    expect(messages(await engine.logs(done.id, '?minLevel=INFO'), 'report')).toEqual(['3 orders, 30 last']);
    expect(taskRun(done, 'slack').state.current).toBe('FAILED');
    expect(messages(await engine.logs(done.id, '?minLevel=ERROR'), 'slack')[0]).toMatch(/ECONNREFUSED|connect/i);
  });
});

// Triggers: Schedule (cron with seconds, trigger variables, inputs, re-armed on save, stopped on
// disable/delete, invalid cron refused) and Webhook (GET/POST/PUT, body/headers/parameters, inputs,
// wait/returnOutputs, wrong key 404, disabled flow 409).
import { describe, expect, it } from 'vitest';
import { randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: triggers', () => {
  const engine = useEngine();

  it('Schedule fires executions on its cron with trigger.date/next/previous and its inputs', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: ticking
namespace: ${ns}
inputs:
  - id: who
    type: STRING
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.who }} at {{ trigger.date }}"
triggers:
  - id: every_second
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "* * * * * *"
    withSeconds: true
    inputs:
      who: "scheduler of {{ flow.id }}"
`);
    const [first] = await engine.waitForCount(ns, 'ticking', 1);
    const done = await engine.waitFor(first.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(done.trigger).toMatchObject({ id: 'every_second', type: 'io.kestra.plugin.core.trigger.Schedule' });
    const { date, next, previous } = done.trigger.variables;
    expect(Date.parse(next) - Date.parse(date)).toBe(1000);
    expect(Date.parse(date) - Date.parse(previous)).toBe(1000);
    expect(done.inputs).toEqual({ who: 'scheduler of ticking' });
    expect(taskRun(done, 'show').outputs).toEqual({ value: `scheduler of ticking at ${date}` });
    expect(done.labels.some((l: Json) => l.key === 'system.from')).toBe(false);

    // Disabling the flow stops the schedule.
    const disabled = await engine.call(`/flows/disable/by-ids`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ namespace: ns, id: 'ticking' }]) });
    expect(disabled.status).toBe(200);
    const countAfterDisable = (await engine.executionsOf(ns, 'ticking')).length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // At most one execution that was already being created when the flow was disabled.
    expect((await engine.executionsOf(ns, 'ticking')).length).toBeLessThanOrEqual(countAfterDisable + 1);
  });

  it('refuses an invalid cron expression when the flow is saved', async () => {
    const ns = randomNamespace();
    const res = await engine.call('/flows', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: badcron\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "61 * * * *"\n`,
    });
    expect(res.status).toBe(422);
    expect(res.json().message).toMatch(/triggers\[0\]\.cron: invalid cron expression '61 \* \* \* \*'/);
    const seconds = await engine.call('/flows', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: badcron\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "* * * * * *"\n`,
    });
    expect(seconds.status).toBe(422);
    expect(seconds.json().message).toContain('set withSeconds: true');
  });

  it('Webhook starts an execution from GET, POST and PUT with body, headers and parameters as trigger variables', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: hooked
namespace: ${ns}
inputs:
  - id: customer
    type: STRING
    defaults: nobody
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.body.order ?? trigger.body }} {{ trigger.parameters.source[0] ?? '-' }} {{ inputs.customer }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: s3cr3t-key
    inputs:
      customer: "{{ trigger.body.customer ?? 'anonymous' }}"
`);
    const url = `${engine.api()}/executions/webhook/${ns}/hooked/s3cr3t-key`;
    const posted = await request(`${url}?source=shop`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' }, body: JSON.stringify({ order: 7, customer: 'ada' }) });
    expect(posted.status).toBe(200);
    const response = posted.json();
    expect(response).toMatchObject({ namespace: ns, flowId: 'hooked', trigger: { id: 'hook', type: 'io.kestra.plugin.core.trigger.Webhook' }, state: { current: 'CREATED' } });
    expect(response.url).toContain(`/ui/main/executions/${ns}/hooked/${response.id}`);
    const done = await engine.waitFor(response.id);
    expect(done.trigger.variables.body).toEqual({ order: 7, customer: 'ada' });
    expect(done.trigger.variables.headers['x-custom']).toEqual(['yes']);
    expect(done.trigger.variables.parameters).toEqual({ source: ['shop'] });
    expect(taskRun(done, 'show').outputs).toEqual({ value: '7 shop ada' });

    const got = (await request(url)).json();
    expect(taskRun(await engine.waitFor(got.id), 'show').outputs).toEqual({ value: ' - anonymous' });
    const put = (await request(url, { method: 'PUT', body: 'plain text' })).json();
    expect((await engine.waitFor(put.id)).trigger.variables.body).toBe('plain text');

    expect((await request(`${engine.api()}/executions/webhook/${ns}/hooked/wrong-key`, { method: 'POST' })).status).toBe(404);
    expect((await request(`${engine.api()}/executions/webhook/${ns}/missing/s3cr3t-key`, { method: 'POST' })).status).toBe(404);
  });

  it('Webhook with wait answers when the execution ends; returnOutputs answers with the flow outputs; a disabled flow is 409', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: syncflow
namespace: ${ns}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.1S
outputs:
  - id: result
    type: STRING
    value: "ok {{ trigger.body.n }}"
triggers:
  - id: waiting
    type: io.kestra.plugin.core.trigger.Webhook
    key: wait-key
    wait: true
  - id: outputs
    type: io.kestra.plugin.core.trigger.Webhook
    key: out-key
    wait: true
    returnOutputs: true
`);
    const base = `${engine.api()}/executions/webhook/${ns}/syncflow`;
    const waited = (await request(`${base}/wait-key`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": 1}' })).json();
    expect(waited.state.current).toBe('SUCCESS');
    expect(waited.outputs).toEqual({ result: 'ok 1' });
    const outputs = await request(`${base}/out-key`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": 2}' });
    expect(outputs.json()).toEqual({ result: 'ok 2' });

    await engine.call(`/flows/disable/by-ids`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ namespace: ns, id: 'syncflow' }]) });
    const refused = await request(`${base}/wait-key`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.json().message).toBe('Illegal state: Requested Flow is disabled.');
  });
});

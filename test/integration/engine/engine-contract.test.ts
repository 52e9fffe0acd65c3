// The engine's own endpoints answer in the shapes of Kestra's OpenAPI document (1.3.25): eval,
// resume/validate, unqueue, force-run, the webhook, and executions whose task runs went through
// retries, ForEach iterations, pauses and subflows.
import { describe, expect, it } from 'vitest';
import { errorBodyProblems, responseProblems } from '../sandbox/openapi-contract';
import { form, hasTaskRun, randomNamespace, request, useEngine } from './engine-helpers';

const T = '/api/v1/{tenant}';

describe('engine endpoints match Kestra\'s OpenAPI document', () => {
  const engine = useEngine();

  async function call(method: string, template: string, path: string, status: number, init: RequestInit = {}) {
    const res = await request(`${engine.sandbox().url}${path.replace('{tenant}', 'main')}`, { ...init, method });
    expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(status);
    if (res.text !== '' && res.headers.get('content-type')?.includes('application/json')) {
      if (status < 300) expect(responseProblems(method, template, status, res.json()), `${method} ${template}`).toEqual([]);
      else expect(errorBodyProblems(res.json()), `${method} ${path}`).toEqual([]);
    }
    return res;
  }

  it('rich executions, eval, resume/validate, unqueue, force-run and webhooks', async () => {
    const ns = randomNamespace('contract');
    await engine.deploy(`id: child\nnamespace: ${ns}\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: c\noutputs:\n  - id: o\n    type: STRING\n    value: "{{ outputs.r.value }}"\n`);
    await engine.deploy(`id: rich
namespace: ${ns}
concurrency:
  limit: 1
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    tasks:
      - id: r
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
  - id: sub
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ${ns}
    flowId: child
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: ok
        type: BOOLEAN
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    allowFailure: true
    retry:
      type: constant
      interval: PT0.01S
      maxAttempts: 2
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: contract-key
`);
    const first = await engine.start(ns, 'rich');
    await engine.waitFor(first.id, hasTaskRun('gate', 'PAUSED'));
    await call('GET', `${T}/executions/{executionId}`, `${T}/executions/${first.id}`, 200);
    await call('POST', `${T}/executions/{executionId}/eval`, `${T}/executions/${first.id}/eval`, 200, { headers: { 'Content-Type': 'text/plain' }, body: "{{ outputs.r['b'].value }}" });
    await call('POST', `${T}/executions/{executionId}/eval`, `${T}/executions/${first.id}/eval`, 200, { headers: { 'Content-Type': 'text/plain' }, body: '{{ nope }}' });
    // The document says 204 for resume/validate; Kestra's controller answers the list of
    // ApiInputAndValue (as /validate does): checked by shape here, not against the document.
    const checked = (await engine.call(`/executions/${first.id}/resume/validate`, { method: 'POST', body: form({ ok: 'yes' }) })).json();
    expect(checked).toEqual([expect.objectContaining({ input: expect.objectContaining({ id: 'ok', type: 'BOOLEAN' }), enabled: true, errors: [expect.objectContaining({ message: expect.stringContaining('Invalid value for input `ok`') })] })]);

    const queued = await engine.start(ns, 'rich');
    await engine.waitFor(queued.id, (e) => e.state.current === 'QUEUED');
    await call('POST', `${T}/executions/{executionId}/unqueue`, `${T}/executions/${queued.id}/unqueue?state=CANCELLED`, 200);
    await call('POST', `${T}/executions/{executionId}/unqueue`, `${T}/executions/${queued.id}/unqueue`, 422);
    const third = await engine.start(ns, 'rich');
    await engine.waitFor(third.id, (e) => e.state.current === 'QUEUED');
    await call('POST', `${T}/executions/{executionId}/force-run`, `${T}/executions/${third.id}/force-run`, 200);

    await call('POST', `${T}/executions/{executionId}/resume`, `${T}/executions/${first.id}/resume`, 204, { body: form({ ok: 'true' }) });
    const done = await engine.waitFor(first.id);
    expect(done.state.current).toBe('WARNING');
    await call('GET', `${T}/executions/{executionId}`, `${T}/executions/${first.id}`, 200);
    await call('GET', `${T}/executions/search`, `${T}/executions/search?filters[namespace][PREFIX]=${ns}`, 200);

    await engine.call(`/executions/${third.id}/kill`, { method: 'DELETE' });
    await engine.waitFor(third.id);
    const hook = await call('POST', `${T}/executions/webhook/{namespace}/{id}/{key}`, `${T}/executions/webhook/${ns}/rich/contract-key`, 200, { headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    await call('GET', `${T}/executions/webhook/{namespace}/{id}/{key}`, `${T}/executions/webhook/${ns}/rich/wrong`, 404);
    await engine.call(`/executions/${hook.json().id}/kill`, { method: 'DELETE' });
  });
});

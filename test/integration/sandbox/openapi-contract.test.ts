// Every endpoint the sandbox serves, with its response validated against Kestra's openapi.yml, plus
// the status codes and error bodies of bad requests.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { form, helloFlow, randomNamespace, request, type RawResponse } from './helpers';
import { errorBodyProblems, responseProblems } from './openapi-contract';

const T = '/api/v1/{tenant}';

describe('sandbox responses match Kestra\'s OpenAPI document', () => {
  const sandbox = useSandbox();
  const url = (path: string) => `${sandbox().url}${path.replace('{tenant}', 'main')}`;

  async function call(method: string, template: string, path: string, status: number, init: RequestInit = {}): Promise<RawResponse> {
    const res = await request(url(path), { ...init, method });
    expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(status);
    const json = res.headers.get('content-type')?.includes('application/json');
    if (status < 300) {
      const body = json ? res.json() : undefined;
      if (json) expect(responseProblems(method, template, status, body), `${method} ${template}`).toEqual([]);
    } else if (res.text !== '') {
      const body = res.json();
      if (path.includes('/by-ids') || path.includes('/by-query')) {
        // BulkErrorResponse, not a JsonError.
        expect(typeof body.message).toBe('string');
        expect(Array.isArray(body.invalids)).toBe(true);
      } else expect(errorBodyProblems(body), `${method} ${path} error body`).toEqual([]);
    }
    return res;
  }
  const yaml = (body: string): RequestInit => ({ headers: { 'Content-Type': 'application/x-yaml' }, body });
  const json = (body: unknown): RequestInit => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('configs and plugins', async () => {
    await call('GET', '/api/v1/configs', '/api/v1/configs', 200);
    await call('GET', '/api/v1/plugins/schemas/{type}', '/api/v1/plugins/schemas/flow', 200);
    await call('GET', '/api/v1/plugins', '/api/v1/plugins', 200);
    await call('GET', '/api/v1/plugins/{cls}', '/api/v1/plugins/io.kestra.plugin.core.log.Log', 200);
  });

  it('flows', async () => {
    const ns = randomNamespace('contract');
    await call('POST', `${T}/flows`, `${T}/flows`, 200, yaml(`${helloFlow(ns)}labels:\n  env: dev\nvariables:\n  a: 1\n`));
    await call('POST', `${T}/flows`, `${T}/flows`, 422, yaml(helloFlow(ns)));
    await call('POST', `${T}/flows`, `${T}/flows`, 415, json({}));
    await call('GET', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello`, 200);
    await call('GET', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello?source=true`, 200);
    await call('GET', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/missing`, 404);
    await call('PUT', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello`, 200, yaml(helloFlow(ns, 'hello', 'v2')));
    await call('PUT', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello`, 422, yaml(helloFlow(ns, 'renamed')));
    await call('GET', `${T}/flows/search`, `${T}/flows/search?filters[namespace][PREFIX]=${ns}`, 200);
    await call('GET', `${T}/flows/search`, `${T}/flows/search?filters[state][EQUALS]=x`, 400);
    await call('GET', `${T}/flows/source`, `${T}/flows/source?q=hello&namespace=${ns}`, 200);
    await call('GET', `${T}/flows/{namespace}`, `${T}/flows/${ns}`, 200);
    await call('GET', `${T}/flows/{namespace}/{id}/revisions`, `${T}/flows/${ns}/hello/revisions`, 200);
    await call('GET', `${T}/flows/distinct-namespaces`, `${T}/flows/distinct-namespaces`, 200);
    await call('POST', `${T}/flows/validate`, `${T}/flows/validate`, 200, yaml(`${helloFlow(ns)}\n---\nid: x\n`));
    await call('GET', `${T}/flows/{namespace}/{id}/tasks/{taskId}`, `${T}/flows/${ns}/hello/tasks/log`, 200);
    await call('GET', `${T}/flows/{namespace}/{id}/dependencies`, `${T}/flows/${ns}/hello/dependencies`, 200);
    await call('POST', `${T}/flows/{namespace}`, `${T}/flows/${ns}.bulk`, 200, yaml(helloFlow(`${ns}.bulk`, 'a')));
    await call('POST', `${T}/flows/disable/by-ids`, `${T}/flows/disable/by-ids`, 200, json([{ namespace: `${ns}.bulk`, id: 'a' }]));
    await call('POST', `${T}/flows/enable/by-query`, `${T}/flows/enable/by-query?filters[namespace][EQUALS]=${ns}.bulk`, 200);
    await call('DELETE', `${T}/flows/delete/by-ids`, `${T}/flows/delete/by-ids`, 200, json([{ namespace: `${ns}.bulk`, id: 'a' }]));
    await call('DELETE', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello`, 204);
    await call('DELETE', `${T}/flows/{namespace}/{id}`, `${T}/flows/${ns}/hello`, 404);
  });

  it('namespaces', async () => {
    const ns = randomNamespace('contract');
    await request(url(`${T}/flows`), { method: 'POST', ...yaml(helloFlow(ns)) });
    await call('GET', `${T}/namespaces/search`, `${T}/namespaces/search?q=${ns}`, 200);
    await call('GET', `${T}/namespaces/{id}`, `${T}/namespaces/${ns}`, 200);
    await call('POST', `${T}/namespaces/autocomplete`, `${T}/namespaces/autocomplete`, 200, json({ q: ns }));
  });

  it('executions and logs', async () => {
    const ns = randomNamespace('contract');
    await request(url(`${T}/flows`), { method: 'POST', ...yaml(`${helloFlow(ns)}outputs:\n  - id: o\n    type: STRING\n    value: "{{ inputs.name }}"\n`) });
    const created = (await call('POST', `${T}/executions/{namespace}/{id}`, `${T}/executions/${ns}/hello?labels=a:b`, 200, { body: form({ name: 'x' }) })).json();
    await call('POST', `${T}/executions/{namespace}/{id}`, `${T}/executions/${ns}/hello?wait=true`, 200);
    await call('POST', `${T}/executions/{namespace}/{id}`, `${T}/executions/${ns}/missing`, 404);
    await call('POST', `${T}/executions/{namespace}/{id}`, `${T}/executions/${ns}/hello`, 415, json({}));
    await call('POST', `${T}/executions/trigger/{namespace}/{id}`, `${T}/executions/trigger/${ns}/hello`, 200);
    await call('POST', `${T}/executions/{namespace}/{id}/validate`, `${T}/executions/${ns}/hello/validate`, 200, { body: form({ name: 'x' }) });
    let execution = (await call('GET', `${T}/executions/{executionId}`, `${T}/executions/${created.id}`, 200)).json();
    for (let i = 0; i < 200 && execution.state.current !== 'SUCCESS'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      execution = (await call('GET', `${T}/executions/{executionId}`, `${T}/executions/${created.id}`, 200)).json();
    }
    expect(execution.state.current).toBe('SUCCESS');
    await call('GET', `${T}/executions/{executionId}`, `${T}/executions/0000000000000000000000`, 404);
    await call('GET', `${T}/executions/search`, `${T}/executions/search?filters[namespace][EQUALS]=${ns}`, 200);
    await call('GET', `${T}/executions`, `${T}/executions?namespace=${ns}&flowId=hello`, 200);
    await call('GET', `${T}/executions/{executionId}/flow`, `${T}/executions/${created.id}/flow`, 200);
    await call('GET', `${T}/executions/flows/{namespace}/{flowId}`, `${T}/executions/flows/${ns}/hello`, 200);
    await call('POST', `${T}/executions/{executionId}/labels`, `${T}/executions/${created.id}/labels`, 200, json([{ key: 'k', value: 'v' }]));
    await call('POST', `${T}/executions/{executionId}/change-status`, `${T}/executions/${created.id}/change-status?status=WARNING`, 200);
    // Nothing failed: Kestra refuses ("No task found to restart execution from!").
    await call('POST', `${T}/executions/{executionId}/restart`, `${T}/executions/${created.id}/restart`, 422);
    await request(url(`${T}/flows`), { method: 'POST', ...yaml(`id: failing\nnamespace: ${ns}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n`) });
    const failed = (await call('POST', `${T}/executions/{namespace}/{id}`, `${T}/executions/${ns}/failing?wait=true`, 200)).json();
    expect(failed.state.current).toBe('FAILED');
    await call('POST', `${T}/executions/{executionId}/restart`, `${T}/executions/${failed.id}/restart`, 200);
    await waitTerminal(failed.id);
    const replay = (await call('POST', `${T}/executions/{executionId}/replay`, `${T}/executions/${created.id}/replay`, 200)).json();
    await call('DELETE', `${T}/executions/{executionId}/kill`, `${T}/executions/${replay.id}/kill`, 202);
    await call('POST', `${T}/executions/{executionId}/pause`, `${T}/executions/${created.id}/pause`, 422);
    await call('POST', `${T}/executions/{executionId}/resume`, `${T}/executions/${created.id}/resume`, 409);
    await call('GET', `${T}/logs/{executionId}`, `${T}/logs/${created.id}`, 200);
    await call('GET', `${T}/logs/search`, `${T}/logs/search?filters[namespace][EQUALS]=${ns}`, 200);
    await call('GET', `${T}/logs/{executionId}/download`, `${T}/logs/${created.id}/download`, 200);
    await call('DELETE', `${T}/logs/{executionId}`, `${T}/logs/${created.id}`, 200);
    await call('POST', `${T}/executions/labels/by-ids`, `${T}/executions/labels/by-ids`, 200, json({ executionsId: [created.id], executionLabels: [{ key: 'x', value: 'y' }] }));
    await call('DELETE', `${T}/executions/kill/by-ids`, `${T}/executions/kill/by-ids`, 400, json(['0000000000000000000000']));
    const final = await waitTerminal(created.id);
    expect(final).toBeTruthy();
    await call('DELETE', `${T}/executions/{executionId}`, `${T}/executions/${created.id}`, 204);
  });

  async function waitTerminal(id: string): Promise<boolean> {
    for (let i = 0; i < 400; i += 1) {
      const e = (await request(url(`${T}/executions/${id}`))).json();
      if (['SUCCESS', 'FAILED', 'WARNING', 'KILLED'].includes(e.state.current)) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  it('KV', async () => {
    const ns = randomNamespace('contract');
    const text = (body: string): RequestInit => ({ headers: { 'Content-Type': 'text/plain' }, body });
    await call('PUT', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}/kv/k`, 200, text('{"a":1}'));
    await call('PUT', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}.child/kv/c`, 200, text('"x"'));
    await call('PUT', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}/kv/_bad`, 422, text('1'));
    await call('GET', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}/kv/k`, 200);
    await call('GET', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}/kv/none`, 404);
    await call('GET', `${T}/namespaces/{namespace}/kv`, `${T}/namespaces/${ns}/kv`, 200);
    await call('GET', `${T}/kv`, `${T}/kv?filters[namespace][PREFIX]=${ns}`, 200);
    await call('GET', `${T}/namespaces/{namespace}/kv/inheritance`, `${T}/namespaces/${ns}.child/kv/inheritance`, 200);
    await call('DELETE', `${T}/namespaces/{namespace}/kv/{key}`, `${T}/namespaces/${ns}/kv/k`, 200);
    await call('DELETE', `${T}/namespaces/{namespace}/kv`, `${T}/namespaces/${ns}.child/kv`, 200, json({ keys: ['c'] }));
  });

  it('namespace files', async () => {
    const ns = randomNamespace('contract');
    const upload = new FormData();
    upload.append('fileContent', new Blob(['hello']), 'a.txt');
    await call('POST', `${T}/namespaces/{namespace}/files`, `${T}/namespaces/${ns}/files?path=/dir/a.txt`, 200, { body: upload });
    await call('GET', `${T}/namespaces/{namespace}/files/directory`, `${T}/namespaces/${ns}/files/directory?path=/dir`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files/directory`, `${T}/namespaces/${ns}/files/directory?path=/none`, 404);
    await call('GET', `${T}/namespaces/{namespace}/files/stats`, `${T}/namespaces/${ns}/files/stats?path=/dir/a.txt`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files/revisions`, `${T}/namespaces/${ns}/files/revisions?path=/dir/a.txt`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files/search`, `${T}/namespaces/${ns}/files/search?q=a`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files`, `${T}/namespaces/${ns}/files?path=/dir/a.txt`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files`, `${T}/namespaces/${ns}/files?path=/../x`, 422);
    await call('POST', `${T}/namespaces/{namespace}/files/directory`, `${T}/namespaces/${ns}/files/directory?path=/new`, 200);
    await call('PUT', `${T}/namespaces/{namespace}/files`, `${T}/namespaces/${ns}/files?from=/dir/a.txt&to=/new/b.txt`, 200);
    await call('GET', `${T}/namespaces/{namespace}/files/export`, `${T}/namespaces/${ns}/files/export`, 200);
    await call('DELETE', `${T}/namespaces/{namespace}/files`, `${T}/namespaces/${ns}/files?path=/new`, 200);
  });
});

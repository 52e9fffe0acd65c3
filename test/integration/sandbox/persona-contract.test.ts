// Every operation the console uses, against every persona other than OSS 1.3 (openapi-contract.test.ts
// covers that one), with each answer validated against the OpenAPI document of that version and
// edition (spec/kestra/, see SOURCE.md), and each error body checked against the version's error
// format (JsonError up to 1.x, RFC 9457 problem+json in 2.x).
import { describe, expect, it } from 'vitest';
import { useSandbox, type PersonaId, type Edition } from '../../fixtures/sandbox';
import { PERSONAS } from '../../../main/sandbox/personas';
import { form, randomNamespace, readSse, request, type RawResponse } from './helpers';
import { contractFor, errorBodyProblems, problemBodyProblems } from './openapi-contract';

const CASES: { kestraVersion: PersonaId; edition: Edition }[] = [
  { kestraVersion: '0.22', edition: 'OSS' },
  { kestraVersion: '0.24', edition: 'OSS' },
  { kestraVersion: '2.0', edition: 'OSS' },
  { kestraVersion: '0.24', edition: 'EE' },
  { kestraVersion: '1.3', edition: 'EE' },
  { kestraVersion: '2.0', edition: 'EE' },
];

const flowSource = (ns: string, id = 'hello', extra = ''): string => `id: ${id}
namespace: ${ns}
inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: say
    type: io.kestra.plugin.core.debug.Return
    format: "Hello {{ inputs.name }}"
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.say.value }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.say.value }}"
${extra}`;

describe.each(CASES)('Kestra $kestraVersion $edition answers as its OpenAPI document says', ({ kestraVersion, edition }) => {
  const sandbox = useSandbox({ kestraVersion, edition });
  const traits = PERSONAS[kestraVersion];
  const contract = contractFor(kestraVersion, edition);
  const validated = new Set<string>();

  /** The version's path for a 1.3 route (2.0 moves the execution actions). */
  const relative = (method: string, template: string): string => traits.routes.moved[`${method} ${template}` as keyof typeof traits.routes.moved] ?? template;

  async function call(method: string, template: string, params: Record<string, string>, status: number, init: RequestInit & { query?: string } = {}): Promise<RawResponse> {
    const rel = relative(method, template);
    const filled = rel.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
    const url = template.startsWith('/') ? `${sandbox().url}${filled}` : `${sandbox().api()}/${filled}`;
    const docTemplate = template.startsWith('/') ? rel : `/api/v1/{tenant}/${rel}`;
    const res = await request(`${url}${init.query ? `?${init.query}` : ''}`, { ...init, method, headers: { ...sandbox().adminHeaders, ...(init.headers as Record<string, string> | undefined) } });
    expect(res.status, `${method} ${url}: ${res.text.slice(0, 300)}`).toBe(status);
    const type = res.headers.get('content-type') ?? '';
    if (status < 300) {
      if (type.includes('application/json') && contract.has(method, docTemplate)) {
        expect(contract.responseProblems(method, docTemplate, status, res.json()), `${method} ${docTemplate} in ${contract.file}`).toEqual([]);
        validated.add(`${method} ${docTemplate}`);
      }
    } else if (traits.errorFormat === 'problem-json') {
      expect(type).toBe('application/problem+json');
      expect(problemBodyProblems(res.json(), status), `${method} ${url} problem`).toEqual([]);
    } else if (res.text !== '') {
      expect(type).toContain('application/json');
      expect(errorBodyProblems(res.json()), `${method} ${url} error body`).toEqual([]);
    }
    return res;
  }
  const yaml = (body: string): RequestInit => ({ headers: { 'Content-Type': 'application/x-yaml' }, body });
  const text = (body: string): RequestInit => ({ headers: { 'Content-Type': 'text/plain' }, body });
  const json = (body: unknown): RequestInit => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  async function waitTerminal(id: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    for (let i = 0; i < 400; i += 1) {
      const e = (await call('GET', 'executions/{executionId}', { executionId: id }, 200)).json();
      if (['SUCCESS', 'FAILED', 'WARNING', 'KILLED'].includes(e.state.current)) return e;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${id} did not end`);
  }

  it('configs, plugins and namespaces', async () => {
    const configs = (await call('GET', '/api/v1/configs', {}, 200)).json();
    expect(configs.version).toBe(traits.version);
    expect(configs.edition).toBe(edition);
    await call('GET', '/api/v1/plugins/schemas/{type}', { type: 'flow' }, 200);
    await call('GET', 'namespaces/search', {}, 200, { query: 'q=a' });
    if (edition === 'EE') {
      const me = (await call('GET', '/api/v1/me', {}, 200)).json();
      expect(me.tenants.map((t: { id: string }) => t.id)).toEqual(sandbox().persona.tenants);
      // Superadmin only; the admin service account is not one.
      await call('GET', '/api/v1/tenants/search', {}, 403);
    }
  });

  it('flows: create, duplicate, read, update, search, revisions, validate, delete', async () => {
    const ns = randomNamespace('persona');
    await call('POST', 'flows', {}, 200, yaml(flowSource(ns)));
    // 1.x: 422 on flow.id; 2.x: 409 entity-already-exists.
    const duplicate = await call('POST', 'flows', {}, traits.errorFormat === 'problem-json' ? 409 : 422, yaml(flowSource(ns)));
    if (traits.errorFormat === 'problem-json') expect(duplicate.json().type).toMatch(/\/entity-already-exists$/);
    await call('GET', 'flows/{namespace}/{id}', { namespace: ns, id: 'hello' }, 200, { query: 'source=true' });
    await call('GET', 'flows/{namespace}/{id}', { namespace: ns, id: 'missing' }, 404);
    await call('PUT', 'flows/{namespace}/{id}', { namespace: ns, id: 'hello' }, 200, yaml(flowSource(ns, 'hello', 'description: v2\n')));
    await call('GET', 'flows/search', {}, 200, { query: `filters[namespace][PREFIX]=${ns}` });
    await call('GET', 'flows/{namespace}/{id}/revisions', { namespace: ns, id: 'hello' }, 200);
    await call('POST', 'flows/validate', {}, 200, yaml(flowSource(ns, 'other')));
    await call('DELETE', 'flows/{namespace}/{id}', { namespace: ns, id: 'hello' }, 204);
  });

  it('executions: trigger with inputs, read, search, follow, act, outputs', async () => {
    const ns = randomNamespace('persona');
    await call('POST', 'flows', {}, 200, yaml(flowSource(ns)));
    await call('POST', 'flows', {}, 200, yaml(`id: fails\nnamespace: ${ns}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n`));
    await call('POST', 'flows', {}, 200, yaml(`id: sleepy\nnamespace: ${ns}\ntasks:\n  - id: sleep\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n`));

    const created = (await call('POST', 'executions/{namespace}/{id}', { namespace: ns, id: 'hello' }, 200, { body: form({ name: 'persona' }), query: 'wait=true' })).json();
    expect(created.state.current).toBe('SUCCESS');
    const execution = (await call('GET', 'executions/{executionId}', { executionId: created.id }, 200)).json();
    const say = execution.taskRunList.find((run: { taskId: string }) => run.taskId === 'say');
    if (traits.executions.inlineOutputs) {
      expect(say.outputs).toEqual({ value: 'Hello persona' });
      expect(execution.outputs).toEqual({ greeting: 'Hello persona' });
    } else {
      for (const gone of ['outputs', 'executionId', 'namespace', 'flowId']) expect(say[gone], gone).toBeUndefined();
      expect(execution.outputs).toBeUndefined();
      expect(execution.deleted).toBeUndefined();
      const info = (await call('GET', 'outputs/tasks/{executionId}', { executionId: created.id }, 200)).json();
      expect(info).toEqual([{ taskId: 'say', taskRunId: say.id, inline: true }]);
      expect((await call('GET', 'outputs/tasks/{executionId}/{taskRunId}', { executionId: created.id, taskRunId: say.id }, 200)).json()).toEqual({ value: 'Hello persona' });
      expect((await call('GET', 'outputs/executions/{executionId}', { executionId: created.id }, 200)).json()).toEqual({ greeting: 'Hello persona' });
      await call('GET', 'outputs/tasks/{executionId}/{taskRunId}', { executionId: created.id, taskRunId: 'nope' }, 404);
    }
    expect('tenantId' in execution).toBe(traits.executions.tenantId);

    const page = (await call('GET', 'executions/search', {}, 200, { query: `filters[namespace][EQUALS]=${ns}` })).json();
    expect(page.results.length).toBe(1);
    expect('taskRunList' in page.results[0]).toBe(traits.executions.taskRunsInLists);

    const followed = await readSse(`${sandbox().api()}/executions/${created.id}/follow`, (frames) => frames.some((f) => f.id === 'end'), { headers: sandbox().adminHeaders });
    expect(followed.frames[0]!.id).toBe(traits.sse.startFrame ? 'start' : 'end');

    await call('POST', 'executions/{executionId}/labels', { executionId: created.id }, 200, json([{ key: 'team', value: 'ops' }]));
    const failed = (await call('POST', 'executions/{namespace}/{id}', { namespace: ns, id: 'fails' }, 200, { query: 'wait=true' })).json();
    expect(failed.state.current).toBe('FAILED');
    await call('POST', 'executions/{executionId}/restart', { executionId: failed.id }, 200);
    await waitTerminal(failed.id);
    const replay = (await call('POST', 'executions/{executionId}/replay', { executionId: created.id }, 200)).json();
    await waitTerminal(replay.id);
    const sleepy = (await call('POST', 'executions/{namespace}/{id}', { namespace: ns, id: 'sleepy' }, 200)).json();
    await call('DELETE', 'executions/{executionId}/kill', { executionId: sleepy.id }, 202);
    expect((await waitTerminal(sleepy.id)).state.current).toBe('KILLED');
    // Resuming what is not paused: 409 Illegal state (1.x) / conflict problem (2.x).
    await call('POST', 'executions/{executionId}/resume', { executionId: created.id }, 409);
    await call('GET', 'executions/{executionId}', { executionId: '0000000000000000000000' }, 404);
    await call('GET', 'executions/search', {}, 400, { query: 'filters[state][EQUALS]=NOPE' });
    await call('DELETE', 'executions/{executionId}', { executionId: created.id }, 204);
  });

  it('logs: read, search, download and follow', async () => {
    const ns = randomNamespace('persona');
    await call('POST', 'flows', {}, 200, yaml(flowSource(ns)));
    const created = (await call('POST', 'executions/{namespace}/{id}', { namespace: ns, id: 'hello' }, 200, { query: 'wait=true' })).json();
    const logs = (await call('GET', 'logs/{executionId}', { executionId: created.id }, 200)).json();
    expect(logs.map((l: { message: string }) => l.message)).toContain('Hello world');
    expect('tenantId' in logs[0]).toBe(traits.executions.tenantId);
    await call('GET', 'logs/search', {}, 200, { query: `filters[namespace][EQUALS]=${ns}` });
    const download = await call('GET', 'logs/{executionId}/download', { executionId: created.id }, 200);
    expect(download.text).toContain('Hello world');
    const followed = await readSse(`${sandbox().api()}/logs/${created.id}/follow`, (frames) => frames.some((f) => f.data.includes('Hello world')), { headers: sandbox().adminHeaders });
    expect(followed.frames[0]!.id).toBe(traits.sse.startFrame ? 'start' : 'progress');
  });

  it('KV: put (text/plain and the JSON leniency), get, list, search, inheritance, delete', async () => {
    const ns = randomNamespace('persona');
    await call('PUT', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: 'plain' }, 200, text('"hello"'));
    await call('PUT', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: 'doc' }, 200, json({ a: 1 }));
    const value = (await call('GET', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: 'doc' }, 200)).json();
    expect(value).toEqual(traits.kv.detail === 'typed-value' ? { type: 'JSON', value: { a: 1 } } : { type: 'JSON', value: { a: 1 }, revision: 1, updated: expect.any(String) });
    await call('GET', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: 'none' }, 404);
    await call('PUT', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: '_bad' }, 422, text('1'));
    if (traits.routes.removed.includes('GET namespaces/{namespace}/kv')) {
      await call('GET', 'namespaces/{namespace}/kv', { namespace: ns }, 405);
    } else {
      const entries = (await call('GET', 'namespaces/{namespace}/kv', { namespace: ns }, 200)).json();
      expect(entries.map((e: { key: string }) => e.key).sort()).toEqual(['doc', 'plain']);
    }
    if (traits.routes.removed.includes('GET kv')) {
      // 0.x has no KV search, and `inheritance` is read as a key.
      await call('GET', 'kv', {}, 404, { query: `filters[namespace][EQUALS]=${ns}` });
      const inheritance = await call('GET', 'namespaces/{namespace}/kv/inheritance', { namespace: ns }, 404);
      expect(inheritance.json().message).toBe(`Not Found: No value found for key 'inheritance' in namespace '${ns}'`);
    } else {
      const found = (await call('GET', 'kv', {}, 200, { query: `filters[namespace][EQUALS]=${ns}` })).json();
      expect(found.total).toBe(2);
      expect(found.results[0][traits.kv.entry === 'metadata-revision' ? 'revision' : 'version']).toBe(1);
      await call('GET', 'namespaces/{namespace}/kv/inheritance', { namespace: `${ns}.child` }, 200);
    }
    await call('DELETE', 'namespaces/{namespace}/kv/{key}', { namespace: ns, key: 'plain' }, 200);
    await call('DELETE', 'namespaces/{namespace}/kv', { namespace: ns }, 200, json({ keys: ['doc'] }));
  });

  it('namespace files: upload, list, stat, revisions, read, delete', async () => {
    const ns = randomNamespace('persona');
    const upload = new FormData();
    upload.append('fileContent', new Blob(['hello']), 'a.txt');
    await call('POST', 'namespaces/{namespace}/files', { namespace: ns }, 200, { body: upload, query: 'path=/dir/a.txt' });
    await call('GET', 'namespaces/{namespace}/files/directory', { namespace: ns }, 200, { query: 'path=/dir' });
    await call('GET', 'namespaces/{namespace}/files/stats', { namespace: ns }, 200, { query: 'path=/dir/a.txt' });
    const revisions = traits.routes.removed.includes('GET namespaces/{namespace}/files/revisions') ? 404 : 200;
    await call('GET', 'namespaces/{namespace}/files/revisions', { namespace: ns }, revisions, { query: 'path=/dir/a.txt' });
    expect((await call('GET', 'namespaces/{namespace}/files', { namespace: ns }, 200, { query: 'path=/dir/a.txt' })).text).toBe('hello');
    await call('GET', 'namespaces/{namespace}/files', { namespace: ns }, 422, { query: 'path=/../x' });
    await call('DELETE', 'namespaces/{namespace}/files', { namespace: ns }, 200, { query: 'path=/dir' });
  });

  it('validated the core operations against the document', () => {
    // The operations every version's document declares: if one was not validated, the persona served
    // it at a path its own document does not have.
    for (const key of ['GET /api/v1/configs', 'POST /api/v1/{tenant}/flows', 'GET /api/v1/{tenant}/flows/{namespace}/{id}', 'GET /api/v1/{tenant}/executions/{executionId}', 'GET /api/v1/{tenant}/executions/search', 'GET /api/v1/{tenant}/logs/{executionId}', 'GET /api/v1/{tenant}/namespaces/{namespace}/kv/{key}']) {
      expect(validated, key).toContain(key);
    }
    if (!traits.executions.inlineOutputs) expect(validated).toContain('GET /api/v1/{tenant}/outputs/tasks/{executionId}');
    if (traits.routes.moved['DELETE executions/{executionId}/kill']) expect(validated).toContain('POST /api/v1/{tenant}/executions/{executionId}/actions/restart');
  });
});

// What makes each persona that version, over raw HTTP: path forms, auth, error bodies, SSE frames,
// execution and KV shapes, routes a version lacks or moved, and the Enterprise layer (tenants,
// tokens, RBAC). Each expectation comes from the persona's sources (main/sandbox/personas/v*.ts).
import { describe, expect, it } from 'vitest';
import { EE_TOKENS, startTestSandbox, useSandbox } from '../../fixtures/sandbox';
import { helloFlow, randomNamespace, readSse, request, type RawResponse } from './helpers';

const USER = 'admin@kestra.io';
const PASSWORD = 'Admin1234';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const yaml = (source: string, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/x-yaml', ...headers }, body: source });
const sleepFlow = (ns: string): string => `id: sleepy\nnamespace: ${ns}\ntasks:\n  - id: sleep\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT20S\n`;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('Kestra 0.22: before tenant paths', () => {
  const sandbox = useSandbox({ kestraVersion: '0.22', auth: { username: USER, password: PASSWORD } });

  it('guards /api/v1/configs with basic auth and challenges with the realm', async () => {
    const res = await request(`${sandbox().url}/api/v1/configs`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm=Kestra');
    const authed = await request(`${sandbox().url}/api/v1/configs`, { headers: { Authorization: BASIC } });
    expect(authed.json().version).toBe('0.22.6');
    // No BASIC_AUTH cookie before the 0.24 setup page.
    const cookie = await request(`${sandbox().url}/api/v1/flows/search`, { headers: { Cookie: `BASIC_AUTH=${BASIC.slice(6)}` } });
    expect(cookie.status).toBe(401);
  });

  it('serves /api/v1/... only, without tenantId', async () => {
    const ns = randomNamespace('p022');
    const flow = await request(`${sandbox().url}/api/v1/flows`, yaml(helloFlow(ns), { Authorization: BASIC }));
    expect(flow.status).toBe(200);
    expect(flow.json().tenantId).toBeUndefined();
    expect((await request(`${sandbox().url}/api/v1/main/flows/${ns}/hello`, { headers: { Authorization: BASIC } })).status).toBe(404);
    const execution = (await request(`${sandbox().url}/api/v1/executions/${ns}/hello?wait=true`, { method: 'POST', headers: { Authorization: BASIC } })).json();
    expect(execution.tenantId).toBeUndefined();
    expect(execution.taskRunList[0].tenantId).toBeUndefined();
    const logs = (await request(`${sandbox().url}/api/v1/logs/${execution.id}`, { headers: { Authorization: BASIC } })).json();
    expect(logs[0]).toMatchObject({ deleted: false });
    expect(logs[0].tenantId).toBeUndefined();
  });
});

describe('Kestra 0.24: tenant paths, 0.x shapes', () => {
  const sandbox = useSandbox({ kestraVersion: '0.24', auth: { username: USER, password: PASSWORD } });
  const api = (): string => sandbox().api();
  const get = (path: string): Promise<RawResponse> => request(`${api()}${path}`, { headers: { Authorization: BASIC } });

  it('keeps configs open (setup page) but not the rest of the API', async () => {
    expect((await request(`${sandbox().url}/api/v1/configs`)).json().version).toBe('0.24.0');
    expect((await request(`${api()}/flows/search`)).status).toBe(401);
    // The tenant-less compatibility layer of 0.23+.
    expect((await request(`${sandbox().url}/api/v1/flows/search`, { headers: { Authorization: BASIC } })).status).toBe(200);
  });

  it('serialises running states with a duration, and no SUBMITTED state', async () => {
    const ns = randomNamespace('p024');
    await request(`${api()}/flows`, yaml(sleepFlow(ns), { Authorization: BASIC }));
    const { id } = (await request(`${api()}/executions/${ns}/sleepy`, { method: 'POST', headers: { Authorization: BASIC } })).json();
    let running: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    await until(async () => {
      running = (await get(`/executions/${id}`)).json();
      return running.state.current === 'RUNNING' && running.taskRunList?.[0]?.state.current === 'RUNNING';
    }, 'a running task');
    expect(running.state.duration).toMatch(/^PT/);
    expect(running.state.endDate).toBeUndefined();
    const histories = running.taskRunList[0].state.histories.map((h: { state: string }) => h.state);
    expect(histories).toEqual(['CREATED', 'RUNNING']);
    expect((await request(`${api()}/executions/${id}/kill`, { method: 'DELETE', headers: { Authorization: BASIC } })).status).toBe(202);
  });

  it('follows executions and logs without a start frame', async () => {
    const ns = randomNamespace('p024');
    await request(`${api()}/flows`, yaml(helloFlow(ns), { Authorization: BASIC }));
    const { id } = (await request(`${api()}/executions/${ns}/hello?wait=true`, { method: 'POST', headers: { Authorization: BASIC } })).json();
    const execution = await readSse(`${api()}/executions/${id}/follow`, () => false, { headers: { Authorization: BASIC } });
    expect(execution.frames.map((f) => f.id)).toEqual(['end']);
    const logs = await readSse(`${api()}/logs/${id}/follow`, (frames) => frames.length >= 1, { headers: { Authorization: BASIC } });
    expect(logs.frames[0]!.id).toBe('progress');
    expect(JSON.parse(logs.frames[0]!.data)).toMatchObject({ message: 'Hello world', deleted: false });
  });

  it('answers KV the 0.x way: {type, value}, file entries, no search, `inheritance` is a key', async () => {
    const ns = randomNamespace('p024');
    const put = (key: string, body: string, type = 'application/json'): Promise<RawResponse> =>
      request(`${api()}/namespaces/${ns}/kv/${key}`, { method: 'PUT', headers: { Authorization: BASIC, 'Content-Type': type }, body });
    expect((await put('k', '{"a":1}')).status).toBe(200);
    expect((await put('t', '"x"', 'text/plain')).status).toBe(200);
    expect((await get(`/namespaces/${ns}/kv/k`)).json()).toEqual({ type: 'JSON', value: { a: 1 } });
    const entries = (await get(`/namespaces/${ns}/kv`)).json();
    expect(Object.keys(entries[0]).sort()).toEqual(['creationDate', 'key', 'updateDate']);
    expect((await get(`/kv?filters[namespace][EQUALS]=${ns}`)).status).toBe(404);
    const missing = await get(`/namespaces/${ns}/kv/inheritance`);
    expect(missing.status).toBe(404);
    expect(missing.json().message).toBe(`Not Found: No value found for key 'inheritance' in namespace '${ns}'`);
    await put('inheritance', '"a real key"');
    expect((await get(`/namespaces/${ns}/kv/inheritance`)).json()).toEqual({ type: 'STRING', value: 'a real key' });
  });

  it('has no namespace-file revisions', async () => {
    const ns = randomNamespace('p024');
    const upload = new FormData();
    upload.append('fileContent', new Blob(['v1']), 'a.txt');
    expect((await request(`${api()}/namespaces/${ns}/files?path=/a.txt`, { method: 'POST', headers: { Authorization: BASIC }, body: upload })).status).toBe(200);
    const revisions = await get(`/namespaces/${ns}/files/revisions?path=/a.txt`);
    expect(revisions.status).toBe(404);
    expect(revisions.json().message).toBe('Not Found');
  });
});

describe('Kestra 2.0: outputs endpoints, /actions/ routes, problem+json', () => {
  const sandbox = useSandbox({ kestraVersion: '2.0', auth: { username: USER, password: PASSWORD } });
  const api = (): string => sandbox().api();
  const call = (path: string, init: RequestInit = {}): Promise<RawResponse> => request(`${api()}${path}`, { ...init, headers: { Authorization: BASIC, ...(init.headers as Record<string, string>) } });

  it('needs credentials for /api/v1/configs and opens /api/v1/configs/login', async () => {
    const configs = await request(`${sandbox().url}/api/v1/configs`);
    expect(configs.status).toBe(401);
    expect(configs.headers.get('content-type')).toBe('application/problem+json');
    expect(configs.json()).toMatchObject({ type: 'https://kestra.io/docs/api-reference/problems/unauthenticated', title: 'Authentication required', status: 401, instance: '/api/v1/configs' });
    expect((await request(`${sandbox().url}/api/v1/configs/login`)).json()).toEqual({ isBasicAuthInitialized: true });
    expect((await request(`${sandbox().url}/api/v1/configs`, { headers: { Authorization: BASIC } })).json().version).toBe('2.0.3');
  });

  it('answers every error as problem+json', async () => {
    const notFound = await call('/flows/nowhere/none');
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toEqual({ type: 'https://kestra.io/docs/api-reference/problems/not-found', title: 'Resource not found', status: 404, detail: 'Resource not found', instance: '/api/v1/main/flows/nowhere/none' });
    const badPage = await call('/flows/search?page=abc');
    expect(badPage.status).toBe(422);
    expect(badPage.json().type).toMatch(/\/invalid-argument$/);
    const invalid = await call('/flows', yaml('id: x\nnamespace: a.b\ntasks: []\n'));
    expect(invalid.json()).toMatchObject({ type: 'https://kestra.io/docs/api-reference/problems/validation-failed', status: 422 });
    expect(invalid.json().errors.length).toBeGreaterThan(0);
    const ns = randomNamespace('p20');
    expect((await call('/flows', yaml(helloFlow(ns)))).status).toBe(200);
    const duplicate = await call('/flows', yaml(helloFlow(ns)));
    expect(duplicate.status).toBe(409);
    expect(duplicate.json()).toMatchObject({ type: 'https://kestra.io/docs/api-reference/problems/entity-already-exists', title: 'Entity already exists', detail: `A flow with id 'hello' already exists in namespace '${ns}'.` });
  });

  it('serves slim executions and the outputs endpoints', async () => {
    const ns = randomNamespace('p20');
    await call('/flows', yaml(`${helloFlow(ns)}  - id: ret\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ inputs.name }}!"\noutputs:\n  - id: out\n    type: STRING\n    value: "{{ outputs.ret.value }}"\n`));
    const form = new FormData();
    form.append('name', 'two');
    const created = (await call(`/executions/${ns}/hello?wait=true`, { method: 'POST', body: form })).json();
    expect(created.state.current).toBe('SUCCESS');
    for (const run of created.taskRunList) for (const gone of ['outputs', 'executionId', 'namespace', 'flowId']) expect(run[gone], gone).toBeUndefined();
    expect(created.outputs).toBeUndefined();
    expect(created.deleted).toBeUndefined();
    const ret = created.taskRunList.find((r: { taskId: string }) => r.taskId === 'ret');
    expect((await call(`/outputs/tasks/${created.id}`)).json()).toEqual([{ taskId: 'ret', taskRunId: ret.id, inline: true }]);
    expect((await call(`/outputs/tasks/${created.id}/${ret.id}`)).json()).toEqual({ value: 'two!' });
    expect((await call(`/outputs/executions/${created.id}`)).json()).toEqual({ out: 'two!' });
    // The migration page's shorter draft route is not served.
    expect((await call(`/outputs/${created.id}/${ret.id}`)).status).toBe(404);
    const search = (await call(`/executions/search?filters[namespace][EQUALS]=${ns}`)).json();
    expect(search.results[0].taskRunList).toBeUndefined();
    const followed = await readSse(`${api()}/executions/${created.id}/follow`, () => false, { headers: { Authorization: BASIC } });
    expect(followed.frames.map((f) => f.id)).toEqual(['start', 'end']);
    expect(JSON.parse(followed.frames[1]!.data).taskRunList[0].outputs).toBeUndefined();
  });

  it('moves execution actions under /actions/', async () => {
    const ns = randomNamespace('p20');
    await call('/flows', yaml(sleepFlow(ns)));
    const { id } = (await call(`/executions/${ns}/sleepy`, { method: 'POST' })).json();
    const old = await call(`/executions/${id}/kill`, { method: 'DELETE' });
    expect(old.status).toBe(405);
    expect(old.headers.get('content-type')).toBe('application/problem+json');
    expect((await call(`/executions/${id}/actions/kill`, { method: 'DELETE' })).status).toBe(202);
    await until(async () => (await call(`/executions/${id}`)).json().state.current === 'KILLED', 'KILLED');
    const labels = await call(`/executions/${id}/actions/labels`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ key: 'k', value: 'v' }]) });
    expect(labels.json().labels).toContainEqual({ key: 'k', value: 'v' });
    const resume = await call(`/executions/${id}/actions/resume`, { method: 'POST' });
    expect(resume.status).toBe(409);
    expect(resume.json().type).toMatch(/\/conflict$/);
  });

  it('names KV revisions `revision` and lists keys only through /kv', async () => {
    const ns = randomNamespace('p20');
    await call(`/namespaces/${ns}/kv/a`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '1' });
    const page = (await call(`/kv?filters[namespace][EQUALS]=${ns}`)).json();
    expect(page.results[0]).toMatchObject({ namespace: ns, key: 'a', revision: 1 });
    expect(page.results[0].version).toBeUndefined();
    expect((await call(`/namespaces/${ns}/kv`)).status).toBe(405);
    expect((await call(`/namespaces/${ns}/kv/a`)).json()).toMatchObject({ type: 'NUMBER', value: 1, revision: 1 });
  });
});

describe('Kestra Enterprise: tenants, API tokens, RBAC', () => {
  const sandbox = useSandbox({ kestraVersion: '1.3', edition: 'EE' });
  const as = (token: string, path: string, init: RequestInit = {}): Promise<RawResponse> =>
    request(`${sandbox().url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

  it('serves tenants demo and prod, not main, and no tenant-less alias', async () => {
    expect(sandbox().persona.tenants).toEqual(['demo', 'prod']);
    expect((await as(EE_TOKENS.admin, '/api/v1/demo/flows/search')).status).toBe(200);
    expect((await as(EE_TOKENS.admin, '/api/v1/main/flows/search')).status).toBe(404);
    expect((await as(EE_TOKENS.admin, '/api/v1/flows/search')).status).toBe(404);
    expect((await as(EE_TOKENS.admin, '/api/v1/configs')).json().edition).toBe('EE');
  });

  it('keeps each tenant\'s data apart', async () => {
    const ns = randomNamespace('ee');
    expect((await as(EE_TOKENS.admin, '/api/v1/demo/flows', yaml(helloFlow(ns)))).status).toBe(200);
    expect((await as(EE_TOKENS.admin, `/api/v1/demo/flows/${ns}/hello`)).json().tenantId).toBe('demo');
    expect((await as(EE_TOKENS.admin, `/api/v1/prod/flows/${ns}/hello`)).status).toBe(404);
  });

  it('authenticates service-account tokens as bearer tokens', async () => {
    const none = await request(`${sandbox().url}/api/v1/demo/flows/search`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await as('not-a-token', '/api/v1/demo/flows/search')).status).toBe(401);
  });

  it('lists the caller\'s tenants in /api/v1/me; the tenant search is for superadmins', async () => {
    expect((await as(EE_TOKENS.admin, '/api/v1/me')).json()).toMatchObject({ id: 'admin', superAdmin: false, tenants: [{ id: 'demo', name: 'Demo' }, { id: 'prod', name: 'Prod' }] });
    expect((await as(EE_TOKENS.demoOnly, '/api/v1/me')).json().tenants).toEqual([{ id: 'demo', name: 'Demo' }]);
    const search = await as(EE_TOKENS.admin, '/api/v1/tenants/search');
    expect(search.status).toBe(403);
    expect(search.json().message).toMatch(/^Forbidden: /);
  });

  it('answers 403 to a token lacking the permission, never 401', async () => {
    const ns = randomNamespace('ee');
    expect((await as(EE_TOKENS.reader, '/api/v1/demo/flows/search')).status).toBe(200);
    const write = await as(EE_TOKENS.reader, '/api/v1/demo/flows', yaml(helloFlow(ns)));
    expect(write.status).toBe(403);
    expect(write.json().message).toBe("Forbidden: User 'reader' lacks permission FLOW:CREATE on tenant 'demo'");
    const kv = await as(EE_TOKENS.reader, `/api/v1/demo/namespaces/${ns}/kv/k`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '1' });
    expect(kv.status).toBe(403);
    expect(kv.json().message).toContain('KVSTORE:CREATE');
    // A tenant the token has no grant on.
    expect((await as(EE_TOKENS.demoOnly, '/api/v1/demo/flows/search')).status).toBe(200);
    const prod = await as(EE_TOKENS.demoOnly, '/api/v1/prod/flows/search');
    expect(prod.status).toBe(403);
    expect(prod.json().message).toBe("Forbidden: User 'demo-only' has no access to tenant 'prod'");
  });

  it('2.0 Enterprise: 403 as a forbidden problem, instanceOwner in /me, superadmin tenant search', async () => {
    const ee2 = await startTestSandbox({ kestraVersion: '2.0', edition: 'EE' });
    try {
      const denied = await request(`${ee2.api()}/flows`, { ...yaml(helloFlow(randomNamespace('ee2'))), headers: { 'Content-Type': 'application/x-yaml', Authorization: `Bearer ${EE_TOKENS.reader}` } });
      expect(denied.status).toBe(403);
      expect(denied.json()).toMatchObject({ type: 'https://kestra.io/docs/api-reference/problems/forbidden', title: 'Access denied', status: 403 });
      const me = (await request(`${ee2.url}/api/v1/me`, { headers: { Authorization: `Bearer ${EE_TOKENS.admin}` } })).json();
      expect(me).toMatchObject({ instanceOwner: false });
      expect(me.superAdmin).toBeUndefined();
    } finally {
      await ee2.stop();
    }
    const owner = await startTestSandbox({ kestraVersion: '1.3', edition: 'EE', auth: { bearerToken: 'owner-token' }, enterprise: { tenants: ['acme'], tokens: [] } });
    try {
      const tenants = await request(`${owner.url}/api/v1/tenants/search`, { headers: { Authorization: 'Bearer owner-token' } });
      expect(tenants.json()).toEqual({ results: [{ id: 'acme', name: 'Acme', deleted: false }], total: 1 });
    } finally {
      await owner.stop();
    }
  });
});

describe('every persona accepts the seed guide\'s KV PUT with Content-Type: application/json', () => {
  it.each(['0.22', '0.24', '1.3', '2.0'] as const)('Kestra %s', async (kestraVersion) => {
    const sandbox = await startTestSandbox({ kestraVersion });
    try {
      const ns = randomNamespace('seed');
      const put = await request(`${sandbox.api()}/namespaces/${ns}/kv/seed`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' });
      expect(put.status).toBe(200);
      expect((await request(`${sandbox.api()}/namespaces/${ns}/kv/seed`)).json()).toMatchObject({ type: 'JSON', value: { ok: true } });
    } finally {
      await sandbox.stop();
    }
  });
});

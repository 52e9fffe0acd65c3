import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNamespace } from '../../../fixtures/temp-dir';
import { SERVER_MODES, startMode, stopMode, type ModeEnv } from '../../../fixtures/server-matrix';

const flowYaml = (namespace: string, id: string, message = 'Hello') => `id: ${id}
namespace: ${namespace}
# a comment the server must keep verbatim
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: ${message}
`;

describe.each(SERVER_MODES)('flows, namespaces, configs and schema: $name', (mode) => {
  let env: ModeEnv;
  beforeAll(async () => {
    env = await startMode(mode);
  });
  afterAll(async () => {
    await stopMode(env);
  });

  it('detects the version, edition, API form and tenant from /api/v1/configs, and derives the capability table', async () => {
    const configs = await env.t.call('kestra.configs', { serverId: env.serverId });
    expect(configs).toMatchObject({ version: mode.expect.version, edition: mode.edition, apiForm: mode.expect.apiForm });
    expect(configs.tenant).toBe(mode.expect.tenant);
    const caps = await env.t.call('kestra.capabilities', { serverId: env.serverId });
    expect(caps).toMatchObject({ version: mode.expect.version, edition: mode.edition });
    expect(caps.warning).toBeUndefined();
    expect(caps.api.paths).toBe(mode.expect.apiForm === 'legacy' ? 'legacy' : 'tenant');
    expect(caps.features['tenants.list'].available).toBe(mode.edition === 'EE');
  });

  it('creates, reads with its source verbatim, updates, lists revisions, searches and deletes a flow', async () => {
    const ns = randomNamespace('flows');
    const created = await env.t.call('flows.create', { serverId: env.serverId, source: flowYaml(ns, 'hello') });
    expect(created).toMatchObject({ id: 'hello', namespace: ns, revision: 1, disabled: false, deleted: false });
    expect(created.source).toContain('# a comment the server must keep verbatim');

    const got = await env.t.call('flows.get', { serverId: env.serverId, namespace: ns, id: 'hello' });
    expect(got.source).toBe(flowYaml(ns, 'hello'));

    const updated = await env.t.call('flows.update', { serverId: env.serverId, namespace: ns, id: 'hello', source: flowYaml(ns, 'hello', 'Hi again') });
    expect(updated.revision).toBe(2);
    const revisions = await env.t.call('flows.revisions', { serverId: env.serverId, namespace: ns, id: 'hello' });
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisions[0]!.source).toContain('message: Hello');
    const first = await env.t.call('flows.get', { serverId: env.serverId, namespace: ns, id: 'hello', revision: 1 });
    expect(first.revision).toBe(1);

    await env.t.call('flows.create', { serverId: env.serverId, source: flowYaml(`${ns}.child`, 'other') });
    const search = await env.t.call('flows.search', { serverId: env.serverId, namespace: ns, size: 10, sort: ['id:asc'] });
    expect(search.results.map((f) => `${f.namespace}/${f.id}`)).toEqual([`${ns}/hello`, `${ns}.child/other`]);
    expect(search.total).toBe(2);

    const namespaces = await env.t.call('namespaces.list', { serverId: env.serverId, q: ns });
    expect(namespaces).toEqual(expect.arrayContaining([ns, `${ns}.child`]));

    await env.t.call('flows.delete', { serverId: env.serverId, namespace: ns, id: 'hello' });
    const missing = await env.t.fail('flows.get', { serverId: env.serverId, namespace: ns, id: 'hello' });
    expect(missing).toMatchObject({ kind: 'http', status: 404 });
  });

  it('validates flows and reports the server’s errors as validation with field messages', async () => {
    const ns = randomNamespace('valid');
    const ok = await env.t.call('flows.validate', { serverId: env.serverId, source: flowYaml(ns, 'v') });
    expect(ok).toHaveLength(1);
    expect(ok[0]!.constraints).toBeUndefined();
    const bad = await env.t.call('flows.validate', { serverId: env.serverId, source: `id: v\nnamespace: ${ns}\ntasks: []\nunknownProperty: 1\n` });
    expect(bad[0]!.constraints).toBeTruthy();

    await env.t.call('flows.create', { serverId: env.serverId, source: flowYaml(ns, 'dup') });
    const duplicate = await env.t.fail('flows.create', { serverId: env.serverId, source: flowYaml(ns, 'dup') });
    const caps = await env.t.call('kestra.capabilities', { serverId: env.serverId });
    if (caps.api.duplicateFlowStatus === 409) {
      // 2.x: a problem document, its title and detail kept apart.
      expect(duplicate).toMatchObject({ kind: 'http', status: 409, title: expect.stringMatching(/already exists/i), detail: expect.stringMatching(/already exists/) });
    } else {
      expect(duplicate).toMatchObject({ kind: 'validation', status: 422 });
      expect(duplicate.fieldErrors?.[0]?.message).toMatch(/already exists/);
    }
    expect(duplicate.message).toMatch(/already exists/);
  });

  it('refuses hostile names before any request', async () => {
    const error = await env.t.fail('flows.get', { serverId: env.serverId, namespace: '../../etc', id: 'x' });
    expect(error.kind).toBe('validation');
    expect((await env.t.fail('flows.get', { serverId: env.serverId, namespace: 'ok', id: '..' })).kind).toBe('validation');
  });

  it('serves the flow JSON schema with a cache key tied to the server', async () => {
    const { schema, cacheKey } = await env.t.call('kestra.flowSchema', { serverId: env.serverId });
    expect(cacheKey).toContain(env.serverId);
    expect(schema).toMatchObject({ $schema: expect.stringContaining('json-schema.org') });
  });
});

describe('wrong credentials', () => {
  const mode = SERVER_MODES.find((m) => m.auth && 'username' in m.auth)!;
  let env: ModeEnv;
  beforeAll(async () => {
    env = await startMode(mode);
  });
  afterAll(async () => {
    await stopMode(env);
  });

  it('reports an auth error (never the password) and Test connection names the failing check', async () => {
    await env.t.call('servers.setSecret', { serverId: env.serverId, secret: 'Wrong-password-1' });
    const error = await env.t.fail('flows.search', { serverId: env.serverId });
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(JSON.stringify(error)).not.toContain('Wrong-password-1');
    const report = await env.t.call('servers.testConnection', { serverId: env.serverId });
    expect(report.checks.find((c) => c.id === 'credentials')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((c) => c.id === 'reachability')).toMatchObject({ status: 'pass' });
    const health = await env.t.call('servers.health', { serverId: env.serverId });
    expect(health.status).toBe('auth-failed');
  });
});

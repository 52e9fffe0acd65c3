// Enterprise servers: the tenant chosen per server (from the account's list when the server
// offers one), service-account tokens as bearer tokens, an RBAC 403 read as a missing permission
// (never a login failure), and edition features gated by the capability table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { EE_TOKENS, startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { randomNamespace } from '../../../fixtures/temp-dir';

const input = (url: string, extra: Partial<ServerInput> = {}): ServerInput => ({
  name: `EE ${Math.random().toString(36).slice(2, 8)}`,
  url,
  authKind: 'bearer',
  color: '#445566',
  environment: 'production',
  policy: { confirmDestructive: false, readOnly: false },
  tls: {},
  ...extra,
});

const flow = (namespace: string) => `id: hello\nnamespace: ${namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

describe.each(['1.3', '2.0'] as const)('Kestra Enterprise %s', (kestraVersion) => {
  let sandbox: TestSandbox;
  let t: TestCore;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ kestraVersion, edition: 'EE' });
    t = await startTestCore({ withSandbox: false });
  });
  afterAll(async () => {
    await t?.stop();
    await sandbox?.stop();
  });

  it('lists the tenants of the account, for a draft before it is saved and for a saved server', async () => {
    const draft = await t.call('kestra.tenants', { input: input(sandbox.url), secret: EE_TOKENS.admin });
    expect(draft).toEqual({ listed: true, tenants: [expect.objectContaining({ id: 'demo' }), expect.objectContaining({ id: 'prod' })] });
    const limited = await t.call('kestra.tenants', { input: input(sandbox.url), secret: EE_TOKENS.demoOnly });
    expect(limited.tenants.map((x) => x.id)).toEqual(['demo']);

    const saved = await t.call('servers.create', { input: input(sandbox.url, { tenant: 'prod' }), secret: EE_TOKENS.admin });
    expect((await t.call('kestra.tenants', { serverId: saved.id })).tenants.map((x) => x.id)).toEqual(['demo', 'prod']);
    const caps = await t.call('kestra.capabilities', { serverId: saved.id });
    expect(caps).toMatchObject({ edition: 'EE', features: { 'tenants.list': { available: true }, 'auth.apiTokens': { available: true } } });
    expect(await t.call('kestra.configs', { serverId: saved.id })).toMatchObject({ edition: 'EE', tenant: 'prod' });

    // A wrong token is a login failure (401), not a permission problem.
    const wrong = await t.fail('kestra.tenants', { input: input(sandbox.url), secret: 'not-a-token' });
    expect(wrong).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('works in the chosen tenant with a service-account token, and keeps tenants apart', async () => {
    const ns = randomNamespace('ee');
    const demo = await t.call('servers.create', { input: input(sandbox.url, { tenant: 'demo' }), secret: EE_TOKENS.admin });
    const prod = await t.call('servers.create', { input: input(sandbox.url, { tenant: 'prod' }), secret: EE_TOKENS.admin });
    await t.call('flows.create', { serverId: demo.id, source: flow(ns) });
    expect((await t.call('flows.search', { serverId: demo.id, namespace: ns })).results.map((f) => f.id)).toEqual(['hello']);
    expect((await t.call('flows.search', { serverId: prod.id, namespace: ns })).results).toEqual([]);
    await t.call('kv.put', { serverId: prod.id, namespace: ns, key: 'only_prod', type: 'STRING', value: 'p' });
    expect((await t.call('kv.list', { serverId: prod.id, namespace: ns })).map((e) => e.key)).toEqual(['only_prod']);
    expect(await t.call('kv.list', { serverId: demo.id, namespace: ns })).toEqual([]);
  });

  it('reads an RBAC 403 as a missing permission on the namespace and tenant, never as a login failure', async () => {
    const ns = randomNamespace('rbac');
    const reader = await t.call('servers.create', { input: input(sandbox.url, { name: 'Reader', tenant: 'demo' }), secret: EE_TOKENS.reader });
    expect((await t.call('flows.search', { serverId: reader.id })).results).toBeDefined();
    const create = await t.fail('flows.create', { serverId: reader.id, source: flow(ns) });
    expect(create).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(create.message).toBe('Your account lacks permission for creating the flow on tenant demo, Reader. Ask an administrator for the role that allows it.');
    expect(create.detail).toMatch(/permission|denied/i);
    const put = await t.fail('kv.put', { serverId: reader.id, namespace: ns, key: 'k', type: 'STRING', value: 'v' });
    expect(put).toMatchObject({ kind: 'forbidden', message: expect.stringContaining(`on namespace ${ns}, tenant demo, Reader`) });

    // A token with no grant on the tenant: signed in, so the server is up and the login works.
    const elsewhere = await t.call('servers.create', { input: input(sandbox.url, { name: 'Demo only', tenant: 'prod' }), secret: EE_TOKENS.demoOnly });
    expect(await t.fail('flows.search', { serverId: elsewhere.id })).toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/^Your account lacks permission for searching flows on tenant prod/) });
    const health = await t.call('servers.health', { serverId: elsewhere.id });
    expect(health).toMatchObject({ status: 'up', edition: 'EE', message: expect.stringMatching(/lacks permission/) });
    const report = await t.call('servers.testConnection', { serverId: elsewhere.id });
    expect(report.checks.find((c) => c.id === 'credentials')).toMatchObject({ status: 'warn' });
  });
});

describe('open-source servers: no tenant list, no API tokens', () => {
  let sandbox: TestSandbox;
  let t: TestCore;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ kestraVersion: '1.3', auth: { username: 'ops@kestra.example', password: 'Open-source-1' } });
    t = await startTestCore({ withSandbox: false });
  });
  afterAll(async () => {
    await t?.stop();
    await sandbox?.stop();
  });

  it('says so through the capability table instead of asking /api/v1/me', async () => {
    const list = await t.call('kestra.tenants', { input: input(sandbox.url, { authKind: 'none' }) });
    expect(list).toEqual({ listed: false, tenants: [], reason: 'Only Kestra Enterprise has this; this server runs the open-source edition.' });
  });

  it('explains a refused token on an open-source server: it takes basic auth only', async () => {
    const report = await t.call('servers.testConnection', { input: input(sandbox.url), secret: 'some-api-token' });
    expect(report.checks.find((c) => c.id === 'credentials')).toEqual({
      id: 'credentials',
      status: 'fail',
      message: 'The server refused the token: open-source Kestra takes no API tokens. Use basic auth (user name and password).',
    });
    const basic = await t.call('servers.testConnection', { input: input(sandbox.url, { authKind: 'basic', username: 'ops@kestra.example' }), secret: 'Open-source-1' });
    expect(basic.checks.find((c) => c.id === 'credentials')).toMatchObject({ status: 'pass' });
  });
});

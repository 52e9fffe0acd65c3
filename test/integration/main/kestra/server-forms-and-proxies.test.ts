// Server shapes the sandbox does not play (an Enterprise tenant, Kestra 2.x) and HTTP proxies
// from the environment, against scripted servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { startConnectProxy, type ConnectProxy } from '../../../fixtures/connect-proxy';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';

const input = (url: string, extra: Partial<ServerInput> = {}): ServerInput => ({
  name: `Server ${Math.random().toString(36).slice(2, 8)}`,
  url,
  authKind: 'bearer',
  color: '#445566',
  environment: 'production',
  policy: { confirmDestructive: true, readOnly: false },
  tls: {},
  ...extra,
});

describe('Enterprise tenants and Kestra 2.x', () => {
  let t: TestCore;
  let ee: ScriptedServer;
  let v2: ScriptedServer;
  beforeAll(async () => {
    t = await startTestCore({ withSandbox: false });
    ee = await startScriptedServer();
    ee.on('/api/v1/configs', (_req, res) => json(res, 200, { version: '1.3.0', edition: 'EE' }));
    ee.on('/api/v1/acme/flows/search', (req, res) => (req.headers.authorization === 'Bearer ee-token' ? json(res, 200, { results: [{ id: 'f', namespace: 'acme.ops', revision: 3, tenantId: 'acme' }], total: 1 }) : json(res, 401, {})));
    v2 = await startScriptedServer();
    v2.on('/api/v1/configs', (_req, res) => json(res, 200, { version: '2.0.1', edition: 'OSS' }));
    v2.on('/api/v1/main/executions/search', (_req, res) =>
      json(res, 200, { results: [{ id: 'e1', namespace: 'a', flowId: 'b', flowRevision: 1, state: { current: 'RUNNING', histories: [] } }], total: 1 }),
    );
    v2.on('/api/v1/main/flows', (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'https://kestra.io/docs/api-reference/problems/entity-already-exists', title: 'Entity already exists', status: 409, detail: 'Flow id already exists' }));
    });
  });
  afterAll(async () => {
    await ee?.close();
    await v2?.close();
    await t?.stop();
  });

  it('uses the tenant of the profile on an Enterprise server, and warns when none is set', async () => {
    const withTenant = await t.call('servers.create', { input: input(ee.url, { tenant: 'acme' }), secret: 'ee-token' });
    expect(await t.call('kestra.configs', { serverId: withTenant.id })).toMatchObject({ edition: 'EE', apiForm: 'tenant', tenant: 'acme' });
    const flows = await t.call('flows.search', { serverId: withTenant.id, namespace: 'acme' });
    expect(flows.results[0]).toMatchObject({ id: 'f', namespace: 'acme.ops', revision: 3 });
    expect(ee.requests.at(-1)!.url).toMatch(/^\/api\/v1\/acme\/flows\/search\?.*filters%5Bnamespace%5D%5BPREFIX%5D=acme/);

    const withoutTenant = await t.call('servers.create', { input: input(ee.url), secret: 'ee-token' });
    const report = await t.call('servers.testConnection', { serverId: withoutTenant.id });
    expect(report.checks.find((c) => c.id === 'api-form')).toMatchObject({ status: 'warn', message: expect.stringMatching(/tenant/) });
  });

  it('talks to Kestra 2.x: filters only, executions without task runs, problem+json errors', async () => {
    const { id } = await t.call('servers.create', { input: input(v2.url, { authKind: 'none' }) });
    expect((await t.call('kestra.configs', { serverId: id })).apiForm).toBe('v2');
    const found = await t.call('executions.search', { serverId: id, namespace: 'a', states: ['RUNNING'] });
    expect(found.results[0]!.taskRunList).toBeUndefined();
    const url = v2.requests.at(-1)!.url;
    expect(url).toContain('filters%5Bstate%5D%5BIN%5D=RUNNING');
    expect(url).not.toMatch(/[?&]namespace=/);
    expect(await t.fail('flows.create', { serverId: id, source: 'id: x\nnamespace: a\ntasks: []\n' })).toMatchObject({ kind: 'http', status: 409, detail: 'Flow id already exists' });
  });
});

describe('HTTP proxy from the environment', () => {
  let t: TestCore;
  let target: ScriptedServer;
  let proxy: ConnectProxy;
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
  beforeAll(async () => {
    target = await startScriptedServer();
    target.on('/api/v1/main/flows/search', (_req, res) => json(res, 200, { results: [], total: 0 }));
    proxy = await startConnectProxy();
  });
  afterEach(async () => {
    await t?.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterAll(async () => {
    await target?.close();
    await proxy?.close();
  });

  it('goes through HTTP_PROXY (with its own credentials), and never leaks them', async () => {
    process.env.HTTP_PROXY = proxy.url.replace('http://', 'http://proxyuser:Proxy-Secret-7@');
    delete process.env.http_proxy;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    t = await startTestCore({ withSandbox: true });
    const { id } = await t.call('servers.create', { input: input(target.url, { authKind: 'none' }) });
    const before = proxy.tunnels.length;
    expect(await t.call('flows.search', { serverId: id })).toEqual({ results: [], total: 0 });
    const used = proxy.tunnels.slice(before);
    expect(used.map((u) => u.target)).toContain(`127.0.0.1:${target.port}`);
    expect(used[0]!.proxyAuthorization).toBe(`Basic ${Buffer.from('proxyuser:Proxy-Secret-7').toString('base64')}`);
    // The built-in Local sandbox is on this machine: never through the proxy.
    const tunnelsBefore = proxy.tunnels.length;
    await t.call('kestra.configs', { serverId: 'local-sandbox' });
    expect(proxy.tunnels.length).toBe(tunnelsBefore);
    // A failure through the proxy does not print the proxy's password.
    const { id: gone } = await t.call('servers.create', { input: input('http://127.0.0.1:9', { authKind: 'none' }) });
    const error = await t.fail('kestra.configs', { serverId: gone });
    expect(JSON.stringify(error)).not.toContain('Proxy-Secret-7');
  });

  it('skips the proxy for hosts in NO_PROXY', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    t = await startTestCore({ withSandbox: false });
    const { id } = await t.call('servers.create', { input: input(target.url, { authKind: 'none' }) });
    const before = proxy.tunnels.length;
    await t.call('flows.search', { serverId: id });
    expect(proxy.tunnels.length).toBe(before);
  });
});

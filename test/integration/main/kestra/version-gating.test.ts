// Answers shaped like real servers' that the sandbox personas do not play, replayed by scripted
// servers: a future version, an answer the client cannot read, the documented 2.x outputs routes,
// and 0.x routes that mean something else. Every step passes or is cleanly gated: never a raw
// 404, never a wrong answer from a route that means something else on that version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';

const input = (url: string, name: string): ServerInput => ({
  name,
  url,
  authKind: 'none',
  color: '#445566',
  environment: 'development',
  policy: { confirmDestructive: false, readOnly: false },
  tls: {},
});

const paths = (server: ScriptedServer): string[] => server.requests.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`);

describe('versions and shapes the console must survive', () => {
  let t: TestCore;
  const servers: ScriptedServer[] = [];
  const scripted = async (configs: unknown): Promise<ScriptedServer> => {
    const server = await startScriptedServer();
    server.on('/api/v1/configs', (_req, res) => json(res, 200, configs));
    servers.push(server);
    return server;
  };
  beforeAll(async () => {
    t = await startTestCore({ withSandbox: false });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await t?.stop();
  });

  it('a future version: works with the newest behaviour it knows, and says so', async () => {
    const future = await scripted({ version: '3.1.0', edition: 'OSS' });
    future.on('/api/v1/main/flows/search', (_req, res) => json(res, 200, { results: [{ id: 'f', namespace: 'a', revision: 2 }], total: 1 }));
    future.on('/api/v1/main/executions/e1/actions/kill', (_req, res) => json(res, 200, { id: 'e1', namespace: 'a', flowId: 'f', state: { current: 'KILLING', histories: [] } }));
    const { id } = await t.call('servers.create', { input: input(future.url, 'Future') });
    const caps = await t.call('kestra.capabilities', { serverId: id });
    expect(caps).toMatchObject({ version: '3.1.0', basis: '2.0', warning: expect.stringMatching(/Kestra 3\.1\.0 is newer than this console knows/) });
    expect((await t.call('flows.search', { serverId: id, namespace: 'a' })).results[0]).toMatchObject({ id: 'f', revision: 2 });
    await t.call('executions.kill', { serverId: id, executionId: 'e1' });
    expect(paths(future)).toContain('DELETE /api/v1/main/executions/e1/actions/kill');
  });

  it('an answer it cannot read: one error naming the server, the version and the call; the rest keeps working', async () => {
    const odd = await scripted({ version: '1.3.4', edition: 'OSS' });
    odd.on('/api/v1/main/flows/search', (_req, res) => json(res, 200, { items: [], count: 0 }));
    odd.on('/api/v1/main/namespaces/team/kv', (_req, res) => json(res, 200, [{ key: 'a', namespace: 'team', version: 3 }]));
    const { id } = await t.call('servers.create', { input: input(odd.url, 'Odd proxy') });
    const error = await t.fail('flows.search', { serverId: id });
    expect(error.kind).toBe('http');
    expect(error.message).toBe('Odd proxy (Kestra 1.3.4) answered GET /api/v1/main/flows/search (searching flows) with data the console cannot read: expected a flow search page ({results, total}).');
    expect(await t.call('kv.list', { serverId: id, namespace: 'team' })).toEqual([{ namespace: 'team', key: 'a', revision: 3 }]);
  });

  it('no version at all: newest behaviour, with a warning; never a refusal', async () => {
    const bare = await scripted({ edition: 'OSS' });
    bare.on('/api/v1/main/flows/search', (_req, res) => json(res, 200, { results: [], total: 0 }));
    const { id } = await t.call('servers.create', { input: input(bare.url, 'Bare') });
    expect((await t.call('kestra.capabilities', { serverId: id })).warning).toMatch(/did not report its Kestra version/);
    expect(await t.call('flows.search', { serverId: id })).toEqual({ results: [], total: 0 });
  });

  it('0.x: KV inheritance and file history are refused before any request (the route would read a key named "inheritance")', async () => {
    const old = await scripted({ version: '0.24.3', edition: 'OSS' });
    // What a real 0.24 answers on that path: the get-one-key route.
    old.on('/api/v1/main/namespaces/team/kv/inheritance', (_req, res) => json(res, 200, { type: 'STRING', value: 'a real key named inheritance' }));
    old.on('/api/v1/main/namespaces/team/files/revisions', (_req, res) => json(res, 404, { message: 'Not Found' }));
    old.on('/api/v1/main/namespaces/team/kv', (_req, res) => json(res, 200, [{ key: 'inheritance', description: 'd' }]));
    old.on('/api/v1/main/executions/search', (_req, res) => json(res, 200, { results: [], total: 0 }));
    const { id } = await t.call('servers.create', { input: input(old.url, 'Old') });
    expect(await t.fail('kv.inherited', { serverId: id, namespace: 'team' })).toEqual({ kind: 'unsupported', message: 'Needs Kestra ≥ 1.0; this server runs 0.24.3.' });
    expect(await t.fail('files.revisions', { serverId: id, namespace: 'team', path: '/a.txt' })).toEqual({ kind: 'unsupported', message: 'Needs Kestra ≥ 1.2; this server runs 0.24.3.' });
    expect(await t.fail('kv.search', { serverId: id })).toMatchObject({ kind: 'unsupported' });
    expect(paths(old).filter((p) => p.includes('inheritance') || p.includes('revisions') || p.endsWith('/kv'))).toEqual([]);
    // Its KV list has no namespace on entries: the one asked for is filled in.
    expect(await t.call('kv.list', { serverId: id, namespace: 'team' })).toEqual([{ namespace: 'team', key: 'inheritance', description: 'd' }]);
    // 0.x reads the plain search parameters.
    await t.call('executions.search', { serverId: id, namespace: 'team', states: ['FAILED'] });
    expect(old.requests.at(-1)!.url).toMatch(/[?&]namespace=team&state=FAILED/);
  });

  it('2.x as documented (outputs at /outputs/{executionId}/{taskRunId}): falls back, then keeps the route that answered', async () => {
    const documented = await scripted({ version: '2.0.0', edition: 'EE' });
    documented.on('/api/v1/acme/outputs/tasks', (_req, res) => json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 }, { 'content-type': 'application/problem+json' }));
    documented.on('/api/v1/acme/outputs/e1', (req, res) => {
      if (req.url === '/api/v1/acme/outputs/e1') json(res, 200, [{ taskId: 'out', taskRunId: 'r1', inline: true }]);
      else json(res, 200, { value: 'hello', uri: 'kestra:///a/f/e1/out.csv' });
    });
    documented.on('/api/v1/acme/outputs/executions/e1', (_req, res) => json(res, 404, { title: 'Not Found', status: 404 }, { 'content-type': 'application/problem+json' }));
    documented.on('/api/v1/acme/executions/e1', (_req, res) =>
      json(res, 200, { id: 'e1', namespace: 'a', flowId: 'f', flowRevision: 1, outputs: { total: 3 }, state: { current: 'SUCCESS', histories: [] }, taskRunList: [{ id: 'r1', taskId: 'out', state: { current: 'SUCCESS' } }] }),
    );
    const server = await t.call('servers.create', { input: { ...input(documented.url, 'Documented 2.0'), authKind: 'bearer', tenant: 'acme' }, secret: 'tok' });
    expect(await t.call('executions.taskRunOutputs', { serverId: server.id, executionId: 'e1', taskRunId: 'r1' })).toEqual({ value: 'hello', uri: 'kestra:///a/f/e1/out.csv' });
    expect(await t.call('executions.taskRunOutputs', { serverId: server.id, executionId: 'e1', taskRunId: 'r1' })).toEqual({ value: 'hello', uri: 'kestra:///a/f/e1/out.csv' });
    const outputCalls = paths(documented).filter((p) => p.includes('/outputs/'));
    expect(outputCalls).toEqual(['GET /api/v1/acme/outputs/tasks/e1/r1', 'GET /api/v1/acme/outputs/e1/r1', 'GET /api/v1/acme/outputs/e1/r1']);
    expect(await t.call('executions.outputsIndex', { serverId: server.id, executionId: 'e1' })).toEqual(['r1']);
    // The snapshot still carried the flow's outputs in the execution.
    expect(await t.call('executions.flowOutputs', { serverId: server.id, executionId: 'e1' })).toEqual({ total: 3 });
    const got = await t.call('executions.get', { serverId: server.id, executionId: 'e1' });
    expect(got.taskRunList![0]).toMatchObject({ id: 'r1', executionId: 'e1', namespace: 'a', flowId: 'f', state: { current: 'SUCCESS', histories: [] } });
  });

  it('2.x problem details keep their title, detail and field errors', async () => {
    const v2 = await scripted({ version: '2.0.3', edition: 'OSS' });
    v2.on('/api/v1/main/flows/validate', (_req, res) => {
      res.writeHead(422, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'https://kestra.io/docs/api-reference/problems/validation-failed', title: 'Validation failed', status: 422, detail: 'The flow is invalid.', instance: '/api/v1/main/flows/validate', errors: [{ detail: 'must not be empty', path: 'tasks' }] }));
    });
    const { id } = await t.call('servers.create', { input: input(v2.url, 'V2') });
    expect(await t.fail('flows.validate', { serverId: id, source: 'id: x\nnamespace: a\ntasks: []\n' })).toMatchObject({
      kind: 'validation',
      status: 422,
      title: 'Validation failed',
      detail: 'The flow is invalid.',
      fieldErrors: [{ path: 'tasks', message: 'must not be empty' }],
    });
  });

  it('a health check waiting on a slow /configs does not hold up the calls made meanwhile', async () => {
    const slow = await scripted({ version: '1.3.4', edition: 'OSS' });
    slow.on('/api/v1/main/namespaces/team/kv', (_req, res) => json(res, 200, [{ key: 'a', namespace: 'team', version: 1 }]));
    const { id } = await t.call('servers.create', { input: input(slow.url, 'Slow configs') });
    // Detected once, at once.
    expect(await t.call('kestra.capabilities', { serverId: id })).toMatchObject({ version: '1.3.4' });
    // From now on /configs takes 1.5 s: the health check waits for it, a KV listing does not.
    let releaseConfigs!: () => void;
    const configsHeld = new Promise<void>((resolve) => (releaseConfigs = resolve));
    slow.on('/api/v1/configs', (_req, res) => void configsHeld.then(() => json(res, 200, { version: '1.3.4', edition: 'OSS' })));
    const timer = setTimeout(releaseConfigs, 1_500);
    try {
      let healthDone = false;
      const health = t.call('servers.health', { serverId: id }).then((value) => {
        healthDone = true;
        return value;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await t.call('kv.list', { serverId: id, namespace: 'team' })).toEqual([{ namespace: 'team', key: 'a', revision: 1 }]);
      expect(healthDone).toBe(false);
      releaseConfigs();
      expect(await health).toMatchObject({ status: 'up', version: '1.3.4' });
    } finally {
      clearTimeout(timer);
    }
  });
});

// How the client behaves when the server misbehaves: hung servers end in a timeout within the
// deadline; idempotent reads retry with backoff and honour Retry-After; a request that starts an
// execution is never sent twice; every odd answer becomes a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, TEST_OWNER, type TestCore } from '../../../fixtures/console-core';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';

const REQUEST_MS = 1_000;

describe('faults: timeouts, retries, odd answers', () => {
  let t: TestCore;
  let server: ScriptedServer;
  let serverId: string;

  beforeAll(async () => {
    t = await startTestCore({ withSandbox: false, tuning: { retry: { baseDelayMs: 20, maxDelayMs: 100 } } });
    server = await startScriptedServer();
    const input: ServerInput = {
      name: 'Faulty',
      url: server.url,
      authKind: 'basic',
      username: 'ops@example.com',
      color: '#990000',
      environment: 'production',
      policy: { confirmDestructive: true, readOnly: false },
      tls: {},
      timeouts: { connectMs: 1_000, requestMs: REQUEST_MS },
    };
    serverId = (await t.call('servers.create', { input, secret: 'Faulty-Secret-1' })).id;
    await t.call('kestra.configs', { serverId });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server?.close();
    await t?.stop();
  });

  const count = (prefix: string, method?: string) => server.requests.filter((r) => r.url.startsWith(prefix) && (!method || r.method === method)).length;

  it('a server that never answers ends in a timeout within the deadline', async () => {
    server.on('/api/v1/main/executions/hung', () => undefined);
    const started = performance.now();
    const error = await t.fail('executions.get', { serverId, executionId: 'hung' });
    const elapsed = performance.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer/);
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(elapsed).toBeLessThan(2 * REQUEST_MS + 1_000);
    expect(count('/api/v1/main/executions/hung')).toBe(1);
  });

  it('a server that stops in the middle of a body ends in a timeout too', async () => {
    server.on('/api/v1/main/executions/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id": "stall", ');
    });
    const started = performance.now();
    const error = await t.fail('executions.get', { serverId, executionId: 'stall' });
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2 * REQUEST_MS + 1_000);
  });

  it('retries a read after 503 with Retry-After, waiting as told', async () => {
    let calls = 0;
    server.on('/api/v1/main/executions/busy', (_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 503, { message: 'Service Unavailable' }, { 'retry-after': '1' });
      else json(res, 200, { id: 'busy', namespace: 'a', flowId: 'b', flowRevision: 1, state: { current: 'RUNNING', histories: [] } });
    });
    const started = performance.now();
    const execution = await t.call('executions.get', { serverId, executionId: 'busy' });
    expect(execution.id).toBe('busy');
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than it allows; reports it instead', async () => {
    server.on('/api/v1/main/executions/later', (_req, res) => json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '120' }));
    const error = await t.fail('executions.get', { serverId, executionId: 'later' });
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterSeconds: 120 });
    expect(count('/api/v1/main/executions/later')).toBe(1);
  });

  it('retries a read a bounded number of times on 502, then reports it', async () => {
    server.on('/api/v1/main/executions/gateway', (_req, res) => json(res, 502, { message: 'Bad Gateway' }));
    const error = await t.fail('executions.get', { serverId, executionId: 'gateway' });
    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(count('/api/v1/main/executions/gateway')).toBe(4);
  });

  it('retries a read after the connection is reset', async () => {
    let calls = 0;
    server.on('/api/v1/main/executions/reset', (req, res) => {
      calls += 1;
      if (calls === 1) req.socket.destroy();
      else json(res, 200, { id: 'reset', namespace: 'a', flowId: 'b', flowRevision: 1, state: { current: 'SUCCESS', histories: [] } });
    });
    expect((await t.call('executions.get', { serverId, executionId: 'reset' })).id).toBe('reset');
    expect(calls).toBe(2);
  });

  it('never sends an execution start twice, whatever goes wrong (200 fault-injected triggers)', async () => {
    let posts = 0;
    server.on('/api/v1/main/executions/company.team/hello', (req, res) => {
      posts += 1;
      const fault = posts % 4;
      if (fault === 0) json(res, 503, { message: 'Service Unavailable' }, { 'retry-after': '0' });
      else if (fault === 1) req.socket.destroy();
      else if (fault === 2) json(res, 502, { message: 'Bad Gateway' });
      else json(res, 200, { id: `e${posts}`, namespace: 'company.team', flowId: 'hello', flowRevision: 1, state: { current: 'CREATED', histories: [] } });
    });
    let calls = 0;
    let successes = 0;
    for (let i = 0; i < 200; i += 1) {
      calls += 1;
      const result = await t.core.table['executions.trigger']({ serverId, namespace: 'company.team', flowId: 'hello', inputs: { who: 'x' }, labels: [{ key: 'env', value: 'test' }] }, { signal: new AbortController().signal, owner: TEST_OWNER }).then(
        () => true,
        () => false,
      );
      if (result) successes += 1;
    }
    expect(posts).toBe(calls);
    expect(successes).toBe(50);
    expect(server.requests.find((r) => r.method === 'POST')!.url).toContain('labels=env%3Atest');
  });

  it('restart, replay and bulk replay are not retried either', async () => {
    server.on('/api/v1/main/executions/x1/restart', (_req, res) => json(res, 503, {}, { 'retry-after': '0' }));
    server.on('/api/v1/main/executions/x1/replay', (req) => req.socket.destroy());
    server.on('/api/v1/main/executions/replay/by-ids', (_req, res) => json(res, 502, {}));
    await t.fail('executions.restart', { serverId, executionId: 'x1' });
    await t.fail('executions.replay', { serverId, executionId: 'x1' });
    await t.fail('executions.bulk', { serverId, action: 'replay', executionIds: ['x1', 'x2'], confirmation: 'Faulty' });
    expect(count('/api/v1/main/executions/x1/restart', 'POST')).toBe(1);
    expect(count('/api/v1/main/executions/x1/replay', 'POST')).toBe(1);
    expect(count('/api/v1/main/executions/replay/by-ids', 'POST')).toBe(1);
  });

  it('turns a proxy login page, problem+json, an empty 401 and single-object errors into clear errors', async () => {
    server.on('/api/v1/main/executions/html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>Sign in - Corp SSO</title></head><body>login</body></html>');
    });
    const html = await t.fail('executions.get', { serverId, executionId: 'html' });
    expect(html.kind).toBe('auth');
    expect(html.message).toMatch(/Sign in - Corp SSO.*proxy/);

    server.on('/api/v1/main/executions/problem', (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'https://kestra.io/docs/api-reference/problems/conflict', title: 'Conflict', status: 409, detail: 'Execution is already finished', errors: [{ detail: 'bad', pointer: '/state' }] }));
    });
    expect(await t.fail('executions.get', { serverId, executionId: 'problem' })).toMatchObject({
      kind: 'http',
      status: 409,
      message: 'Conflict: Execution is already finished',
      fieldErrors: [{ path: '/state', message: 'bad' }],
    });

    server.on('/api/v1/main/executions/anon', (_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic' });
      res.end();
    });
    const anonymous = await t.fail('executions.get', { serverId, executionId: 'anon' });
    expect(anonymous).toMatchObject({ kind: 'auth', status: 401 });
    expect(anonymous.message).toMatch(/requires authentication/);

    server.on('/api/v1/main/executions/single', (_req, res) =>
      json(res, 422, { message: 'Invalid entity: labels: must not be empty', _embedded: { errors: { message: 'must not be empty', path: 'labels' } } }),
    );
    expect(await t.fail('executions.get', { serverId, executionId: 'single' })).toMatchObject({ kind: 'validation', fieldErrors: [{ path: 'labels', message: 'must not be empty' }] });

    server.on('/api/v1/main/executions/garbage', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "trunc');
    });
    expect((await t.fail('executions.get', { serverId, executionId: 'garbage' })).message).toMatch(/unreadable JSON/);

    server.on('/api/v1/main/executions/shape', (_req, res) => json(res, 200, ['not', 'an', 'execution']));
    expect((await t.fail('executions.get', { serverId, executionId: 'shape' })).message).toMatch(/unexpected shape/);
  });

  it('never echoes the secret, even when the server does', async () => {
    server.on('/api/v1/main/executions/echo', (req, res) => json(res, 400, { message: `Bad request with ${req.headers.authorization} and Faulty-Secret-1` }));
    const error = await t.fail('executions.get', { serverId, executionId: 'echo' });
    expect(JSON.stringify(error)).not.toContain('Faulty-Secret-1');
    expect(JSON.stringify(error)).not.toContain(Buffer.from('ops@example.com:Faulty-Secret-1').toString('base64'));
  });
});

import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { helloFlow, randomNamespace, readSse, request, yamlBody } from './helpers';

const USER = 'admin@kestra.io';
const PASSWORD = 'Admin1234';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('sandbox basic auth', () => {
  const sandbox = useSandbox({ auth: { username: USER, password: PASSWORD } });

  it('answers 401 with WWW-Authenticate: Basic and an empty body without credentials', async () => {
    for (const path of ['/api/v1/main/flows/search', '/api/v1/flows/search', '/api/v1/plugins/schemas/flow', '/api/v1/main/namespaces/x/kv/k']) {
      const res = await request(`${sandbox().url}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic');
      expect(res.text).toBe('');
    }
    const wrong = await request(`${sandbox().url}/api/v1/main/flows/search`, { headers: { Authorization: basic(USER, 'nope') } });
    expect(wrong.status).toBe(401);
    const fromLogin = await request(`${sandbox().url}/api/v1/main/flows/search`, { headers: { Referer: 'http://console/login' } });
    expect(fromLogin.headers.get('www-authenticate')).toBeNull();
  });

  it('keeps configs open and reports basic auth as initialised', async () => {
    const res = await request(`${sandbox().url}/api/v1/configs`);
    expect(res.status).toBe(200);
    expect(res.json().isBasicAuthInitialized).toBe(true);
    expect((await request(`${sandbox().url}/api/v1/basicAuthValidationErrors`)).json()).toEqual([]);
  });

  it('accepts the Authorization header and the BASIC_AUTH cookie (for EventSource)', async () => {
    const ns = randomNamespace();
    const created = await request(`${sandbox().url}/api/v1/main/flows`, { ...yamlBody(helloFlow(ns)), headers: { 'Content-Type': 'application/x-yaml', Authorization: basic(USER, PASSWORD) } });
    expect(created.status).toBe(200);
    const cookie = `BASIC_AUTH=${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const viaCookie = await request(`${sandbox().url}/api/v1/main/flows/${ns}/hello`, { headers: { Cookie: cookie } });
    expect(viaCookie.status).toBe(200);
    const execution = (await request(`${sandbox().url}/api/v1/main/executions/${ns}/hello?wait=true`, { method: 'POST', headers: { Authorization: basic(USER, PASSWORD) } })).json();
    const follow = await readSse(`${sandbox().url}/api/v1/main/executions/${execution.id}/follow`, () => false, { headers: { Cookie: cookie } });
    expect(follow.frames.map((f) => f.id)).toEqual(['start', 'end']);
  });
});

describe('sandbox bearer token auth (Enterprise API tokens)', () => {
  const sandbox = useSandbox({ auth: { bearerToken: 'kestra-test-token' } });

  it('requires the token on API calls', async () => {
    expect((await request(`${sandbox().url}/api/v1/main/flows/search`)).status).toBe(401);
    expect((await request(`${sandbox().url}/api/v1/main/flows/search`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await request(`${sandbox().url}/api/v1/main/flows/search`, { headers: { Authorization: 'Bearer kestra-test-token' } });
    expect(ok.status).toBe(200);
    const configs = (await request(`${sandbox().url}/api/v1/configs`)).json();
    expect(configs).toMatchObject({ edition: 'EE', isBasicAuthInitialized: false });
  });
});

describe('sandbox serving only the pre-0.23 paths (legacyOnly)', () => {
  const sandbox = useSandbox({ legacyOnly: true });

  it('reports a 0.22 version and serves /api/v1/flows… but not /api/v1/main/…', async () => {
    const configs = (await request(`${sandbox().url}/api/v1/configs`)).json();
    expect(configs.version).toMatch(/^0\.22\./);
    const ns = randomNamespace();
    expect((await request(`${sandbox().url}/api/v1/flows`, yamlBody(helloFlow(ns)))).status).toBe(200);
    expect((await request(`${sandbox().url}/api/v1/flows/${ns}/hello`)).json().id).toBe('hello');
    expect((await request(`${sandbox().url}/api/v1/flows/search?namespace=${ns}`)).json().total).toBe(1);
    expect((await request(`${sandbox().url}/api/v1/main/flows/search`)).status).toBe(404);
    expect((await request(`${sandbox().url}/api/v1/main/flows/${ns}/hello`)).status).toBe(404);
    const execution = await request(`${sandbox().url}/api/v1/executions/${ns}/hello?wait=true`, { method: 'POST' });
    expect(execution.json().state.current).toBe('SUCCESS');
    const kv = await request(`${sandbox().url}/api/v1/namespaces/${ns}/kv/k`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '1' });
    expect(kv.status).toBe(200);
  });
});

describe('sandbox path forms on a 1.x server', () => {
  const sandbox = useSandbox();

  it('serves both forms, keeps configs/plugins global, rejects other tenants, and 404s unknown paths', async () => {
    const ns = randomNamespace();
    await request(`${sandbox().url}/api/v1/main/flows`, yamlBody(helloFlow(ns)));
    expect((await request(`${sandbox().url}/api/v1/flows/${ns}/hello`)).status).toBe(200);
    expect((await request(`${sandbox().url}/api/v1/main/flows/${ns}/hello`)).status).toBe(200);
    expect((await request(`${sandbox().url}/api/v1/main/configs`)).status).toBe(404);
    expect((await request(`${sandbox().url}/api/v1/main/plugins/schemas/flow`)).status).toBe(404);
    const tenant = await request(`${sandbox().url}/api/v1/acme/executions/search`);
    expect(tenant.status).toBe(400);
    expect(tenant.json().message).toBe("Bad Request: Tenant must be 'main' for OSS version");
    const notFound = await request(`${sandbox().url}/api/v1/main/nothing`);
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toEqual({ message: 'Not Found', _links: { self: { href: '/api/v1/main/nothing', templated: false } } });
    const method = await request(`${sandbox().url}/api/v1/main/flows/search`, { method: 'DELETE' });
    expect(method.status).toBe(405);
    expect((await request(`${sandbox().url}/ping`)).status).toBe(200);
  });
});

describe('sandbox against web pages (no auth configured)', () => {
  const sandbox = useSandbox();

  function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${sandbox().url}${path}`, { method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses cross-origin browser requests and foreign Host names (DNS rebinding), serves its own origin', async () => {
    const ns = randomNamespace();
    await request(`${sandbox().url}/api/v1/main/flows`, yamlBody(helloFlow(ns)));
    expect(await raw(`/api/v1/main/executions/${ns}/hello`, { Origin: 'https://evil.example' }, 'POST')).toBe(403);
    expect(await raw('/api/v1/main/flows/search', { Origin: 'null' })).toBe(403);
    expect(await raw('/api/v1/main/flows/search', { Host: 'evil.example:80' })).toBe(403);
    expect(await raw('/api/v1/main/flows/search', { Origin: sandbox().url })).toBe(200);
    expect(await raw('/api/v1/main/flows/search', { Host: `localhost:${sandbox().port}` })).toBe(200);
    expect((await request(`${sandbox().url}/api/v1/main/executions/search?filters[namespace][EQUALS]=${ns}`)).json().total).toBe(0);
  });

  it('answers 413 to a flow body over the in-memory limit', async () => {
    const huge = `id: big\nnamespace: a\ndescription: "${'x'.repeat(17 * 1024 * 1024)}"\ntasks: []\n`;
    const res = await request(`${sandbox().url}/api/v1/main/flows`, yamlBody(huge));
    expect(res.status).toBe(413);
    expect(res.json().message).toMatch(/^Request Entity Too Large/);
  });
});

// Credentials go only to the server's exact origin: a redirect to another host, another port, or
// from https down to http is surfaced, never followed, for every redirect status; a same-origin
// redirect is followed with the credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';
import { makeTestCertificates, type TestCertificates } from '../../../fixtures/tls-certificates';

const PASSWORD = `Redirect-Canary-${Math.random().toString(36).slice(2)}`;
const TOKEN = `tok-${Math.random().toString(36).slice(2)}`;
const STATUSES = [301, 302, 303, 307, 308];

function serverInput(url: string, auth: 'basic' | 'bearer', tls: ServerInput['tls'] = {}): ServerInput {
  return {
    name: `Redirecting ${url} ${auth}`,
    url,
    authKind: auth,
    ...(auth === 'basic' ? { username: 'ops@example.com' } : {}),
    color: '#aa3300',
    environment: 'production',
    policy: { confirmDestructive: true, readOnly: false },
    tls,
  };
}

describe('redirects never carry credentials to another origin', () => {
  let t: TestCore;
  let certs: TestCertificates;
  let httpServer: ScriptedServer; // plain http "Kestra"
  let httpsServer: ScriptedServer; // https "Kestra" (pinned self-signed)
  let otherHost: ScriptedServer; // same IP, reached by another host name (localhost)
  let otherPort: ScriptedServer; // same host, another port
  const servers: Record<string, string> = {};

  beforeAll(async () => {
    certs = makeTestCertificates();
    t = await startTestCore({ withSandbox: false });
    httpServer = await startScriptedServer();
    httpsServer = await startScriptedServer({ tls: certs.selfSigned });
    otherHost = await startScriptedServer({ host: 'localhost' });
    otherPort = await startScriptedServer();
    for (const catcher of [otherHost, otherPort]) catcher.on('/', (_req, res) => json(res, 200, { results: [], total: 0 }));
    for (const auth of ['basic', 'bearer'] as const) {
      const secret = auth === 'basic' ? PASSWORD : TOKEN;
      servers[`http-${auth}`] = (await t.call('servers.create', { input: serverInput(httpServer.url, auth), secret })).id;
      servers[`https-${auth}`] = (await t.call('servers.create', { input: serverInput(httpsServer.url, auth, { pinnedSha256: certs.selfSigned.fingerprint256 }), secret })).id;
    }
  });
  afterAll(async () => {
    await Promise.all([httpServer, httpsServer, otherHost, otherPort].map((s) => s?.close()));
    await t?.stop();
    certs?.remove();
  });

  const targets = [
    { name: 'another host', from: 'http', target: () => otherHost },
    { name: 'another port', from: 'http', target: () => otherPort },
    { name: 'https to http', from: 'https', target: () => otherPort },
  ] as const;

  for (const auth of ['basic', 'bearer'] as const) {
    for (const { name, from, target } of targets) {
      it.each(STATUSES)(`${auth}: %i to ${name} is surfaced, not followed`, async (status) => {
        const source = from === 'http' ? httpServer : httpsServer;
        const catcher = target();
        const seenBefore = catcher.requests.length;
        source.on('/api/v1/main/flows', (req, res) => {
          res.writeHead(status, { location: `${catcher.origin.replace('://', '://intruder:pw@')}${req.url}` });
          res.end();
        });
        const read = await t.fail('flows.search', { serverId: servers[`${from}-${auth}`]! });
        expect(read).toMatchObject({ kind: 'redirect', status });
        expect(read.location).toBe(`${catcher.origin}/api/v1/main/flows/search`);
        expect(read.message).toContain(source.origin);
        // A write (POST) is not re-sent either, whatever the status says about methods.
        const write = await t.fail('flows.create', { serverId: servers[`${from}-${auth}`]!, source: 'id: x\nnamespace: y\ntasks: []\n' });
        expect(write.kind).toBe('redirect');
        expect(catcher.requests.length).toBe(seenBefore);
        const leaked = [read, write].map((e) => JSON.stringify(e)).join('');
        expect(leaked).not.toContain(PASSWORD);
        expect(leaked).not.toContain(TOKEN);
        expect(leaked).not.toContain('intruder');
      });
    }
  }

  it.each([301, 302, 307, 308])('follows a same-origin %i with the credentials', async (status) => {
    httpServer.on('/api/v1/main/flows', (_req, res) => {
      res.writeHead(status, { location: '/moved/flows/search?page=1' });
      res.end();
    });
    httpServer.on('/moved/', (req, res) => {
      if (req.headers.authorization === `Bearer ${TOKEN}`) json(res, 200, { results: [], total: 0 });
      else json(res, 401, {});
    });
    const result = await t.call('flows.search', { serverId: servers['http-bearer']! });
    expect(result).toEqual({ results: [], total: 0 });
    const last = httpServer.requests.at(-1)!;
    expect(last.url).toBe('/moved/flows/search?page=1');
    expect(last.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends the credentials to its own origin only (the catchers never saw any)', () => {
    for (const catcher of [otherHost, otherPort]) {
      for (const request of catcher.requests) {
        expect(request.headers.authorization).toBeUndefined();
        expect(request.headers.cookie).toBeUndefined();
        expect(request.headers['proxy-authorization']).toBeUndefined();
      }
    }
    expect(httpServer.requests.some((r) => r.headers.authorization?.startsWith('Basic '))).toBe(true);
  });
});

// A server that echoes the credentials back in its errors (upper-cased, lower-cased, base64'd,
// URL-encoded, as the header it received) gets none of them into what the renderer receives,
// through the Electron IPC double and the web host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import type { Result } from '../../../../main/contract/result';
import { startWebHost, type RunningWebHost } from '../../../../main/ipc/web-host';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { electronWindows } from '../../../fixtures/fake-electron-ipc';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';
import { makeTempDir } from '../../../fixtures/temp-dir';
import { webRpc } from '../../../fixtures/web-host';

const USER = 'echo@kestra.example';
const PASSWORD = `Echo-${Math.random().toString(36).slice(2, 10)}-pw`;
const HEADER_TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
// Every way the password can be recognised in text, compared case-insensitively.
const FORMS = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), HEADER_TOKEN, encodeURIComponent(PASSWORD)].map((f) => f.toLowerCase());

describe('credentials echoed by a server never reach the renderer', () => {
  let echo: ScriptedServer;
  let t: TestCore;
  let host: RunningWebHost;
  let serverId: string;
  const statics = makeTempDir('redaction-static');
  const transports: Record<string, (method: string, params: Record<string, unknown>) => Promise<Result<unknown>>> = {};

  beforeAll(async () => {
    echo = await startScriptedServer();
    // Every flow call fails with a text full of what the server received, re-cased and re-encoded.
    echo.on('/api/v1/main/flows', (req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const decoded = Buffer.from(auth.replace(/^Basic /i, ''), 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      json(res, 400, {
        message: `Invalid credentials ${password.toUpperCase()} (${auth.toLowerCase()}); try ${encodeURIComponent(password).toLowerCase()}`,
        _embedded: { errors: [{ message: `echo ${Buffer.from(password).toString('base64')} ${password.toLowerCase()}`, path: password }] },
      });
    });
    echo.on('/api/v1/main/namespaces', (req, res) => {
      res.writeHead(302, { location: `${echo.url.replace('127.0.0.1', 'localhost')}/login?user=${USER}&password=${encodeURIComponent(PASSWORD).toUpperCase()}` });
      res.end();
    });
    t = await startTestCore({ withSandbox: false });
    const input: ServerInput = { name: 'Echo', url: echo.url, authKind: 'basic', username: USER, color: '#333333', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    serverId = (await t.call('servers.create', { input, secret: PASSWORD })).id;

    const bridge = electronWindows(t.core).window(2);
    transports.electron = (method, params) => (bridge.methods as unknown as Record<string, (p: unknown) => Promise<Result<unknown>>>)[method]!(params);
    host = await startWebHost({ services: t.core.web, staticDir: statics.path });
    transports.web = (method, params) => webRpc(host, method, params);
  });
  afterAll(async () => {
    await host?.close();
    await t?.stop();
    await echo?.close();
    statics.remove();
  });

  it.each(['electron', 'web'])('over the %s transport', async (name) => {
    const calls: [string, Record<string, unknown>][] = [
      ['flows.search', { serverId }],
      ['flows.get', { serverId, namespace: 'company.team', id: 'x' }],
      ['flows.validate', { serverId, source: 'id: x' }],
      ['namespaces.list', { serverId }],
      ['servers.testConnection', { serverId }],
    ];
    for (const [method, params] of calls) {
      const result = await transports[name]!(method, params);
      // A connection test answers a report (its checks carry the server's words); the rest fail.
      if (method !== 'servers.testConnection') expect(result.ok, method).toBe(false);
      const text = JSON.stringify(result).toLowerCase();
      for (const form of FORMS) expect(text, `${method} leaked ${form}`).not.toContain(form);
    }
    // The echoing server did receive the credentials (so there was something to leak).
    expect(echo.requests.some((r) => r.headers.authorization === `Basic ${HEADER_TOKEN}`)).toBe(true);
  });
});

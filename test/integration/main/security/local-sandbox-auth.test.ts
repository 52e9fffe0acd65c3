// The embedded Local sandbox is authenticated: a random bearer token per launch, known to main and
// the sandbox process only (handed over in the start message, never on the command line). Another
// local user or process that finds its port cannot create a flow and run a shell command on it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchSandboxInChildProcess } from '../../../../main/app/sandbox-child';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { randomNamespace } from '../../../fixtures/temp-dir';

const SHELL_FLOW = (namespace: string): string => `id: pwn
namespace: ${namespace}
tasks:
  - id: run
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - touch /tmp/kestra-console-pwned
`;

/** Command lines of every process whose command line mentions `needle`. */
function commandLines(needle: string): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\u0000').join(' ');
      if (line.includes(needle)) lines.push(line);
    } catch {
      // gone
    }
  }
  return lines;
}

describe.each([
  ['in this process (test core)', false],
  ['in a child process (web mode)', true],
])('Local sandbox authentication, %s', (_name, child) => {
  let t: TestCore;
  let url: string;

  beforeAll(async () => {
    t = await startTestCore(child ? { launchLocalSandbox: launchSandboxInChildProcess } : {});
    // The client of the Local sandbox waits for it to run.
    await t.call('kestra.configs', { serverId: 'local-sandbox' });
    url = (await t.call('app.status', {})).localSandbox.url!;
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses another local user without the token: no flow created, nothing read', async () => {
    const namespace = randomNamespace('intruder');
    const created = await fetch(`${url}/api/v1/main/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: SHELL_FLOW(namespace) });
    expect(created.status).toBe(401);
    const guessed = await fetch(`${url}/api/v1/main/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml', authorization: 'Bearer guess' }, body: SHELL_FLOW(namespace) });
    expect(guessed.status).toBe(401);
    for (const path of ['/api/v1/main/flows/search', '/api/v1/configs', '/api/v1/main/namespaces/x/kv', '/api/v1/flows/search']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(401);
    }
    // The console itself (main, with the token) works, and sees no intruder's flow.
    expect((await t.call('flows.search', { serverId: 'local-sandbox', namespace })).results).toEqual([]);
    await t.call('kv.put', { serverId: 'local-sandbox', namespace, key: 'k', type: 'STRING', value: 'mine' });
    expect(await t.call('kv.get', { serverId: 'local-sandbox', namespace, key: 'k' })).toMatchObject({ value: 'mine' });
  });

  it('never hands its token to the renderer, nor writes it to the app data folder', async () => {
    const token = (t.core.clients as unknown as { sandbox: { accessToken: string } }).sandbox.accessToken;
    const seen: unknown[] = [];
    const namespace = randomNamespace('token');
    seen.push(await t.call('servers.list', {}));
    seen.push(await t.call('app.status', {}));
    seen.push(await t.call('servers.testConnection', { serverId: 'local-sandbox' }));
    seen.push(await t.call('servers.health', { serverId: 'local-sandbox' }));
    seen.push(await t.call('servers.export', {}));
    seen.push(await t.fail('flows.get', { serverId: 'local-sandbox', namespace, id: 'missing' }));
    seen.push(await t.fail('kv.get', { serverId: 'local-sandbox', namespace, key: 'missing' }));
    seen.push(await t.fail('flows.create', { serverId: 'local-sandbox', source: 'id: [' }));
    const text = JSON.stringify(seen);
    for (const form of [token, Buffer.from(token).toString('base64')]) expect(text).not.toContain(form);
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    for (const file of walk(t.appDataDir)) if (statSync(file).size < 50 * 1024 * 1024) expect(readFileSync(file).includes(token), file).toBe(false);
  });

  it('never shows its token on a command line', async () => {
    const token = (t.core.clients as unknown as { sandbox: { accessToken: string } }).sandbox.accessToken;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(commandLines(token)).toEqual([]);
    if (child) expect(commandLines('sandbox-child-entry').length).toBeGreaterThan(0);
  });
});

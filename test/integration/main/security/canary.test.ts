// A unique password used through a whole session over the web transport (add the server, test it,
// browse, run a flow and read its logs, upload and download a file, hit errors, export, restart)
// appears nowhere: not in the app-data folder, not in what the console printed, not in any answer
// the renderer received (results, errors, stream events), not in the temp staging files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayKeyring, type ThrowawayKeyring } from '../../../fixtures/keyring';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { startWebMain, type WebMainProcess } from '../../../fixtures/web-main-process';

const USER = 'canary@kestra.example';
const CANARY = `Cnry${Math.random().toString(36).slice(2, 10)}X${Date.now().toString(36)}9`;
const FORMS = [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(`${USER}:${CANARY}`).toString('base64'), encodeURIComponent(CANARY)];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function containsCanary(text: string | Buffer): string | undefined {
  const haystack = Buffer.isBuffer(text) ? text.toString('latin1') : text;
  return FORMS.find((form) => haystack.includes(form));
}

describe('canary password through a whole session', () => {
  let keyring: ThrowawayKeyring;
  let remote: TestSandbox;
  let web: WebMainProcess;
  const appData = makeTempDir('canary-app-data');
  const seen: string[] = []; // every byte the renderer side received

  const rpc = async <T = unknown>(method: string, params: unknown): Promise<{ ok: boolean; data?: T; error?: { kind: string; message: string } }> => {
    const response = await web.post(`/rpc/${method}`, { params, requestId: `${method}-${seen.length}` });
    const text = await response.text();
    seen.push(text);
    return JSON.parse(text);
  };
  const stream = async (name: string, params: unknown, until: (text: string) => boolean): Promise<string> => {
    const controller = new AbortController();
    const response = await web.post(`/stream/${name}`, { params }, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
      if (until(text)) {
        controller.abort();
        break;
      }
    }
    seen.push(text);
    return text;
  };

  beforeAll(async () => {
    keyring = await startThrowawayKeyring();
    remote = await startTestSandbox({ auth: { username: USER, password: CANARY } });
    web = await startWebMain({ appDataDir: appData.path, env: { ...keyring.env }, args: ['--no-local-sandbox'] });
  });
  afterAll(async () => {
    await web?.stop();
    await remote?.stop();
    await keyring?.stop();
    appData.remove();
  });

  it('leaves no trace of the password anywhere', async () => {
    const status = await rpc<{ vault: { kind: string } }>('app.status', {});
    expect(status.data!.vault.kind).toBe('keychain');

    const input = { name: 'Remote', url: remote.url, authKind: 'basic', username: USER, color: '#123456', environment: 'production', policy: { confirmDestructive: true, readOnly: false }, tls: {} };
    const created = await rpc<{ id: string; hasCredentials: boolean }>('servers.create', { input, secret: CANARY });
    expect(created.data!.hasCredentials).toBe(true);
    const serverId = created.data!.id;
    await rpc('servers.list', {});
    const tested = await rpc<{ checks: { id: string; status: string }[] }>('servers.testConnection', { serverId });
    expect(tested.data!.checks.find((c) => c.id === 'credentials')!.status).toBe('pass');
    await rpc('servers.testConnection', { input, secret: CANARY });
    await rpc('servers.health', { serverId });
    await rpc('kestra.configs', { serverId });
    await rpc('kestra.flowSchema', { serverId });

    const ns = randomNamespace('canary');
    const source = `id: hello\nnamespace: ${ns}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "hello from the canary flow"\n`;
    expect((await rpc('flows.create', { serverId, source })).ok).toBe(true);
    await rpc('namespaces.list', { serverId });
    await rpc('flows.search', { serverId, namespace: ns });
    await rpc('flows.get', { serverId, namespace: ns, id: 'hello' });
    const execution = await rpc<{ id: string }>('executions.trigger', { serverId, namespace: ns, flowId: 'hello' });
    const executionId = execution.data!.id;
    await stream('executions.follow', { serverId, executionId }, (text) => text.includes('event: end'));
    await rpc('logs.list', { serverId, executionId });
    await stream('logs.follow', { serverId, executionId }, (text) => text.includes('hello from the canary flow'));

    const body = Buffer.from('col\n1\n');
    const upload = await web.post(`/upload?params=${encodeURIComponent(JSON.stringify({ serverId, namespace: ns, path: '/in.csv', name: 'in.csv' }))}`, body, { headers: { 'content-type': 'application/octet-stream' } });
    const uploadText = await upload.text();
    seen.push(uploadText);
    expect(JSON.parse(uploadText)).toMatchObject({ ok: true });
    const staged = await web.post('/stage?name=x.bin', Buffer.from('staged'), { headers: { 'content-type': 'application/octet-stream' } });
    seen.push(await staged.text());
    await rpc('files.list', { serverId, namespace: ns });
    for (const [method, params] of [
      ['files.download', { serverId, namespace: ns, path: '/in.csv' }],
      ['logs.download', { serverId, executionId }],
    ] as const) {
      const ticket = JSON.parse(await (await web.post('/download/prepare', { method, params, suggestedName: 'x' })).text()) as { data: { ticket: string } };
      const file = await fetch(`${web.origin}/download/${ticket.data.ticket}`);
      seen.push(await file.text());
      seen.push(await (await web.post(`/download/wait/${ticket.data.ticket}`, {})).text());
    }

    // Errors: a wrong password, a wrong server, hostile input; then the right password again.
    await rpc('servers.setSecret', { serverId, secret: `${CANARY}-wrong` });
    const denied = await rpc('flows.search', { serverId });
    expect(denied.error!.kind).toBe('auth');
    await rpc('servers.setSecret', { serverId, secret: CANARY });
    await rpc('flows.get', { serverId, namespace: '../x', id: 'y' });
    await rpc('executions.get', { serverId, executionId: 'does-not-exist' });
    await rpc('servers.export', {});
    const again = await rpc<{ results: unknown[] }>('flows.search', { serverId, namespace: ns });
    expect(again.ok).toBe(true);

    // A restart on the same app-data: credentials come back from the keychain, not from a file.
    const firstOutput = web.output();
    expect(await web.stop()).toBe(0);
    web = await startWebMain({ appDataDir: appData.path, env: { ...keyring.env }, args: ['--no-local-sandbox'] });
    const afterRestart = await rpc<{ id: string; hasCredentials: boolean }[]>('servers.list', {});
    expect(afterRestart.data!.find((s) => s.id === serverId)!.hasCredentials).toBe(true);
    expect((await rpc('flows.get', { serverId, namespace: ns, id: 'hello' })).ok).toBe(true);
    const output = firstOutput + web.output();
    expect(await web.stop()).toBe(0);

    // Now look everywhere.
    const leaks: string[] = [];
    for (const file of filesUnder(appData.path)) {
      if (statSync(file).size > 50 * 1024 * 1024) continue;
      if (containsCanary(readFileSync(file))) leaks.push(`app-data: ${path.relative(appData.path, file)}`);
    }
    seen.forEach((text, i) => {
      if (containsCanary(text)) leaks.push(`renderer-bound answer #${i}: ${text.slice(0, 200)}`);
    });
    if (containsCanary(output)) leaks.push('console output');
    expect(leaks).toEqual([]);
    // The session really did happen (and was seen).
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.join('\n')).toContain('hello from the canary flow');
    expect(filesUnder(appData.path).some((f) => f.endsWith('servers.json'))).toBe(true);
  });
});

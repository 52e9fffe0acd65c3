import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { LOCAL_SANDBOX_SERVER_ID } from '../../../../main/app/console-core';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';

const secret = `Canary-${Math.random().toString(36).slice(2)}-Pw1`;
const input = (overrides: Partial<ServerInput> = {}): ServerInput => ({
  name: 'Staging',
  url: 'https://staging.kestra.example',
  authKind: 'basic',
  username: 'ops@example.com',
  color: '#22aa55',
  environment: 'staging',
  policy: { confirmDestructive: false, readOnly: false },
  tls: {},
  ...overrides,
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('servers.* and app.* handlers', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startTestCore();
    // The Local sandbox starts in the background (its engine thread takes a moment): wait for it.
    const deadline = Date.now() + 30_000;
    while ((await t.call('app.status', {})).localSandbox.state === 'starting' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists the Local sandbox first; it cannot be edited, deleted or given credentials', async () => {
    const list = await t.call('servers.list', {});
    expect(list[0]).toMatchObject({ id: LOCAL_SANDBOX_SERVER_ID, name: 'Local sandbox', builtIn: true, hasCredentials: false });
    expect(list[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await t.fail('servers.delete', { serverId: LOCAL_SANDBOX_SERVER_ID })).message).toMatch(/built in/);
    expect((await t.fail('servers.update', { serverId: LOCAL_SANDBOX_SERVER_ID, input: { name: 'x' } })).kind).toBe('validation');
    expect((await t.fail('servers.setSecret', { serverId: LOCAL_SANDBOX_SERVER_ID, secret: 'x' })).kind).toBe('validation');
    expect((await t.fail('servers.create', { input: input({ name: 'local SANDBOX' }) })).message).toMatch(/already exists/);
  });

  it('reports the vault and the sandbox in app.status', async () => {
    const status = await t.call('app.status', {});
    expect(status.localSandbox.state).toBe('running');
    expect(status.vault).toMatchObject({ kind: 'memory', persistent: false });
    expect(status.vault.reason).toMatch(/memory for this session/);
    expect(await t.call('app.info', {})).toMatchObject({ version: '0.0.0-test', mode: 'web' });
    expect((await t.fail('app.openExternal', { url: 'https://kestra.io' })).kind).toBe('validation');
    expect((await t.fail('app.openExternal', { url: 'file:///etc/passwd' })).message).toMatch(/https/);
  });

  it('creates a server with a write-only secret: only hasCredentials comes back, nothing reaches disk', async () => {
    const created = await t.call('servers.create', { input: input(), secret });
    expect(created).toMatchObject({ name: 'Staging', builtIn: false, hasCredentials: true, authKind: 'basic' });
    expect(JSON.stringify(created)).not.toContain(secret);
    const listed = await t.call('servers.list', {});
    expect(JSON.stringify(listed)).not.toContain(secret);
    for (const file of allFiles(t.appDataDir)) expect(readFileSync(file).includes(secret)).toBe(false);

    const cleared = await t.call('servers.clearSecret', { serverId: created.id });
    expect(cleared.hasCredentials).toBe(false);
    const again = await t.call('servers.setSecret', { serverId: created.id, secret });
    expect(again.hasCredentials).toBe(true);
    expect((await t.fail('servers.setSecret', { serverId: created.id, secret: 'two\nlines' })).message).toMatch(/line breaks/);

    // Switching to no authentication forgets the secret.
    const none = await t.call('servers.update', { serverId: created.id, input: { authKind: 'none' } });
    expect(none.hasCredentials).toBe(false);
    expect((await t.fail('servers.setSecret', { serverId: created.id, secret })).message).toMatch(/no authentication/);
    await t.call('servers.delete', { serverId: created.id });
    expect((await t.call('servers.list', {})).map((s) => s.id)).not.toContain(created.id);
  });

  it('forgets the secret when the server moves to another origin, keeps it for a path change', async () => {
    const created = await t.call('servers.create', { input: input({ name: 'Movable', url: 'https://kestra.example' }), secret });
    const samePlace = await t.call('servers.update', { serverId: created.id, input: { url: 'https://kestra.example/kestra', color: '#000000' } });
    expect(samePlace.hasCredentials).toBe(true);
    const moved = await t.call('servers.update', { serverId: created.id, input: { url: 'https://elsewhere.example' } });
    expect(moved.hasCredentials).toBe(false);
    expect(await t.core.clients.get(created.id).then((c) => c.transport.http.origin)).toBe('https://elsewhere.example');
    await t.call('servers.delete', { serverId: created.id });
  });

  it('reorders, exports and imports without secrets', async () => {
    const a = await t.call('servers.create', { input: input({ name: 'A' }), secret });
    const b = await t.call('servers.create', { input: input({ name: 'B', authKind: 'bearer', username: undefined }), secret: 'token-abc' });
    const ordered = await t.call('servers.reorder', { serverIds: [b.id, a.id] });
    expect(ordered.map((s) => s.name)).toEqual(['Local sandbox', 'B', 'A']);
    const { json } = await t.call('servers.export', { serverIds: [a.id, b.id] });
    expect(json).not.toContain(secret);
    expect(json).not.toContain('token-abc');
    await t.call('servers.delete', { serverId: a.id });
    const imported = await t.call('servers.import', { json });
    expect(imported.added.map((s) => s.name)).toEqual(['A']);
    expect(imported.added[0]!.hasCredentials).toBe(false);
    expect(imported.skipped).toEqual([expect.stringMatching(/^B:/)]);
  });

  it('tests the connection of the Local sandbox and reports its health', async () => {
    const report = await t.call('servers.testConnection', { serverId: LOCAL_SANDBOX_SERVER_ID });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({ reachability: 'pass', version: 'pass', 'api-form': 'pass' });
    expect(report.configs).toMatchObject({ apiForm: 'tenant', edition: 'OSS', tenant: 'main' });
    const health = await t.call('servers.health', { serverId: LOCAL_SANDBOX_SERVER_ID });
    expect(health).toMatchObject({ status: 'up', serverId: LOCAL_SANDBOX_SERVER_ID });
    expect(health.version).toMatch(/^1\./);
  });

  it('tests a draft that points nowhere: a clear reachability failure, nothing saved', async () => {
    const before = (await t.call('servers.list', {})).length;
    const report = await t.call('servers.testConnection', { input: input({ url: 'http://127.0.0.1:9', authKind: 'none', username: undefined }) });
    expect(report.checks.find((c) => c.id === 'reachability')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((c) => c.id === 'reachability')!.message).toMatch(/refused/);
    expect((await t.call('servers.list', {})).length).toBe(before);
  });
});

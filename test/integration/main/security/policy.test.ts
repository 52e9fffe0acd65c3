// Main judges every call against the method policy table and the server's safety policy, whichever
// transport carried it (the Electron IPC double with the real preload, the real web host over HTTP):
// a read-only server gets no write, a confirming server no destructive call without its typed name,
// and the policy itself cannot be switched off without that name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import { METHOD_POLICY } from '../../../../main/contract/method-policy';
import type { ServerInput } from '../../../../main/contract/methods';
import type { Result } from '../../../../main/contract/result';
import { startWebHost, type RunningWebHost } from '../../../../main/ipc/web-host';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { electronWindows } from '../../../fixtures/fake-electron-ipc';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { webRpc } from '../../../fixtures/web-host';

type Invoke = (method: string, params: Record<string, unknown>) => Promise<Result<unknown>>;

const input = (name: string, url: string, policy: ServerInput['policy']): ServerInput => ({ name, url, authKind: 'none', color: '#123456', environment: 'production', policy, tls: {} });

describe('policy enforced in main, through both transports', () => {
  let remote: TestSandbox;
  let t: TestCore;
  let host: RunningWebHost;
  let bridge: ConsoleBridge;
  const statics = makeTempDir('policy-static');
  const ids: Record<'open' | 'readOnly' | 'careful', string> = { open: '', readOnly: '', careful: '' };
  const transports: Record<string, Invoke> = {};

  beforeAll(async () => {
    remote = await startTestSandbox();
    t = await startTestCore({ withSandbox: false });
    ids.open = (await t.call('servers.create', { input: input('Open', remote.url, { readOnly: false, confirmDestructive: false }) })).id;
    ids.readOnly = (await t.call('servers.create', { input: input('Prod RO', remote.url, { readOnly: true, confirmDestructive: false }) })).id;
    ids.careful = (await t.call('servers.create', { input: input('Prod EU', remote.url, { readOnly: false, confirmDestructive: true }) })).id;

    bridge = electronWindows(t.core).window(3);
    transports.electron = (method, params) => (bridge.methods as unknown as Record<string, (p: unknown) => Promise<Result<unknown>>>)[method]!(params);
    host = await startWebHost({ services: t.core.web, staticDir: statics.path });
    transports.web = (method, params) => webRpc(host, method, params);
  });
  afterAll(async () => {
    await host?.close();
    await t?.stop();
    await remote?.stop();
    statics.remove();
  });

  it('declares every contract method once, as read, write or destructive', () => {
    for (const [method, policy] of Object.entries(METHOD_POLICY)) {
      expect(['read', 'write', 'destructive'], method).toContain(policy.access);
      expect(['server', 'console'], method).toContain(policy.scope);
    }
    expect(METHOD_POLICY['kv.put']).toEqual({ access: 'write', scope: 'server' });
    expect(METHOD_POLICY['files.delete']).toEqual({ access: 'destructive', scope: 'server' });
  });

  describe.each(['electron', 'web'])('over the %s transport', (name) => {
    const call = (method: string, params: Record<string, unknown>) => transports[name]!(method, params);

    it('refuses every write to a read-only server, and nothing reaches the server', async () => {
      const namespace = randomNamespace('ro');
      const writes: [string, Record<string, unknown>][] = [
        ['kv.put', { namespace, key: 'k', type: 'STRING', value: 'v' }],
        ['flows.create', { source: `id: f\nnamespace: ${namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n` }],
        ['files.writeText', { namespace, path: '/a.txt', text: 'a' }],
        ['files.mkdir', { namespace, path: '/d' }],
        ['executions.trigger', { namespace, flowId: 'f' }],
        ['kv.delete', { namespace, key: 'k' }],
        ['files.delete', { namespace, path: '/a.txt', confirmation: 'Prod RO' }],
      ];
      for (const [method, params] of writes) {
        const result = await call(method, { serverId: ids.readOnly, ...params });
        expect(result, method).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/read-only/) } });
      }
      // Reads still work, and show that nothing was written.
      expect(await call('kv.list', { serverId: ids.readOnly, namespace })).toEqual({ ok: true, data: [] });
      expect(await call('namespaces.list', { serverId: ids.open })).toMatchObject({ ok: true });
      expect(((await call('namespaces.list', { serverId: ids.open })) as { data: string[] }).data).not.toContain(namespace);
    });

    it('refuses a destructive call on a confirming server without its typed name', async () => {
      const namespace = randomNamespace('careful');
      expect(await call('kv.put', { serverId: ids.careful, namespace, key: 'k', type: 'STRING', value: 'v' })).toEqual({ ok: true, data: null });
      for (const confirmation of [undefined, '', 'prod eu', 'Prod', 'Open', 42]) {
        const result = await call('kv.delete', { serverId: ids.careful, namespace, key: 'k', ...(confirmation !== undefined ? { confirmation } : {}) });
        expect(result, String(confirmation)).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/confirm/) } });
      }
      expect(await call('kv.get', { serverId: ids.careful, namespace, key: 'k' })).toMatchObject({ ok: true, data: { value: 'v' } });
      expect(await call('kv.delete', { serverId: ids.careful, namespace, key: 'k', confirmation: 'Prod EU' })).toEqual({ ok: true, data: { deleted: true } });
      // The same call on a server that does not ask needs nothing.
      await call('kv.put', { serverId: ids.open, namespace, key: 'k2', type: 'STRING', value: 'v' });
      expect(await call('kv.delete', { serverId: ids.open, namespace, key: 'k2' })).toEqual({ ok: true, data: { deleted: true } });
    });

    it('does not let the safety policy be switched off without the typed name', async () => {
      const relax = await call('servers.update', { serverId: ids.readOnly, input: { policy: { readOnly: false, confirmDestructive: false } } });
      expect(relax).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/safety policy/) } });
      const relaxConfirm = await call('servers.update', { serverId: ids.careful, input: { policy: { readOnly: false, confirmDestructive: false } } });
      expect(relaxConfirm).toMatchObject({ ok: false });
      const removed = await call('servers.delete', { serverId: ids.careful });
      expect(removed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/confirm/) } });
      const list = (await call('servers.list', {})) as { data: { id: string; policy: { readOnly: boolean; confirmDestructive: boolean } }[] };
      expect(list.data.find((s) => s.id === ids.readOnly)?.policy).toEqual({ readOnly: true, confirmDestructive: false });
      expect(list.data.find((s) => s.id === ids.careful)?.policy).toEqual({ readOnly: false, confirmDestructive: true });
      // Other edits need nothing; tightening needs nothing.
      expect(await call('servers.update', { serverId: ids.readOnly, input: { color: '#654321' } })).toMatchObject({ ok: true });
    });
  });

  it('lets the policy be relaxed with the typed name, and then the write goes through', async () => {
    const relaxed = await t.call('servers.update', { serverId: ids.readOnly, input: { policy: { readOnly: false, confirmDestructive: false } }, confirmation: 'Prod RO' });
    expect(relaxed.policy).toEqual({ readOnly: false, confirmDestructive: false });
    const namespace = randomNamespace('relaxed');
    await t.call('kv.put', { serverId: ids.readOnly, namespace, key: 'k', type: 'STRING', value: 'now' });
    expect(await t.call('kv.get', { serverId: ids.readOnly, namespace, key: 'k' })).toMatchObject({ value: 'now' });
  });

  it('refuses a streamed web upload to a read-only server, and nothing is stored', async () => {
    const ro = (await t.call('servers.create', { input: input('Frozen', remote.url, { readOnly: true, confirmDestructive: false }) })).id;
    const namespace = randomNamespace('ro-upload');
    const params = encodeURIComponent(JSON.stringify({ serverId: ro, namespace, path: '/x.bin', name: 'x.bin' }));
    const response = await fetch(`${host.origin}/upload?params=${params}`, {
      method: 'POST',
      headers: { 'x-console-token': host.token, origin: host.origin, 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(1024, 1),
    });
    expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/read-only/) } });
    expect(await t.fail('files.stats', { serverId: ids.open, namespace, path: '/x.bin' })).toMatchObject({ status: 404 });
  });
});

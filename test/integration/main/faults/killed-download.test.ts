// A download cut half way (the server dies) leaves nothing behind: no file under the final name,
// no `.part`, and an error instead of "saved". Same through the web transport: the browser's
// request is cut and the waiting bridge hears the failure.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startWebHost, type RunningWebHost } from '../../../../main/ipc/web-host';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { startFaultProxy, type FaultProxy } from '../../../fixtures/fault-proxy';
import { spawnSandboxNode, type SandboxNodeProcess } from '../../../fixtures/sandbox-node-process';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

const SIZE = 16 * 1024 * 1024;

describe('server killed mid-download', () => {
  const data = makeTempDir('dl-data');
  const files = makeTempDir('dl-files');
  let sandbox: SandboxNodeProcess;
  let proxy: FaultProxy;
  let t: TestCore;
  let host: RunningWebHost;
  let serverId: string;
  let namespace: string;

  beforeAll(async () => {
    sandbox = await spawnSandboxNode(data.path);
    proxy = await startFaultProxy(sandbox.url);
    t = await startTestCore({ withSandbox: false });
    host = await startWebHost({ services: t.core.web, staticDir: files.path });
    const input: ServerInput = { name: 'Dies while sending', url: proxy.url, authKind: 'none', color: '#222222', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    serverId = (await t.call('servers.create', { input })).id;
    namespace = randomNamespace('dl');
    const source = path.join(files.path, 'source.bin');
    writeFileSync(source, Buffer.alloc(SIZE, 9));
    await t.call('files.upload', { serverId, namespace, path: '/big.bin', source: await t.localFile(source) });
  });
  afterAll(async () => {
    await host?.close();
    await t?.stop();
    await proxy?.close();
    await sandbox?.kill('SIGKILL');
    data.remove();
    files.remove();
  });

  async function killHalfWay(): Promise<() => Promise<void>> {
    let killing: Promise<void> | undefined;
    proxy.policy = {
      down: (connection) => {
        if (!connection.requestLine.startsWith('GET') || !connection.requestLine.includes('/files?')) return false;
        if (killing || connection.downBytes < SIZE / 2) return false;
        // Stop the bytes here (what was in flight dies with the server), then kill it.
        killing = sandbox.kill('SIGKILL');
        return true;
      },
    };
    return async () => {
      expect(killing, 'the server was killed during the download').toBeDefined();
      await killing;
      sandbox = await spawnSandboxNode(data.path);
      proxy.retarget(sandbox.url);
      proxy.policy = {};
    };
  }

  it('to the place chosen in the save dialog: a network error naming the server, and neither the file nor its .part remains', async () => {
    const restart = await killHalfWay();
    const folder = path.join(files.path, 'out');
    mkdirSync(folder);
    const target = path.join(folder, 'copy.bin');
    const error = await t.fail('files.download', { serverId, namespace, path: '/big.bin', target: t.saveTo(target) }).catch((e: unknown) => e);
    await restart();
    expect(error).toMatchObject({ kind: 'network', message: expect.stringContaining(new URL(proxy.url).host) });
    expect(readdirSync(folder)).toEqual([]);
    // A folder that does not exist is refused before anything is fetched.
    const missing = await t.fail('files.download', { serverId, namespace, path: '/big.bin', target: t.saveTo(path.join(files.path, 'nope', 'x.bin')) });
    expect(missing).toMatchObject({ kind: 'validation', message: expect.stringMatching(/does not exist/) });
  });

  it('through the web transport: the browser’s download is cut and the bridge hears the failure', async () => {
    const prepare = await fetch(`${host.origin}/download/prepare`, {
      method: 'POST',
      headers: { 'x-console-token': host.token, origin: host.origin },
      body: JSON.stringify({ method: 'files.download', params: { serverId, namespace, path: '/big.bin' }, suggestedName: 'big.bin' }),
    });
    const { data: ticket } = (await prepare.json()) as { data: { ticket: string } };
    const restart = await killHalfWay();
    const waited = fetch(`${host.origin}/download/wait/${ticket.ticket}`, { method: 'POST', headers: { 'x-console-token': host.token, origin: host.origin }, body: '{}' });
    const response = await fetch(`${host.origin}/download/${ticket.ticket}`);
    const body = await response.arrayBuffer().then(
      (b) => b.byteLength,
      () => -1,
    );
    expect(body).not.toBe(SIZE);
    const outcome = (await (await waited).json()) as { ok: boolean; error?: { kind: string; message: string } };
    expect(outcome.ok).toBe(false);
    // A server that dies mid-body is a network error that names it, not a bug of the console.
    expect(outcome.error).toMatchObject({ kind: 'network', message: expect.stringContaining(new URL(proxy.url).host) });
    await restart();
    expect(readdirSync(files.path)).not.toContain('big.bin');
  });
});

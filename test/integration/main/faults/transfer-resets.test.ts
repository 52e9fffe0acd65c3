// Only the user's own abort is a cancel. A server that resets the connection in the middle of an
// upload or a download is a network error that names the server, through both real transports:
// the Electron IPC double (with the real preload) and the web host over HTTP.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import type { ServerInput } from '../../../../main/contract/methods';
import type { Result } from '../../../../main/contract/result';
import { startWebHost, type RunningWebHost } from '../../../../main/ipc/web-host';
import { launchBrowser } from '../../../fixtures/browser';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { electronWindows } from '../../../fixtures/fake-electron-ipc';
import { startFaultProxy, type FaultProxy } from '../../../fixtures/fault-proxy';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { buildBridgeHarness } from '../../../fixtures/web-host';

// What the harness page holds (runs inside Chromium through page.evaluate).
declare const window: { bridge: ConsoleBridge; File: new (parts: unknown[], name: string) => { name: string; size: number; type: string } };
declare const document: { title: string };

const SIZE = 8 * 1024 * 1024;

describe('a server reset mid-transfer is a network error naming the server', () => {
  let remote: TestSandbox;
  let proxy: FaultProxy;
  let t: TestCore;
  let host: RunningWebHost;
  let bridge: ConsoleBridge;
  let serverId: string;
  let proxyHost: string;
  const files = makeTempDir('reset-files');
  const dropped = { name: 'big.bin', size: SIZE, type: 'application/octet-stream' };
  let saveAnswer: string | undefined;

  const cutUploadAt = (fraction: number, size = SIZE): void => {
    proxy.policy = {
      up: (connection, chunk) => connection.requestLine.startsWith('POST') && connection.requestLine.includes('/files?') && connection.upBytes + chunk.length >= size * fraction,
    };
  };
  const cutDownloadAt = (fraction: number): void => {
    proxy.policy = {
      down: (connection) => connection.requestLine.startsWith('GET') && connection.requestLine.includes('/files?') && connection.downBytes >= SIZE * fraction,
    };
  };

  beforeAll(async () => {
    remote = await startTestSandbox();
    proxy = await startFaultProxy(remote.url);
    proxyHost = new URL(proxy.url).host;
    t = await startTestCore({ withSandbox: false, saveDialog: async (name) => saveAnswer && path.join(saveAnswer, name) });
    const input: ServerInput = { name: 'Resets', url: proxy.url, authKind: 'none', color: '#222222', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    serverId = (await t.call('servers.create', { input })).id;
    const source = path.join(files.path, 'big.bin');
    writeFileSync(source, Buffer.alloc(SIZE, 5));

    bridge = electronWindows(t.core).window(1, (file) => (file === dropped ? source : ''));
    host = await startWebHost({ services: t.core.web, staticDir: files.path });
  });
  afterAll(async () => {
    await host?.close();
    await t?.stop();
    await proxy?.close();
    await remote?.stop();
    files.remove();
  });

  it('upload over the Electron transport', async () => {
    cutUploadAt(0.5);
    const result = await bridge.uploadFile({ serverId, namespace: randomNamespace('reset'), path: '/big.bin' }, dropped);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining(proxyHost) } });
  });

  it('upload over the web transport (the browser keeps sending): an answer, not "Cancelled"', async () => {
    cutUploadAt(0.5);
    const uploadId = `reset-${Date.now()}`;
    const params = encodeURIComponent(JSON.stringify({ serverId, namespace: randomNamespace('reset'), path: '/big.bin', name: 'big.bin', uploadId }));
    const headers = { 'x-console-token': host.token, origin: host.origin };
    // The host answers a failed upload and closes the connection while the client is still sending,
    // so a client may see the reset instead of the answer; then it asks for the outcome, as the
    // renderer's bridge does.
    const result = (await fetch(`${host.origin}/upload?params=${params}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: Buffer.alloc(SIZE, 6) }).then(
      (response) => response.json(),
      () => fetch(`${host.origin}/upload/outcome`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ uploadId }) }).then((response) => response.json()),
    )) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining(proxyHost) } });
  });

  it('upload from a page in Chromium (the real web bridge): the server named, not "host gone" or "Cancelled"', async () => {
    const harness = await buildBridgeHarness();
    const pageHost = await startWebHost({ services: t.core.web, staticDir: harness.dir });
    const browser = await launchBrowser();
    try {
      await browser.page.goto(pageHost.url);
      await browser.page.waitForFunction(() => document.title === 'bridge ready');
      cutUploadAt(0.25, SIZE * 4);
      const result = await browser.page.evaluate(
        async ({ serverId, namespace, size }) => {
          const file = new window.File([new Uint8Array(size).fill(7)], 'big.bin');
          return window.bridge.uploadFile({ serverId, namespace, path: '/big.bin' }, file);
        },
        { serverId, namespace: randomNamespace('reset-page'), size: SIZE * 4 },
      );
      expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining(proxyHost) } });
    } finally {
      await browser.close();
      await pageHost.close();
      harness.remove();
    }
  }, 120_000);

  it('download over the Electron transport: network error, nothing left in the chosen folder', async () => {
    proxy.policy = {};
    const namespace = randomNamespace('reset-dl');
    await t.call('files.upload', { serverId, namespace, path: '/big.bin', source: await t.localFile(path.join(files.path, 'big.bin')) });
    const folder = makeTempDir('reset-dl');
    try {
      saveAnswer = folder.path;
      cutDownloadAt(0.5);
      const result = await bridge.download('files.download', { serverId, namespace, path: '/big.bin' }, 'copy.bin');
      expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining(proxyHost) } });
      expect(readdirSync(folder.path)).toEqual([]);
    } finally {
      saveAnswer = undefined;
      folder.remove();
    }
  });

  it('download over the web transport: the wait answers a network error, not an unexpected one', async () => {
    proxy.policy = {};
    const namespace = randomNamespace('reset-web');
    await t.call('files.upload', { serverId, namespace, path: '/big.bin', source: await t.localFile(path.join(files.path, 'big.bin')) });
    const headers = { 'x-console-token': host.token, origin: host.origin };
    const prepared = (await (await fetch(`${host.origin}/download/prepare`, { method: 'POST', headers, body: JSON.stringify({ method: 'files.download', params: { serverId, namespace, path: '/big.bin' }, suggestedName: 'big.bin' }) })).json()) as {
      data: { ticket: string };
    };
    cutDownloadAt(0.5);
    const waited = fetch(`${host.origin}/download/wait/${prepared.data.ticket}`, { method: 'POST', headers, body: '{}' });
    await fetch(`${host.origin}/download/${prepared.data.ticket}`).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    ).catch(() => undefined);
    expect(await (await waited).json()).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining(proxyHost) } });
  });

  it('the user’s own abort is still a cancel', async () => {
    proxy.policy = {};
    const controller = new AbortController();
    let started = false;
    proxy.policy = {
      up: (connection) => {
        if (connection.requestLine.startsWith('POST') && connection.upBytes > SIZE / 4 && !started) {
          started = true;
          controller.abort();
        }
        return false;
      },
    };
    const result = await bridge.uploadFile({ serverId, namespace: randomNamespace('abort'), path: '/big.bin' }, dropped, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });
});

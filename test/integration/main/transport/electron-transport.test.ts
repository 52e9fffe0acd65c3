import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import { IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL, IPC_REGISTER_FILE_CHANNEL, IPC_SUBSCRIBE_CHANNEL, METHOD_NAMES, STREAM_NAMES } from '../../../../main/contract/channels';
import type { ConsoleErrorData } from '../../../../main/contract/result';
import { registerConsoleIpc, type IpcEventLike } from '../../../../main/electron/ipc-transport';
import { createPreloadBridge } from '../../../../main/electron/preload-bridge';
import { APP_ORIGIN, isAppUrl } from '../../../../main/electron/window-security';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { createFakeIpc, type FakeIpc } from '../../../fixtures/fake-electron-ipc';
import { makeTempDir } from '../../../fixtures/temp-dir';

// The same check main.ts applies: our own top frame, from our own origin.
const isTrustedSender = (event: IpcEventLike): boolean => event.senderFrame !== null && event.senderFrame === event.sender.mainFrame && isAppUrl(event.senderFrame.url);

describe('Electron transport (real transport and preload code, in-memory IPC)', () => {
  let t: TestCore;
  let ipc: FakeIpc;
  let bridge: ConsoleBridge;
  let hung: http.Server;
  let hungUrl: string;
  const files = makeTempDir('electron-files');
  const mainFrame = { url: `${APP_ORIGIN}/index.html` };
  const sender = { id: 7, mainFrame };
  const pathOfFile = new Map<unknown, string>();

  beforeAll(async () => {
    t = await startTestCore();
    ipc = createFakeIpc();
    registerConsoleIpc(ipc.ipcMain, t.core, isTrustedSender);
    bridge = createPreloadBridge({
      ipcRenderer: ipc.rendererFor(sender, mainFrame),
      getPathForFile: (file) => pathOfFile.get(file) ?? '',
      createChannel: () => new MessageChannel() as never,
    });
    hung = http.createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hung?.closeAllConnections();
    await new Promise((r) => hung?.close(r));
    await t?.stop();
    files.remove();
  });

  it('registers exactly the four channels, all behind the sender check', () => {
    expect(ipc.channels().sort()).toEqual([IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL, IPC_REGISTER_FILE_CHANNEL, IPC_SUBSCRIBE_CHANNEL].sort());
  });

  it('exposes one function per contract method, each reaching its handler', async () => {
    expect(Object.keys(bridge.methods).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) {
      const fn = bridge.methods[method] as (p: unknown) => Promise<{ ok: boolean; error?: ConsoleErrorData }>;
      const result = await fn({ serverId: 'no-such-server' });
      if (!result.ok) expect(result.error!.message, method).not.toMatch(/Unknown method|not implemented/i);
    }
    const servers = await bridge.methods['servers.list']({});
    expect(servers.ok && servers.data[0]?.name).toBe('Local sandbox');
  });

  it('refuses calls from a subframe, another origin, or a frame that is gone', async () => {
    const cases = [
      ipc.rendererFor(sender, { url: `${APP_ORIGIN}/index.html` }), // a subframe: not the main frame object
      ipc.rendererFor({ id: 8, mainFrame: { url: 'https://evil.example/' } }, null),
    ];
    const evilMain = { url: 'https://evil.example/' };
    cases.push(ipc.rendererFor({ id: 9, mainFrame: evilMain }, evilMain));
    for (const renderer of cases) {
      const result = (await renderer.invoke(IPC_INVOKE_CHANNEL, { method: 'servers.list', params: {}, requestId: 'x' })) as { ok: boolean; error: ConsoleErrorData };
      expect(result).toMatchObject({ ok: false, error: { kind: 'auth', message: 'Untrusted sender' } });
      const registered = (await renderer.invoke(IPC_REGISTER_FILE_CHANNEL, '/etc/hostname')) as { ok: boolean; error: ConsoleErrorData };
      expect(registered).toMatchObject({ ok: false, error: { kind: 'auth', message: 'Untrusted sender' } });
      const evil = createPreloadBridge({ ipcRenderer: renderer, getPathForFile: () => '', createChannel: () => new MessageChannel() as never });
      const ended = await new Promise<ConsoleErrorData | undefined>((resolve) => evil.subscribe('transfers.progress', { transferId: 'x' }, { onEvents: () => undefined, onEnd: resolve }));
      expect(ended).toMatchObject({ kind: 'auth' });
    }
  });

  it('reaches every stream over a MessagePort and ends it with the handler’s error', async () => {
    for (const stream of STREAM_NAMES) {
      const error = await new Promise<ConsoleErrorData | undefined>((resolve) =>
        bridge.subscribe(stream, { serverId: 'no-such-server', executionId: 'abc', transferId: '' } as never, { onEvents: () => undefined, onEnd: resolve }),
      );
      expect(error, stream).toBeDefined();
      expect(error!.message, stream).not.toMatch(/Unknown stream/);
    }
  });

  it('delivers stream batches and stops the handler when the renderer unsubscribes', async () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe('transfers.progress', { transferId: 'progress-1' }, { onEvents: (events) => received.push(...events) });
    // Wait until main has the subscription, then publish progress as a transfer would.
    await expect.poll(() => {
      t.core.transfers.progress.emit('progress-1', { bytes: 10, total: 100 });
      return received.length > 0;
    }).toBe(true);
    expect(received[0]).toEqual({ bytes: 10, total: 100 });
    unsubscribe();
    const before = received.length;
    t.core.transfers.progress.emit('progress-1', { bytes: 20, total: 100 });
    await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(before);
  });

  it('cancels an in-flight call by request id', async () => {
    const input = { name: 'Hung', url: hungUrl, authKind: 'none' as const, color: '#000000', environment: 'development' as const, policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    const pending = bridge.methods['servers.testConnection']({ input }, { requestId: 'slow-1' });
    await new Promise((r) => hung.once('request', r));
    bridge.cancel('slow-1');
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });

  it('turns a dropped File into an opaque handle of this window, and refuses one that is not on disk', async () => {
    const file = path.join(files.path, 'data.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const dropped = { name: 'data.csv', size: 8, type: 'text/csv' };
    pathOfFile.set(dropped, file);
    const handle = await bridge.localFile(dropped);
    expect(handle).toEqual({ ok: true, data: { kind: 'handle', id: expect.stringMatching(/^[a-f0-9]{32}$/) } });
    expect(JSON.stringify(handle)).not.toContain(files.path);
    const inMemory = { name: 'pasted.txt', size: 3, type: 'text/plain' };
    const refused = await bridge.uploadFile({ serverId: 'local-sandbox', namespace: 'ns', path: '/pasted.txt' }, inMemory);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('uploads a dropped file from its path with progress, and downloads through the save dialog target', async () => {
    const file = path.join(files.path, 'upload.bin');
    const size = 4 * 1024 * 1024 + 11;
    writeFileSync(file, Buffer.alloc(size, 3));
    const dropped = { name: 'upload.bin', size, type: 'application/octet-stream' };
    pathOfFile.set(dropped, file);
    const progress: number[] = [];
    const namespace = `electron.n${Math.random().toString(36).slice(2, 8)}`;
    const result = await bridge.uploadFile({ serverId: 'local-sandbox', namespace, path: '/in/upload.bin' }, dropped, { onProgress: (p) => progress.push(p.bytes) });
    expect(result).toEqual({ ok: true, data: { path: '/in/upload.bin', size } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(size);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const cancelled = new AbortController();
    cancelled.abort();
    expect(await bridge.uploadFile({ serverId: 'local-sandbox', namespace, path: '/in/x.bin' }, dropped, { signal: cancelled.signal })).toMatchObject({ ok: false, error: { kind: 'cancelled' } });

    // The Electron bridge asks main for its save dialog; dismissed here, nothing is written.
    const saved = await bridge.download('files.download', { serverId: 'local-sandbox', namespace, path: '/in/upload.bin' }, 'upload.bin');
    expect(saved).toEqual({ ok: true, data: { saved: false, bytes: 0 } });
  });

  it('saves downloads where the save dialog says, and reports a dismissed dialog as not saved', async () => {
    let answer: string | undefined;
    const withDialog = await startTestCore({ saveDialog: async (suggested) => answer && path.join(answer, suggested) });
    try {
      const ipc2 = createFakeIpc();
      registerConsoleIpc(ipc2.ipcMain, withDialog.core, isTrustedSender);
      const bridge2 = createPreloadBridge({ ipcRenderer: ipc2.rendererFor(sender, mainFrame), getPathForFile: () => '', createChannel: () => new MessageChannel() as never });
      const namespace = `electron.d${Math.random().toString(36).slice(2, 8)}`;
      await withDialog.call('files.writeText', { serverId: 'local-sandbox', namespace, path: '/notes.md', text: '# hello\n' });
      answer = undefined;
      expect(await bridge2.download('files.download', { serverId: 'local-sandbox', namespace, path: '/notes.md' }, 'notes.md')).toEqual({ ok: true, data: { saved: false, bytes: 0 } });
      answer = files.path;
      const saved = await bridge2.download('files.download', { serverId: 'local-sandbox', namespace, path: '/notes.md' }, 'notes.md');
      expect(saved).toEqual({ ok: true, data: { saved: true, bytes: 8, path: path.join(files.path, 'notes.md') } });
      expect(readFileSync(path.join(files.path, 'notes.md'), 'utf8')).toBe('# hello\n');
    } finally {
      await withDialog.stop();
    }
  });
});

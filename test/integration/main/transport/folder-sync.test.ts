// Syncing a namespace folder down in the desktop app: main asks for the folder in its own dialog,
// then writes only inside it (no `..`, no absolute paths, no symbolic links on the way), only for
// the window it handed the folder to. Through the Electron IPC double with the real preload; web
// mode has no such dialog (the browser's folder picker writes there).
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import type { Result } from '../../../../main/contract/result';
import type { LocalFolderRef } from '../../../../main/contract/transfer';
import { registerConsoleIpc } from '../../../../main/electron/ipc-transport';
import { createPreloadBridge } from '../../../../main/electron/preload-bridge';
import { APP_ORIGIN, isAppUrl } from '../../../../main/electron/window-security';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { createFakeIpc } from '../../../fixtures/fake-electron-ipc';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

describe('writing a namespace folder into a folder chosen in main’s dialog', () => {
  let t: TestCore;
  let windowA: ConsoleBridge;
  let windowB: ConsoleBridge;
  const place = makeTempDir('sync-place');
  const outside = makeTempDir('sync-outside');
  const namespace = randomNamespace('sync');
  let folder: LocalFolderRef;

  const bridgeFor = (ipc: ReturnType<typeof createFakeIpc>, id: number): ConsoleBridge => {
    const frame = { url: `${APP_ORIGIN}/index.html` };
    return createPreloadBridge({ ipcRenderer: ipc.rendererFor({ id, mainFrame: frame }, frame), getPathForFile: () => '', createChannel: () => new MessageChannel() as never });
  };

  beforeAll(async () => {
    t = await startTestCore();
    const ipc = createFakeIpc();
    registerConsoleIpc(ipc.ipcMain, t.core, (event) => event.senderFrame !== null && event.senderFrame === event.sender.mainFrame && isAppUrl(event.senderFrame.url));
    windowA = bridgeFor(ipc, 1);
    windowB = bridgeFor(ipc, 2);
    await t.call('files.writeText', { serverId: 'local-sandbox', namespace, path: '/scripts/etl.py', text: 'print("synced")\n' });
    writeFileSync(path.join(outside.path, 'victim.txt'), 'untouched');
    mkdirSync(path.join(place.path, 'kept'));
    writeFileSync(path.join(place.path, 'kept', 'old.txt'), 'old');
    symlinkSync(outside.path, path.join(place.path, 'link'));
  });
  afterAll(async () => {
    await t?.stop();
    place.remove();
    outside.remove();
  });

  it('asks in main’s dialog, and a dismissed dialog chooses nothing', async () => {
    t.chooseFolder(undefined);
    expect(await windowA.methods['local.pickFolder']({})).toEqual({ ok: true, data: null });
    t.chooseFolder(place.path);
    const picked = await windowA.methods['local.pickFolder']({});
    expect(picked).toMatchObject({ ok: true, data: { folder: { kind: 'folder' }, name: path.basename(place.path) } });
    expect(JSON.stringify(picked)).not.toContain(place.path);
    folder = (picked as { data: { folder: LocalFolderRef } }).data.folder;
  });

  it('streams a namespace file into it, folders created', async () => {
    const saved = await windowA.methods['local.saveFile']({ serverId: 'local-sandbox', namespace, path: '/scripts/etl.py', folder, relativePath: 'scripts/etl.py' });
    expect(saved).toMatchObject({ ok: true, data: { saved: true, bytes: 16 } });
    expect(readFileSync(path.join(place.path, 'scripts', 'etl.py'), 'utf8')).toBe('print("synced")\n');
  });

  it('writes and removes nothing outside it', async () => {
    const escapes = ['../escape.txt', '/etc/passwd', 'a/../../escape.txt', 'link/victim.txt', 'link/new.txt', 'kept/old.txt/x', 'a\\..\\b', ''];
    for (const relativePath of escapes) {
      const result = (await windowA.methods['local.saveFile']({ serverId: 'local-sandbox', namespace, path: '/scripts/etl.py', folder, relativePath })) as Result<unknown>;
      expect(result.ok, relativePath).toBe(false);
      const removed = (await windowA.methods['local.removeFile']({ folder, relativePath })) as Result<unknown>;
      expect(removed.ok, relativePath).toBe(false);
    }
    // Another window cannot use this window's folder; a forged one means nothing.
    expect(await windowB.methods['local.saveFile']({ serverId: 'local-sandbox', namespace, path: '/scripts/etl.py', folder, relativePath: 'b.py' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await windowA.methods['local.removeFile']({ folder: { kind: 'folder', id: 'f'.repeat(32) }, relativePath: 'kept/old.txt' })).toMatchObject({ ok: false });
    expect(readFileSync(path.join(outside.path, 'victim.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside.path)).toEqual(['victim.txt']);
    expect(existsSync(path.join(path.dirname(place.path), 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(place.path, 'b.py'))).toBe(false);
  });

  it('removes a file inside it when mirroring', async () => {
    expect(await windowA.methods['local.removeFile']({ folder, relativePath: 'kept/old.txt' })).toEqual({ ok: true, data: null });
    expect(existsSync(path.join(place.path, 'kept', 'old.txt'))).toBe(false);
    // Folders are not removed.
    expect(await windowA.methods['local.removeFile']({ folder, relativePath: 'kept' })).toMatchObject({ ok: false });
  });

  it('is not available in web mode, where the browser picks folders', async () => {
    const web = await startTestCore({ withSandbox: false, folderDialog: undefined });
    try {
      expect(await web.fail('local.pickFolder', {})).toMatchObject({ kind: 'validation', message: expect.stringMatching(/browser/) });
    } finally {
      await web.stop();
    }
  });
});

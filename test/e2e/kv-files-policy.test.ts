// The servers' safety policies in the KV and files panes: a read-only server offers no write, and
// a server that asks for confirmation makes the user type its name before a delete.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { FilesPage } from './pages/files.page';
import { consoleRpc, localSandboxUrl } from './pages/kv-files-rpc';
import { KvPage } from './pages/kv.page';
import { WorkspacePage } from './pages/kv-files-workspace.page';

describe('KV and files under a server safety policy', () => {
  let console_: WebConsole;
  let browser: TestBrowser;
  let sandbox: string;
  const ns = randomNamespace('policy');
  const temp = makeTempDir('policy-e2e');
  const api = (p: string, init?: RequestInit): Promise<Response> => fetch(`${sandbox}/api/v1/main/namespaces/${ns}${p}`, init);
  const addServer = (name: string, policy: { confirmDestructive: boolean; readOnly: boolean }) =>
    consoleRpc(console_, 'servers.create', { input: { name, url: sandbox, authKind: 'none', color: '#aa3333', environment: 'production', policy, tls: {} } });

  beforeAll(async () => {
    console_ = await startWebConsole();
    sandbox = await localSandboxUrl(console_);
    expect((await api('/kv/keep_me', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '"x"' })).status).toBe(200);
    expect((await api('/kv/remove_me', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '"y"' })).status).toBe(200);
    const form = new FormData();
    form.append('fileContent', new Blob(['content']), 'readme.md');
    expect((await api('/files?path=/readme.md', { method: 'POST', body: form })).status).toBe(200);
    await addServer('Read-only view', { confirmDestructive: false, readOnly: true });
    await addServer('Careful prod', { confirmDestructive: true, readOnly: false });
    browser = await launchBrowser();
    await new AppShellPage(browser.page).open(console_.url);
  });
  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
    temp.remove();
  });

  it('offers no write on a read-only server', async () => {
    const workspace = new WorkspacePage(browser.page);
    const kv = new KvPage(browser.page);
    const files = new FilesPage(browser.page);
    await workspace.openServer('Read-only view');
    await workspace.openPane('KV store');
    await workspace.selectNamespace(ns);
    await kv.row('keep_me').waitFor();
    expect(await kv.pane().getByRole('button', { name: 'New pair' }).isDisabled()).toBe(true);
    expect(await kv.row('keep_me').getByRole('button', { name: 'Delete keep_me' }).isDisabled()).toBe(true);
    expect(await kv.row('keep_me').getByRole('button', { name: 'Edit keep_me' }).isDisabled()).toBe(true);

    await workspace.openPane('Files');
    await files.item('readme.md').waitFor();
    expect(await files.pane().getByRole('button', { name: 'New file' }).isDisabled()).toBe(true);
    expect(await files.item('readme.md').getAttribute('draggable')).toBe('false');
    // A drop from the desktop is ignored: nothing is queued, nothing reaches the server.
    const local = path.join(temp.path, 'dropped.txt');
    writeFileSync(local, 'should not upload');
    await files.dropFromDesktop([local], files.tree(), { at: 'bottom' });
    expect(await files.uploads().count()).toBe(0);
    expect((await api('/files/stats?path=/dropped.txt')).status).toBe(404);
  });

  it('asks for the server name before a delete on a server that wants confirmation', async () => {
    const workspace = new WorkspacePage(browser.page);
    const kv = new KvPage(browser.page);
    await workspace.openServer('Careful prod');
    await workspace.openPane('KV store');
    await workspace.selectNamespace(ns);
    await kv.row('remove_me').getByRole('button', { name: 'Delete remove_me' }).click();
    const dialog = browser.page.getByRole('dialog');
    const typeBox = dialog.getByRole('textbox', { name: 'Type Careful prod to confirm' });
    await typeBox.waitFor();
    expect(await dialog.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    await typeBox.fill('Careful pro');
    expect(await dialog.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    expect((await api('/kv/remove_me')).status).toBe(200);
    await typeBox.fill('Careful prod');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await vi.waitFor(async () => expect((await api('/kv/remove_me')).status).toBe(404));
    expect((await api('/kv/keep_me')).status).toBe(200);
    expect(browser.pageErrors).toEqual([]);
  });
});

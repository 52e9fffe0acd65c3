// A server that dies during an upload must end in an error, never in a success: the console
// reports "Uploaded" only once the server shows the full size.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { spawnSandboxProcess, type SandboxProcess } from '../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { FilesPage } from './pages/files.page';
import { consoleRpc } from './pages/kv-files-rpc';
import { WorkspacePage } from './pages/kv-files-workspace.page';

describe('upload to a server that dies', () => {
  let console_: WebConsole;
  let browser: TestBrowser;
  let doomed: SandboxProcess;
  const temp = makeTempDir('files-kill');
  const ns = randomNamespace('kill');
  const bigFile = path.join(temp.path, 'huge.bin');

  beforeAll(async () => {
    writeFileSync(bigFile, '');
    truncateSync(bigFile, 1024 * 1024 * 1024);
    mkdirSync(path.join(temp.path, 'data'));
    doomed = await spawnSandboxProcess(path.join(temp.path, 'data'));
    const form = new FormData();
    form.append('fileContent', new Blob(['x']), 'seed.txt');
    expect((await fetch(`${doomed.url}/api/v1/main/namespaces/${ns}/files?path=/seed.txt`, { method: 'POST', body: form })).status).toBe(200);
    console_ = await startWebConsole();
    await consoleRpc(console_, 'servers.create', {
      input: { name: 'Doomed sandbox', url: doomed.url, authKind: 'none', color: '#888888', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} },
    });
    browser = await launchBrowser();
    await new AppShellPage(browser.page).open(console_.url);
  });
  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
    await doomed?.kill('SIGKILL');
    temp.remove();
  });

  it('shows the upload as failed when the server is killed mid-way', async () => {
    const workspace = new WorkspacePage(browser.page);
    const files = new FilesPage(browser.page);
    await workspace.openServer('Doomed sandbox');
    await workspace.openPane('Files');
    await workspace.selectNamespace(ns);
    await files.item('seed.txt').waitFor();
    await files.dropFromDesktop([bigFile], files.tree(), { at: 'bottom' });
    const line = files.uploadLine('/huge.bin');
    // Kill once bytes are flowing.
    await vi.waitFor(async () => expect(Number(await files.totalProgress().getAttribute('aria-valuenow'))).toBeGreaterThan(0), { timeout: 60_000, interval: 50 });
    await doomed.kill('SIGKILL');
    await vi.waitFor(async () => expect(await line.getAttribute('aria-label')).toMatch(/: Failed$/), { timeout: 90_000, interval: 200 });
    expect(await line.getAttribute('aria-label')).not.toMatch(/Uploaded/);
    expect(await files.uploads().getByText(/0 of 1 done, 1 failed/).count()).toBe(1);
    // Nothing counts as sent once it failed.
    expect(Number(await files.totalProgress().getAttribute('aria-valuenow'))).toBe(0);
    // The reason is shown, and Retry is offered.
    expect(await line.textContent()).toMatch(/Failed: .+/);
    await line.getByRole('button', { name: 'Retry /huge.bin' }).waitFor();
    await browser.page.screenshot({ path: screenshotPath('files-upload-failed.png') });
  });
});

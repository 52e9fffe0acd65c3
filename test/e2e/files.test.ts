// Namespace files end to end: real drag events carrying a folder (with a 200 MB file) from disk,
// upload progress, a conflict, Monaco editing, rename, move by drag, delete, zip export. Chromium
// against web mode and the Local sandbox; results are checked through the Kestra API.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { FilesPage } from './pages/files.page';
import { localSandboxUrl } from './pages/kv-files-rpc';
import { WorkspacePage } from './pages/kv-files-workspace.page';

const BIG = 200 * 1024 * 1024;

function zipEntries(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('namespace files pane', () => {
  let console_: WebConsole;
  let browser: TestBrowser;
  let sandbox: string;
  let files: FilesPage;
  let workspace: WorkspacePage;
  const ns = randomNamespace('files');
  const temp = makeTempDir('files-e2e');
  const project = path.join(temp.path, 'project');

  const api = (p: string, init?: RequestInit): Promise<Response> => fetch(`${sandbox}/api/v1/main/namespaces/${ns}${p}`, init);
  const stats = async (p: string): Promise<{ status: number; size?: number; type?: string }> => {
    const r = await api(`/files/stats?path=${encodeURIComponent(p)}`);
    return r.ok ? { status: r.status, ...((await r.json()) as { size: number; type: string }) } : { status: r.status };
  };
  const content = async (p: string): Promise<string> => (await api(`/files?path=${encodeURIComponent(p)}`)).text();
  const upload = async (p: string, text: string | Uint8Array): Promise<void> => {
    const form = new FormData();
    form.append('fileContent', new Blob([text]), path.basename(p));
    const r = await api(`/files?path=${encodeURIComponent(p)}`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
  };

  beforeAll(async () => {
    mkdirSync(path.join(project, 'scripts'), { recursive: true });
    writeFileSync(path.join(project, 'a.txt'), 'alpha');
    writeFileSync(path.join(project, 'notes.txt'), 'new notes from the desktop');
    writeFileSync(path.join(project, 'scripts', 'run.py'), 'print("hello")\n');
    writeFileSync(path.join(project, 'big.bin'), '');
    truncateSync(path.join(project, 'big.bin'), BIG);
    console_ = await startWebConsole();
    sandbox = await localSandboxUrl(console_);
    // The namespace exists once it holds a file; notes.txt will conflict with the drop.
    await upload('/project/notes.txt', 'old notes');
    browser = await launchBrowser();
    files = new FilesPage(browser.page);
    workspace = new WorkspacePage(browser.page);
    await new AppShellPage(browser.page).open(console_.url);
    await workspace.openPane('Files');
    await workspace.selectNamespace(ns);
    await files
      .item('project')
      .waitFor()
      .catch(async (error: Error) => {
        // Seen once in CI and not reproduced: keep what the pane showed.
        await browser.page.screenshot({ path: screenshotPath('files-first-tree-missing.png') }).catch(() => undefined);
        const shown = await browser.page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(nothing readable)');
        throw new Error(`${error.message}\nThe window showed:\n${shown.slice(0, 2_000)}`);
      });
  });
  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
    temp.remove();
  });

  it('uploads a dropped folder with progress, and asks about the file that exists', async () => {
    await files.dropFromDesktop([project], files.tree(), { at: 'bottom' });
    await files.uploads().waitFor();
    // Progress of the 200 MB file is visible while it streams.
    const bigLine = files.uploadLine('/project/big.bin');
    await bigLine.waitFor();
    // The conflict waits for the user while the rest goes on.
    const dialog = files.dialog();
    await dialog.getByRole('heading', { name: '/project/notes.txt already exists' }).waitFor();
    await browser.page.screenshot({ path: screenshotPath('files-conflict.png') });
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await vi.waitFor(
      async () => {
        const now = Number(await files.totalProgress().getAttribute('aria-valuenow'));
        expect(now).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 100 },
    );
    // Leaving the pane does not stop the uploads; coming back shows them.
    await workspace.openPane('KV store');
    await workspace.openPane('Files');
    await vi.waitFor(async () => expect(await files.uploads().getByText(/^Uploads: 4 of 4 done/).count()).toBe(1), { timeout: 180_000, interval: 500 });
    await browser.page.screenshot({ path: screenshotPath('files-upload-done.png') });

    expect(await stats('/project/big.bin')).toMatchObject({ status: 200, size: BIG, type: 'File' });
    expect(await content('/project/notes.txt')).toBe('new notes from the desktop');
    expect(await content('/project/scripts/run.py')).toBe('print("hello")\n');
    expect(await content('/project/a.txt')).toBe('alpha');
  });

  it('keeps both when a file dropped on a folder already exists', async () => {
    await files.expand('project');
    await files.item('a.txt').waitFor();
    await files.dropFromDesktop([path.join(project, 'a.txt')], files.item('project'));
    await files.dialog().getByRole('heading', { name: '/project/a.txt already exists' }).waitFor();
    // The choice says what it keeps: the namespace's file stays, the dropped one goes beside it.
    await files.dialog().getByText(/^Keep both keeps the file already in the namespace and uploads yours beside it under a new name/).waitFor();
    await files.dialog().getByRole('button', { name: 'Keep both' }).click();
    await vi.waitFor(async () => expect((await stats('/project/a (1).txt')).status).toBe(200), { timeout: 30_000 });
    await files.item('a (1).txt').waitFor();
  });

  it('edits a file in Monaco and saves it', async () => {
    await files.expand('scripts');
    await files.open('run.py');
    const editor = files.editor('/project/scripts/run.py');
    await editor.locator('.monaco-editor').waitFor();
    await editor.locator('.monaco-editor .view-lines').click();
    await browser.page.keyboard.press('Control+End');
    await browser.page.keyboard.insertText('print("saved from the console")\n');
    await editor.getByRole('button', { name: 'Save' }).click();
    await workspace.toast('Saved /project/scripts/run.py').waitFor();
    expect(await content('/project/scripts/run.py')).toBe('print("hello")\nprint("saved from the console")\n');
    await browser.page.screenshot({ path: screenshotPath('files-editor.png') });
  });

  it('refuses a name with .. before any request', async () => {
    await files.pane().getByRole('button', { name: 'New file' }).click();
    await files.dialog().getByRole('textbox', { name: 'File name' }).fill('../escape.txt');
    await files.dialog().getByRole('alert').getByText(/relative paths/).waitFor();
    expect(await files.dialog().getByRole('button', { name: 'Create' }).isDisabled()).toBe(true);
    await browser.page.keyboard.press('Escape');
    expect((await stats('/escape.txt')).status).toBe(404);
  });

  it('renames, moves by dragging inside the tree, and deletes a folder', async () => {
    await files.select('a.txt');
    await files.actions().getByRole('button', { name: 'Rename a.txt' }).click();
    await files.nameDialog('renamed.txt', 'Rename');
    await vi.waitFor(async () => expect((await stats('/project/renamed.txt')).status).toBe(200));
    expect((await stats('/project/a.txt')).status).toBe(404);

    await files.item('renamed.txt').waitFor();
    await files.dragInTree('renamed.txt', 'scripts');
    await vi.waitFor(async () => expect((await stats('/project/scripts/renamed.txt')).status).toBe(200), { timeout: 15_000 });
    expect((await stats('/project/renamed.txt')).status).toBe(404);

    await files.select('scripts');
    await files.actions().getByRole('button', { name: 'Delete scripts' }).click();
    await workspace.confirm('Delete');
    await vi.waitFor(async () => expect((await stats('/project/scripts')).status).toBe(404), { timeout: 15_000 });
    expect((await stats('/project/scripts/run.py')).status).toBe(404);
  });

  it('exports the namespace as a zip with the uploaded files', async () => {
    const zip = await files.exportZip();
    const entries = await zipEntries(zip);
    const names = [...entries.keys()].map((n) => n.replace(/^\//, ''));
    expect(names).toEqual(expect.arrayContaining(['project/notes.txt', 'project/a (1).txt', 'project/big.bin']));
    expect(entries.get([...entries.keys()].find((n) => n.endsWith('project/notes.txt'))!)).toBe('new notes from the desktop');
    expect(browser.pageErrors).toEqual([]);
  });

  it('compares a local folder with a namespace folder and mirrors it after a preview', async () => {
    // A binary file holding the same bytes on both sides compares as identical, by its bytes.
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);
    writeFileSync(path.join(project, 'logo.png'), logo);
    await upload('/project/logo.png', logo);
    await files.select('project');
    await files.pane().getByRole('button', { name: 'Compare with local folder…' }).click();
    await files.dialog().getByLabel('Local folder to compare').setInputFiles(project);
    // a.txt and scripts/run.py are only local now; "a (1).txt" only in the namespace; notes.txt
    // and logo.png have the same content; big.bin the same size (too large to read, compared by size).
    await files.dialog().getByText('2 added, 0 changed, 1 deleted, 3 identical.').waitFor({ timeout: 60_000 });
    await files.dialog().getByRole('checkbox', { name: /Mirror/ }).check();
    await browser.page.screenshot({ path: screenshotPath('files-compare.png') });
    await files.dialog().getByRole('button', { name: 'Apply 3 change(s) to the namespace' }).click();
    await vi.waitFor(async () => expect((await stats('/project/scripts/run.py')).status).toBe(200), { timeout: 30_000 });
    await vi.waitFor(async () => expect((await stats('/project/a.txt')).status).toBe(200), { timeout: 30_000 });
    expect((await stats('/project/a (1).txt')).status).toBe(404);
    expect(await content('/project/scripts/run.py')).toBe('print("hello")\n');
    expect(browser.pageErrors).toEqual([]);
  });
});

// Servers past the "Servers kept loaded" limit unload (issue 18), in Chromium against web mode.
// Three server profiles of the Local sandbox, the limit set to 2 in the Settings dialog: the
// least recently used server's workspace unmounts and its data is dropped; a loaded one stays
// mounted (the same DOM) while hidden. Coming back to the unloaded one fetches its data again,
// each call once, and finds the unsaved draft and the editor's scroll position as they were.
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, rpc } from './pages/console-api';
import { FlowsPage } from './pages/flows.page';

const NAMES = ['Unload A', 'Unload B', 'Unload C'] as const;
const DRAFT = '# draft kept while the server is unloaded';

describe('unloading the least recently used servers', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  let flows: FlowsPage;
  const ids = new Map<string, string>();
  const ns = randomNamespace('unload');
  // Taller than the editor: the draft at the end is drawn only when the editor is scrolled there.
  const source = `id: long_flow\nnamespace: ${ns}\ntasks:\n${Array.from({ length: 120 }, (_, i) => `  - id: step_${i + 1}\n    type: io.kestra.plugin.core.log.Log\n    message: step ${i + 1}\n`).join('')}`;

  /** Data calls the page makes for a server (the health poll of every server in the rail aside). */
  const calls: { serverId: string; call: string }[] = [];
  const record = (request: Request): void => {
    const match = /\/rpc\/([^/?]+)$/.exec(new URL(request.url()).pathname);
    if (!match || request.method() !== 'POST') return;
    const params = (JSON.parse(request.postData() ?? '{}') as { params?: { serverId?: string } }).params ?? {};
    if (params.serverId && !/health|status|capabilities/i.test(match[1]!)) calls.push({ serverId: params.serverId, call: `${match[1]} ${JSON.stringify(params)}` });
  };

  const workspace = (name: string) => browser.page.locator(`.server-workspace[data-server-id="${ids.get(name)}"]`);
  const show = async (name: string): Promise<void> => {
    await shell.serverButton(name).click();
    await shell.waitForActiveServer(name);
  };

  beforeAll(async () => {
    web = await startWebConsole();
    const sandbox = await localSandboxUrl(web);
    const created = await fetch(`${sandbox}/api/v1/main/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    if (!created.ok) throw new Error(`flow: ${created.status} ${await created.text()}`);
    for (const name of NAMES) {
      const server = await rpc<{ id: string }>(web, 'servers.create', {
        input: { name, url: sandbox, authKind: 'none', color: '#3b82f6', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} },
      });
      ids.set(name, server.id);
    }
    browser = await launchBrowser();
    shell = new AppShellPage(browser.page);
    flows = new FlowsPage(browser.page);
    browser.page.on('request', record);
    await shell.open(web.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('sets the limit in the Settings dialog, refusing what is not a whole number in range', async () => {
    await browser.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = browser.page.getByRole('dialog', { name: 'Settings' });
    const limit = dialog.getByRole('spinbutton', { name: 'Servers kept loaded' });
    expect(await limit.inputValue()).toBe('5');
    await limit.fill('0');
    await dialog.getByText('Enter a whole number from 1 to 20.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await limit.fill('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('keeps the two most recently used servers mounted and unloads the third', async () => {
    await show('Unload A');
    await shell.openPane('Flows');
    await shell.selectNamespace(ns);
    await flows.open('long_flow', ns);
    await flows.goToEnd();
    await browser.page.keyboard.press('Enter');
    await browser.page.keyboard.type(DRAFT);
    await expect.poll(() => flows.status().textContent()).toContain('Unsaved changes');
    // Let the view state (cursor, scroll) and the draft be recorded (they go out shortly after).
    await browser.page.waitForTimeout(600);

    await show('Unload B');
    await expect.poll(() => browser.page.locator('.server-workspace').count()).toBe(2);
    await workspace('Unload A').evaluate((element) => ((element as unknown as { marked?: boolean }).marked = true));
    await workspace('Unload B').evaluate((element) => ((element as unknown as { marked?: boolean }).marked = true));

    await show('Unload C');
    // A is the least recently used of three with a limit of two: its workspace is gone.
    await expect.poll(() => workspace('Unload A').count()).toBe(0);
    expect(await browser.page.locator('.server-workspace').count()).toBe(2);
    expect(await workspace('Unload B').isVisible()).toBe(false);

    // B stayed loaded: showing it again shows the very same workspace, not a new one.
    await show('Unload B');
    expect(await workspace('Unload B').evaluate((element) => (element as unknown as { marked?: boolean }).marked === true)).toBe(true);
    // And now C is the other loaded one.
    expect(await workspace('Unload C').count()).toBe(1);
  });

  it('coming back to the unloaded server fetches its data once each and loses nothing', async () => {
    const before = calls.length;
    await show('Unload A');
    const editor = browser.page.getByRole('region', { name: 'Flow editor: long_flow' });
    await editor.waitFor();
    // A new workspace (the old one was unmounted), with the draft and the scroll position kept:
    // the draft line at the end is drawn, which it is only when the editor is scrolled to it.
    expect(await workspace('Unload A').evaluate((element) => (element as unknown as { marked?: boolean }).marked === true)).toBe(false);
    // (Monaco draws spaces as no-break spaces.)
    await expect.poll(async () => (await editor.locator('.view-lines').textContent())?.replace(/\u00a0/g, ' '), { timeout: 15_000 }).toContain(DRAFT);
    expect(await flows.status().textContent()).toContain('Unsaved changes');
    await browser.page.waitForTimeout(1500);
    const back = calls.slice(before).filter((c) => c.serverId === ids.get('Unload A')).map((c) => c.call);
    // Its data was dropped on unloading, so it is fetched again...
    expect(back.some((c) => c.startsWith('flows.'))).toBe(true);
    // ...once: no call was made twice.
    expect(back.filter((c, i) => back.indexOf(c) !== i)).toEqual([]);
    // C is now the least recently used of three (A, B, C, B, A): unloaded in its turn.
    await expect.poll(() => workspace('Unload C').count()).toBe(0);
    expect(await workspace('Unload B').count()).toBe(1);
  });

  it('keeps the limit across a restart of the window', async () => {
    await browser.page.reload();
    await shell.shell().waitFor();
    await browser.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = browser.page.getByRole('dialog', { name: 'Settings' });
    expect(await dialog.getByRole('spinbutton', { name: 'Servers kept loaded' }).inputValue()).toBe('2');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

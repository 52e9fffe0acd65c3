// The shell and server switching (issue 6): first launch, adding servers (with the connection
// test), production banner, keyboard switching, per-server places, the palette, write-only
// credentials and read-only servers. Chromium against web mode and the Local sandbox.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { REPO_ROOT } from '../fixtures/sandbox';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, rpc, SandboxApi } from './pages/console-api';
import { ServersPage } from './pages/servers.page';
import { FlowsPage } from './pages/flows.page';

const SECRET = 'hunter2-e2e-canary-password';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('shell and server switching', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  let servers: ServersPage;
  let sandboxUrl: string;

  beforeAll(async () => {
    web = await startWebConsole();
    browser = await launchBrowser();
    shell = new AppShellPage(browser.page);
    servers = new ServersPage(browser.page);
    sandboxUrl = await localSandboxUrl(web);
    await shell.open(web.url);
  });

  // A failed step leaves a screenshot in test-results/ to see what the user would have seen.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await browser?.page.screenshot({ path: path.join(REPO_ROOT, 'test-results', `shell-servers-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('opens on the Local sandbox with a short guide on first launch', async () => {
    await shell.waitForActiveServer('Local sandbox');
    await expect(shell.serverButton('Local sandbox').getAttribute('aria-current')).resolves.toBe('true');
    await shell.welcome().waitFor();
    await expect(shell.welcome().getByRole('button', { name: 'Create a flow' }).isVisible()).resolves.toBe(true);
    // Live health and version appear in the rail.
    await shell.serverRail().getByRole('img', { name: /^Health: Reachable/ }).waitFor();
    expect(await shell.serverRail().innerText()).toMatch(/v\d+\.\d+/);
    await expect(shell.selectedPane().innerText()).resolves.toContain('Flows');
  });

  it('tests the connection of a new server, showing each check, before adding it', async () => {
    await servers.openAdd();
    // Bad input first: a clear message, nothing sent.
    await servers.fill({ name: 'Sandbox Blue', url: 'ftp://nowhere' });
    await servers.dialog().getByRole('button', { name: 'Add server', exact: true }).click();
    await servers.dialog().getByText('Use an http:// or https:// address.').waitFor();
    await servers.fill({ url: sandboxUrl, color: '#2f80ed' });
    const checks = await servers.testConnection();
    await checks.getByRole('listitem', { name: 'Reachable: passed' }).waitFor();
    await checks.getByRole('listitem', { name: 'Kestra version: passed' }).waitFor();
    expect(await checks.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
    await servers.submit();
    await shell.serverButton('Sandbox Blue').waitFor();
    // A new server opens in its own tab, tinted with its colour.
    await shell.waitForActiveServer('Sandbox Blue');
    const tint = await shell.serverTab('Sandbox Blue').evaluate((tab) => (tab.parentElement as unknown as { style: { getPropertyValue(name: string): string } }).style.getPropertyValue('--server-color').trim());
    expect(tint).toBe('#2f80ed');
  });

  it('adds a production server, which defaults to typed confirmation and shows a banner', async () => {
    await servers.openAdd();
    await servers.fill({ name: 'Sandbox Prod', url: sandboxUrl, color: '#eb5757', environment: 'Production' });
    await expect(servers.dialog().getByRole('checkbox', { name: 'Ask me to type the server name before destructive actions' }).isChecked()).resolves.toBe(true);
    await servers.submit();
    await shell.waitForActiveServer('Sandbox Prod');
    await shell.productionBanner().waitFor();
    expect(await shell.productionBanner().innerText()).toMatch(/Sandbox Prod/);
    const saved = await rpc<{ name: string; environment: string; policy: { confirmDestructive: boolean } }[]>(web, 'servers.list');
    expect(saved.find((server) => server.name === 'Sandbox Prod')).toMatchObject({ environment: 'production', policy: { confirmDestructive: true } });
  });

  it('switches servers with Ctrl+1..3 and keeps each server’s own namespace and pane', async () => {
    await browser.page.keyboard.press('Control+2');
    await shell.waitForActiveServer('Sandbox Blue');
    expect(await shell.productionBanner().count()).toBe(0);
    await shell.selectNamespace('system');
    await shell.openPane('KV store');

    await browser.page.keyboard.press('Control+1');
    await shell.waitForActiveServer('Local sandbox');
    await expect(shell.namespaces().getByRole('button', { name: 'All namespaces' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(shell.selectedPane().innerText()).resolves.toContain('Flows');

    await browser.page.keyboard.press('Control+3');
    await shell.waitForActiveServer('Sandbox Prod');
    await shell.productionBanner().waitFor();

    await browser.page.keyboard.press('Control+2');
    await shell.waitForActiveServer('Sandbox Blue');
    await shell.namespaces().getByRole('treeitem', { name: 'system', selected: true }).waitFor();
    await expect(shell.selectedPane().innerText()).resolves.toContain('KV store');
    // Alt+1 goes back to Flows.
    await browser.page.keyboard.press('Alt+1');
    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'Flows', selected: true }).waitFor();
  });

  it('finds servers and commands in the command palette', async () => {
    await shell.runFromPalette('prod', /^Server: Sandbox Prod/);
    await shell.waitForActiveServer('Sandbox Prod');
    await shell.runFromPalette('>kv', /Go to KV store/);
    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'KV store', selected: true }).waitFor();
    await shell.runFromPalette('>flows', /Go to Flows/);
    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'Flows', selected: true }).waitFor();
    // Esc closes the palette and gives focus back.
    const palette = await shell.openPalette();
    await browser.page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
  });

  it('keeps the password write-only: stored in the vault, never shown, never in files or the page', async () => {
    await servers.openEdit('Sandbox Blue');
    await servers.fill({ auth: { kind: 'basic', username: 'ops', password: SECRET } });
    await servers.submit();
    await servers.openEdit('Sandbox Blue');
    await servers.dialog().getByText('Credentials are stored. They cannot be shown or read back.').waitFor();
    expect(await servers.dialog().getByLabel(/^Password/).count()).toBe(0);
    expect(await browser.page.content()).not.toContain(SECRET);
    await servers.dialog().getByRole('button', { name: 'Cancel' }).click();

    const list = await rpc<{ name: string; hasCredentials: boolean }[]>(web, 'servers.list');
    expect(list.find((server) => server.name === 'Sandbox Blue')?.hasCredentials).toBe(true);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    for (const file of filesUnder(web.appDataDir)) {
      if (statSync(file).size < 5_000_000) expect(readFileSync(file).includes(SECRET), file).toBe(false);
    }
    expect(web.output()).not.toContain(SECRET);
  });

  it('hides or disables writes on a read-only server', async () => {
    await servers.openEdit('Sandbox Blue');
    await servers.fill({ auth: undefined, readOnly: true });
    await servers.submit();
    await browser.page.keyboard.press('Control+2');
    await shell.waitForActiveServer('Sandbox Blue');
    await shell.page.getByRole('note', { name: 'Read-only server' }).waitFor();
    const flows = new FlowsPage(browser.page);
    await flows.list().waitFor();
    await flows.list().getByRole('searchbox', { name: 'Search flows' }).waitFor();
    expect(await flows.list().getByRole('button', { name: 'New flow', exact: true }).count()).toBe(0);
    // The palette does not offer the write either.
    const palette = await shell.openPalette();
    await palette.getByRole('combobox').fill('>new flow');
    await palette.getByText('Nothing matches.').waitFor();
    await browser.page.keyboard.press('Escape');
  });

  it('saves a screenshot of the shell with three servers', async () => {
    const api = new SandboxApi(sandboxUrl);
    await api.createFlow(
      'id: nightly_orders\nnamespace: company.sales\nlabels:\n  team: sales\ntasks:\n  - id: extract\n    type: io.kestra.plugin.core.log.Log\n    message: "Extracting orders for {{ execution.startDate }}"\n',
    );
    await api.createFlow('id: refresh_stock\nnamespace: company.sales\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n');
    await browser.page.keyboard.press('Control+3');
    await shell.waitForActiveServer('Sandbox Prod');
    await shell.productionBanner().waitFor();
    await shell.selectNamespace('company.sales');
    const flows = new FlowsPage(browser.page);
    await flows.open('nightly_orders', 'company.sales');
    await flows.problems().getByText('No problems.').waitFor();
    await shell.serverRail().getByRole('img', { name: /^Health: Reachable/ }).first().waitFor();
    await shell.clearNotifications();
    await browser.page.screenshot({ path: screenshotPath('shell.png') });
    expect(browser.pageErrors).toEqual([]);
  });
});

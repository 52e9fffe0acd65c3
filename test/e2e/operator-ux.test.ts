// Operator UX (issue 15): state that survives, status that tells the truth, errors where they
// belong. Chromium against web mode at 1280×800 (the smallest window the issue names), driven
// by roles, labels and text as a user meets them. The tests run in order, on one console.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { REPO_ROOT, startTestSandbox, type TestSandbox } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, SandboxApi } from './pages/console-api';
import { ExecutionsPage } from './pages/executions.page';
import { FlowsPage } from './pages/flows.page';
import { KvPage } from './pages/kv.page';
import { ServersPage } from './pages/servers.page';

const NS = `company.ux${Date.now().toString(36)}`;
const FLOW_ID = 'operator_daily_report_with_a_long_name';
const FLOW = `id: ${FLOW_ID}
namespace: ${NS}
labels:
  team: data
  env: prod
  owner: ops
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
`;
const screenshot = (name: string): string => path.join(REPO_ROOT, 'test-results', `operator-ux-${name}.png`);

/** Text elements of `scope` whose text is cut (wider than their box), with what they show. */
async function cutText(page: TestBrowser['page'], selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      if (!(el.textContent || '').trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent.trim() + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
    }
    return out;
  })()`);
}

describe('operator UX', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  let flows: FlowsPage;
  let executions: ExecutionsPage;
  let kv: KvPage;
  let servers: ServersPage;
  let api: SandboxApi;
  let doomed: TestSandbox | undefined;
  const failedLoads: string[] = [];
  // The console's data folder is the test's, so a restart finds it (the fixture removes its own).
  const appData = makeTempDir('operator-ux');

  beforeAll(async () => {
    web = await startWebConsole({ appDataDir: appData.path });
    browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    shell = new AppShellPage(browser.page);
    flows = new FlowsPage(browser.page);
    executions = new ExecutionsPage(browser.page);
    kv = new KvPage(browser.page);
    servers = new ServersPage(browser.page);
    api = new SandboxApi(await localSandboxUrl(web));
    browser.page.on('response', (response) => {
      if (response.status() >= 400 && response.request().method() === 'GET') failedLoads.push(`${response.status()} ${response.url()}`);
    });
    await shell.open(web.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await browser?.page.screenshot({ path: screenshot(`fail-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await doomed?.stop();
    appData.remove();
  });

  it('loads with no failed request (a favicon), and the status bar is the contentinfo landmark', async () => {
    await shell.waitForActiveServer('Local sandbox');
    const status = browser.page.getByRole('contentinfo');
    await status.getByText(/Kestra \d+\.\d+/).waitFor();
    expect(failedLoads).toEqual([]);
    const icon = await browser.page.evaluate(`document.querySelector('link[rel="icon"]')?.href ?? ''`);
    const answer = await fetch(String(icon));
    expect(answer.status).toBe(200);
  });

  it('keeps the open flow through a Run and a pane switch; the welcome guide goes once a flow has run', async () => {
    await shell.welcome().waitFor();
    await flows.newFlow();
    await flows.replaceText(FLOW);
    await flows.save();
    await shell.toast(/Created/).waitFor();
    await flows.focusEditor();
    const form = await flows.openRunForm();
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    await shell.page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name: 'Executions', selected: true }).waitFor();
    await executions.header().waitFor();

    await shell.openPane('Flows');
    await browser.page.getByRole('region', { name: `Flow editor: ${FLOW_ID}` }).waitFor();
    expect(await browser.page.getByText('No flow open').count()).toBe(0);
    // A flow made and run: the guide has done its job and no longer takes room on every pane.
    await shell.welcome().waitFor({ state: 'detached' });
  });

  it('keeps an unsaved draft through pane switches, a reload and a restart', async () => {
    await flows.goToEnd();
    await browser.page.keyboard.type('# draft kept');
    await flows.status().getByText('Unsaved changes').waitFor();
    await shell.openPane('KV store');
    await shell.openPane('Flows');
    await flows.monaco().getByText('# draft kept').waitFor();

    await shell.selectNamespace(NS);
    await browser.page.reload();
    await shell.shell().waitFor();
    await flows.monaco().getByText('# draft kept').waitFor();
    // The cursor is where it was (the end of the draft line).
    await browser.page.getByLabel(/^Cursor at line 11, column 13$/).waitFor();

    await web.stop();
    web = await startWebConsole({ appDataDir: appData.path });
    api = new SandboxApi(await localSandboxUrl(web));
    await shell.open(web.url);
    await browser.page.getByRole('region', { name: `Flow editor: ${FLOW_ID}` }).waitFor();
    await flows.monaco().getByText('# draft kept').waitFor();
    await flows.status().getByText('Unsaved changes').waitFor();
    // The namespace picked before the restart is still the one selected.
    await shell.namespaces().getByRole('treeitem', { name: NS.split('.').pop()!, exact: true, selected: true }).waitFor();
    await shell.welcome().waitFor({ state: 'detached', timeout: 2000 });
    expect(await shell.welcome().count()).toBe(0);
  });

  it('reads every label of the flow list and the editor title at 1280×800', async () => {
    await browser.page.getByRole('region', { name: `Flow editor: ${FLOW_ID}` }).waitFor();
    await flows.row(FLOW_ID, NS).waitFor();
    await flows.row(FLOW_ID, NS).locator('time').waitFor();
    await browser.page.screenshot({ path: screenshot('flows-1280') });
    // Column headers, the last execution's time and the editor's title are never cut.
    expect(await cutText(browser.page, '[aria-label="Flow list"] [role="columnheader"], [aria-label="Flow list"] time, .flow-editor__title h2')).toEqual([]);
    // The search box's placeholder fits its box.
    const placeholder = await browser.page.evaluate(`(() => {
      const input = document.querySelector('input[aria-label="Search flows"]');
      const style = getComputedStyle(input);
      const probe = document.createElement('span');
      probe.style.font = style.font;
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'pre';
      probe.textContent = input.placeholder;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { needed, room };
    })()`);
    const { needed, room } = placeholder as { needed: number; room: number };
    expect(needed).toBeLessThanOrEqual(room);
    // Labels are whole chips (those that do not fit are left out, all of them in the tooltip); the namespace is whole.
    const row = flows.row(FLOW_ID, NS);
    await row.getByRole('button', { name: 'Filter by label team: data' }).waitFor({ state: 'attached' });
    expect(await cutText(browser.page, '[aria-label="Flow list"] .label-chip, [aria-label="Flow list"] .flow-list__ns, .flow-editor__title > *')).toEqual([]);
    await expect(row.locator('.flow-list__sub').getAttribute('title')).resolves.toBe('team: data\nenv: prod\nowner: ops');
  });

  it('goes back to the executions list as it was (not filtered to one flow), and the timeline has a legend', async () => {
    await api.createFlow(`id: other_flow\nnamespace: ${NS}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: other\n`);
    await fetch(`${api.baseUrl}/api/v1/main/executions/${NS}/other_flow`, { method: 'POST' });
    // The Run above landed on its execution; the pane is still there. Back shows the whole list.
    await executions.open();
    await executions.backToList().click();
    await executions.grid().waitFor();
    expect(await browser.page.getByRole('textbox', { name: 'Flow', exact: true }).inputValue()).toBe('');
    await executions.filterNamespace(NS);
    await expect.poll(() => executions.rowIds().then((ids) => ids.length), { timeout: 20_000 }).toBe(2);
    const [first] = await executions.rowIds();
    await executions.openExecution(first!);
    await executions.backToList().click();
    await executions.grid().waitFor();
    await expect.poll(() => executions.rowIds().then((ids) => ids.length), { timeout: 20_000 }).toBe(2);
    expect(await browser.page.getByRole('textbox', { name: 'Flow', exact: true }).inputValue()).toBe('');

    await executions.showTimeline();
    const legend = browser.page.getByRole('region', { name: 'Executions timeline' }).getByRole('list', { name: /^Legend/ });
    await legend.getByRole('listitem').first().waitFor();
    const states = await legend.getByRole('listitem').allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((state) => /^[A-Z][a-z]/.test(state.trim()))).toBe(true);
    await executions.showList();
  });

  it('anchors an unknown task type at its type: line and words it as an unknown type', async () => {
    // A core class that does not exist: Kestra refuses it (a class of another plugin would be saved
    // with a warning by the sandbox, as a plugin it cannot run).
    await shell.openPane('Flows');
    await flows.newFlow();
    await flows.replaceText(`id: unknown_type\nnamespace: ${NS}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Lgo\n    message: hi\n`);
    await flows.save();
    await flows.problem(/^Error on line 5 \(server\): .*io\.kestra\.plugin\.core\.log\.Lgo/).waitFor();
    expect(await flows.problem(/on line 1 \(server\)/).count()).toBe(0);
    expect(await flows.problem(/Value must be/).count()).toBe(0);
    await flows.problem(/Unknown task type "io\.kestra\.plugin\.core\.log\.Lgo"/).waitFor();
    // The failed save is reported in the panel where its problems are, not in a toast over them.
    expect(await shell.toast(/Lgo|Save failed|not saved/i).count()).toBe(0);
  });

  it('names the namespace a new KV pair goes to, does not mask a string by its key name, and keeps at most three toasts clear of the table', async () => {
    await shell.openPane('KV store');
    await shell.selectNamespace(NS);
    await kv.openNew();
    await kv.dialog().getByRole('heading', { name: `New KV pair in ${NS}` }).waitFor();
    await kv.fill({ key: 'temp_token', type: 'STRING', value: 'plain-visible-value' });
    await kv.submit();
    await kv.dialog().waitFor({ state: 'detached' });
    await kv.row('temp_token').getByText('plain-visible-value').waitFor();

    for (const key of ['a_one', 'a_two', 'a_three', 'a_four']) await kv.create({ key, type: 'STRING', value: key });
    const notes = browser.page.getByRole('region', { name: 'Notifications' }).locator('.toast');
    expect(await notes.count()).toBeLessThanOrEqual(3);
    const table = await kv.table().boundingBox();
    for (const note of await notes.all()) {
      const box = await note.boundingBox();
      if (!box || !table) continue;
      const overlaps = box.x < table.x + table.width && box.x + box.width > table.x && box.y < table.y + table.height && box.y + box.height > table.y;
      expect(overlaps).toBe(false);
    }
  });

  it('says where a typed password is kept, as the status bar does; shows the verdict in view; asks before saving an unreachable server', async () => {
    await servers.openAdd();
    await servers.fill({ name: 'Nowhere', url: 'http://127.0.0.1:9', auth: { kind: 'basic', username: 'admin', password: 'not-a-secret' } });
    const password = servers.dialog().getByLabel(/^Password/);
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const hint = (await Promise.all(describedBy.split(' ').filter(Boolean).map((id) => browser.page.locator(`[id="${id}"]`).innerText()))).join(' ');
    expect(hint).not.toBe('');
    const statusWords = await browser.page.getByRole('contentinfo').innerText();
    if (/only for this session/.test(statusWords)) expect(hint).toMatch(/this session only|only for this session/);
    else expect(hint).toMatch(/keychain|encrypted/);
    expect(hint).not.toMatch(/never in files/);

    await servers.dialog().getByRole('button', { name: 'Add server', exact: true }).click();
    const ask = browser.page.getByRole('dialog', { name: 'Save Nowhere anyway?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    const verdict = servers.dialog().getByRole('alert').filter({ hasText: /\S/ }).first();
    await verdict.waitFor();
    const box = await verdict.boundingBox();
    expect(box && box.y + box.height <= 800).toBe(true);
    // What the user typed is still there; closing without saving adds nothing.
    await expect(servers.dialog().getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe('Nowhere');
    await browser.page.keyboard.press('Escape');
    await servers.dialog().waitFor({ state: 'detached' });
    expect(await shell.serverButton('Nowhere').count()).toBe(0);
  });

  it('switches servers with an unsaved draft without asking, and marks a server that dies at once, with its cached data as outdated', async () => {
    doomed = await startTestSandbox();
    await fetch(`${doomed.api()}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: `id: cached_flow\nnamespace: company.doomed\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n` });
    await servers.openAdd();
    await servers.fill({ name: 'Doomed', url: doomed.url });
    await servers.submit();
    // The Local sandbox still has its unsaved draft: adding and switching never asks.
    await shell.waitForActiveServer('Doomed');
    expect(await browser.page.getByRole('dialog').count()).toBe(0);
    await shell.openPane('Flows');
    await flows.row('cached_flow', 'company.doomed').waitFor();
    const rail = shell.serverRail();
    await rail.getByRole('img', { name: /^Health: Reachable/ }).nth(1).waitFor();

    await doomed.stop();
    doomed = undefined;
    await flows.list().getByRole('button', { name: 'Reload flows' }).click();
    // At once (no 30 s wait): the rail, the status bar and the list all say so.
    await shell.serverButton('Doomed').locator('xpath=..').getByRole('img', { name: /^Health: Unreachable/ }).waitFor({ timeout: 10_000 });
    const status = browser.page.getByRole('contentinfo');
    await status.getByText(/^Unreachable/).waitFor();
    expect(await status.innerText()).toMatch(/last seen Kestra/);
    await status.getByRole('button', { name: 'Retry now' }).waitFor();
    await flows.list().getByRole('status').filter({ hasText: /Showing flows from .* not current/ }).waitFor();
    await flows.row('cached_flow', 'company.doomed').waitFor();
    await browser.page.screenshot({ path: screenshot('server-down') });

    // Back on the Local sandbox the draft is where it was.
    await shell.serverButton('Local sandbox').click();
    await shell.waitForActiveServer('Local sandbox');
    expect(await browser.page.getByRole('dialog').count()).toBe(0);
  });

  it('shows what a broken server answered (garbage, 500, a dead socket) with the next step, and keeps what was typed', async () => {
    // A server that says it is Kestra 1.3, then answers the flow search with garbage, the
    // executions search with a 500 and a stack trace, and drops every write mid-request.
    const broken: Server = createServer((request, response) => {
      const url = request.url ?? '';
      if (url.includes('/configs')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        return void response.end(JSON.stringify({ uuid: 'broken', version: '1.3.25', edition: 'OSS', isBasicAuthEnabled: false }));
      }
      if (request.method === 'PUT' || request.method === 'POST' || request.method === 'DELETE') return void request.socket.destroy();
      if (url.includes('/flows/search')) return void response.end('this is not json {');
      if (/\/kv\/typed_key/.test(url)) {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        return void response.end('{"message":"Not found"}');
      }
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end('java.lang.NullPointerException: boom');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      await servers.openAdd();
      await servers.fill({ name: 'Broken', url });
      await servers.dialog().getByRole('button', { name: 'Add server', exact: true }).click();
      const ask = browser.page.getByRole('dialog', { name: 'Save Broken anyway?' });
      await ask.or(shell.serverTab('Broken')).first().waitFor();
      if (await ask.count()) await ask.getByRole('button', { name: 'Save anyway' }).click();
      await shell.waitForActiveServer('Broken');

      // Garbage: said as such, with what was sent behind Show details, and Retry.
      await shell.openPane('Flows');
      const failure = flows.list().getByRole('alert');
      await failure.getByText('Could not list the flows').waitFor();
      await failure.getByText(/not Kestra data/).waitFor();
      await failure.getByRole('button', { name: 'Retry' }).waitFor();
      await failure.getByText(/Show details/).click();
      await failure.getByText('this is not json {').waitFor();

      // A 500: its status and the server's own text, and Retry.
      await executions.open();
      const error = browser.page.getByRole('alert').filter({ hasText: /500/ }).first();
      await error.getByText(/NullPointerException: boom/).first().waitFor();
      await error.getByRole('button', { name: 'Retry' }).waitFor();

      // A socket that dies under a write: the dialog says so and keeps everything typed.
      await shell.openPane('KV store');
      await kv.openNew();
      await kv.fill({ namespace: 'company.team', key: 'typed_key', type: 'STRING', value: 'typed by hand' });
      await kv.submit();
      await kv.alerts().getByText('The pair was not saved').waitFor();
      expect(await kv.dialog().getByText(/already exists/).count()).toBe(0);
      await expect(kv.dialog().getByLabel('Value', { exact: true }).inputValue()).resolves.toBe('typed by hand');
      await expect(kv.dialog().getByRole('textbox', { name: 'Key' }).inputValue()).resolves.toBe('typed_key');
      await browser.page.screenshot({ path: screenshot('broken-server') });
      await browser.page.keyboard.press('Escape');
    } finally {
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});

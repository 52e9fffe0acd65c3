// The core journeys against servers of every Kestra line an operator runs: 0.24 (newest 0.x), 1.3
// and 2.0 (basic auth), each a sandbox persona added through the server dialog. Create a flow,
// run it with inputs, see its logs live and its outputs (2.0: loaded per task run when opened),
// edit a typed KV pair, upload a file by dropping it; what a version lacks is shown with the
// reason, never a raw 404. Then an Enterprise 2.0 server whose tenant is picked from the account's
// list. Chromium against web mode.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { EE_TOKENS, REPO_ROOT, startTestSandbox, type PersonaId, type TestSandbox } from '../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { ExecutionsPage } from './pages/executions.page';
import { FilesPage } from './pages/files.page';
import { FlowsPage } from './pages/flows.page';
import { KvPage } from './pages/kv.page';
import { ServersPage } from './pages/servers.page';

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 200 });

const USER = 'ops@kestra.example';
const PASSWORD = `Versions-${Math.random().toString(36).slice(2, 8)}-9`;

const FLOW = (namespace: string): string => `id: greet
namespace: ${namespace}
inputs:
  - id: who
    type: STRING
    defaults: world
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.who }}"
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT2S
  - id: report
    type: io.kestra.plugin.core.storage.Write
    content: "who\\n{{ inputs.who }}\\n"
    extension: .csv
  - id: bye
    type: io.kestra.plugin.core.log.Log
    message: "Bye {{ inputs.who }}"
`;

interface Persona {
  id: PersonaId;
  name: string;
  version: string;
  auth: boolean;
  /** Outputs served apart, loaded per task run when its group opens. */
  outputsApart: boolean;
  /** What the file history shows when the version has none. */
  historyNote?: string;
  inheritanceNote?: string;
}

const PERSONAS: Persona[] = [
  {
    id: '0.24',
    name: 'Kestra 0.24',
    version: '0.24.0',
    auth: false,
    outputsApart: false,
    historyNote: 'History: Needs Kestra ≥ 1.2; this server runs 0.24.0.',
    inheritanceNote: 'Keys inherited from parent namespaces are not shown: Needs Kestra ≥ 1.0; this server runs 0.24.0.',
  },
  { id: '2.0', name: 'Kestra 2.0', version: '2.0.3', auth: true, outputsApart: true },
  { id: '1.3', name: 'Kestra 1.3', version: '1.3.25', auth: false, outputsApart: false },
];

describe('core journeys on every Kestra version', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  /** The bottom line (inside the workspace's main landmark, so labelled rather than a contentinfo). */
  const statusBar = () => shell.page.locator('footer[aria-label="Status"]');
  const sandboxes = new Map<PersonaId, TestSandbox>();
  const temp = makeTempDir('versions-e2e');

  beforeAll(async () => {
    for (const p of PERSONAS) sandboxes.set(p.id, await startTestSandbox({ kestraVersion: p.id, ...(p.auth ? { auth: { username: USER, password: PASSWORD } } : {}) }));
    web = await startWebConsole();
    browser = await launchBrowser();
    shell = new AppShellPage(browser.page);
    await shell.open(web.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await browser?.page.screenshot({ path: path.join(REPO_ROOT, 'test-results', `versions-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    for (const s of sandboxes.values()) await s.stop();
    temp.remove();
  });

  describe.each(PERSONAS)('$name', (persona) => {
    const ns = randomNamespace(`v${persona.id.replace('.', '')}`);
    let sandbox: TestSandbox;
    const api = (p: string, init: RequestInit = {}): Promise<Response> => fetch(`${sandbox.api()}${p}`, { ...init, headers: { ...sandbox.adminHeaders, ...(init.headers as Record<string, string>) } });

    beforeAll(() => {
      sandbox = sandboxes.get(persona.id)!;
    });

    it('adds the server through the dialog; the test names its version', async () => {
      const servers = new ServersPage(browser.page);
      await servers.openAdd();
      await servers.fill({ name: persona.name, url: sandbox.url, ...(persona.auth ? { auth: { kind: 'basic', username: USER, password: PASSWORD } } : {}) });
      const checks = await servers.testConnection();
      await checks.getByText(`Kestra ${persona.version} · OSS`).waitFor();
      await servers.submit();
      await shell.serverButton(persona.name).click();
      await shell.waitForActiveServer(persona.name);
      await statusBar().getByText(`Kestra ${persona.version} · OSS`).waitFor();
    });

    it('creates a flow by typing it', async () => {
      const flows = new FlowsPage(browser.page);
      await shell.openPane('Flows');
      await flows.newFlow();
      await flows.replaceText(FLOW(ns));
      await flows.save();
      await eventually(async () => (await api(`/flows/${ns}/greet?source=true`)).status).toBe(200);
      await eventually(() => flows.status().textContent()).toMatch(/Revision 1/);
    });

    it('runs it with inputs, sees the logs live and the outputs, file preview included', async () => {
      const flows = new FlowsPage(browser.page);
      await flows.focusEditor();
      const form = await flows.openRunForm();
      await form.getByRole('textbox', { name: 'who' }).fill(`op-${persona.id}`);
      await form.getByRole('button', { name: 'Run', exact: true }).click();

      const pane = new ExecutionsPage(browser.page);
      await pane.header().waitFor();
      await pane.tab('Logs');
      // The first line arrives while the execution sleeps; the last one follows on the same stream.
      await pane.logs.log().getByText(`Hello op-${persona.id}`).waitFor({ timeout: 30_000 });
      await pane.logs.log().getByText(`Bye op-${persona.id}`).waitFor({ timeout: 30_000 });
      await pane.waitForState('Success');

      await pane.tab('Outputs');
      const tree = pane.outputsTree();
      const report = tree.getByRole('treeitem', { name: /^report: / });
      await report.waitFor();
      if (persona.outputsApart) {
        // 2.x: nothing loaded until the group opens.
        expect(await report.getAttribute('aria-label')).toBe('report: open to load');
        // No task run's values are in the tree before its group opens (a group may be listed, closed).
        expect(await tree.getByRole('treeitem', { name: /^[^:]+: (?!open to load$)/ }).count()).toBe(0);
        await report.getByRole('button', { name: 'Expand report' }).click();
      }
      const uri = tree.getByRole('treeitem', { name: /^uri: / });
      await uri.waitFor();
      await uri.getByRole('button', { name: 'Preview' }).click();
      const preview = browser.page.getByLabel(/^Preview of .*\.csv$/);
      await eventually(() => preview.textContent()).toBe(`who\nop-${persona.id}\n`);
    });

    it('creates and edits a typed KV pair', async () => {
      const kv = new KvPage(browser.page);
      await shell.openPane('KV store');
      await shell.selectNamespace(ns);
      await kv.create({ key: 'limit', type: 'NUMBER', value: '10' });
      await kv.row('limit').getByRole('button', { name: 'Edit limit' }).click();
      await kv.dialog().waitFor();
      await kv.dialog().getByLabel('Value', { exact: true }).fill('11.5');
      await kv.submit('Save');
      await kv.dialog().waitFor({ state: 'detached' });
      await eventually(async () => (await (await api(`/namespaces/${ns}/kv/limit`)).json()) as unknown).toMatchObject({ type: 'NUMBER', value: 11.5 });
      if (persona.inheritanceNote) await kv.pane().getByText(persona.inheritanceNote).waitFor();
      else expect(await kv.pane().getByText(/Keys inherited from parent namespaces are not shown/).count()).toBe(0);
    });

    it('uploads a dropped file, and shows its history only where the version has one', async () => {
      const files = new FilesPage(browser.page);
      const local = path.join(temp.path, `notes-${persona.id.replace('.', '')}.txt`);
      writeFileSync(local, `notes for ${persona.name}\n`);
      await shell.openPane('Files');
      await shell.selectNamespace(ns);
      // A new namespace has no files yet: the drop target is the empty state.
      const empty = files.pane().getByText('No files yet');
      await empty.waitFor();
      await files.dropFromDesktop([local], empty);
      const name = path.basename(local);
      await files.item(name).waitFor({ timeout: 30_000 });
      await eventually(async () => (await api(`/namespaces/${ns}/files/stats?path=${encodeURIComponent(`/${name}`)}`)).status).toBe(200);
      const editor = files.editor(`/${name}`);
      // The tree redraws when the upload lands; open the file once its row has settled.
      for (let attempt = 0; attempt < 5 && !(await editor.count()); attempt += 1) {
        await files.open(name);
        await editor.waitFor({ timeout: 3_000 }).catch(() => undefined);
      }
      await editor.waitFor();
      const history = editor.getByRole('combobox', { name: 'Revision to view' });
      if (persona.historyNote) {
        await editor.getByText(persona.historyNote).waitFor();
        expect(await history.isDisabled()).toBe(true);
      } else {
        expect(await history.isEnabled()).toBe(true);
      }
      expect(browser.pageErrors).toEqual([]);
    });
  });

  describe('Kestra Enterprise 2.0', () => {
    let ee: TestSandbox;
    beforeAll(async () => {
      ee = await startTestSandbox({ kestraVersion: '2.0', edition: 'EE' });
    });
    afterAll(async () => {
      await ee?.stop();
    });

    it('picks the tenant from the account’s list after the test, with a service-account token', async () => {
      const servers = new ServersPage(browser.page);
      await servers.openAdd();
      await servers.fill({ name: 'Enterprise', url: ee.url, auth: { kind: 'bearer', token: EE_TOKENS.admin } });
      await servers.testConnection();
      const dialog = servers.dialog();
      const tenant = dialog.getByRole('combobox', { name: 'Tenant' });
      await dialog.getByText('2 tenants available to this account.').waitFor({ timeout: 30_000 });
      await tenant.selectOption('prod');
      await servers.submit();
      await shell.serverButton('Enterprise').click();
      await shell.waitForActiveServer('Enterprise');
      await statusBar().getByText('Kestra 2.0.3 · EE · tenant prod').waitFor();
      const profile = JSON.stringify(await (await fetch(`${web.origin}/rpc/servers.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-console-token': web.token }, body: '{"params":{}}' })).json());
      expect(profile).toContain('"tenant":"prod"');
      expect(profile).not.toContain(EE_TOKENS.admin);
    });
  });
});

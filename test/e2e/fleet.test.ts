// The fleet through the UI (issue 17), Chromium against web mode with three more sandboxes: the
// overview as the start screen with a server killed mid-way, two servers side by side with an edit
// on one side, a promotion with files and KV that meets a stale target and is rolled back, and the
// drift matrix after one change on one side.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { REPO_ROOT, spawnSandboxProcess, startTestSandbox, type SandboxProcess, type TestSandbox } from '../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { flowYaml, Raw, subflowTask } from '../integration/main/fleet/fleet-helpers';
import { AppShellPage } from './pages/app-shell.page';
import { rpc } from './pages/console-api';
import { FleetPage } from './pages/fleet.page';
import { FlowsPage } from './pages/flows.page';

// Through screenshotPath(): `npm run screenshots` copies these over the README's pictures.
const shot = (name: string): string => {
  const file = screenshotPath(name);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
};

/** The page's own function, used inside evaluate (this file compiles without DOM types). */
declare function getComputedStyle(element: unknown): { getPropertyValue(name: string): string };

const FAIL = '  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: boom\n';

describe('the fleet', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let shell: AppShellPage;
  let fleet: FleetPage;
  let staging: TestSandbox;
  let prod: TestSandbox;
  let doomed: SandboxProcess;
  const temp = makeTempDir('fleet-e2e');
  const ns = randomNamespace('fleet');

  const addServer = (name: string, url: string, production = false) =>
    rpc(web, 'servers.create', {
      input: {
        name,
        url,
        authKind: 'none',
        color: production ? '#d64545' : name === 'Staging' ? '#2f80ed' : '#888888',
        environment: production ? 'production' : 'staging',
        policy: { confirmDestructive: production, readOnly: false },
        tls: {},
      },
    });

  async function fail(url: string, namespace = ns, flowId = 'boom'): Promise<string> {
    const response = await fetch(`${url}/api/v1/main/executions/${namespace}/${flowId}?wait=true`, { method: 'POST' });
    return ((await response.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    [staging, prod] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    doomed = await spawnSandboxProcess(temp.path);
    for (const url of [staging.url, prod.url, doomed.url]) {
      const response = await fetch(`${url}/api/v1/main/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: flowYaml(ns, 'boom', FAIL) });
      expect(response.ok).toBe(true);
    }
    await fail(staging.url);
    await fail(staging.url);
    await fail(prod.url);
    await fail(doomed.url);
    web = await startWebConsole();
    await addServer('Staging', staging.url);
    await addServer('Prod', prod.url, true);
    await addServer('Doomed', doomed.url);
    browser = await launchBrowser({ viewport: { width: 1680, height: 980 } });
    shell = new AppShellPage(browser.page);
    fleet = new FleetPage(browser.page);
    await shell.open(web.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await browser?.page.screenshot({ path: path.join(REPO_ROOT, 'test-results', `fleet-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await doomed?.kill('SIGKILL');
    await Promise.all([staging?.stop(), prod?.stop()]);
    temp.remove();
  });

  it('opens on the fleet, keeps reading the others when a server dies, and opens a failure on its server', async () => {
    // The overview's stream reads every server's health: the rail's own probes pause meanwhile, and
    // the rail shows what the stream read. Counted from a fresh load of the page.
    const healthProbes: string[] = [];
    const countProbe = (request: { url(): string }): void => {
      if (new URL(request.url()).pathname === '/rpc/servers.health') healthProbes.push(request.url());
    };
    browser.page.on('request', countProbe);
    await browser.page.reload();
    // More than one server: the fleet is the start screen.
    await fleet.region().waitFor();
    for (const [name, failed] of [
      ['Staging', '2 failed'],
      ['Prod', '1 failed'],
      ['Doomed', '1 failed'],
    ] as const) {
      await fleet.serverRow(name).getByLabel(failed, { exact: true }).waitFor();
      expect(await fleet.serverRow(name).innerText()).toMatch(/1\.3\.25 · OSS/);
    }
    await fleet.serverRow('Staging').getByRole('img', { name: /^Executions per 2 hours in the last 24 hours: 2 failed/ }).waitFor();
    const railHealth = (name: string) => browser.page.locator('.rail__item', { has: browser.page.getByRole('button', { name, exact: true }) }).locator('.health-dot');
    for (const name of ['Staging', 'Prod', 'Doomed']) {
      await vi.waitFor(async () => expect(await railHealth(name).getAttribute('aria-label')).toMatch(/^Health: Reachable · \d+ ms$/), { timeout: 15_000, interval: 100 });
    }
    expect(healthProbes).toEqual([]);

    // One merged list, newest first, narrowed to this test's namespace.
    await fleet.page.getByRole('searchbox', { name: 'Filter by namespace' }).fill(ns);
    // The filter applies after its debounce, with a new read of every server: wait for it.
    await fleet.page.locator('section[aria-label="Failures across all servers"][aria-busy="false"]').waitFor();
    const rowServers = () => fleet.failures().getByRole('row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? '').filter(Boolean).map((label) => label.replace(/^.* on (\w+), execution .*$/, '$1')));
    await vi.waitFor(async () => expect(await rowServers()).toEqual(['Doomed', 'Prod', 'Staging', 'Staging']), { timeout: 30_000, interval: 250 });
    await browser.page.screenshot({ path: shot('fleet-overview.png') });

    // Kill one server: its own line says so; the others keep updating.
    await doomed.kill('SIGKILL');
    await fleet.serverRow('Doomed').getByRole('button', { name: 'Refresh Doomed' }).click();
    await fleet.serverRow('Doomed').getByRole('alert').or(fleet.serverRow('Doomed').getByText('(last answer; now failing)')).first().waitFor({ timeout: 30_000 });
    const fresh = await fail(staging.url);
    await browser.page.keyboard.press('Control+Alt+r');
    await fleet.failureRow(new RegExp(`on Staging, execution ${fresh}$`)).waitFor({ timeout: 30_000 });
    await fleet.serverRow('Staging').getByLabel('3 failed', { exact: true }).waitFor({ timeout: 30_000 });
    await browser.page.getByRole('alert').filter({ hasText: /^Doomed: .*refused the connection/ }).waitFor({ timeout: 30_000 });
    // The dead server's rows stay listed from its last answer.
    expect(await fleet.failureIds()).toHaveLength(5);
    expect((await fleet.failureIds())[0]).toBe(fresh);
    expect(await rowServers()).toContain('Doomed');
    await browser.page.screenshot({ path: shot('fleet-overview-dead-server.png') });

    // The one probe since is the dead server's Refresh, which reads that server at once.
    expect(healthProbes).toHaveLength(1);

    // Opening a failure opens that execution on its server.
    await fleet.failureRow(new RegExp(`execution ${fresh}$`)).click();
    await shell.waitForActiveServer('Staging');
    await expect(shell.selectedPane().innerText()).resolves.toContain('Executions');
    await browser.page.getByText(fresh).first().waitFor();
    // Away from the overview, the console probes health itself again.
    await vi.waitFor(() => expect(healthProbes.length).toBeGreaterThan(0), { timeout: 15_000, interval: 100 });
    browser.page.off('request', countProbe);
  });

  it('shows two servers side by side, edits on one side only, swaps and remembers the split', async () => {
    const sideNs = randomNamespace('side');
    await new Raw(staging).createFlow(flowYaml(sideNs, 'edit_me'));
    await new Raw(prod).createFlow(flowYaml(sideNs, 'edit_me'));
    await shell.serverButton('Staging').click();
    await shell.waitForActiveServer('Staging');
    await shell.openPane('Flows');
    await browser.page.keyboard.press('Control+\\');
    await fleet.page.getByRole('toolbar', { name: 'Split' }).waitFor();
    await fleet.page.getByRole('combobox', { name: 'Server on the right side' }).selectOption({ label: 'Prod' });
    const left = fleet.splitSide('Left');
    const right = fleet.splitSide('Right');
    await right.getByRole('note', { name: 'Production server' }).waitFor();
    expect(await left.getByRole('note', { name: 'Production server' }).count()).toBe(0);
    expect(await left.getAttribute('aria-label')).toBe('Left side: Staging');
    // Each side wears its own server's colour.
    const colour = (side: typeof left) => side.evaluate((element) => getComputedStyle(element).getPropertyValue('--server-color').trim());
    expect([await colour(left), await colour(right)]).toEqual(['#2f80ed', '#d64545']);

    // Edit the flow on the left (Staging); the right (Prod) keeps its own. Working in a side focuses it.
    const flows = new FlowsPage(browser.page);
    await left.getByRole('searchbox', { name: 'Search flows' }).click();
    await shell.waitForActiveServer('Staging');
    await left.getByRole('searchbox', { name: 'Search flows' }).fill('edit_me');
    await left.getByRole('row', { name: `edit_me in ${sideNs}`, exact: true }).click();
    await left.getByRole('region', { name: 'Flow editor: edit_me' }).waitFor();
    // Half a window is narrow: make room for the editor, as a user would.
    await left.getByRole('button', { name: 'Hide the flow list' }).click();
    await flows.replaceText(flowYaml(sideNs, 'edit_me', '  - id: edited\n    type: io.kestra.plugin.core.log.Log\n    message: edited on the left\n'));
    await left.getByRole('button', { name: 'Save', exact: true }).click();
    await vi.waitFor(async () => expect((await new Raw(staging).flow(sideNs, 'edit_me'))?.source).toContain('edited on the left'), { timeout: 30_000, interval: 250 });
    expect((await new Raw(prod).flow(sideNs, 'edit_me'))?.source).not.toContain('edited on the left');
    await browser.page.screenshot({ path: shot('fleet-split.png') });

    // F6 moves focus (and the active server) to the other side; Shift+F6 swaps the sides.
    await browser.page.keyboard.press('F6');
    await shell.waitForActiveServer('Prod');
    await right.getByText('focused', { exact: true }).waitFor();
    await browser.page.keyboard.press('Shift+F6');
    await fleet.page.getByRole('region', { name: 'Left side: Prod' }).getByRole('note', { name: 'Production server' }).waitFor();
    expect(await fleet.page.getByRole('region', { name: 'Right side: Staging' }).getByRole('note', { name: 'Production server' }).count()).toBe(0);
    expect([await colour(fleet.splitSide('Left')), await colour(fleet.splitSide('Right'))]).toEqual(['#d64545', '#2f80ed']);
    await shell.waitForActiveServer('Prod');

    // Compare across the split: the flow differs between the two servers.
    await browser.page.keyboard.press('Control+Alt+d');
    const dialog = browser.page.getByRole('dialog', { name: /^Compare across the split/ });
    await dialog.getByRole('textbox', { name: 'Namespace' }).fill(sideNs);
    await dialog.getByRole('textbox', { name: 'Flow id' }).fill('edit_me');
    await dialog.getByRole('button', { name: 'Compare' }).click();
    await dialog.getByText(`${sideNs}.edit_me differs between Prod and Staging.`).waitFor({ timeout: 30_000 });
    await browser.page.screenshot({ path: shot('fleet-split-compare.png') });
    await dialog.getByRole('button', { name: 'Close dialog' }).click();

    // The split is remembered across a reload.
    await browser.page.reload();
    await fleet.page.getByRole('region', { name: 'Left side: Prod' }).waitFor();
    await fleet.page.getByRole('region', { name: 'Right side: Staging' }).waitFor();
    await browser.page.keyboard.press('Control+\\');
    await fleet.page.getByRole('toolbar', { name: 'Split' }).waitFor({ state: 'detached' });
  });

  it('promotes a namespace with files and KV, stops at a stale target, and rolls back', async () => {
    const app = randomNamespace('promo');
    const src = new Raw(staging);
    const dst = new Raw(prod);
    await src.createFlow(flowYaml(app, 'leaf'));
    await src.createFlow(
      flowYaml(
        app,
        'caller',
        `${subflowTask('call', app, 'leaf')}  - id: use
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('API_URL') }} {{ secret('API_TOKEN') }} {{ read('scripts/run.sh') }}"
`,
      ),
    );
    await src.createFlow(flowYaml(app, 'solo', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: solo v2\n'));
    await src.createFlow(flowYaml(app, 'contested', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: contested from staging\n'));
    await src.putFile(app, '/scripts/run.sh', 'echo run\n');
    await src.putKv(app, 'API_URL', '"https://staging.example"');
    await dst.createFlow(flowYaml(app, 'solo', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: solo v1\n'));
    await dst.createFlow(flowYaml(app, 'contested', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: contested on prod\n'));

    await fleet.open('Promotion');
    const form = fleet.promotionForm();
    await form.getByRole('combobox', { name: 'Source server' }).selectOption({ label: 'Staging' });
    await form.getByRole('combobox', { name: 'Target server' }).selectOption({ label: 'Prod (asks for confirmation)' });
    await form.getByRole('button', { name: 'Reload namespaces' }).click();
    await vi.waitFor(async () => expect(await form.getByRole('combobox', { name: 'Namespace to promote' }).locator('option', { hasText: app }).count()).toBe(1), { timeout: 30_000 });
    await form.getByRole('combobox', { name: 'Namespace to promote' }).selectOption(app);
    await form.getByRole('button', { name: 'Make the plan' }).click();
    await fleet.plan().waitFor({ timeout: 60_000 });

    const statusOf = async (kind: 'flow' | 'file' | 'kv', name: string): Promise<string> => (await fleet.planItem(kind, name).getByRole('cell').first().innerText()).trim();
    expect(await statusOf('flow', `${app}.leaf`)).toBe('new');
    expect(await statusOf('flow', `${app}.solo`)).toBe('changed');
    expect(await statusOf('file', `/scripts/run.sh (${app})`)).toBe('new');
    expect(await statusOf('kv', `API_URL (${app})`)).toBe('missing on the target');
    await fleet.plan().getByRole('region', { name: 'Secrets the flows use' }).getByText('API_TOKEN').waitFor();
    await fleet.plan().getByRole('checkbox', { name: 'Copy the value of API_URL' }).check();
    await browser.page.screenshot({ path: shot('fleet-promotion-plan.png') });

    // Someone changes a flow on the target after the plan.
    await dst.putFlow(app, 'contested', flowYaml(app, 'contested', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: hotfix on prod\n'));

    await fleet.plan().getByRole('button', { name: 'Apply to Prod' }).click();
    await shell.confirm('Promote', 'Prod');
    await fleet.plan().getByText(/^Result: /).waitFor({ timeout: 60_000 });
    expect(await fleet.planItem('flow', `${app}.contested`).innerText()).toMatch(/stopped: target changed/);
    expect(await fleet.planItem('flow', `${app}.solo`).innerText()).toMatch(/written · was revision 1/);
    expect((await dst.flow(app, 'contested'))?.source).toContain('hotfix on prod');
    expect((await dst.flow(app, 'solo'))?.source).toContain('solo v2');
    expect((await dst.flow(app, 'caller'))?.source).toContain("secret('API_TOKEN')");
    expect((await dst.file(app, '/scripts/run.sh'))?.toString()).toBe('echo run\n');
    expect(await dst.kv(app, 'API_URL')).toMatchObject({ value: 'https://staging.example' });
    await browser.page.screenshot({ path: shot('fleet-promotion-result.png') });

    // The stale item shows what changed on the target.
    await fleet.planItem('flow', `${app}.contested`).getByRole('button', { name: /^Show what changed on the target/ }).click();
    const diff = browser.page.getByRole('dialog', { name: new RegExp(`${app.replace(/\./g, '\\.')}\\.contested: Prod now`) });
    await diff.waitFor();
    await diff.getByRole('button', { name: 'Close dialog' }).click();

    // Roll back: solo gets its old text back, the flows the promotion created are removed.
    await fleet.plan().getByRole('button', { name: 'Roll back 3 flows' }).click();
    await shell.confirm('Roll back', 'Prod');
    await vi.waitFor(async () => expect((await dst.flow(app, 'solo'))?.source).toContain('solo v1'), { timeout: 30_000, interval: 250 });
    expect(await dst.flow(app, 'leaf')).toBeUndefined();
    expect(await dst.flow(app, 'caller')).toBeUndefined();
    expect((await dst.flow(app, 'solo'))?.revision).toBe(3);
    await fleet.planItem('flow', `${app}.solo`).getByText(/rollback: done/).waitFor();
  });

  it('shows drift after one change on one side, and opens the diff', async () => {
    const driftNs = randomNamespace('drift');
    for (const raw of [new Raw(staging), new Raw(prod)]) {
      await raw.createFlow(flowYaml(driftNs, 'shared'));
      await raw.putFile(driftNs, '/conf.yml', 'a: 1\n');
    }
    await fleet.open('Drift');
    await browser.page.getByRole('combobox', { name: 'Reference server' }).selectOption({ label: 'Staging' });
    await browser.page.getByRole('searchbox', { name: 'Filter namespaces' }).fill(driftNs);
    await browser.page.getByRole('button', { name: 'Refresh the drift matrix' }).click();
    await fleet.driftCell(driftNs, 'Prod').and(browser.page.getByRole('button', { name: /: same$/ })).waitFor({ timeout: 60_000 });
    expect(await fleet.drift().locator('thead').innerText()).toMatch(/computed \d/);

    await new Raw(prod).putFlow(driftNs, 'shared', flowYaml(driftNs, 'shared', '  - id: drifted\n    type: io.kestra.plugin.core.log.Log\n    message: changed on prod\n'));
    await browser.page.getByRole('button', { name: 'Refresh the drift matrix' }).click();
    const cell = fleet.driftCell(driftNs, 'Prod');
    await cell.and(browser.page.getByRole('button', { name: /: 1 flow differs$/ })).waitFor({ timeout: 60_000 });
    // The Local sandbox does not have the namespace.
    await fleet.driftCell(driftNs, 'Local sandbox').and(browser.page.getByRole('button', { name: /namespace missing$/ })).waitFor();
    await browser.page.screenshot({ path: shot('fleet-drift.png') });
    await cell.click();
    const dialog = browser.page.getByRole('dialog', { name: `${driftNs}: Staging ↔ Prod` });
    await dialog.getByText(`${driftNs}.shared differs between Staging and Prod.`).waitFor({ timeout: 30_000 });
    await browser.page.screenshot({ path: shot('fleet-drift-diff.png') });
    await dialog.getByRole('button', { name: 'Close dialog' }).click();
  });
});

// The executions pane end to end: Chromium against web mode and the Local sandbox. Executions are
// started through the Kestra API (as a scheduler or another user would) and checked back there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, rpc } from './pages/console-api';
import { ExecutionsPage } from './pages/executions.page';

/** Polls an assertion for up to 15 s (the machine is shared; never a fixed sleep). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });


interface ApiExecution {
  id: string;
  state: { current: string };
  labels?: { key: string; value: string }[];
  originalId?: string;
  taskRunList?: { id: string; taskId: string }[];
}

describe('executions pane', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let sandbox: string;
  let pane: ExecutionsPage;
  const ns = randomNamespace('exec');
  const temp = makeTempDir('executions-e2e');

  const api = (p: string, init?: RequestInit): Promise<Response> => fetch(`${sandbox}/api/v1/main${p}`, init);
  const getExecution = async (id: string): Promise<{ status: number; body?: ApiExecution }> => {
    const response = await api(`/executions/${id}`);
    return response.ok ? { status: response.status, body: (await response.json()) as ApiExecution } : { status: response.status };
  };
  const run = async (flowId: string, labels: string[] = []): Promise<ApiExecution> => {
    const query = ['wait=true', ...labels.map((l) => `labels=${encodeURIComponent(l)}`)].join('&');
    const response = await api(`/executions/${ns}/${flowId}?${query}`, { method: 'POST' });
    if (!response.ok) throw new Error(`run ${flowId}: ${response.status} ${await response.text()}`);
    return (await response.json()) as ApiExecution;
  };

  const CHATTY = `id: chatty
namespace: ${ns}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Starting \\u001b[32mgreen\\u001b[0m, docs at https://kestra.io/docs"
  - id: first_problem
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: "Error number one"
  - id: chatter
    type: io.kestra.plugin.core.log.Log
    message:
${Array.from({ length: 60 }, (_, i) => `      - "chatter line ${i}"`).join('\n')}
  - id: warning
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: "Disk almost full"
  - id: second_problem
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: "Error number two"
  - id: result
    type: io.kestra.plugin.core.debug.Return
    format: "done {{ execution.id }}"
`;
  const QUIET = `id: quiet\nnamespace: ${ns}\ntasks:\n  - id: only\n    type: io.kestra.plugin.core.log.Log\n    message: quiet\n`;
  const WRITER = `id: writer\nnamespace: ${ns}\ntasks:\n  - id: report\n    type: io.kestra.plugin.core.storage.Write\n    content: "id,total\\n1,42\\n"\n    extension: .csv\n`;

  let chatty: ApiExecution;
  const quietRuns: ApiExecution[] = [];

  beforeAll(async () => {
    web = await startWebConsole();
    sandbox = await localSandboxUrl(web);
    for (const source of [CHATTY, QUIET, WRITER]) {
      const response = await api('/flows', { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
      if (!response.ok) throw new Error(`flow: ${response.status} ${await response.text()}`);
    }
    // The same sandbox under two more profiles, to check the safety policies.
    for (const [name, policy] of [
      ['Guarded', { confirmDestructive: true, readOnly: false }],
      ['Read only', { confirmDestructive: false, readOnly: true }],
    ] as const) {
      await rpc(web, 'servers.create', { input: { name, url: sandbox, authKind: 'none', color: '#cc5500', environment: 'production', policy, tls: {} } });
    }
    chatty = await run('chatty', ['team:data']);
    for (let i = 0; i < 3; i += 1) quietRuns.push(await run('quiet', [`batch:${i}`]));
    browser = await launchBrowser();
    pane = new ExecutionsPage(browser.page);
    const shell = new AppShellPage(browser.page);
    await shell.open(web.url);
    // Three servers: the console opens on the fleet; the Local sandbox is one click away.
    await shell.serverButton('Local sandbox').click();
    await pane.open();
    await pane.filterNamespace(ns);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    temp.remove();
  });

  it('lists the namespace executions, newest first, and narrows by flow, state and label', async () => {
    await expect
      .poll(() => pane.rowIds())
      .toEqual(
        [...quietRuns]
          .reverse()
          .map((e) => e.id)
          .concat(chatty.id),
      );
    await pane.filterFlow('quiet');
    await eventually(() => pane.rowIds()).toHaveLength(3);
    await pane.addLabelFilter('batch:1');
    await eventually(() => pane.rowIds()).toEqual([quietRuns[1]!.id]);
    await browser.page.getByRole('button', { name: 'Remove label filter batch:1' }).click();
    await pane.filterFlow('');
    await pane.filterStates(['FAILED']);
    await browser.page.getByRole('region', { name: 'No executions match these filters' }).waitFor();
    await pane.filterStates([]);
    await eventually(() => pane.rowIds()).toHaveLength(4);
    await browser.page.screenshot({ path: screenshotPath('executions-list.png') });
  });

  it('sorts by a column and saves a filter to apply later', async () => {
    await browser.page.getByRole('button', { name: 'Sort by Flow' }).click();
    // Flow ascending: chatty before the three quiet runs.
    await eventually(async () => (await pane.rowIds())[0]).toBe(chatty.id);
    await browser.page.getByRole('button', { name: 'Sort by Flow' }).click();
    await eventually(async () => (await pane.rowIds()).at(-1)).toBe(chatty.id);
    await browser.page.getByRole('button', { name: 'Sort by Started' }).click();

    await pane.filterFlow('quiet');
    await eventually(() => pane.rowIds()).toHaveLength(3);
    await browser.page.getByRole('button', { name: 'Saved filters' }).click();
    await browser.page.getByRole('menuitem', { name: 'Save current filter…' }).click();
    const dialog = browser.page.getByRole('dialog', { name: 'Save filter' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Quiet runs');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pane.filterFlow('');
    await eventually(() => pane.rowIds()).toHaveLength(4);
    await browser.page.getByRole('button', { name: 'Saved filters' }).click();
    await browser.page.getByRole('menuitem', { name: 'Apply “Quiet runs”' }).click();
    await eventually(() => pane.rowIds()).toHaveLength(3);
    expect(await browser.page.getByRole('textbox', { name: 'Flow', exact: true }).inputValue()).toBe('quiet');
    await pane.filterFlow('');
    await eventually(() => pane.rowIds()).toHaveLength(4);
  });

  it('shows the same executions on a timeline, one row per flow, and opens one on click', async () => {
    await pane.showTimeline();
    await eventually(() => pane.timelineBars().count()).toBe(4);
    const rows = await browser.page
      .getByRole('region', { name: 'Executions timeline' })
      .locator('.tl-row--first')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-flow')));
    expect(rows).toEqual([`${ns}.chatty`, `${ns}.quiet`]);
    await browser.page.screenshot({ path: screenshotPath('executions-timeline.png') });
    await pane.timelineBar(chatty.id).click();
    await pane.headerId(chatty.id).waitFor();
    expect(await pane.state()).toBe('Success');
    await pane.backToList().click();
    await pane.showList();
  });

  it('opens an execution: header facts, a Gantt row per task run, outputs and topology', async () => {
    await pane.openExecution(chatty.id);
    const header = pane.header();
    await header.getByText('team', { exact: true }).waitFor();
    await pane.gantt().waitFor();
    await expect
      .poll(async () => (await pane.ganttRows()).map((r) => r.taskId))
      .toEqual(['hello', 'first_problem', 'chatter', 'warning', 'second_problem', 'result']);
    expect((await pane.ganttRows()).every((r) => r.state === 'SUCCESS')).toBe(true);
    await browser.page.screenshot({ path: screenshotPath('executions-gantt.png') });

    await pane.tab('Outputs');
    await pane
      .outputsTree()
      .getByRole('treeitem', { name: new RegExp(`^value: "done ${chatty.id}"`) })
      .waitFor();

    await pane.tab('Topology');
    const topology = pane.topology();
    await topology.locator('[data-task-id="chatter"][data-state="SUCCESS"]').waitFor();
    expect(await topology.locator('[data-task-id]').count()).toBe(6);
  });

  it('searches the logs, jumps between errors, and renders colours and links as text', async () => {
    await pane.tab('Logs');
    const logs = pane.logs;
    await logs.rows().first().waitFor();
    // INFO and above by default; the Return task's DEBUG line shows at TRACE.
    await eventually(() => logs.log().getAttribute('aria-rowcount')).toBe('64');
    await logs.setMinLevel('TRACE');
    await eventually(() => logs.log().getAttribute('aria-rowcount')).toBe('65');
    // Colours are styled text; the link is a link (it opens through main's allowlist).
    const hello = logs.log().locator('[data-line="0"] .log-cell--msg');
    expect(await hello.textContent()).toBe('Starting green, docs at https://kestra.io/docs');
    expect(await hello.getByRole('link').textContent()).toBe('https://kestra.io/docs');

    await logs.nextProblem();
    await eventually(async () => logs.row((await logs.cursorLine())!).textContent()).toContain('Error number one');
    await logs.nextProblem();
    await eventually(async () => logs.row((await logs.cursorLine())!).textContent()).toContain('Disk almost full');
    await logs.nextProblem();
    await eventually(async () => logs.row((await logs.cursorLine())!).textContent()).toContain('Error number two');
    await logs.previousProblem();
    await eventually(async () => logs.row((await logs.cursorLine())!).textContent()).toContain('Disk almost full');

    await logs.search('chatter line 4\\d', { regex: true });
    await eventually(() => logs.matchStatus().textContent()).toMatch(/^\d+ of 10 matches$/);
    await logs.setToggle({ role: 'button', name: 'Show only matching lines' }, true);
    await eventually(() => logs.log().getAttribute('aria-rowcount')).toBe('10');
    await logs.setToggle({ role: 'button', name: 'Show only matching lines' }, false);
    await logs.search('');
    await browser.page.screenshot({ path: screenshotPath('executions-logs.png') });
  });

  it("downloads the full log, identical to the server's own download", async () => {
    const download = await pane.downloadLog();
    const file = path.join(temp.path, 'downloaded.log');
    await download.saveAs(file);
    const server = await (await api(`/logs/${chatty.id}/download`)).text();
    expect(readFileSync(file, 'utf8')).toBe(server);
    expect(server.trimEnd().split('\n')).toHaveLength(65);
  });

  it('previews and downloads an output file', async () => {
    const writer = await run('writer');
    const uri = (writer.taskRunList as unknown as { outputs?: { uri?: string } }[])[0]!.outputs!.uri!;
    expect(uri).toMatch(/^kestra:\/\/\/.*\.csv$/);
    await pane.backToList().click();
    await browser.page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await eventually(() => pane.rowIds()).toContain(writer.id);
    await pane.openExecution(writer.id);
    await pane.tab('Outputs');
    const tree = pane.outputsTree();
    const item = tree.getByRole('treeitem', { name: /^uri: / });
    await item.getByRole('button', { name: 'Preview' }).click();
    const preview = browser.page.getByLabel(/^Preview of .*\.csv$/);
    await eventually(() => preview.textContent()).toBe('id,total\n1,42\n');
    const [download] = await Promise.all([browser.page.waitForEvent('download'), item.getByRole('button', { name: /^Download / }).click()]);
    const file = path.join(temp.path, 'output.csv');
    await download.saveAs(file);
    const server = await (await api(`/executions/${writer.id}/file?path=${encodeURIComponent(uri)}`)).text();
    expect(readFileSync(file, 'utf8')).toBe(server);
    expect(server).toBe('id,total\n1,42\n');
    await pane.backToList().click();
    await pane.openExecution(chatty.id);
  });

  it('edits labels of a finished execution', async () => {
    await pane.moreAction(/^Edit labels/);
    const dialog = browser.page.getByRole('dialog', { name: 'Edit labels' });
    await dialog.getByRole('button', { name: 'Add label' }).click();
    const count = await dialog.getByRole('textbox', { name: /^Label \d+ key$/ }).count();
    await dialog.getByRole('textbox', { name: `Label ${count} key` }).fill('reviewed');
    await dialog.getByRole('textbox', { name: `Label ${count} value` }).fill('yes');
    await dialog.getByRole('button', { name: 'Save labels' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => (await getExecution(chatty.id)).body?.labels?.find((l) => l.key === 'reviewed')?.value).toBe('yes');
    // System labels stay.
    expect((await getExecution(chatty.id)).body?.labels?.some((l) => l.key === 'system.correlationId')).toBe(true);
  });

  it('replays from a chosen task run into a new execution linked to the original', async () => {
    await pane.action('Replay').click();
    const dialog = browser.page.getByRole('dialog', { name: 'Replay execution' });
    const secondProblem = chatty.taskRunList!.find((t) => t.taskId === 'second_problem')!;
    await dialog.getByRole('combobox', { name: 'Replay from' }).selectOption(secondProblem.id);
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The view moves to the new execution, which links back to the original.
    const original = pane.header().getByRole('button', { name: `Open original execution ${chatty.id}` });
    await original.waitFor();
    const newId = (await pane.header().locator('.xhead__id').textContent())!;
    expect(newId).not.toBe(chatty.id);
    await pane.waitForState('Success');
    expect((await getExecution(newId)).body?.originalId).toBe(chatty.id);
    await original.click();
    await pane.headerId(chatty.id).waitFor();
    await pane.backToList().click();
  });

  it('changes the status of a finished execution', async () => {
    await pane.openExecution(quietRuns[0]!.id);
    await pane.moreAction(/^Change status/);
    const dialog = browser.page.getByRole('dialog', { name: 'Change status' });
    await dialog.getByRole('combobox', { name: 'New status' }).selectOption('WARNING');
    await dialog.getByRole('button', { name: 'Set Warning' }).click();
    await pane.waitForState('Warning');
    expect((await getExecution(quietRuns[0]!.id)).body?.state.current).toBe('WARNING');
    await pane.backToList().click();
  });

  it('deletes selected executions in bulk after saying how many it touches', async () => {
    await pane.filterFlow('quiet');
    await eventually(() => pane.rowIds()).toHaveLength(3);
    await pane.select(quietRuns[1]!.id);
    await pane.select(quietRuns[2]!.id);
    await pane.bulkBar().getByText('2 selected').waitFor();
    await pane.bulk('Delete');
    const text = await pane.confirm('Delete 2');
    expect(text).toContain('Delete 2 executions on Local sandbox');
    await eventually(() => pane.rowIds()).toEqual([quietRuns[0]!.id]);
    expect((await getExecution(quietRuns[1]!.id)).status).toBe(404);
    expect((await getExecution(quietRuns[2]!.id)).status).toBe(404);
    expect((await getExecution(quietRuns[0]!.id)).status).toBe(200);
    expect(browser.pageErrors).toEqual([]);
  });
  it('honours the server safety policy: typing the name for destructive actions, no writes when read-only', async () => {
    const extra = await run('quiet', ['batch:guarded']);
    const rail = browser.page.getByRole('navigation', { name: 'Servers' });
    await rail.getByRole('button', { name: 'Guarded', exact: true }).first().click();
    await pane.open();
    await pane.filterNamespace(ns);
    await eventually(() => pane.rowIds()).toContain(extra.id);
    await pane.select(extra.id);
    await pane.bulk('Delete');
    const dialog = browser.page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete 1' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Type Guarded to confirm' }).fill('Guarde');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Type Guarded to confirm' }).fill('Guarded');
    await confirm.click();
    await eventually(async () => (await getExecution(extra.id)).status).toBe(404);

    await rail.getByRole('button', { name: 'Read only', exact: true }).first().click();
    await pane.open();
    await pane.filterNamespace(ns);
    await eventually(() => pane.rowIds()).toContain(chatty.id);
    await pane.select(chatty.id);
    const bulkDelete = pane.bulkBar().getByRole('button', { name: /^Delete 1/ });
    expect(await bulkDelete.isDisabled()).toBe(true);
    expect(await bulkDelete.getAttribute('title')).toBe('Read only is read-only (its safety policy)');
    await pane
      .grid()
      .getByRole('checkbox', { name: `Select execution ${chatty.id}` })
      .uncheck();
    await pane.openExecution(chatty.id);
    for (const action of ['Restart', 'Replay'] as const) {
      expect(await pane.action(action).isDisabled()).toBe(true);
      expect(await pane.action(action).getAttribute('title')).toBe('Read only is read-only (its safety policy)');
    }
    await pane.backToList().click();
  });
});

// The operator's day with live executions (issue 7's test section), in Chromium against web mode
// and the Local sandbox's engine: a flow with Sequential, Parallel, ForEach, a Sleep, a Pause and
// a failing task with retries. The Gantt updates live, the pause is resumed with an input, the
// failed execution is restarted, the logs are searched and downloaded, and a long Sleep is killed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl } from './pages/console-api';
import { ExecutionsPage } from './pages/executions.page';

/** Polls an assertion for up to 15 s (the machine is shared; never a fixed sleep). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });


interface ApiTaskRun {
  id: string;
  taskId: string;
  value?: string;
  state: { current: string };
  attempts?: unknown[];
  outputs?: Record<string, unknown>;
}
interface ApiExecution {
  id: string;
  state: { current: string };
  taskRunList?: ApiTaskRun[];
}

describe('live executions', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let sandbox: string;
  let pane: ExecutionsPage;
  const ns = randomNamespace('live');
  const temp = makeTempDir('executions-live');

  const api = (p: string, init?: RequestInit): Promise<Response> => fetch(`${sandbox}/api/v1/main${p}`, init);
  const execution = async (id: string): Promise<ApiExecution> => (await (await api(`/executions/${id}`)).json()) as ApiExecution;
  const start = async (flowId: string): Promise<string> => {
    const response = await api(`/executions/${ns}/${flowId}`, { method: 'POST' });
    if (!response.ok) throw new Error(`start ${flowId}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as ApiExecution).id;
  };

  const ORCHESTRATED = `id: orchestrated
namespace: ${ns}
tasks:
  - id: prepare
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: announce
        type: io.kestra.plugin.core.log.Log
        message: Preparing the batch
      - id: fan_out
        type: io.kestra.plugin.core.flow.Parallel
        tasks:
          - id: left
            type: io.kestra.plugin.core.log.Log
            message: left branch
          - id: right
            type: io.kestra.plugin.core.log.Log
            message: right branch
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["alpha", "beta", "gamma"]
    tasks:
      - id: per_item
        type: io.kestra.plugin.core.log.Log
        message: "item {{ taskrun.value }}"
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT8S
  - id: approve
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: reason
        type: STRING
        description: Why this batch may go on
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "Approved because {{ outputs.approve.onResume.reason }}"
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: Flaky dependency is down
    retry:
      type: constant
      interval: PT0.3S
      maxAttempts: 2
`;
  const SLEEPY = `id: sleepy\nnamespace: ${ns}\ntasks:\n  - id: long_nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT10M\n`;

  let orchestratedId: string;

  beforeAll(async () => {
    web = await startWebConsole();
    sandbox = await localSandboxUrl(web);
    for (const source of [ORCHESTRATED, SLEEPY]) {
      const response = await api('/flows', { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
      if (!response.ok) throw new Error(`flow: ${response.status} ${await response.text()}`);
    }
    // Tall enough for every Gantt row to be drawn (rows off screen are virtualized away).
    browser = await launchBrowser({ viewport: { width: 1440, height: 1300 } });
    pane = new ExecutionsPage(browser.page);
    await new AppShellPage(browser.page).open(web.url);
    await pane.open();
    await pane.filterNamespace(ns);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    temp.remove();
  });

  it('watches the Gantt fill in live: nested flowables, ForEach iterations, the Sleep running, then the Pause', async () => {
    orchestratedId = await start('orchestrated');
    // Refresh rather than wait for the live refresh: the Sleep must still be running when it opens.
    await browser.page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect.poll(() => pane.rowIds(), { timeout: 20_000 }).toContain(orchestratedId);
    await pane.openExecution(orchestratedId);
    // While the Sleep runs the execution is Running and the Gantt shows it running...
    await pane.gantt().locator('[data-task-id="nap"][data-state="RUNNING"]').waitFor({ timeout: 20_000 });
    expect(await pane.state()).toBe('Running');
    await browser.page.screenshot({ path: screenshotPath('executions-gantt-live.png') });
    // ...then, without any reload, the Sleep ends and the Pause holds the execution.
    await pane.gantt().locator('[data-task-id="approve"][data-state="PAUSED"]').waitFor({ timeout: 20_000 });
    await pane.waitForState('Paused');
    const rows = await pane.ganttRows();
    const order = rows.map((r) => r.label);
    expect(order.slice(0, 6)).toEqual(['prepare', 'announce', 'fan_out', 'left', 'right', 'each']);
    // ForEach iterations are grouped under one row per value, each holding its task run.
    const iterationRows = await pane.gantt().locator('.gantt-row--iteration .gantt-row__name').allTextContents();
    expect(iterationRows.join(' ')).toMatch(/alpha.*beta.*gamma/);
    expect(order.slice(6, 12).filter((_, i) => i % 2 === 1)).toEqual(['per_item', 'per_item', 'per_item']);
    expect(order.slice(12, 14)).toEqual(['nap', 'approve']);
    // Nesting is indented by depth.
    const depth = await pane.gantt().locator('[data-task-id="left"]').getAttribute('aria-level');
    expect(depth).toBe('3');
    // A flowable row collapses and expands its children.
    await pane.gantt().getByRole('button', { name: 'Collapse fan_out' }).click();
    await expect.poll(async () => (await pane.ganttRows()).map((r) => r.label).slice(0, 4)).toEqual(['prepare', 'announce', 'fan_out', 'each']);
    await pane.gantt().getByRole('button', { name: 'Expand fan_out' }).click();
    await expect.poll(async () => (await pane.ganttRows()).map((r) => r.label).slice(0, 6)).toEqual(['prepare', 'announce', 'fan_out', 'left', 'right', 'each']);
  });

  it('resumes the Pause with an input, then the failing task retries and the execution fails', async () => {
    await pane.action('Resume').click();
    const dialog = browser.page.getByRole('dialog', { name: 'Resume execution' });
    const reason = dialog.getByRole('textbox', { name: /reason/ });
    await reason.waitFor();
    // The input is required: an empty form is refused before any request.
    await dialog.getByRole('button', { name: 'Resume' }).click();
    await dialog.getByText('A value is required.').waitFor();
    await reason.fill('numbers look right');
    await dialog.getByRole('button', { name: 'Resume' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pane.waitForState('Failed', 30_000);
    const api1 = await execution(orchestratedId);
    expect(api1.state.current).toBe('FAILED');
    const approve = api1.taskRunList!.find((t) => t.taskId === 'approve')!;
    expect(approve.outputs).toMatchObject({ onResume: { reason: 'numbers look right' } });
    const flaky = api1.taskRunList!.find((t) => t.taskId === 'flaky')!;
    expect(flaky.attempts).toHaveLength(2);
    // The Gantt shows both attempts on the failed task.
    await pane.gantt().locator('[data-task-id="flaky"][data-state="FAILED"] .gantt-row__attempts', { hasText: '×2' }).waitFor();
  });

  it('searches the logs, jumps between errors, and downloads exactly what the server has', async () => {
    await pane.tab('Logs');
    const logs = pane.logs;
    await logs.rows().first().waitFor();
    await logs.search('Approved because');
    await eventually(() => logs.matchStatus().textContent()).toBe('1 of 1 match');
    expect(await logs.row((await logs.cursorLine())!).textContent()).toContain('Approved because numbers look right');
    // Errors: each failed attempt logged one.
    await logs.search('');
    await logs.log().focus();
    await browser.page.keyboard.press('Alt+ArrowDown');
    const firstError = (await logs.cursorLine())!;
    expect(await logs.row(firstError).getAttribute('data-level')).toBe('ERROR');
    expect(await logs.row(firstError).textContent()).toContain('Flaky dependency is down');
    await browser.page.keyboard.press('Alt+ArrowDown');
    await eventually(() => logs.cursorLine()).not.toBe(firstError);
    expect(await logs.row((await logs.cursorLine())!).getAttribute('data-level')).toBe('ERROR');
    await browser.page.screenshot({ path: screenshotPath('executions-logs-errors.png') });

    const download = await pane.downloadLog();
    const file = path.join(temp.path, `${orchestratedId}.log`);
    await download.saveAs(file);
    const server = await (await api(`/logs/${orchestratedId}/download`)).text();
    expect(readFileSync(file, 'utf8')).toBe(server);
    expect(server).toContain('Flaky dependency is down');
  });

  it('restarts the failed execution: the failed task runs again with a new attempt', async () => {
    await pane.tab('Gantt');
    const before = (await execution(orchestratedId)).taskRunList!.find((t) => t.taskId === 'flaky')!.attempts!.length;
    await pane.action('Restart').click();
    // It runs again (restart keeps the execution id) and fails again: the flaky dependency is still down.
    await expect
      .poll(async () => (await execution(orchestratedId)).taskRunList!.find((t) => t.taskId === 'flaky')!.attempts!.length, { timeout: 30_000 })
      .toBeGreaterThan(before);
    await expect.poll(async () => (await execution(orchestratedId)).state.current, { timeout: 30_000 }).toBe('FAILED');
    await pane.waitForState('Failed', 30_000);
    const attempts = (await execution(orchestratedId)).taskRunList!.find((t) => t.taskId === 'flaky')!.attempts!.length;
    await pane
      .gantt()
      .locator(`[data-task-id="flaky"] .gantt-row__attempts`, { hasText: `×${attempts}` })
      .waitFor();
    // Tasks that had succeeded were not run again.
    const successes = (await execution(orchestratedId)).taskRunList!.filter((t) => t.taskId === 'per_item');
    expect(successes).toHaveLength(3);
    await pane.backToList().click();
  });

  it('kills a long Sleep', async () => {
    const id = await start('sleepy');
    await expect.poll(() => pane.rowIds(), { timeout: 20_000 }).toContain(id);
    await pane.openExecution(id);
    await pane.gantt().locator('[data-task-id="long_nap"][data-state="RUNNING"]').waitFor({ timeout: 20_000 });
    await pane.action('Kill').click();
    await pane.confirm('Kill');
    await pane.waitForState('Killed', 30_000);
    expect((await execution(id)).state.current).toBe('KILLED');
    await pane.gantt().locator('[data-task-id="long_nap"][data-state="KILLED"]').waitFor();
    // Nothing left to kill; restart is refused for killed executions, and says why.
    expect(await pane.action('Restart').getAttribute('title')).toBe('Kestra does not restart killed executions');
    expect(browser.pageErrors).toEqual([]);
  });
});

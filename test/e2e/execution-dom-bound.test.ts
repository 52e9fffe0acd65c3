// The execution view draws what is on screen, whatever the execution's size (issue 18): in
// Chromium against web mode and the Local sandbox's engine, a ForEach of 900 iterations and one of
// 10, each opened in the Gantt and in the logs grouped by task run. DOM nodes of the execution
// view, and of the whole page after a forced GC, stay within 2× of the 10-iteration ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domNodesAfterGc, launchMemoryBrowser, type MemoryBrowser } from '../fixtures/memory-browser';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl } from './pages/console-api';
import { ExecutionsPage } from './pages/executions.page';

const SMALL = 10;
const LARGE = 900;

// Plain JavaScript (tsx would add helpers the page does not have): every node (elements and text)
// under the shown execution view.
const COUNT_VIEW_NODES = `(() => {
  const view = [...document.querySelectorAll('.xview')].find((element) => element.offsetParent !== null);
  if (!view) throw new Error('No execution view shown');
  const walker = document.createTreeWalker(view, NodeFilter.SHOW_ALL);
  let count = 0;
  while (walker.nextNode()) count += 1;
  return count;
})()`;

interface Counts {
  view: number;
  page: number;
}

describe('execution view DOM is bounded by the screen', () => {
  let web: WebConsole;
  let session: MemoryBrowser;
  let pane: ExecutionsPage;
  const ns = randomNamespace('dombound');
  const ids: Record<number, string> = {};
  const counts: Record<string, Counts> = {};

  const flow = (size: number): string =>
    `id: each_${size}\nnamespace: ${ns}\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: "{{ range(1, ${size}) }}"\n    tasks:\n      - id: work\n        type: io.kestra.plugin.core.log.Log\n        message: "processing item {{ taskrun.value }}"\n`;

  const measure = async (): Promise<Counts> => {
    // Settled: no frame pending, then the same count twice.
    await session.page.waitForTimeout(500);
    const view = (await session.page.evaluate(COUNT_VIEW_NODES)) as number;
    return { view, page: await domNodesAfterGc(session.cdp) };
  };

  const open = async (size: number): Promise<void> => {
    if (await pane.header().isVisible()) await session.page.getByRole('button', { name: 'Back to executions' }).click();
    await pane.row(ids[size]!).waitFor({ timeout: 30_000 });
    await pane.openExecution(ids[size]!);
    await pane.waitForState('Success');
  };

  beforeAll(async () => {
    web = await startWebConsole();
    const sandbox = await localSandboxUrl(web);
    for (const size of [SMALL, LARGE]) {
      const created = await fetch(`${sandbox}/api/v1/main/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: flow(size) });
      if (!created.ok) throw new Error(`flow: ${created.status} ${await created.text()}`);
      const run = await fetch(`${sandbox}/api/v1/main/executions/${ns}/each_${size}?wait=true`, { method: 'POST' });
      const execution = (await run.json()) as { id: string; state: { current: string } };
      if (execution.state.current !== 'SUCCESS') throw new Error(`each_${size} ended ${execution.state.current}`);
      ids[size] = execution.id;
    }
    session = await launchMemoryBrowser();
    pane = new ExecutionsPage(session.page);
    await new AppShellPage(session.page).open(web.url);
    await pane.open();
    await pane.filterNamespace(ns);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await web?.stop();
  });

  for (const size of [SMALL, LARGE]) {
    it(`draws the Gantt and the grouped logs of a ${size}-iteration ForEach`, async () => {
      await open(size);
      await pane.tab('Gantt');
      // Every task run is in the model (the summary counts them), only the visible rows drawn.
      await pane.gantt().locator('[role="row"]').first().waitFor();
      expect(await session.page.getByRole('toolbar', { name: 'Gantt tools' }).textContent()).toContain(`${size + 1} task runs`);
      counts[`gantt ${size}`] = await measure();

      await pane.tab('Logs');
      await pane.logs.rows().first().waitFor();
      await pane.logs.groupByTask().click();
      await expect.poll(() => pane.logs.groupByTask().getAttribute('aria-pressed')).toBe('true');
      await pane.logs.rows().first().waitFor();
      counts[`logs ${size}`] = await measure();
    });
  }

  it('keeps the 900-iteration view within 2× of the 10-iteration one', () => {
    const report = Object.entries(counts).map(([name, c]) => `${name}: view ${c.view}, page ${c.page}`);
    process.stdout.write(`DOM nodes — ${report.join('; ')}\n`);
    for (const view of ['gantt', 'logs']) {
      const small = counts[`${view} ${SMALL}`]!;
      const large = counts[`${view} ${LARGE}`]!;
      expect(large.view, `${view}: execution view nodes`).toBeLessThanOrEqual(2 * small.view);
      expect(large.page, `${view}: page nodes after GC`).toBeLessThanOrEqual(2 * small.page);
    }
  });
});

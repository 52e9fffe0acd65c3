// Fleet overview, first paint (issue 17): ten servers (sandboxes, each its own process), one of
// them behind a relay that answers 2 s late. Time from navigation to the nine fast servers' rows
// painted with their counts, against the same Chromium opening one server's executions pane to
// its first rows, interleaved in the same run (target: 1.5× at most); and the fast rows against
// the slow one (they must not wait for it).
import { launchBrowser } from '../fixtures/browser';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { localSandboxUrl } from '../e2e/pages/console-api';
import { median, result, type Benchmark } from './harness';
import { addServer, api, delayRelay, inParallel, postFlow, startSandboxes } from './fleet-bench-helpers';

const SERVERS = 10;
const SLOW_MS = 2_000;
const ROUNDS = 5;
const NS = 'bench.fleet';
const BOOM = `id: boom\nnamespace: ${NS}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: boom\n`;
const FINE = `id: fine\nnamespace: ${NS}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: fine\n`;

/** Page globals used inside evaluate callbacks (this file compiles without DOM types). */
interface Marks {
  fast?: number;
  slow?: number;
  rows?: number;
}
declare const window: { __kc: Marks };

// Installed before any page script: records, frame by frame, when each milestone first shows.
const RECORDER = (slowId: string, fastCount: number) => `
  window.__kc = {};
  const tick = () => {
    const k = window.__kc;
    if (k.fast === undefined) {
      const ready = [...document.querySelectorAll('tr.fleet-row[data-state="ready"]')].filter((row) => row.getAttribute('data-server-id') !== ${JSON.stringify(slowId)});
      if (ready.length >= ${fastCount}) k.fast = performance.now();
    }
    if (k.slow === undefined && document.querySelector('tr.fleet-row[data-state="ready"][data-server-id=${JSON.stringify(slowId)}]')) k.slow = performance.now();
    if (k.rows === undefined && document.querySelector('[data-execution-id]')) k.rows = performance.now();
    if (k.fast === undefined || k.slow === undefined || k.rows === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

const ROWS_SHOWN = `[location.href, ...[...document.querySelectorAll('tr.fleet-row')].map((row) => row.getAttribute('data-state') + ' ' + row.getAttribute('data-server-id') + ' ' + row.textContent)].join('\\n') + '\\n' + document.body.innerText.slice(0, 400)`;

const benchmark: Benchmark = {
  name: 'fleet overview first paint, 10 servers, one answering 2 s late (Chromium)',
  async run() {
    const sandboxes = await startSandboxes(SERVERS);
    const slow = await delayRelay(sandboxes.all[SERVERS - 1]!.url, SLOW_MS);
    let fleet: WebConsole | undefined;
    let single: WebConsole | undefined;
    const browser = await launchBrowser({ viewport: { width: 1500, height: 950 } });
    try {
      // The baseline is a console with one server, its Local sandbox (with a second server the
      // start screen would be the fleet); the fleet's console runs without one.
      [fleet, single] = await Promise.all([startWebConsole({ args: ['--no-local-sandbox'] }), startWebConsole()]);
      const singleUrl = await localSandboxUrl(single);
      // Every server has some history: a few runs, one of them failed.
      await inParallel([...sandboxes.all.map((sandbox) => sandbox.url), singleUrl], 4, async (url) => {
        await postFlow(url, BOOM);
        await postFlow(url, FINE);
        for (const flow of ['boom', 'fine', 'fine', 'fine']) await fetch(`${api(url)}/executions/${NS}/${flow}?wait=true`, { method: 'POST' }).then((r) => r.arrayBuffer());
      });
      let slowId = '';
      for (let i = 0; i < SERVERS; i += 1) {
        const id = await addServer(fleet, `Server ${i + 1}${i === SERVERS - 1 ? ' (slow)' : ''}`, i === SERVERS - 1 ? slow.url : sandboxes.all[i]!.url);
        if (i === SERVERS - 1) slowId = id;
      }

      const page = browser.page;
      await page.addInitScript({ content: RECORDER(slowId, SERVERS - 1) });
      // The single-server console remembers its executions pane: open it once.
      await page.goto(single.url);
      await page.getByRole('tab', { name: 'Executions', exact: true }).click();
      await page.locator('[data-execution-id]').first().waitFor({ timeout: 60_000 });

      const measure = async (url: string, until: 'fast' | 'rows'): Promise<Marks> => {
        await page.goto(url);
        try {
          await page.waitForFunction((key) => window.__kc?.[key as 'fast' | 'rows'] !== undefined, until, { timeout: 60_000 });
          if (until === 'fast') await page.waitForFunction(() => window.__kc?.slow !== undefined, undefined, { timeout: 60_000 });
        } catch (error) {
          // Say what the page showed instead.
          const shown = (await page.evaluate(ROWS_SHOWN).catch(() => '(unreadable)')) as string;
          throw new Error(`${until === 'fast' ? 'the overview rows' : 'the executions pane'} did not paint: ${String(error)}\n${shown}`, { cause: error });
        }
        return page.evaluate(() => ({ ...window.__kc }));
      };
      // Warm-up: caches, JIT, the servers' first detection.
      await measure(fleet.url, 'fast');
      await measure(single.url, 'rows');
      const fast: number[] = [];
      const slowRow: number[] = [];
      const pane: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const f = await measure(fleet.url, 'fast');
        fast.push(f.fast!);
        slowRow.push(f.slow!);
        pane.push((await measure(single.url, 'rows')).rows!);
      }
      return [
        result(
          'fleet overview: 9 fast servers’ rows painted (median)',
          'ms',
          median(fast),
          'one server’s executions pane, first rows',
          median(pane),
          { max: 1.5, on: 'ratio' },
          `fast ${fast.map((v) => v.toFixed(0)).join(', ')} · pane ${pane.map((v) => v.toFixed(0)).join(', ')} (ms from navigation)`,
        ),
        result(
          'fast rows painted vs the slow server’s row (median)',
          'ms',
          median(fast),
          `the server answering ${SLOW_MS} ms late`,
          median(slowRow),
          { max: 0.9, on: 'ratio' },
          `slow row ${slowRow.map((v) => v.toFixed(0)).join(', ')} ms: the fast rows never waited for it`,
        ),
      ];
    } finally {
      await browser.close();
      await fleet?.stop();
      await single?.stop();
      await slow.close();
      await sandboxes.stop();
    }
  },
};
export default benchmark;

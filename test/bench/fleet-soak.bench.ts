// All day, ten servers (issue 18): the real console in Chromium (web mode) against ten seeded
// sandboxes — 30 flows, 300 executions, 50 KV pairs and 100 files each — one running a live
// 900-iteration ForEach, one holding bad input (an execution of 100,000 task runs with a log of
// 10 million lines, left open for the whole run). Each cycle visits every server and every pane
// (a flow in the editor, the executions list and one execution, the KV store, a file in the
// editor). After each cycle, at the same place and after a forced GC, it reads the page's
// renderer process memory, the JS heap, DOM nodes and listeners; then it times warm switches
// between the two most recent servers.
//
// Targets (ratios in this run): growth per cycle over the second half against the first cycle's
// growth (flat within noise), and warm-switch latency after the last cycle against after the
// first (≤ 1.5×).
//
// Knobs: SOAK_CYCLES (default 6), SOAK_SERVERS (10), SOAK_TASK_RUNS (100000), SOAK_LOG_LINES
// (10000000), SOAK_SNAPSHOTS=<dir> (heap snapshots after the first and the last cycle),
// SOAK_VERBOSE=1 (each step's time), SOAK_BREAKDOWN=1 (Chromium's per-allocator accounting of the
// renderer after each cycle, from a memory-infra trace), SOAK_STEPS=flows,executions,kv,files (the
// panes each visit goes through: to find which one grows).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { median, result, type Benchmark, type BenchResult } from './harness';
import { allocatorBreakdown, launchMemoryBrowser, rendererPid, sampleMemory, type MemoryBrowser, type MemorySample } from '../fixtures/memory-browser';
import { startFleet, type Fleet, type FleetServer } from '../fixtures/soak-fleet';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { rpc } from '../e2e/pages/console-api';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 6);
const SERVERS = Number(process.env.SOAK_SERVERS ?? 10);
const TASK_RUNS = Number(process.env.SOAK_TASK_RUNS ?? 100_000);
const LOG_LINES = Number(process.env.SOAK_LOG_LINES ?? 10_000_000);
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS;
const VERBOSE = process.env.SOAK_VERBOSE === '1';
const BREAKDOWN = process.env.SOAK_BREAKDOWN === '1';
type Step = 'flows' | 'executions' | 'kv' | 'files';
const STEPS = new Set<Step>((process.env.SOAK_STEPS ?? 'flows,executions,kv,files').split(',') as Step[]);
const LIVE_SERVER = 0;
const BAD_SERVER = SERVERS - 1;
const WARM_SWITCHES = 12;
const WORKING_SET = 3;
const STEP_TIMEOUT = 60_000;
/**
 * The bad-input server's execution (100,000 task runs) is fetched again whenever that server was
 * unloaded: on a busy two-core machine its answer can take longer than a minute.
 */
const BIG_STEP_TIMEOUT = 240_000;
/** Where a failed step leaves a screenshot (ignored folder). */
const FAILURES = path.resolve(import.meta.dirname, '..', '..', 'bench-results');

export interface Sample extends MemorySample {
  cycle: number;
}

async function sample(cycle: number, session: MemoryBrowser): Promise<Sample> {
  return { cycle, ...(await sampleMemory(session)) };
}

async function heapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }): void => void chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  writeFileSync(file, chunks.join(''));
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

// Plain JavaScript: functions passed to page.evaluate are transpiled by tsx, which adds helpers
// (__name) the page does not have.
const SWITCH_SCRIPT = `async (serverName) => {
  const started = performance.now();
  const button = document.querySelector('nav[aria-label="Servers"] button[aria-label="' + serverName + '"]');
  if (!button) throw new Error('No server ' + serverName + ' in the rail');
  button.click();
  const ready = () => {
    const tab = document.querySelector('[role="tablist"][aria-label="Open servers"] [role="tab"][aria-selected="true"]');
    if (!tab || !tab.textContent.includes(serverName)) return false;
    const shown = [...document.querySelectorAll('.server-workspace')].filter((w) => w.offsetParent !== null);
    if (shown.length !== 1) return false;
    const pane = shown[0].querySelector('.split__second') || shown[0];
    return pane.childElementCount > 0 && !pane.querySelector('.loading');
  };
  const deadline = started + 30000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(serverName + ' did not show its pane within 30 s');
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  }
  // Until the frame showing it has been painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - started;
}`;

/**
 * Clicks a server in the rail and resolves the time until its workspace shows its pane (no
 * loading line left in it) and the next frame has been painted.
 */
function switchAndTime(page: Page, name: string): Promise<number> {
  return page.evaluate(`(${SWITCH_SCRIPT})(${JSON.stringify(name)})`) as Promise<number>;
}

class SoakDriver {
  private readonly visited = new Set<number>();

  constructor(
    readonly page: Page,
    readonly fleet: Fleet,
    readonly ids: { live: string },
  ) {}

  private async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } catch (error) {
      const shot = path.join(FAILURES, `fleet-soak-failure-${Date.now()}.png`);
      mkdirSync(FAILURES, { recursive: true });
      await this.page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${label} (screenshot ${shot}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      if (VERBOSE) process.stdout.write(`    ${label} ${Date.now() - started} ms\n`);
    }
  }

  private workspace() {
    return this.page.locator('.server-workspace:visible');
  }

  private async pane(name: 'Flows' | 'Executions' | 'KV store' | 'Files'): Promise<void> {
    await this.workspace().getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name, exact: true }).click();
  }

  async visit(server: FleetServer, cycle: number): Promise<void> {
    const page = this.page;
    const ws = (): ReturnType<SoakDriver['workspace']> => this.workspace();
    const tag = `cycle ${cycle} ${server.name}`;
    await this.step(`${tag} switch`, () => switchAndTime(page, server.name));
    if (!this.visited.has(server.index)) {
      // First visit: choose the server's namespace in the shared browser (kept in its tab).
      await this.step(`${tag} namespace`, async () => {
        const browser = ws().getByRole('region', { name: 'Namespaces' });
        await browser.getByRole('searchbox', { name: 'Filter namespaces' }).fill(server.namespace);
        await browser.getByRole('treeitem', { name: 'jobs', exact: true }).click({ timeout: STEP_TIMEOUT });
      });
      this.visited.add(server.index);
    }

    // A working set, as an operator has: three flows, three files in two folders, five executions.
    // From the third cycle on every visit finds state it has seen, so what still grows is a leak.
    const flowId = server.flowIds[(cycle + server.index) % WORKING_SET]!;
    if (STEPS.has('flows'))
      await this.step(`${tag} flow ${flowId}`, async () => {
        await this.pane('Flows');
        await ws()
          .getByRole('row', {
            name: `${flowId} in ${server.namespace}`,
            exact: true,
          })
          .click({ timeout: STEP_TIMEOUT });
        await ws()
          .getByRole('region', { name: `Flow editor: ${flowId}` })
          .locator('.monaco-editor')
          .first()
          .waitFor({ timeout: STEP_TIMEOUT });
      });

    if (STEPS.has('executions'))
      await this.step(`${tag} executions`, async () => {
        await this.pane('Executions');
        const header = ws().getByRole('region', { name: 'Execution summary' });
        const grid = ws().getByRole('grid', { name: 'Executions' });
        const special = server.index === LIVE_SERVER ? this.ids.live : server.index === BAD_SERVER ? server.bigExecutionId : undefined;
        const timeout = server.index === BAD_SERVER ? BIG_STEP_TIMEOUT : STEP_TIMEOUT;
        await header.or(grid).first().waitFor({ timeout });
        if (special) {
          // Left open for the whole run: each visit looks at its Gantt or its logs.
          if (!(await header.isVisible())) {
            await grid.locator(`[data-execution-id="${special}"]`).click({ timeout });
          }
          await header.locator('.xhead__id', { hasText: special }).waitFor({ timeout });
          const tabs = ws().getByRole('tablist', { name: 'Execution views' });
          if (cycle % 2 === 1) {
            await tabs.getByRole('tab', { name: 'Gantt', exact: true }).click();
            await ws().getByRole('grid', { name: 'Task runs' }).locator('[role="row"]').first().waitFor({ timeout });
          } else {
            await tabs.getByRole('tab', { name: 'Logs', exact: true }).click();
            await ws().getByRole('log', { name: 'Execution logs' }).waitFor({ timeout });
          }
          return;
        }
        if (await header.isVisible()) await ws().getByRole('button', { name: 'Back to executions' }).click();
        const row = grid.locator('[data-execution-id]').nth(cycle % 5);
        await row.click({ timeout: STEP_TIMEOUT });
        await header.waitFor({ timeout: STEP_TIMEOUT });
        await ws().getByRole('grid', { name: 'Task runs' }).waitFor({ timeout: STEP_TIMEOUT });
        await ws().getByRole('button', { name: 'Back to executions' }).click();
        await grid.locator('[data-execution-id]').first().waitFor({ timeout: STEP_TIMEOUT });
      });

    if (STEPS.has('kv'))
      await this.step(`${tag} kv`, async () => {
        await this.pane('KV store');
        const table = ws()
          .getByRole('region', { name: 'KV store' })
          .getByRole('grid', { name: /^KV pairs of / });
        await table.getByRole('row').nth(1).waitFor({ timeout: STEP_TIMEOUT });
      });

    const file = server.files[[0, 1, 10][(cycle + server.index) % WORKING_SET]!]!;
    const [, folder, name] = file.split('/');
    if (STEPS.has('files'))
      await this.step(`${tag} file ${file}`, async () => {
        await this.pane('Files');
        const tree = ws()
          .getByRole('region', { name: 'Namespace files' })
          .getByRole('tree', { name: /^Files of / });
        const folderRow = tree.getByRole('treeitem', {
          name: folder,
          exact: true,
        });
        await folderRow.waitFor({ timeout: STEP_TIMEOUT });
        if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
        await tree.getByRole('treeitem', { name, exact: true }).dblclick({ timeout: STEP_TIMEOUT });
        await ws().locator('.monaco-editor').first().waitFor({ timeout: STEP_TIMEOUT });
      });
  }

  /** Alternates between the two servers, timing each switch. */
  async warmSwitches(a: FleetServer, b: FleetServer): Promise<number[]> {
    const times: number[] = [];
    // The current server is `b`: the first switch goes to `a`.
    for (let i = 0; i < WARM_SWITCHES; i += 1) times.push(await switchAndTime(this.page, (i % 2 ? b : a).name));
    return times;
  }
}

function growthResults(samples: Sample[]): BenchResult[] {
  const load = samples[0]!;
  const first = samples[1]!;
  const secondHalf = samples.slice(1 + Math.floor((samples.length - 1) / 2));
  const out: BenchResult[] = [];
  const measures: {
    key: keyof Sample;
    label: string;
    unit: string;
    floor: number;
  }[] = [
    {
      key: 'rendererMb',
      label: 'renderer process memory',
      unit: 'MB',
      floor: 8,
    },
    { key: 'jsHeapMb', label: 'JS heap after GC', unit: 'MB', floor: 1 },
    { key: 'domNodes', label: 'DOM nodes after GC', unit: 'nodes', floor: 200 },
  ];
  for (const { key, label, unit, floor } of measures) {
    const perCycle = slope(secondHalf.map((s) => ({ x: s.cycle, y: s[key] as number })));
    // The first cycle's growth, at least a noise floor (a first cycle that grows nothing would
    // make any wobble an infinite ratio).
    const firstGrowth = Math.max(floor, (first[key] as number) - (load[key] as number));
    out.push(
      result(
        `${label}: growth per cycle over the second half`,
        unit,
        perCycle,
        `growth in the first cycle (${(load[key] as number).toFixed(0)} → ${(first[key] as number).toFixed(0)})`,
        firstGrowth,
        { max: 0.1, on: 'ratio' },
        `after each cycle: ${samples.map((s) => (s[key] as number).toFixed(key === 'jsHeapMb' ? 1 : 0)).join(', ')}`,
      ),
    );
  }
  return out;
}

const benchmark: Benchmark = {
  name: `fleet soak: ${SERVERS} servers × ${CYCLES} cycles (Chromium)`,
  async run() {
    const started = Date.now();
    const log = (line: string): void => void process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`);
    let fleet: Fleet | undefined;
    let web: WebConsole | undefined;
    let session: MemoryBrowser | undefined;
    try {
      fleet = await startFleet({
        servers: SERVERS,
        live: { server: LIVE_SERVER, iterations: 900, sleep: 'PT0.3S' },
        bad: { server: BAD_SERVER, taskRuns: TASK_RUNS, logLines: LOG_LINES },
        log,
      });
      log('fleet seeded');
      web = await startWebConsole({
        args: ['--no-local-sandbox'],
        env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      });
      for (const server of fleet.servers) {
        await rpc(web, 'servers.create', {
          input: {
            name: server.name,
            url: server.url,
            authKind: 'none',
            color: '#3b82f6',
            environment: 'development',
            policy: { confirmDestructive: false, readOnly: false },
            tls: {},
          },
        });
      }
      session = await launchMemoryBrowser();
      const { page, cdp, browserCdp } = session;
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const consoleMessages: string[] = [];
      page.on('console', (message) => void consoleMessages.push(`${message.type()}: ${message.text().slice(0, 200)}`));
      // Actions without their own timeout (a pane tab's click) wait as long as the slowest step:
      // the click completes only once the page's main thread is free, and it is busy while the
      // 100,000-task-run execution is read again after its server unloaded.
      page.setDefaultTimeout(BIG_STEP_TIMEOUT);
      await page.goto(web.url);
      await page.getByRole('main', { name: 'Kestra Console' }).waitFor();
      await page.locator('nav[aria-label="Servers"] button[aria-label="Fleet 01"]').waitFor();
      await page.waitForTimeout(2000);
      const logAllocators = async (): Promise<void> => {
        if (!BREAKDOWN) return;
        const sizes = await allocatorBreakdown(browserCdp, await rendererPid(browserCdp));
        const shown = Object.entries(sizes).filter(([name, mb]) => mb >= 1 && name.split('/').length <= 2);
        log(`  allocators (MB): ${shown.map(([name, mb]) => `${name} ${mb}`).join(', ')}`);
      };
      const samples: Sample[] = [await sample(0, session)];
      log(`loaded: ${JSON.stringify(samples[0])}`);
      await logAllocators();

      const live = await fleet.startLive();
      const driver = new SoakDriver(page, fleet, { live });
      const servers = fleet.servers;
      const warm: number[][] = [];
      for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
        const cycleStart = Date.now();
        for (const server of servers) await driver.visit(server, cycle);
        await page.waitForTimeout(1000);
        samples.push(await sample(cycle, session));
        warm.push(await driver.warmSwitches(servers[servers.length - 2]!, servers[servers.length - 1]!));
        log(
          `cycle ${cycle} in ${((Date.now() - cycleStart) / 1000).toFixed(0)} s: ${JSON.stringify(samples[samples.length - 1])}, warm switches ${warm[warm.length - 1]!.map((t) => t.toFixed(0)).join(' ')} ms`,
        );
        await logAllocators();
        if (SNAPSHOTS && (cycle === 1 || cycle === CYCLES)) await heapSnapshot(cdp, path.join(SNAPSHOTS, `soak-cycle-${cycle}.heapsnapshot`));
      }
      if (pageErrors.length) log(`page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
      if (consoleMessages.length) log(`${consoleMessages.length} console messages, e.g. ${consoleMessages.slice(0, 5).join(' | ')}`);
      const startWarm = median(warm[0]!);
      const endWarm = median(warm[warm.length - 1]!);
      return [
        ...growthResults(samples),
        result(
          'warm server switch after the last cycle (median)',
          'ms',
          endWarm,
          'after the first cycle',
          startWarm,
          { max: 1.5, on: 'ratio' },
          `per cycle: ${warm.map((w) => median(w).toFixed(0)).join(', ')} ms`,
        ),
        result(
          'renderer process memory after the last cycle',
          'MB',
          samples[samples.length - 1]!.rendererMb,
          'at load',
          samples[0]!.rendererMb,
          undefined,
          `RSS ${samples.map((s) => s.rendererRssMb.toFixed(0)).join(', ')} MB; listeners ${samples.map((s) => s.listeners).join(', ')}; page errors ${pageErrors.length}`,
        ),
      ];
    } finally {
      await session?.close().catch(() => undefined);
      await web?.stop().catch(() => undefined);
      await fleet?.stop().catch(() => undefined);
    }
  },
};
export default benchmark;

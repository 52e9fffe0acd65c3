// Time to the first rendered log line of a 1,000,000-line execution, through the real path:
// Chromium → the console's web host → main's `logs.follow` (Kestra SSE from the sandbox, column
// batches) → the log store → the virtual viewer. The judgement is the absolute target: the first
// line under 300 ms. The ratio against fetching the whole `GET /logs/{id}` JSON array, parsing it
// and rendering the first screen (what Kestra's UI does) is reported for scale only: that baseline
// is a straw man, which anything streaming beats by orders of magnitude, so it carries no target.
//
// The million lines are written straight into the sandbox's SQLite (setup, not measured); the
// sandbox then runs in its own process and serves them like any stored execution.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { median, result, type Benchmark } from './harness';
import { launchBrowser } from '../fixtures/browser';
import { spawnSandboxProcess, startTestSandbox } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { startWebConsole } from '../fixtures/web-console';
import { rpc } from '../e2e/pages/console-api';
import { SandboxDatabase } from '../../main/sandbox/storage/database';
import { LogRepository } from '../../main/sandbox/storage/log-repository';
import type { LogEntry } from '../../main/sandbox/engine/model';

const LINES = Number(process.env.LOGS_FIRST_LINE_LINES ?? 1_000_000);
const NS = 'bench.logs';
const FLOW = `id: million\nnamespace: ${NS}\ntasks:\n  - id: chatty\n    type: io.kestra.plugin.core.log.Log\n    message: starting\n`;

/** Page globals used inside evaluate callbacks (this file compiles without DOM types). */
interface PageGlobals {
  performance: { now(): number };
  requestAnimationFrame(cb: () => void): void;
  document: {
    addEventListener(type: string, cb: () => void, capture: boolean): void;
    querySelector(selector: string): unknown;
    body: { appendChild(node: unknown): void };
    createElement(tag: string): { textContent: string; appendChild(node: unknown): void };
  };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void };
  fetch(url: string): Promise<{ json(): Promise<{ timestamp: string; level: string; message: string }[]> }>;
  __firstLine?: Promise<number>;
}
declare const window: PageGlobals;

async function seed(dataDir: string): Promise<string> {
  const sandbox = await startTestSandbox({ dataDir });
  let executionId: string;
  let taskRunId: string;
  try {
    const api = `${sandbox.url}/api/v1/main`;
    const created = await fetch(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: FLOW });
    if (!created.ok) throw new Error(`flow: ${created.status} ${await created.text()}`);
    const run = await fetch(`${api}/executions/${NS}/million?wait=true`, { method: 'POST' });
    const execution = (await run.json()) as { id: string; taskRunList: { id: string }[] };
    executionId = execution.id;
    taskRunId = execution.taskRunList[0]!.id;
  } finally {
    await sandbox.close();
  }
  const db = new SandboxDatabase(path.join(dataDir, 'sandbox.db'));
  try {
    const logs = new LogRepository(db, 'main');
    const start = Date.parse('2025-01-01T00:00:00Z');
    for (let from = 0; from < LINES; from += 50_000) {
      const batch: LogEntry[] = [];
      for (let i = from; i < Math.min(LINES, from + 50_000); i += 1) {
        batch.push({
          tenantId: 'main',
          namespace: NS,
          flowId: 'million',
          taskId: 'chatty',
          executionId,
          taskRunId,
          attemptNumber: 1,
          timestamp: new Date(start + i).toISOString(),
          level: i % 997 === 0 ? 'ERROR' : i % 101 === 0 ? 'WARN' : 'INFO',
          thread: 'worker-1',
          message: `[worker-${i % 8}] processed record ${i} status=ok latency=${(i * 7) % 997}ms`,
        });
      }
      logs.insertMany(batch);
    }
  } finally {
    db.close();
  }
  return executionId;
}

/** Serves a page with no script of its own and proxies /api/ to the sandbox (same origin for the naive fetch). */
async function naiveOrigin(sandboxUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(sandboxUrl);
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/api/')) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>naive</title><body></body>');
      return;
    }
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const benchmark: Benchmark = {
  name: 'time to first log line, 1,000,000-line execution (Chromium)',
  async run() {
    const data = makeTempDir('bench-million');
    const seedStart = Date.now();
    const executionId = await seed(data.path);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const sandbox = await spawnSandboxProcess(data.path);
    const web = await startWebConsole();
    const naive = await naiveOrigin(sandbox.url);
    const browser = await launchBrowser();
    try {
      await rpc(web, 'servers.create', {
        input: {
          name: 'Bench logs',
          url: sandbox.url,
          authKind: 'none',
          color: '#44aa77',
          environment: 'development',
          policy: { confirmDestructive: false, readOnly: false },
          tls: {},
        },
      });
      const { page } = browser;
      // tsx names functions with an `__name` helper that does not exist in the page: provide it.
      await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
      const progress = (what: string): void => {
        if (process.env.BENCH_VERBOSE) process.stdout.write(`    ${new Date().toISOString()} ${what}\n`);
      };
      page.on('crash', () => progress('the page crashed'));
      progress(`seeded ${LINES} lines in ${seedSeconds.toFixed(0)} s`);

      const consoleRun = async (): Promise<number> => {
        await page.goto(web.url);
        progress('console loaded');
        await page.getByRole('navigation', { name: 'Servers' }).getByRole('button', { name: 'Bench logs', exact: true }).first().click();
        await page.getByRole('tab', { name: 'Executions', exact: true }).click();
        // The console reopens where it was (the execution from the previous run): go back to the list.
        const back = page.getByRole('button', { name: 'Back to executions' });
        const row = page.locator(`[data-execution-id="${executionId}"]`);
        await back.or(row).first().waitFor();
        if (await back.count()) await back.click();
        progress('executions pane');
        await page.locator(`[data-execution-id="${executionId}"]`).click();
        const logsTab = page.getByRole('tab', { name: 'Logs', exact: true });
        await logsTab.waitFor();
        progress('execution open');
        // Clock starts when the click reaches the page, stops at the first frame with a line drawn.
        await page.evaluate(() => {
          window.__firstLine = new Promise<number>((resolve) => {
            window.document.addEventListener(
              'click',
              () => {
                const started = window.performance.now();
                const done = (): void => window.requestAnimationFrame(() => resolve(window.performance.now() - started));
                if (window.document.querySelector('[data-line]')) return done();
                const observer = new window.MutationObserver(() => {
                  if (window.document.querySelector('[data-line]')) {
                    observer.disconnect();
                    done();
                  }
                });
                observer.observe(window.document, { childList: true, subtree: true });
              },
              true,
            );
          });
        });
        await logsTab.click();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const ms = await Promise.race([
          page.evaluate(() => window.__firstLine!),
          new Promise<number>((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error('No log line within 60 s')), 60_000);
          }),
        ]).finally(() => clearTimeout(timer));
        progress(`console: first line after ${ms.toFixed(0)} ms`);
        return ms;
      };

      const naiveRun = async (): Promise<number> => {
        await page.goto(naive.url);
        return page
          .evaluate(async (id) => {
            const started = window.performance.now();
            const response = await window.fetch(`/api/v1/main/logs/${id}`);
            const entries = await response.json();
            const list = window.document.createElement('div');
            for (const entry of entries.slice(0, 60)) {
              const row = window.document.createElement('div');
              row.textContent = `${entry.timestamp} ${entry.level} ${entry.message}`;
              list.appendChild(row);
            }
            window.document.body.appendChild(list);
            return new Promise<number>((resolve) => window.requestAnimationFrame(() => resolve(window.performance.now() - started)));
          }, executionId)
          .then((ms) => {
            progress(`naive: first line after ${ms.toFixed(0)} ms`);
            return ms;
          });
      };

      // Warm the console (first load compiles its code), then alternate.
      await consoleRun();
      const consoleTimes: number[] = [];
      const naiveTimes: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        consoleTimes.push(await consoleRun());
        naiveTimes.push(await naiveRun());
      }
      const consoleMedian = median(consoleTimes);
      const naiveMedian = median(naiveTimes);
      return [
        result(
          `first log line of a ${LINES.toLocaleString('en')}-line execution`,
          'ms',
          consoleMedian,
          'fetch the whole JSON array, parse, render (straw man, for scale)',
          naiveMedian,
          undefined,
          `informational: the target is the absolute one below; console runs ${consoleTimes.map((t) => t.toFixed(0)).join(', ')} ms; naive runs ${naiveTimes.map((t) => t.toFixed(0)).join(', ')} ms; seeding took ${seedSeconds.toFixed(0)} s`,
        ),
        result(`first log line of a ${LINES.toLocaleString('en')}-line execution, absolute`, 'ms', consoleMedian, '300 ms budget', 300, { max: 300, on: 'value' }, 'the target that judges this benchmark: under 300 ms, whatever the log size'),
      ];
    } finally {
      await browser.close();
      await naive.close();
      await web.stop();
      await sandbox.kill();
      data.remove();
    }
  },
};
export default benchmark;

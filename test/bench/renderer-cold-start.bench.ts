// Cold start of the renderer: a fresh Chromium (new profile) opening the console until the shell
// is interactive (the server rail and the Flows pane are there), against the same fresh Chromium
// opening a blank page from a local server, interleaved in the same run. Also: how much of the
// shipped JavaScript the start needed (Monaco must stay out: at most a quarter of the total).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../fixtures/browser';
import { REPO_ROOT } from '../fixtures/sandbox';
import { startWebConsole } from '../fixtures/web-console';
import { localSandboxUrl } from '../e2e/pages/console-api';
import { median, result, type Benchmark } from './harness';

// Nine interleaved rounds: a fresh Chromium start varies by ±100 ms on this shared machine.
const ROUNDS = 9;

/** Every .js file the build ships (workers and lazy chunks included). */
function shippedJavaScript(rendererDir: string): { total: number; files: Map<string, number> } {
  const files = new Map<string, number>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) files.set(path.relative(rendererDir, full).split(path.sep).join('/'), statSync(full).size);
    }
  };
  walk(rendererDir);
  return { total: [...files.values()].reduce((sum, size) => sum + size, 0), files };
}

/** The JavaScript index.html asks for before anything runs (entry script and module preloads). */
function entryJavaScript(rendererDir: string, files: Map<string, number>): number {
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((match) => match[1]!);
  return referenced.reduce((sum, file) => sum + (files.get(file) ?? 0), 0);
}

const INTERACTIVE = `new Promise((resolve) => {
  const check = () => {
    const rail = document.querySelector('nav[aria-label="Servers"] button[aria-label="Local sandbox"]');
    const pane = document.querySelector('[aria-label="Flow list"]');
    if (rail && pane) requestAnimationFrame(() => resolve(performance.now()));
    else requestAnimationFrame(check);
  };
  check();
})`;

const benchmark: Benchmark = {
  name: 'renderer cold start',
  async run() {
    const rendererDir = path.resolve(REPO_ROOT, process.env.KESTRA_CONSOLE_OUT ?? 'out', 'renderer');
    const web = await startWebConsole();
    const blank = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
    });
    await new Promise<void>((resolve) => blank.listen(0, '127.0.0.1', resolve));
    const blankUrl = `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`;
    try {
      await localSandboxUrl(web);
      const consoleTimes: number[] = [];
      const blankTimes: number[] = [];
      const inPage: number[] = [];
      const initialScriptBytes: number[] = [];

      const openConsole = async (): Promise<void> => {
        const started = performance.now();
        const browser = await launchBrowser();
        try {
          await browser.page.goto(web.url);
          const interactiveAt = (await browser.page.evaluate(INTERACTIVE)) as number;
          consoleTimes.push(performance.now() - started);
          inPage.push(interactiveAt);
          // Script bytes fetched up to the moment the shell became interactive.
          const bytes = (await browser.page.evaluate(
            `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).filter((e) => e.startTime <= ${interactiveAt}).reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)`,
          )) as number;
          initialScriptBytes.push(bytes);
          if (browser.pageErrors.length) throw new Error(`page errors: ${browser.pageErrors.join('; ')}`);
        } finally {
          await browser.close();
        }
      };
      const openBlank = async (): Promise<void> => {
        const started = performance.now();
        const browser = await launchBrowser();
        try {
          await browser.page.goto(blankUrl);
          await browser.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
          blankTimes.push(performance.now() - started);
        } finally {
          await browser.close();
        }
      };

      // Warm the OS file cache for both, then interleave so machine noise hits both alike.
      await openConsole();
      await openBlank();
      consoleTimes.length = 0;
      blankTimes.length = 0;
      inPage.length = 0;
      initialScriptBytes.length = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        await openConsole();
        await openBlank();
      }

      const shipped = shippedJavaScript(rendererDir);
      const entry = entryJavaScript(rendererDir, shipped.files);
      const loaded = median(initialScriptBytes);
      return [
        result(
          'fresh Chromium → interactive shell',
          'ms',
          median(consoleTimes),
          'fresh Chromium → blank page',
          median(blankTimes),
          { max: 1.5, on: 'ratio' },
          `medians of ${ROUNDS}; console ${consoleTimes.map((t) => t.toFixed(0)).join('/')}, blank ${blankTimes.map((t) => t.toFixed(0)).join('/')}; in-page navigation → interactive ${median(inPage).toFixed(0)} ms`,
        ),
        result(
          'JavaScript loaded until the shell is interactive',
          'bytes',
          loaded,
          'all JavaScript shipped (lazy chunks and workers included)',
          shipped.total,
          { max: 0.25, on: 'ratio' },
          `entry script and preloads alone: ${entry} bytes (${((entry / shipped.total) * 100).toFixed(1)} %); Monaco loads only with an editor`,
        ),
      ];
    } finally {
      await new Promise<void>((resolve) => blank.close(() => resolve()));
      await web.stop();
    }
  },
};
export default benchmark;

// Builds and serves the executions harness page (renderer/features/executions/harness), a page
// that mounts the real executions components over synthetic data: Chromium benchmarks and
// component tests drive it without a server. The build is cached until a renderer source changes.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../../fixtures/browser';
import { REPO_ROOT } from '../../fixtures/sandbox';

const HARNESS_ROOT = path.join(REPO_ROOT, 'renderer', 'features', 'executions', 'harness');
// KC_HARNESS_DEBUG=1 builds without minification (readable profiles).
const DEBUG_BUILD = process.env.KC_HARNESS_DEBUG === '1';
// One cache per checkout: several worktrees (or clones) building into one folder would serve each
// other's builds whenever the other's sources are newer.
const CHECKOUT = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
const CACHE_DIR = path.join(os.tmpdir(), `kc-executions-harness-${process.getuid?.() ?? 0}-${CHECKOUT}${DEBUG_BUILD ? '-debug' : ''}`);
const STAMP = path.join(CACHE_DIR, 'stamp.json');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the harness with Vite (or reuses a fresh build); returns the folder to serve. */
export async function buildHarness(): Promise<string> {
  const sources = newestMtime(path.join(REPO_ROOT, 'renderer'));
  if (existsSync(STAMP)) {
    try {
      const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { sources: number };
      if (stamp.sources >= sources && existsSync(path.join(CACHE_DIR, 'dist', 'harness.html'))) return path.join(CACHE_DIR, 'dist');
    } catch {
      // rebuild
    }
  }
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Build aside, then swap in, so a parallel reader never sees half a build.
  const staging = path.join(CACHE_DIR, `dist-${process.pid}-${Date.now()}`);
  await build({
    configFile: false,
    root: HARNESS_ROOT,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir: staging,
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      minify: !DEBUG_BUILD,
      rollupOptions: { input: { harness: path.join(HARNESS_ROOT, 'harness.html') } },
    },
  });
  const target = path.join(CACHE_DIR, 'dist');
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch {
    // Another process swapped its build in first; use that one.
    rmSync(staging, { recursive: true, force: true });
  }
  writeFileSync(STAMP, JSON.stringify({ sources }));
  return target;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1, port 0. */
export async function serveHarness(dir: string): Promise<HarnessServer> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, path.normalize(pathname === '/' ? '/harness.html' : pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/harness.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What `window.harness` offers (renderer/features/executions/harness/harness-main.tsx). */
export interface HarnessApi {
  logs(options: {
    lines: number;
    live?: boolean;
    minLevel?: 'TRACE' | 'INFO';
    errorEvery?: number;
    warnEvery?: number;
    debugEvery?: number;
    ansiEvery?: number;
    linkEvery?: number;
    multilineEvery?: number;
    tasks?: number;
  }): void;
  append(count: number, batchSize?: number): void;
  appendEntry(message: string, level?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE'): void;
  tail(linesPerSecond: number, seconds: number, intervalMs?: number): Promise<number>;
  storeInfo(): { size: number; chars: number; approximateBytes: number; dropped: number };
  openedLinks(): string[];
  copied(): string[];
  downloads(): number;
  gantt(taskRuns: number, options?: { running?: boolean }): Promise<number>;
  list(total: number): void;
  drawnLines(): number[];
  scrollRun(selector: string, pxPerFrame: number, frames: number): Promise<{ deltas: number[]; longTasks: number }>;
  unmount(): void;
}

/** The page's globals as seen from these Node-side files (which compile without DOM types). */
export interface HarnessWindow {
  harness: HarnessApi;
  document: { body: { dataset: Record<string, string | undefined> } };
}

/** Opens the harness page and waits for `window.harness`. */
export async function openHarness(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as HarnessWindow).document.body.dataset.harness === 'ready');
}

export interface HarnessSession {
  browser: TestBrowser;
  page: Page;
  /** Chrome DevTools Protocol session (metrics, heap). */
  cdp: CDPSession;
  close(): Promise<void>;
}

/** Builds, serves and opens the harness in a fresh Chromium (for benchmarks). */
export async function openHarnessSession(viewport = { width: 1440, height: 900 }): Promise<HarnessSession> {
  const server = await serveHarness(await buildHarness());
  const browser = await launchBrowser({ viewport });
  await openHarness(browser.page, server.url);
  const cdp = await browser.context.newCDPSession(browser.page);
  await cdp.send('Performance.enable');
  return {
    browser,
    page: browser.page,
    cdp,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Main-thread task time so far (seconds, wall clock while busy), from CDP Performance.getMetrics. */
export async function taskSeconds(cdp: CDPSession): Promise<number> {
  return metric(cdp, 'TaskDuration');
}

/**
 * CPU time of the page's main thread so far (seconds). Unlike task durations it does not grow
 * when other processes compete for the CPU, so it measures our own work on a shared machine.
 */
export async function threadSeconds(cdp: CDPSession): Promise<number> {
  return metric(cdp, 'ThreadTime');
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

/** JS heap in use plus ArrayBuffer backing stores (bytes), after a garbage collection. */
export async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, backingStorageSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return usedSize + (backingStorageSize ?? 0);
}

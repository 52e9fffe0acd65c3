// The live tail's work, counted rather than timed (a guard for `npm run bench -- logs-tail`, whose
// CPU share depends on the machine): while following 10,000 lines/s, the rows are redrawn at most
// once per LIVE_REDRAW_MS, and redraws reuse the row elements instead of creating new ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { REPO_ROOT } from '../fixtures/sandbox';
import { buildHarness, openHarness, serveHarness, type HarnessServer, type HarnessWindow } from './pages/executions-harness';

interface Counters {
  /** Commits that changed the rows (one MutationObserver callback per commit). */
  rowCommits: number;
  /** Row elements inserted into the document. */
  rowsCreated: number;
}
declare const window: HarnessWindow & { __tail?: Counters };
declare const document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };
declare class MutationObserver {
  constructor(callback: (records: { type: string; target: unknown; addedNodes: ArrayLike<unknown> }[]) => void);
  observe(target: unknown, options: Record<string, boolean>): void;
  disconnect(): void;
}

// The viewer's own constant (a .tsx module, out of this tsconfig's reach), read from its source.
const LIVE_REDRAW_MS = Number(
  /export const LIVE_REDRAW_MS = (\d+);/.exec(readFileSync(path.join(REPO_ROOT, 'renderer/features/executions/logs/log-viewer.tsx'), 'utf8'))?.[1],
);

describe('live tail work (harness)', () => {
  let server: HarnessServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await serveHarness(await buildHarness());
    browser = await launchBrowser({ viewport: { width: 1280, height: 720 } });
    await openHarness(browser.page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('knows the redraw interval', () => expect(LIVE_REDRAW_MS).toBeGreaterThanOrEqual(50));

  it('redraws at most every LIVE_REDRAW_MS and reuses the row elements while following 10,000 lines/s', async () => {
    const { page } = browser;
    await page.evaluate(() => window.harness.logs({ lines: 1_000, live: true, errorEvery: 97, ansiEvery: 5 }));
    await page.locator('[data-line]').first().waitFor();
    const visibleRows = await page.evaluate(() => document.querySelectorAll('[data-line]').length);

    const seconds = 3;
    const { sent, elapsedMs, counters } = await page.evaluate(async (s) => {
      const counters: Counters = { rowCommits: 0, rowsCreated: 0 };
      const isRowPart = (node: unknown): boolean => {
        const element = (node as { nodeType?: number; parentElement?: unknown }).nodeType === 1 ? node : (node as { parentElement?: unknown }).parentElement;
        return !!(element as { closest?: (s: string) => unknown } | null)?.closest?.('.log-row');
      };
      const observer = new MutationObserver((records) => {
        let touched = false;
        for (const record of records) {
          if (isRowPart(record.target)) touched = true;
          for (const node of Array.from(record.addedNodes)) {
            if ((node as { classList?: { contains(c: string): boolean } }).classList?.contains('log-row')) counters.rowsCreated += 1;
            if (isRowPart(node)) touched = true;
          }
        }
        if (touched) counters.rowCommits += 1;
      });
      observer.observe(document.querySelector('[role="log"]'), { childList: true, subtree: true, characterData: true, attributes: true });
      const started = performance.now();
      const sent = await window.harness.tail(10_000, s);
      const elapsedMs = performance.now() - started;
      await new Promise((r) => setTimeout(r, 300));
      observer.disconnect();
      return { sent, elapsedMs, counters };
    }, seconds);

    expect(sent).toBe(10_000 * seconds);
    // The tail is on screen: the last line appended is drawn.
    expect(Math.max(...(await page.evaluate(() => window.harness.drawnLines())))).toBe(1_000 + sent - 1);
    // One redraw right away, then at most one per LIVE_REDRAW_MS (the final one after the last batch).
    expect(counters.rowCommits).toBeGreaterThan(0);
    expect(counters.rowCommits).toBeLessThanOrEqual(Math.ceil((elapsedMs + 300) / LIVE_REDRAW_MS) + 2);
    // Redraws reuse the elements: far fewer created than one window per redraw.
    expect(counters.rowsCreated).toBeLessThanOrEqual(visibleRows);
  });
});

declare const performance: { now(): number };

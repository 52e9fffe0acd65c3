// The log viewer in Chromium, over synthetic data (the harness page), so its behaviour is tested
// apart from any server: search and jumps, filters, grouping, wrap, ANSI and links as text, copy,
// the live tail pausing when the user scrolls, and a million lines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { buildHarness, openHarness, serveHarness, type HarnessServer, type HarnessWindow } from './pages/executions-harness';
import { LogViewerPage } from './pages/executions-logs.page';

/** Polls an assertion for up to 15 s (the machine is shared; never a fixed sleep). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

// The page's globals inside evaluate callbacks (this file compiles without DOM types).
declare const window: HarnessWindow & { __xss?: number };
declare function getComputedStyle(element: unknown): { color: string };

describe('log viewer (harness)', () => {
  let server: HarnessServer;
  let browser: TestBrowser;
  let viewer: LogViewerPage;

  beforeAll(async () => {
    server = await serveHarness(await buildHarness());
    browser = await launchBrowser({ viewport: { width: 1280, height: 720 } });
    await openHarness(browser.page, server.url);
    viewer = new LogViewerPage(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const mount = async (options: Record<string, unknown>): Promise<void> => {
    await browser.page.evaluate((o) => window.harness.logs(o as Parameters<HarnessWindow['harness']['logs']>[0]), options);
    await viewer.log().waitFor();
  };

  beforeEach(() => {
    browser.pageErrors.length = 0;
  });

  it('searches text, moves between hits, and reports a bad regex', async () => {
    await mount({ lines: 20_000, errorEvery: 997 });
    await viewer.search('record 1234 ');
    await eventually(() => viewer.matchStatus().textContent()).toBe('1 of 1 match');
    const hit = await viewer.cursorLine();
    expect(await viewer.row(hit!).textContent()).toContain('processed record 1234 ');
    expect(await viewer.visibleLines()).toContain(hit);
    // The hit is highlighted as a <mark>, not by re-parsing the line.
    expect(await viewer.row(hit!).locator('mark').textContent()).toBe('record 1234 ');

    await viewer.search('latency=7\\d\\dms batch=1\\b', { regex: true });
    await eventually(() => viewer.matchStatus().textContent()).toMatch(/^\d+ of \d+ matches$/);
    const first = (await viewer.cursorLine())!;
    await viewer.nextMatch();
    await eventually(() => viewer.cursorLine()).toBeGreaterThan(first);
    const second = (await viewer.cursorLine())!;
    expect(await viewer.row(second).textContent()).toMatch(/latency=7\d\dms batch=1/);
    await viewer.previousMatch();
    await eventually(() => viewer.cursorLine()).toBe(first);

    await viewer.search('([a-', { regex: true });
    await eventually(() => viewer.matchStatus().textContent()).toBe('Invalid regex');
    expect(browser.pageErrors).toEqual([]);
  });

  it('jumps to the next and previous error or warning', async () => {
    await mount({ lines: 30_000, errorEvery: 4999, warnEvery: 3001 });
    await viewer.nextProblem();
    const first = (await viewer.cursorLine())!;
    expect(first).toBe(3000);
    expect(await viewer.cursorRow().getAttribute('data-level')).toBe('WARN');
    await viewer.nextProblem();
    await eventually(() => viewer.cursorLine()).toBe(4998);
    expect(await viewer.cursorRow().getAttribute('data-level')).toBe('ERROR');
    await browser.page.keyboard.press('Alt+ArrowDown');
    await eventually(() => viewer.cursorLine()).toBe(6001);
    await viewer.previousProblem();
    await eventually(() => viewer.cursorLine()).toBe(4998);
    expect(await viewer.visibleLines()).toContain(4998);
  });

  it('filters by level and by task run, and groups by task with collapsible headers', async () => {
    await mount({ lines: 5_000, errorEvery: 50, debugEvery: 3, tasks: 4 });
    await viewer.setMinLevel('ERROR');
    await eventually(async () => (await viewer.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')))).every((l) => l === 'ERROR')).toBe(
      true,
    );
    expect(await viewer.rows().count()).toBeGreaterThan(5);

    await viewer.setMinLevel('TRACE');
    await viewer.selectTask('task_2 · run2');
    await eventually(async () => (await viewer.rows().allTextContents()).every((t) => t.includes('task_2') || !/task_\d/.test(t))).toBe(true);
    await viewer.selectTask('All tasks');

    await viewer.groupByTask().click();
    await eventually(() => viewer.groupHeaders().count()).toBeGreaterThan(0);
    const header = browser.page.getByRole('button', { name: /^Collapse task_0 \(1,250 lines\)$/ });
    await header.click();
    await eventually(() => browser.page.getByRole('button', { name: /^Expand task_0/ }).count()).toBe(1);
    // With task_0 collapsed, the next header follows immediately.
    const labels = await viewer.groupHeaders().allTextContents();
    expect(labels[0]).toContain('task_0');
    expect(labels[1]).toContain('task_1');
    await viewer.groupByTask().click();
  });

  it('renders ANSI colours and log text as text nodes, never HTML', async () => {
    await mount({ lines: 10 });
    await browser.page.evaluate(() => {
      window.harness.appendEntry('\u001b[31mred alert\u001b[0m <img src=x onerror="window.__xss=1"><b>bold?</b>', 'ERROR');
    });
    const row = viewer.row(10);
    await row.waitFor();
    expect(await row.locator('.log-cell--msg').textContent()).toBe('red alert <img src=x onerror="window.__xss=1"><b>bold?</b>');
    expect(await row.locator('img, b').count()).toBe(0);
    const color = await row
      .locator('.log-cell--msg span', { hasText: 'red alert' })
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(241, 76, 76)');
    expect(await browser.page.evaluate(() => window.__xss)).toBeUndefined();
  });

  it('opens https links only through the link handler; other schemes stay text', async () => {
    await mount({ lines: 1 });
    await browser.page.evaluate(() => window.harness.appendEntry('docs at https://kestra.io/docs/x?a=1, legacy http://example.com and javascript:alert(1)'));
    const row = viewer.row(1);
    await row.waitFor();
    const links = row.getByRole('link');
    expect(await links.count()).toBe(1);
    await links.first().click();
    expect(await browser.page.evaluate(() => window.harness.openedLinks())).toEqual(['https://kestra.io/docs/x?a=1']);
    await links.first().focus();
    await browser.page.keyboard.press('Enter');
    expect(await browser.page.evaluate(() => window.harness.openedLinks())).toHaveLength(2);
    expect(await row.locator('a[href]').count()).toBe(0);
  });

  it('wraps long lines on request', async () => {
    await mount({ lines: 3 });
    await browser.page.evaluate(() => window.harness.appendEntry('x'.repeat(3000)));
    const row = viewer.row(3);
    await row.waitFor();
    expect((await row.boundingBox())!.height).toBe(20);
    await viewer.wrap().click();
    await eventually(async () => (await row.boundingBox())!.height).toBeGreaterThan(60);
    await viewer.wrap().click();
    await eventually(async () => (await row.boundingBox())!.height).toBe(20);
  });

  it('copies the selected lines in the download format', async () => {
    await mount({ lines: 100, errorEvery: 10 });
    await viewer.row(3).click();
    await viewer.row(5).click({ modifiers: ['Shift'] });
    await viewer.copy().click();
    const copied = await browser.page.evaluate(() => window.harness.copied());
    const lines = copied[0]!.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^2025-01-01T00:00:00\.003Z INFO \[worker-3\] processed record 3 /);
    expect(lines[2]).toContain('processed record 5 ');
  });

  it('follows a live log, pauses when the user scrolls up, and resumes', async () => {
    await mount({ lines: 2_000, live: true });
    await eventually(() => viewer.visibleLines()).toContain(1999);
    expect(await viewer.follow().getAttribute('aria-pressed')).toBe('true');
    await browser.page.evaluate(() => window.harness.append(500, 50));
    await eventually(() => viewer.visibleLines()).toContain(2499);

    await viewer.log().hover();
    await browser.page.mouse.wheel(0, -2000);
    await eventually(() => viewer.follow().getAttribute('aria-pressed')).toBe('false');
    const pausedView = await viewer.visibleLines();
    await browser.page.evaluate(() => window.harness.append(300, 50));
    await eventually(() => viewer.newLinesButton().textContent()).toBe('300 new lines');
    // Paused: the view stays where the user put it.
    expect(await viewer.visibleLines()).toEqual(pausedView);

    await viewer.newLinesButton().click();
    await eventually(() => viewer.visibleLines()).toContain(2799);
    expect(await viewer.follow().getAttribute('aria-pressed')).toBe('true');
  });

  it('holds a million lines and scrolls to the end and back', async () => {
    await mount({ lines: 1_000_000, errorEvery: 997, ansiEvery: 50, minLevel: 'TRACE' });
    expect(await viewer.rows().count()).toBeLessThan(120);
    await viewer.log().focus();
    await browser.page.keyboard.press('End');
    await eventually(() => viewer.visibleLines()).toContain(999_999);
    await browser.page.keyboard.press('Home');
    await eventually(() => viewer.visibleLines()).toContain(0);
    // Jump to the middle through search.
    await viewer.search('processed record 500000 ');
    await expect.poll(() => viewer.matchStatus().textContent(), { timeout: 30_000 }).toBe('1 of 1 match');
    expect(await viewer.visibleLines()).toContain(500_000);
    const info = await browser.page.evaluate(() => window.harness.storeInfo());
    expect(info.size).toBe(1_000_000);
    // Compact: the store holds roughly the text plus ~17 bytes per line.
    expect(info.approximateBytes).toBeLessThan(info.chars + 1_000_000 * 20);
    expect(browser.pageErrors).toEqual([]);
  });
});

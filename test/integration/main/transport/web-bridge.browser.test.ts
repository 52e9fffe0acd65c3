// The real web bridge (renderer/lib/bridge.ts) in Chromium against the real web host.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import { launchBrowser, type TestBrowser } from '../../../fixtures/browser';
import { WEB_OWNER } from '../../../../main/ipc/web-host';
import { buildBridgeHarness, startTestWebHost, type TestWebHost } from '../../../fixtures/web-host';

// What the harness page holds; these run inside Chromium through page.evaluate.
interface HarnessWindow {
  bridge: ConsoleBridge;
  progress: unknown[];
  stopProgress(): void;
}
declare const window: HarnessWindow;
declare const document: { title: string };

describe('web bridge in Chromium', () => {
  let harness: Awaited<ReturnType<typeof buildBridgeHarness>>;
  let w: TestWebHost;
  let browser: TestBrowser;
  beforeAll(async () => {
    harness = await buildBridgeHarness();
    w = await startTestWebHost({ staticDir: harness.dir });
    browser = await launchBrowser();
    await browser.page.goto(w.host.url);
    await browser.page.waitForFunction(() => document.title === 'bridge ready');
  });
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
    harness?.remove();
  });

  it('takes the token out of the address bar and calls methods with it', async () => {
    expect(browser.page.url()).not.toContain('token=');
    const names = await browser.page.evaluate(async () => {
      const result = await window.bridge.methods['servers.list']({});
      return result.ok ? result.data.map((server) => server.name) : result.error;
    });
    expect(names).toEqual(['Local sandbox']);
    const error = await browser.page.evaluate(async () => (await window.bridge.methods['flows.get']({ serverId: 'local-sandbox', namespace: '..', id: 'x' }) as { error?: unknown }).error);
    expect(error).toMatchObject({ kind: 'validation' });
  });

  it('subscribes over server-sent events and hears the end with its error', async () => {
    const ended = await browser.page.evaluate(
      () =>
        new Promise((resolve) => {
          window.bridge.subscribe('executions.follow', { serverId: 'no-such-server', executionId: 'abc' }, { onEvents: () => undefined, onEnd: resolve });
        }),
    );
    expect(ended).toMatchObject({ kind: 'validation' });
  });

  it('streams batches to the page and stops when unsubscribed', async () => {
    await browser.page.evaluate(() => {
      window.progress = [];
      window.stopProgress = window.bridge.subscribe('transfers.progress', { transferId: 'browser-1' }, { onEvents: (events) => window.progress.push(...events) });
    });
    await expect
      .poll(async () => {
        w.t.core.transfers.progress.emit('browser-1', { bytes: 5, total: 10 });
        return browser.page.evaluate(() => window.progress.length);
      })
      .toBeGreaterThan(0);
    expect(await browser.page.evaluate(() => window.progress[0])).toEqual({ bytes: 5, total: 10 });
    await browser.page.evaluate(() => window.stopProgress());
  });

  it('stages a File from the page with upload progress', async () => {
    const staged = await browser.page.evaluate(async () => {
      const file = new File([new Uint8Array(3 * 1024 * 1024).fill(65)], 'input.bin');
      const progress: number[] = [];
      const result = await window.bridge.localFile(file, { onProgress: (p) => progress.push(p.bytes) });
      return { result, progress };
    });
    expect(staged.result).toMatchObject({ ok: true, data: { kind: 'handle' } });
    expect(staged.progress.at(-1)).toBe(3 * 1024 * 1024);
    const source = await w.t.core.transfers.resolve((staged.result as unknown as { data: never }).data, WEB_OWNER);
    expect(source).toMatchObject({ size: 3 * 1024 * 1024, name: 'input.bin' });
    await source.release();
  });

  it('cancels an upload from the page with its AbortSignal', async () => {
    const result = await browser.page.evaluate(async () => {
      const controller = new AbortController();
      const file = new File([new Uint8Array(64 * 1024 * 1024)], 'big.bin');
      const pending = window.bridge.localFile(file, { signal: controller.signal });
      controller.abort();
      return pending;
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });

  it('uploads a File as a streamed body, confirmed by the server, then downloads it through a one-time ticket', async () => {
    const namespace = `bridge.n${Math.random().toString(36).slice(2, 8)}`;
    const size = 5 * 1024 * 1024 + 3;
    const uploaded = await browser.page.evaluate(
      async ({ namespace, size }) => {
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i += 1) bytes[i] = i % 251;
        const progress: number[] = [];
        const result = await window.bridge.uploadFile({ serverId: 'local-sandbox', namespace, path: '/data/blob.bin' }, new File([bytes], 'blob.bin'), { onProgress: (p) => progress.push(p.bytes) });
        return { result, last: progress.at(-1) };
      },
      { namespace, size },
    );
    expect(uploaded.result).toEqual({ ok: true, data: { path: '/data/blob.bin', size } });
    expect(uploaded.last).toBe(size);

    const [download, result] = await Promise.all([
      browser.page.waitForEvent('download'),
      browser.page.evaluate(({ namespace }) => window.bridge.download('files.download', { serverId: 'local-sandbox', namespace, path: '/data/blob.bin' }, 'blob.bin'), { namespace }),
    ]);
    expect(result).toEqual({ ok: true, data: { saved: true, bytes: size } });
    expect(download.suggestedFilename()).toBe('blob.bin');
    const saved = readFileSync((await download.path())!);
    expect(saved.length).toBe(size);
    expect(saved.every((b, i) => b === i % 251)).toBe(true);
  });

  it('reports a failed upload (hostile path) without storing anything', async () => {
    const result = await browser.page.evaluate(() => window.bridge.uploadFile({ serverId: 'local-sandbox', namespace: 'bridge.bad', path: '/../escape.txt' }, new File(['x'], 'escape.txt')));
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});

// The Executions pane shows the rows it has at once and refreshes behind them (issue 18), in
// Chromium against web mode: the server sits behind a gate that holds execution searches. Coming
// back to the pane, the cached rows are on screen while the refresh is still held at the gate;
// once it is let through, an execution started meanwhile appears. A finished execution is read once:
// coming back to it reads it again only once it is a minute old (a write invalidates it at once),
// and it is not followed (each would resend it: 84 MB for 100,000 task runs).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl, rpc } from './pages/console-api';
import { ExecutionsPage } from './pages/executions.page';

interface Gate {
  url: string;
  hold: boolean;
  /** Searches waiting at the gate. */
  held: (() => void)[];
  release(): void;
  close(): Promise<void>;
}

/** An HTTP relay to `target` that, while `hold` is set, keeps execution searches waiting. */
async function startGate(target: string): Promise<Gate> {
  const upstreamUrl = new URL(target);
  const gate: Gate = {
    url: '',
    hold: false,
    held: [],
    release: () => {
      gate.hold = false;
      for (const forward of gate.held.splice(0)) forward();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const forward = (): void => {
      const upstream = http.request(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, path: request.url, method: request.method, headers: { ...request.headers, host: upstreamUrl.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    };
    if (gate.hold && request.url?.includes('/executions/search')) gate.held.push(forward);
    else forward();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gate;
}

describe('executions pane: cached rows at once, refreshed behind them', () => {
  let web: WebConsole;
  let browser: TestBrowser;
  let gate: Gate;
  let sandbox: string;
  let shell: AppShellPage;
  let pane: ExecutionsPage;
  const ns = randomNamespace('cached');
  const ran: string[] = [];

  const run = async (): Promise<string> => {
    const response = await fetch(`${sandbox}/api/v1/main/executions/${ns}/hello?wait=true`, { method: 'POST' });
    if (!response.ok) throw new Error(`run: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    web = await startWebConsole();
    sandbox = await localSandboxUrl(web);
    const flow = `id: hello\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hello\n`;
    const created = await fetch(`${sandbox}/api/v1/main/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: flow });
    if (!created.ok) throw new Error(`flow: ${created.status} ${await created.text()}`);
    for (let i = 0; i < 3; i += 1) ran.push(await run());
    gate = await startGate(sandbox);
    await rpc(web, 'servers.create', {
      input: { name: 'Gated', url: gate.url, authKind: 'none', color: '#3b82f6', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} },
    });
    browser = await launchBrowser();
    shell = new AppShellPage(browser.page);
    pane = new ExecutionsPage(browser.page);
    await shell.open(web.url);
    await shell.serverButton('Gated').click();
    await shell.waitForActiveServer('Gated');
  });
  afterAll(async () => {
    gate?.release();
    await browser?.close();
    await web?.stop();
    await gate?.close();
  });

  it('shows the cached rows while their refresh is held, then the refreshed ones', async () => {
    await pane.open();
    await pane.filterNamespace(ns);
    await expect.poll(() => pane.rowIds(), { timeout: 20_000 }).toEqual(expect.arrayContaining(ran));

    await shell.openPane('KV store');
    gate.hold = true;
    const started = await run();
    // Past the list's freshness (a few seconds): coming back must refresh it.
    await browser.page.waitForTimeout(6000);

    await shell.openPane('Executions');
    // The refresh is waiting at the gate...
    await expect.poll(() => gate.held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // ...and the rows are on screen all the same, without the one started since.
    const shown = await pane.rowIds();
    expect(shown).toEqual(expect.arrayContaining(ran));
    expect(shown).not.toContain(started);
    expect(await pane.grid().getByText('Loading…').count()).toBe(0);

    gate.release();
    await expect.poll(() => pane.rowIds(), { timeout: 20_000 }).toContain(started);
  });

  it('reads a finished execution once: coming back to it neither reads nor follows it again', async () => {
    await pane.openExecution(ran[0]!);
    await pane.waitForState('Success');
    const reads: string[] = [];
    const onRequest = (request: { url(): string }): void => {
      const { pathname } = new URL(request.url());
      if (pathname === '/rpc/executions.get' || pathname === '/stream/executions.follow') reads.push(pathname);
    };
    browser.page.on('request', onRequest);
    try {
      // Past a running execution's freshness (2 s), then away to another server and pane, and back.
      await browser.page.waitForTimeout(3000);
      await shell.serverButton('Local sandbox').click();
      await shell.waitForActiveServer('Local sandbox');
      await shell.serverButton('Gated').click();
      await shell.waitForActiveServer('Gated');
      await shell.openPane('KV store');
      await shell.openPane('Executions');
      await pane.headerId(ran[0]!).waitFor();
      await pane.waitForState('Success');
      await browser.page.waitForTimeout(1000);
      expect(reads).toEqual([]);
    } finally {
      browser.page.off('request', onRequest);
    }
  });
});

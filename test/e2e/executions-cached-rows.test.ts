// The Executions pane shows the rows it has at once and refreshes behind them (issue 18), in
// Chromium against web mode: the server sits behind a gate that holds execution searches. Coming
// back to the pane, the cached rows are on screen while the refresh is still held at the gate;
// once it is let through, an execution started meanwhile appears.
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
});

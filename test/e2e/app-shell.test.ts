import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { AppShellPage } from './pages/app-shell.page';

describe('app shell in web mode', () => {
  let console_: WebConsole;
  let browser: TestBrowser;
  beforeAll(async () => {
    console_ = await startWebConsole();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
  });

  it('loads the built renderer and shows the shell with the Local sandbox', async () => {
    const shell = new AppShellPage(browser.page);
    await shell.open(console_.url);
    await expect(shell.shell().isVisible()).resolves.toBe(true);
    await shell.serverButton('Local sandbox').waitFor();
    // The token is taken out of the address bar once read.
    expect(browser.page.url()).not.toContain('token=');
    expect(browser.pageErrors).toEqual([]);
  });

  it('refuses API calls without the token', async () => {
    const response = await fetch(`${console_.origin}/rpc/servers.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ params: {} }),
    });
    expect(response.status).toBe(403);
  });
});

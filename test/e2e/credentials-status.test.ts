// The status bar tells the truth about where credentials live: the OS keychain when a Secret
// Service answers, and "this session only" (with where and why on hover) when none does. The
// start-up line on the console's output says the same.
import { afterEach, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../fixtures/browser';
import { startThrowawayKeyring, type ThrowawayKeyring } from '../fixtures/keyring';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';

describe('credentials status', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function open(env: Record<string, string>): Promise<{ browser: TestBrowser; web: WebConsole }> {
    const web = await startWebConsole({ env });
    cleanup.push(() => web.stop());
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    await browser.page.goto(web.url);
    return { browser, web };
  }

  it('says the OS keychain when the Secret Service answers', async () => {
    const keyring: ThrowawayKeyring = await startThrowawayKeyring();
    cleanup.push(() => keyring.stop());
    const { browser, web } = await open(keyring.env);
    const item = browser.page.locator('footer.status-bar').getByText('Credentials in the OS keychain');
    await item.waitFor();
    expect(await item.getAttribute('title')).toBe('Credentials are kept in the OS keychain (Secret Service).');
    expect(web.output()).not.toMatch(/credentials are kept in/);
  });

  it('says "this session only", where and why, when no keychain answers', async () => {
    const { browser, web } = await open({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kc-bus' });
    const item = browser.page.locator('footer.status-bar').getByText(/^Credentials last (only for this session|until the machine restarts)$/);
    await item.waitFor();
    expect(await item.getAttribute('title')).toMatch(/^Credentials are kept in (memory, for this session only|the kernel keyring.*)\. No D-Bus session bus is running/);
    expect(web.output()).toMatch(/^Kestra Console: credentials are kept in .*No D-Bus session bus/m);
  });
});

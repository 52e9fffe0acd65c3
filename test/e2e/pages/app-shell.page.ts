import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

/** The shell: server rail and tabs, panes, namespace browser, palette, notifications. */
export class AppShellPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.shell().waitFor();
  }

  shell(): Locator {
    return this.page.getByRole(selectors.shell.role, { name: selectors.shell.name });
  }

  serverRail(): Locator {
    return this.page.getByRole(selectors.serverRail.role, { name: selectors.serverRail.name });
  }

  serverButton(name: string): Locator {
    return this.serverRail().getByRole('button', { name, exact: true });
  }

  serverTabs(): Locator {
    return this.page.getByRole(selectors.serverTabs.role, { name: selectors.serverTabs.name });
  }

  serverTab(name: string): Locator {
    return this.serverTabs().getByRole('tab', { name, exact: true });
  }

  /** The server whose tab is selected. */
  async activeServer(): Promise<string> {
    return (await this.serverTabs().getByRole('tab', { selected: true }).innerText()).split('\n')[0]!.replace(/\s*(PROD|●).*$/, '').trim();
  }

  async waitForActiveServer(name: string): Promise<void> {
    await this.serverTabs().getByRole('tab', { name, exact: true, selected: true }).waitFor();
  }

  productionBanner(): Locator {
    return this.page.getByRole(selectors.productionBanner.role, { name: selectors.productionBanner.name });
  }

  welcome(): Locator {
    return this.page.getByRole(selectors.welcome.role, { name: selectors.welcome.name });
  }

  async openPane(name: 'Flows' | 'Executions' | 'KV store' | 'Files'): Promise<void> {
    await this.page.getByRole(selectors.paneTabs.role, { name: selectors.paneTabs.name }).getByRole('tab', { name, exact: true }).click();
  }

  selectedPane(): Locator {
    return this.page.getByRole(selectors.paneTabs.role, { name: selectors.paneTabs.name }).getByRole('tab', { selected: true });
  }

  namespaces(): Locator {
    return this.page.getByRole(selectors.namespaces.role, { name: selectors.namespaces.name });
  }

  /** Picks a namespace in the shared browser (its last segment is the tree label), reloading until it exists. */
  async selectNamespace(namespace: string): Promise<void> {
    const browser = this.namespaces();
    const leaf = namespace.split('.').pop()!;
    const item = browser.getByRole('treeitem', { name: leaf, exact: true });
    for (let attempt = 0; attempt < 30 && !(await item.count()); attempt += 1) {
      await browser.getByRole(selectors.namespaceFilter.role, { name: selectors.namespaceFilter.name }).fill(namespace);
      if (await item.count()) break;
      await browser.getByRole(selectors.reloadNamespaces.role, { name: selectors.reloadNamespaces.name }).click();
      await item.waitFor({ timeout: 1000 }).catch(() => undefined);
    }
    await item.click();
    await browser.getByRole('treeitem', { name: leaf, exact: true, selected: true }).waitFor();
  }

  async openPalette(): Promise<Locator> {
    await this.page.keyboard.press('Control+k');
    const palette = this.page.getByRole(selectors.palette.role, { name: selectors.palette.name });
    await palette.waitFor();
    return palette;
  }

  /** Types in the palette and runs the option with this accessible name. */
  async runFromPalette(query: string, option: string | RegExp): Promise<void> {
    const palette = await this.openPalette();
    await palette.getByRole(selectors.paletteInput.role, { name: selectors.paletteInput.name }).fill(query);
    await palette.getByRole('option', { name: option }).first().click();
    await palette.waitFor({ state: 'detached' });
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByRole(selectors.notifications.role, { name: selectors.notifications.name }).getByText(text);
  }

  /** Dismisses every notification (for clean screenshots) and moves the mouse out of the way. */
  async clearNotifications(): Promise<void> {
    await this.page.mouse.move(1, 1);
    const region = this.page.getByRole(selectors.notifications.role, { name: selectors.notifications.name });
    for (let i = 0; i < 20; i += 1) {
      const close = region.getByRole('button', { name: /^Dismiss notification/ }).first();
      if (!(await close.count())) return;
      // A toast may time out between the count and the click: one gone by itself is dismissed too.
      await close.click({ timeout: 2_000 }).catch(async (error: unknown) => {
        if (await close.count()) throw error;
      });
    }
  }

  dialog(name?: string | RegExp): Locator {
    return name ? this.page.getByRole('dialog', { name }) : this.page.getByRole('dialog');
  }

  /** Confirms the open destructive-action dialog, typing the required text when asked. */
  async confirm(buttonName: string | RegExp, typed?: string): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    const box = dialog.getByRole(selectors.confirmInput.role, { name: selectors.confirmInput.name });
    if (typed !== undefined) await box.fill(typed);
    await dialog.getByRole('button', { name: buttonName }).click();
    await dialog.waitFor({ state: 'detached' });
  }
}

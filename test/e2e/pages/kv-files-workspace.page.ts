// Moving around one server's workspace: choose the server, a pane, and a namespace in the shared
// namespace browser.
import type { Locator, Page } from 'playwright-core';

export class WorkspacePage {
  constructor(readonly page: Page) {}

  async openServer(name: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Servers' }).getByRole('button', { name, exact: true }).first().click();
  }

  async openPane(name: 'Flows' | 'Executions' | 'KV store' | 'Files'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  namespaces(): Locator {
    return this.page.getByRole('region', { name: 'Namespaces' });
  }

  /** Filters the namespace browser and picks the namespace (its last segment is the tree label). */
  async selectNamespace(namespace: string): Promise<void> {
    const browser = this.namespaces();
    const leaf = namespace.split('.').pop()!;
    const item = browser.getByRole('treeitem', { name: leaf, exact: true });
    // Namespaces appear once data exists: reload until it is listed.
    for (let attempt = 0; attempt < 30; attempt += 1) {
      await browser.getByRole('searchbox', { name: 'Filter namespaces' }).fill(namespace);
      if (await item.count()) break;
      await browser.getByRole('button', { name: 'Reload namespaces' }).click();
      await item.waitFor({ timeout: 1000 }).catch(() => undefined);
    }
    await item.click();
    await browser.getByRole('treeitem', { name: leaf, exact: true, selected: true }).waitFor();
  }

  async selectAllNamespaces(): Promise<void> {
    await this.namespaces().getByRole('button', { name: 'All namespaces' }).click();
  }

  /** The confirm dialog of a destructive action: types the text when asked, then confirms. */
  async confirm(label: string | RegExp): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    const typeBox = dialog.getByRole('textbox', { name: /^Type .* to confirm$/ });
    if (await typeBox.count()) {
      const name = (await typeBox.getAttribute('aria-label'))!.replace(/^Type (.*) to confirm$/, '$1');
      await typeBox.fill(name);
    }
    await dialog.getByRole('button', { name: label }).click();
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByText(text);
  }
}

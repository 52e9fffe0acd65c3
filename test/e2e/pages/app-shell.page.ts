import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

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
    return this.serverRail().getByRole('button', { name });
  }
}

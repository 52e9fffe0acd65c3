// The add/edit server dialog, driven as a user does.
import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

export interface ServerDraft {
  name: string;
  url: string;
  color?: string;
  environment?: 'Development' | 'Staging' | 'Production';
  confirmByName?: boolean;
  readOnly?: boolean;
  auth?: { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };
}

const s = selectors.servers;

export class ServersPage {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async openAdd(): Promise<void> {
    await this.page.getByRole(selectors.serverRail.role, { name: selectors.serverRail.name }).getByRole('button', { name: 'Add server', exact: true }).click();
    await this.page.getByRole(s.addDialog.role, { name: s.addDialog.name }).waitFor();
  }

  async openEdit(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Edit server ${name}`, exact: true }).click();
    await this.page.getByRole('dialog', { name: `Edit ${name}` }).waitFor();
  }

  async fill(draft: Partial<ServerDraft>): Promise<void> {
    const d = this.dialog();
    if (draft.name !== undefined) await d.getByRole(s.name.role, { name: s.name.name, exact: true }).fill(draft.name);
    if (draft.url !== undefined) await d.getByRole(s.url.role, { name: s.url.name, exact: true }).fill(draft.url);
    if (draft.auth?.kind === 'basic') {
      await d.getByRole(s.authBasic.role, { name: s.authBasic.name }).check();
      await d.getByRole(s.username.role, { name: s.username.name }).fill(draft.auth.username);
      await d.getByLabel(/^Password/).fill(draft.auth.password);
    } else if (draft.auth?.kind === 'bearer') {
      await d.getByRole(s.authBearer.role, { name: s.authBearer.name }).check();
      await d.getByLabel(/^Token/).fill(draft.auth.token);
    }
    if (draft.color) await d.getByLabel('Custom colour').fill(draft.color);
    if (draft.environment) await d.getByRole(s.environment.role, { name: s.environment.name }).selectOption({ label: draft.environment });
    if (draft.confirmByName !== undefined) await d.getByRole(s.confirmByName.role, { name: s.confirmByName.name }).setChecked(draft.confirmByName);
    if (draft.readOnly !== undefined) await d.getByRole(s.readOnly.role, { name: s.readOnly.name }).setChecked(draft.readOnly);
  }

  async testConnection(): Promise<Locator> {
    await this.dialog().getByRole(s.testConnection.role, { name: s.testConnection.name }).click();
    const checks = this.dialog().getByRole(s.checks.role, { name: s.checks.name });
    await checks.waitFor();
    return checks;
  }

  async submit(): Promise<void> {
    const d = this.dialog();
    const add = d.getByRole('button', { name: 'Add server', exact: true });
    if (await add.count()) await add.click();
    else await d.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'detached' });
  }

  async add(draft: ServerDraft): Promise<void> {
    await this.openAdd();
    await this.fill(draft);
    await this.submit();
    await this.page.getByRole(selectors.serverRail.role, { name: selectors.serverRail.name }).getByRole('button', { name: draft.name, exact: true }).waitFor();
  }
}

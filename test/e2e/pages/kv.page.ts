// The KV pane as a user drives it.
import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

const s = selectors.kv;

export interface KvDraft {
  namespace?: string;
  key: string;
  type: 'STRING' | 'NUMBER' | 'BOOLEAN' | 'DATE' | 'DATETIME' | 'DURATION' | 'JSON';
  value: string;
  /** A preset label ("1 hour") or an ISO duration for the custom field. */
  ttl?: string;
  description?: string;
}

export class KvPage {
  constructor(readonly page: Page) {}

  pane(): Locator {
    return this.page.getByRole(s.pane.role, { name: s.pane.name });
  }

  table(): Locator {
    return this.pane().getByRole(s.table.role, { name: s.table.name });
  }

  row(key: string): Locator {
    return this.table().getByRole('row', { name: new RegExp(`\\s${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async search(text: string): Promise<void> {
    await this.pane().getByRole(s.search.role, { name: s.search.name }).fill(text);
  }

  async refresh(): Promise<void> {
    await this.pane().getByRole(s.refresh.role, { name: s.refresh.name }).click();
  }

  async openNew(): Promise<void> {
    await this.pane().getByRole(s.newPair.role, { name: s.newPair.name }).click();
    await this.dialog().waitFor();
  }

  /** Fills the editor (already open). */
  async fill(draft: KvDraft): Promise<void> {
    const d = this.dialog();
    const e = s.editor;
    if (draft.namespace !== undefined) await d.getByRole(e.namespace.role, { name: e.namespace.name }).fill(draft.namespace);
    await d.getByRole(e.key.role, { name: e.key.name }).fill(draft.key);
    await d.getByRole(e.type.role, { name: e.type.name }).selectOption(draft.type);
    if (draft.type === 'BOOLEAN') await d.getByRole(e.valueSelect.role, { name: e.valueSelect.name }).selectOption(draft.value);
    else if (draft.type === 'JSON') await this.typeJson(draft.value);
    else await d.getByLabel('Value', { exact: true }).fill(draft.value);
    if (draft.ttl) {
      const select = d.getByRole(e.expiration.role, { name: e.expiration.name });
      if (/^P/i.test(draft.ttl)) {
        await select.selectOption({ label: 'Custom ISO-8601 duration…' });
        await d.getByRole(e.customTtl.role, { name: e.customTtl.name }).fill(draft.ttl);
      } else await select.selectOption({ label: draft.ttl });
    }
    if (draft.description !== undefined) await d.getByRole(e.description.role, { name: e.description.name }).fill(draft.description);
  }

  /** Replaces the Monaco JSON editor's text (insertText skips auto-closing brackets). */
  async typeJson(text: string): Promise<void> {
    const editor = this.dialog().locator('.kv-editor__json .monaco-editor');
    await editor.waitFor();
    await editor.click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async submit(label: 'Create' | 'Save' = 'Create'): Promise<void> {
    await this.dialog().getByRole('button', { name: label, exact: true }).click();
  }

  async create(draft: KvDraft): Promise<void> {
    await this.openNew();
    await this.fill(draft);
    await this.submit();
    await this.dialog().waitFor({ state: 'detached' });
  }

  /** Error text shown in the open editor. */
  alerts(): Locator {
    return this.dialog().getByRole('alert');
  }

  async select(key: string): Promise<void> {
    await this.row(key).getByRole('checkbox').check();
  }

  async deleteSelected(): Promise<void> {
    await this.pane().getByRole(s.deleteSelected.role, { name: s.deleteSelected.name }).click();
  }

  async exportNamespace(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.pane().getByRole(s.exportButton.role, { name: s.exportButton.name, exact: true }).click();
    const file = await download;
    return (await file.path())!;
  }

  async importFile(path: string): Promise<void> {
    await this.pane().getByLabel(s.importInput).setInputFiles(path);
    await this.dialog().waitFor();
  }
}

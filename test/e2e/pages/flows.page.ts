// The flows pane: list, editor (Monaco), problems, revisions and the run form.
import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

const f = selectors.flows;

export class FlowsPage {
  constructor(readonly page: Page) {}

  list(): Locator {
    return this.page.getByRole(f.list.role, { name: f.list.name });
  }

  async newFlow(): Promise<void> {
    await this.list().getByRole(f.newFlow.role, { name: f.newFlow.name, exact: true }).click();
    await this.editor().waitFor();
  }

  row(id: string, namespace: string): Locator {
    return this.list().getByRole('row', { name: `${id} in ${namespace}`, exact: true });
  }

  async search(text: string): Promise<void> {
    await this.list().getByRole(f.search.role, { name: f.search.name }).fill(text);
  }

  async open(id: string, namespace: string): Promise<void> {
    await this.row(id, namespace).click();
    await this.page.getByRole('region', { name: `Flow editor: ${id}` }).waitFor();
  }

  editor(): Locator {
    return this.page.getByRole(f.editor.role, { name: f.editor.name });
  }

  monaco(): Locator {
    return this.editor().locator('.monaco-editor').first();
  }

  /** Focuses the YAML editor (clicking its text area). */
  async focusEditor(): Promise<void> {
    await this.monaco().waitFor();
    await this.monaco().locator('.view-lines').click();
  }

  /** Replaces the editor's text: select all with the keyboard, then paste (no auto-indent on paste). */
  async replaceText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+a');
    await this.paste(text);
  }

  /** Pastes text at the cursor, as a clipboard paste event on the focused editor. */
  async paste(text: string): Promise<void> {
    await this.page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', ${JSON.stringify(text)});
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      // The editor may apply a paste after the event returns: two frames, so a key pressed next
      // (Mod+S) meets the pasted text, as it would after a person's paste.
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    })()`);
  }

  /** Moves the cursor to the end of the document. */
  async goToEnd(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+End');
  }

  /** Status beside the title: "Revision 2", "Unsaved changes", "Saving…". */
  status(): Locator {
    return this.editor().getByRole('status');
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  problems(): Locator {
    return this.page.getByRole(f.problems.role, { name: f.problems.name });
  }

  problem(name: string | RegExp): Locator {
    return this.problems().getByRole('button', { name });
  }

  async openRevisions(): Promise<Locator> {
    await this.editor().getByRole(f.revisions.role, { name: f.revisions.name, exact: true }).click();
    const view = this.page.getByRole(f.revisionsView.role, { name: f.revisionsView.name });
    await view.waitFor();
    return view;
  }

  async openRunForm(): Promise<Locator> {
    await this.page.keyboard.press('Control+e');
    const form = this.page.getByRole(f.runForm.role, { name: f.runForm.name });
    await form.waitFor();
    return form;
  }

  async moreAction(name: string | RegExp): Promise<void> {
    await this.editor().getByRole(f.more.role, { name: f.more.name }).click();
    await this.page.getByRole('menuitem', { name }).click();
  }
}

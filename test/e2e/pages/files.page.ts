// The files pane as a user drives it, including real drag events from the desktop (CDP
// Input.dispatchDragEvent with file paths, which Chromium turns into File and Directory entries).
import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

const s = selectors.files;

export class FilesPage {
  constructor(readonly page: Page) {}

  pane(): Locator {
    return this.page.getByRole(s.pane.role, { name: s.pane.name });
  }

  tree(): Locator {
    return this.pane().getByRole(s.tree.role, { name: s.tree.name });
  }

  item(name: string): Locator {
    return this.tree().getByRole('treeitem', { name, exact: true });
  }

  uploads(): Locator {
    return this.pane().getByRole(s.uploads.role, { name: s.uploads.name });
  }

  uploadLine(targetPath: string): Locator {
    return this.uploads().getByLabel(new RegExp(`^${targetPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  }

  totalProgress(): Locator {
    return this.uploads().getByRole(s.totalProgress.role, { name: s.totalProgress.name });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Drops files or folders from disk onto `target` (the tree, or one of its rows) with real drag events. */
  async dropFromDesktop(paths: string[], target: Locator, options: { at?: 'start' | 'bottom' } = {}): Promise<void> {
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (!box) throw new Error('Drop target is not visible');
    const x = box.x + Math.min(40, box.width / 2);
    // 'bottom' drops below the last row, i.e. onto the namespace root.
    const y = options.at === 'bottom' ? box.y + box.height - 8 : box.y + Math.min(box.height / 2, 12);
    const cdp = await this.page.context().newCDPSession(this.page);
    const data = { items: [], files: paths, dragOperationsMask: 1 };
    try {
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
    } finally {
      await cdp.detach();
    }
  }

  /** Drags one tree row onto a folder row (a move inside the tree). */
  async dragInTree(from: string, toFolder: string): Promise<void> {
    await this.item(from).dragTo(this.item(toFolder));
  }

  /** Opens a folder row (a click toggles, so only when it is closed). */
  async expand(name: string): Promise<void> {
    const row = this.item(name);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }

  async open(name: string): Promise<void> {
    await this.item(name).dblclick();
  }

  async select(name: string): Promise<void> {
    await this.item(name).click();
  }

  /** The toolbar for the selected item. */
  actions(): Locator {
    return this.pane().getByRole('toolbar', { name: /^Actions for / });
  }

  async nameDialog(value: string, confirm: string): Promise<void> {
    const field = this.dialog().getByRole(s.nameDialog.name.role, { name: s.nameDialog.name.name });
    await field.fill(value);
    await this.dialog().getByRole('button', { name: confirm, exact: true }).click();
    await this.dialog().waitFor({ state: 'detached' });
  }

  editor(path: string): Locator {
    return this.pane().getByRole('region', { name: `Editor for ${path}` });
  }

  async exportZip(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.pane().getByRole(s.exportZip.role, { name: s.exportZip.name }).click();
    return (await (await download).path())!;
  }
}

// The executions pane as a user drives it: filters, list, timeline, bulk actions, and one
// execution's header, actions and tabs. Element names come from selectors/executions.ts.
import type { Download, Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';
import { LogViewerPage } from './executions-logs.page';

const s = selectors.executions;
type Role = Parameters<Page['getByRole']>[0];

export class ExecutionsPage {
  readonly logs: LogViewerPage;

  constructor(readonly page: Page) {
    this.logs = new LogViewerPage(page);
  }

  private get(selector: { role: string; name: string }, scope: Page | Locator = this.page): Locator {
    return scope.getByRole(selector.role as Role, { name: selector.name, exact: true });
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Executions', exact: true }).click();
    await this.get(s.executionsGrid).or(this.get(s.timeline)).or(this.get(s.executionHeader)).first().waitFor();
  }

  grid(): Locator {
    return this.get(s.executionsGrid);
  }

  /** A loaded row of the list. */
  row(executionId: string): Locator {
    return this.grid().locator(`[data-execution-id="${executionId}"]`);
  }

  /** Ids of the rows drawn, in order. */
  async rowIds(): Promise<string[]> {
    return this.grid()
      .locator('[data-execution-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-execution-id') ?? ''));
  }

  async filterNamespace(namespace: string): Promise<void> {
    const box = this.get(s.namespaceFilter);
    await box.fill(namespace);
    await box.press('Enter');
  }

  async filterFlow(flowId: string): Promise<void> {
    const box = this.get(s.flowFilter);
    await box.fill(flowId);
    await box.press('Enter');
  }

  async filterStates(states: string[]): Promise<void> {
    await this.get(s.stateFilter).click();
    const group = this.page.getByRole('group', { name: 'Execution states' });
    for (const label of await group.getByRole('checkbox').all()) {
      const name = (await label.evaluate((el) => el.parentElement?.textContent ?? '')).trim();
      const wanted = states.some((state) => state.toLowerCase() === name.toLowerCase());
      if ((await label.isChecked()) !== wanted) await label.click();
    }
    await this.get(s.stateFilter).click();
  }

  async addLabelFilter(label: string): Promise<void> {
    const box = this.get(s.labelFilter);
    await box.fill(label);
    await box.press('Enter');
  }

  async showList(): Promise<void> {
    await this.get(s.listView).click();
    await this.grid().waitFor();
  }

  async showTimeline(): Promise<void> {
    await this.get(s.timelineView).click();
    await this.get(s.timeline).waitFor();
  }

  timelineBars(): Locator {
    return this.get(s.timeline).locator('.tl-bar');
  }

  timelineBar(executionId: string): Locator {
    return this.get(s.timeline).getByRole('button', { name: new RegExp(`\\b${executionId}:`) });
  }

  async select(executionId: string): Promise<void> {
    await this.grid()
      .getByRole('checkbox', { name: `Select execution ${executionId}` })
      .check();
  }

  bulkBar(): Locator {
    return this.get(s.bulkActions);
  }

  async bulk(action: 'Kill' | 'Restart' | 'Replay' | 'Delete'): Promise<void> {
    await this.bulkBar()
      .getByRole('button', { name: new RegExp(`^${action} \\d`) })
      .click();
  }

  /** Confirms the open confirmation dialog (typing the server name when asked). */
  async confirm(label: string | RegExp): Promise<string> {
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    const typeBox = dialog.getByRole('textbox', { name: /^Type .* to confirm$/ });
    if (await typeBox.count()) {
      const name = (await typeBox.getAttribute('aria-label'))!.replace(/^Type (.*) to confirm$/, '$1');
      await typeBox.fill(name);
    }
    await dialog.getByRole('button', { name: label }).click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  // One execution

  header(): Locator {
    return this.get(s.executionHeader);
  }

  async openExecution(executionId: string): Promise<void> {
    await this.row(executionId).click();
    await this.header().waitFor();
    await this.headerId(executionId).waitFor();
  }

  /** The header's execution id, when it is `executionId`. */
  headerId(executionId: string): Locator {
    return this.header().locator('.xhead__id', { hasText: executionId });
  }

  /** The state badge text in the header (e.g. "Running"). */
  async state(): Promise<string> {
    return ((await this.header().locator('.state-badge').textContent()) ?? '').trim();
  }

  async waitForState(state: string, timeout = 60_000): Promise<void> {
    await this.header().locator('.state-badge', { hasText: state }).waitFor({ timeout });
  }

  action(name: 'Kill' | 'Restart' | 'Replay' | 'Resume' | 'Pause'): Locator {
    return this.header().getByRole('button', { name, exact: true });
  }

  async moreAction(label: RegExp): Promise<void> {
    await this.get(s.moreActions).click();
    await this.page.getByRole('menuitem', { name: label }).click();
  }

  async tab(name: 'Gantt' | 'Logs' | 'Outputs' | 'Topology'): Promise<void> {
    await this.get(selectors.executions.executionTabs).getByRole('tab', { name, exact: true }).click();
  }

  gantt(): Locator {
    return this.get(s.gantt);
  }

  /** Gantt rows (task runs and iteration groups) drawn, as [task id, state]. */
  async ganttRows(): Promise<{ taskId: string; state: string; label: string }[]> {
    return this.gantt()
      .locator('[role="row"]')
      .evaluateAll((rows) =>
        rows.map((r) => ({
          taskId: r.getAttribute('data-task-id') ?? '',
          state: r.getAttribute('data-state') ?? '',
          label: r.querySelector('.gantt-row__name')?.textContent ?? '',
        })),
      );
  }

  outputsTree(): Locator {
    return this.get(s.outputsTree);
  }

  topology(): Locator {
    return this.get(s.topology);
  }

  /** Downloads the log through the viewer's Download button (web mode: a browser download). */
  async downloadLog(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.logs.download().click()]);
    return download;
  }

  backToList(): Locator {
    return this.header().getByRole('button', { name: 'Back to executions' });
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByText(text);
  }
}

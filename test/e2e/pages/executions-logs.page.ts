// The log viewer as a user drives it (page object), for the harness tests and the full e2e.
import type { Locator, Page } from 'playwright-core';
import { selectors } from '../selectors/index';

const s = selectors.executions;

/** The few DOM members used inside evaluate callbacks (this file compiles without DOM types). */
interface BoxElement {
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll(selector: string): Iterable<BoxElement>;
  dataset: Record<string, string | undefined>;
}

export class LogViewerPage {
  constructor(
    readonly page: Page,
    /** The element containing the viewer (the whole page in the harness). */
    readonly scope: Locator = page.locator('body'),
  ) {}

  private get(selector: { role: string; name: string }, exact = true): Locator {
    return this.scope.getByRole(selector.role as Parameters<Page['getByRole']>[0], { name: selector.name, exact });
  }

  log(): Locator {
    return this.get(s.logView);
  }

  /** Drawn line rows (only the visible ones exist). */
  rows(): Locator {
    return this.log().locator('[data-line]');
  }

  row(line: number): Locator {
    return this.log().locator(`[data-line="${line}"]`);
  }

  cursorRow(): Locator {
    return this.log().locator('.log-row--cursor');
  }

  groupHeaders(): Locator {
    return this.log().locator('.log-group');
  }

  async search(text: string, options: { regex?: boolean; caseSensitive?: boolean } = {}): Promise<void> {
    await this.setToggle(s.regexToggle, options.regex ?? false);
    await this.setToggle(s.caseToggle, options.caseSensitive ?? false);
    const box = this.get(s.searchLogs);
    await box.fill(text);
    await box.press('Enter');
  }

  async setToggle(selector: { role: string; name: string }, on: boolean): Promise<void> {
    const toggle = this.get(selector);
    if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  }

  matchStatus(): Locator {
    return this.get(s.logTools).locator('.log-search__count');
  }

  async nextMatch(): Promise<void> {
    await this.get(s.nextMatch).click();
  }

  async previousMatch(): Promise<void> {
    await this.get(s.previousMatch).click();
  }

  async nextProblem(): Promise<void> {
    await this.get(s.nextProblem).click();
  }

  async previousProblem(): Promise<void> {
    await this.get(s.previousProblem).click();
  }

  async setMinLevel(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'): Promise<void> {
    await this.get(s.minLevel).selectOption(level);
  }

  async selectTask(label: string): Promise<void> {
    // As a user does: the choice lists the task runs once it is in use (focused).
    await this.get(s.taskRun).focus();
    await this.get(s.taskRun).selectOption({ label });
  }

  groupByTask(): Locator {
    return this.get(s.groupByTask);
  }

  wrap(): Locator {
    return this.get(s.wrap);
  }

  follow(): Locator {
    return this.get(s.follow);
  }

  copy(): Locator {
    return this.get(s.copyLines);
  }

  download(): Locator {
    return this.get(s.downloadLog);
  }

  /** The "N new lines" button shown while paused. */
  newLinesButton(): Locator {
    return this.scope.getByRole('button', { name: /^[\d,]+ new lines?$/ });
  }

  /** Absolute line numbers (0-based) of the drawn rows that are inside the viewport. */
  async visibleLines(): Promise<number[]> {
    return this.log().evaluate((el: BoxElement) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('[data-line]')]
        .filter((row) => {
          const r = row.getBoundingClientRect();
          return r.bottom > box.top + 1 && r.top < box.bottom - 1;
        })
        .map((row) => Number(row.dataset.line));
    });
  }

  async cursorLine(): Promise<number | undefined> {
    const value = await this.cursorRow().getAttribute('data-line', { timeout: 5000 });
    return value === null ? undefined : Number(value);
  }
}

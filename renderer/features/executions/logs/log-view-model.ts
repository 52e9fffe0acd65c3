// Which lines of a LogStore the viewer shows, in which order: level filter, task filter, an extra
// line predicate (e.g. "only lines matching the search"), and grouping by task run with collapsible
// headers. Rows are numbers: a row is a line (>= 0) or a group header (< 0). Views update
// incrementally as lines arrive (`sync`), so a live tail never rescans the whole log.
import { IntList } from './int-list';
import { ALL_LEVELS_MASK, isLevelEnabled } from './log-levels';
import type { LogStore } from './log-store';

export interface LogViewOptions {
  levelMask: number;
  /** Only these task refs (-1 = execution-level lines); null shows every task. */
  taskFilter: ReadonlySet<number> | null;
  groupByTask: boolean;
  /** Task refs whose group is collapsed (grouped mode only). */
  collapsed: ReadonlySet<number>;
  /** Extra filter on line numbers; null keeps every line. */
  lineFilter: ((line: number) => boolean) | null;
}

export const DEFAULT_VIEW_OPTIONS: LogViewOptions = {
  levelMask: ALL_LEVELS_MASK,
  taskFilter: null,
  groupByTask: false,
  collapsed: new Set(),
  lineFilter: null,
};

/** Header row value for a task ref (execution-level lines use ref -1 → row -1). */
export function headerRow(taskRef: number): number {
  return -(taskRef + 2);
}

export function headerTaskRef(row: number): number {
  return -row - 2;
}

interface Group {
  taskRef: number;
  lines: IntList;
}

export class LogView {
  private scanned: number;
  /** Non-grouped, filtered: the shown lines. Null in identity mode. */
  private lines: IntList | null = null;
  private groups: Group[] = [];
  /** Grouped mode: groups with at least one shown line, in first-appearance order. */
  private shown: Group[] = [];
  private shownIndex = new Map<number, number>();
  private groupByRef = new Map<number, Group>();
  /** Grouped mode: row index where each group's header sits. */
  private groupStarts: number[] = [];
  private rows = 0;
  private readonly identity: boolean;

  constructor(
    private readonly store: LogStore,
    readonly options: LogViewOptions,
  ) {
    this.identity =
      !options.groupByTask && options.taskFilter === null && options.lineFilter === null && (options.levelMask & ALL_LEVELS_MASK) === ALL_LEVELS_MASK;
    if (!this.identity && !options.groupByTask) this.lines = new IntList(4096);
    this.scanned = store.first;
    this.sync();
  }

  get isIdentity(): boolean {
    return this.identity;
  }

  get grouped(): boolean {
    return this.options.groupByTask;
  }

  get rowCount(): number {
    return this.identity ? this.store.size : this.rows;
  }

  /**
   * Takes in lines appended (or dropped) since the last call, up to `limit` (e.g. as far as a search
   * has got, when only matching lines are shown); returns true when rows changed.
   */
  sync(limit = Number.POSITIVE_INFINITY): boolean {
    const store = this.store;
    if (this.identity) {
      const changed = this.scanned !== store.end;
      this.scanned = store.end;
      return changed;
    }
    let changed = false;
    const first = store.first;
    if (this.lines) {
      if (this.lines.dropWhileBelow(first) > 0) changed = true;
    } else {
      for (const group of this.groups) if (group.lines.dropWhileBelow(first) > 0) changed = true;
    }
    const from = Math.max(this.scanned, first);
    const to = Math.max(from, Math.min(store.end, limit));
    if (to > from) {
      const { levelMask, taskFilter, lineFilter } = this.options;
      const target = this.lines;
      store.scan(from, to, (line, level, taskRef) => {
        if (!isLevelEnabled(levelMask, level)) return;
        if (taskFilter && !taskFilter.has(taskRef)) return;
        if (lineFilter && !lineFilter(line)) return;
        if (target) target.push(line);
        else this.groupFor(taskRef).lines.push(line);
      });
      changed = true;
    }
    this.scanned = to;
    if (changed) this.recount();
    return changed;
  }

  private groupFor(taskRef: number): Group {
    let group = this.groupByRef.get(taskRef);
    if (!group) {
      group = { taskRef, lines: new IntList(64) };
      this.groupByRef.set(taskRef, group);
      this.groups.push(group);
    }
    return group;
  }

  private recount(): void {
    if (this.lines) {
      this.rows = this.lines.length;
      return;
    }
    let rows = 0;
    this.groupStarts = [];
    const shown: Group[] = [];
    for (const group of this.groups) {
      if (group.lines.length === 0) continue;
      shown.push(group);
      this.groupStarts.push(rows);
      rows += 1 + (this.options.collapsed.has(group.taskRef) ? 0 : group.lines.length);
    }
    this.shown = shown;
    this.shownIndex = new Map(shown.map((g, i) => [g.taskRef, i]));
    this.rows = rows;
  }

  /** The line (>= 0) or group header (< 0) at a row. */
  rowAt(row: number): number {
    if (this.identity) return this.store.first + row;
    if (this.lines) return this.lines.get(row);
    const g = this.groupIndexAtRow(row);
    const group = this.shown[g]!;
    const offset = row - this.groupStarts[g]!;
    return offset === 0 ? headerRow(group.taskRef) : group.lines.get(offset - 1);
  }

  private groupIndexAtRow(row: number): number {
    const starts = this.groupStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Lines in a group (after filters), for its header. */
  groupSize(taskRef: number): number {
    return this.groupByRef.get(taskRef)?.lines.length ?? 0;
  }

  /** Task refs of the shown groups, in order. */
  groupRefs(): number[] {
    return this.shown.map((g) => g.taskRef);
  }

  /**
   * The row showing `line`, or -1 when the line is filtered out. In grouped mode a line inside a
   * collapsed group is reported as -1 too (`groupOfLine` tells which group to expand).
   */
  rowOfLine(line: number): number {
    const store = this.store;
    if (!store.has(line)) return -1;
    if (this.identity) return line - store.first;
    if (this.lines) return this.lines.indexOf(line);
    const ref = store.taskRef(line);
    const group = this.groupByRef.get(ref);
    if (!group || this.options.collapsed.has(ref)) return -1;
    const index = group.lines.indexOf(line);
    if (index < 0) return -1;
    const g = this.shownIndex.get(ref)!;
    return this.groupStarts[g]! + 1 + index;
  }

  /** Whether a line passes the filters (regardless of collapsed groups). */
  includesLine(line: number): boolean {
    const store = this.store;
    if (!store.has(line)) return false;
    if (this.identity) return true;
    if (this.lines) return this.lines.indexOf(line) >= 0;
    return (this.groupByRef.get(store.taskRef(line))?.lines.indexOf(line) ?? -1) >= 0;
  }

  /**
   * Rows of the given sorted lines that are shown, sorted by row. Used to move between search hits
   * and problems in display order (which differs from line order when grouped).
   */
  rowsOf(sortedLines: ArrayLike<number>): Int32Array {
    const m = sortedLines.length;
    const out = new Int32Array(m);
    let n = 0;
    const lines = this.lines;
    if (lines && m * Math.log2(lines.length + 2) > lines.length + m) {
      // Many lines against a flat view: walk both sorted lists once instead of binary searching.
      const shown = lines.view();
      let j = 0;
      for (let i = 0; i < m; i += 1) {
        const line = sortedLines[i]!;
        while (j < shown.length && shown[j]! < line) j += 1;
        if (j < shown.length && shown[j] === line) {
          out[n] = j;
          n += 1;
        }
      }
      return out.subarray(0, n);
    }
    for (let i = 0; i < m; i += 1) {
      const row = this.rowOfLine(sortedLines[i]!);
      if (row >= 0) {
        out[n] = row;
        n += 1;
      }
    }
    const rows = out.subarray(0, n);
    // Identity and flat views keep line order; groups reorder lines.
    if (this.options.groupByTask) rows.sort();
    return rows;
  }
}

/** The next (direction 1) or previous (-1) row in a sorted row list, wrapping around; -1 if none. */
export function stepRow(sortedRows: ArrayLike<number>, currentRow: number, direction: 1 | -1): number {
  const n = sortedRows.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedRows[mid]! <= currentRow) lo = mid + 1;
    else hi = mid;
  }
  // lo = first index with row > currentRow
  if (direction === 1) return sortedRows[lo < n ? lo : 0]!;
  let prev = lo - 1;
  if (prev >= 0 && sortedRows[prev] === currentRow) prev -= 1;
  return sortedRows[prev >= 0 ? prev : n - 1]!;
}

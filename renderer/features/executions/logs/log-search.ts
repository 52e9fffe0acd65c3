// Text and regex search over a LogStore, run in time slices so a million lines never freeze the
// window, and continued incrementally as live lines arrive. Matches are absolute line numbers.
//
// Each chunk's text is one string, so a search is one regex pass per chunk; a hit is mapped to its
// line by binary search over the chunk's offsets. Lines that carry ANSI escapes (or are held as
// UTF-8 bytes) are searched on their visible text instead, so codes never cause or hide a match.
import { IntList } from './int-list';
import { FLAG_SEARCH_ALONE, type LogStore } from './log-store';

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export type CompiledQuery = { ok: true; pattern: RegExp } | { ok: false; error: string };

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the search pattern; a bad regex comes back as a message for the user. */
export function compileQuery(query: SearchQuery): CompiledQuery {
  const flags = query.caseSensitive ? 'gm' : 'gim';
  if (!query.regex) return { ok: true, pattern: new RegExp(escapeRegExp(query.text), flags) };
  try {
    return { ok: true, pattern: new RegExp(query.text, flags) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Ranges [start, end) of every match inside one line's visible text (for highlighting). */
export function matchRanges(pattern: RegExp, text: string, limit = 200): [number, number][] {
  const ranges: [number, number][] = [];
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (let m = re.exec(text); m && ranges.length < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** Index of the line (0-based within a segment) containing char position `pos`. */
function lineAtOffset(offsets: (i: number) => number, count: number, pos: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets(mid) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class LogSearch {
  readonly matches = new IntList(1024);
  private scanned: number;
  private readonly linePattern: RegExp;

  constructor(
    private readonly store: LogStore,
    readonly pattern: RegExp,
  ) {
    this.scanned = store.first;
    this.linePattern = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  }

  /** True once every held line has been searched (new lines make it false again). */
  get done(): boolean {
    return this.scanned >= this.store.end;
  }

  /** Lines searched so far, for a progress display. */
  get progress(): { searched: number; total: number } {
    return { searched: Math.max(0, this.scanned - this.store.first), total: this.store.size };
  }

  /** Every line before this one has been searched. */
  get scannedTo(): number {
    return this.scanned;
  }

  has(line: number): boolean {
    return this.matches.indexOf(line) >= 0;
  }

  /**
   * Searches more lines, stopping after about `budgetMs` (at a segment boundary). Returns true
   * when it has caught up with the store.
   */
  step(budgetMs = 8): boolean {
    const store = this.store;
    this.matches.dropWhileBelow(store.first);
    if (this.scanned < store.first) this.scanned = store.first;
    const started = performance.now();
    const re = this.pattern;
    const single = this.linePattern;
    while (this.scanned < store.end) {
      const from = this.scanned;
      let advancedTo = from;
      store.forEachSegment(from, store.end, (text, offsets, startLine, count) => {
        const segEnd = startLine + count;
        const skip = Math.max(0, from - startLine);
        const found: number[] = [];
        re.lastIndex = skip > 0 ? offsets(skip) : 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const index = lineAtOffset(offsets, count, m.index);
          const line = startLine + index;
          const lineEnd = index + 1 < count ? offsets(index + 1) - 1 : text.length;
          const alone = (store.flags(line) & FLAG_SEARCH_ALONE) !== 0;
          if (!alone) {
            // A match running past the end of its line is confirmed on the line alone.
            if (m.index + m[0].length <= lineEnd || single.test(store.rawText(line))) found.push(line);
          }
          if (index + 1 >= count) break;
          re.lastIndex = offsets(index + 1);
        }
        // Lines with escape sequences or held as UTF-8 bytes: test their visible text.
        const merged: number[] = [];
        let k = 0;
        store.scan(startLine + skip, segEnd, (line, _level, _ref, flags) => {
          if ((flags & FLAG_SEARCH_ALONE) === 0) return;
          if (!single.test(store.text(line))) return;
          while (k < found.length && found[k]! < line) merged.push(found[k++]!);
          merged.push(line);
        });
        while (k < found.length) merged.push(found[k++]!);
        for (const line of merged) this.matches.push(line);
        advancedTo = segEnd;
        return performance.now() - started < budgetMs;
      });
      this.scanned = Math.max(advancedTo, this.scanned);
      if (advancedTo === from || performance.now() - started >= budgetMs) break;
    }
    return this.done;
  }

  /** Searches everything now (tests and small logs). */
  runToEnd(): void {
    while (!this.step(1_000)) {
      // keep going
    }
  }
}

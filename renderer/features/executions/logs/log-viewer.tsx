// The log viewer: a LogStore drawn as a virtual list of fixed-height rows (only what is on screen
// is in the DOM), with level and task filters, grouping by task run, wrap, text/regex search with
// next/previous, jump to the next error or warning, line selection and copy, a live tail that
// pauses when the user scrolls up, and download of the full log (main streams it to disk).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { LogLevel } from '../../../../main/contract/kestra-model';
import { Button, IconButton } from '../../../components/button';
import { Icon } from '../../../components/icons';
import type { ScrollInfo } from '../lib/use-virtual-rows';
import { LEVELS, LEVEL_CODE, levelName, maskAtLeast } from './log-levels';
import type { LinkHandler } from './log-line';
import { LogRows, taskName, type LogRowsHandle } from './log-rows';
import { compileQuery, LogSearch, type SearchQuery } from './log-search';
import { FLAG_CONTINUATION, type LogStore, type TaskRef } from './log-store';
import { headerTaskRef, LogView, stepRow, type LogViewOptions } from './log-view-model';
import './log-viewer.css';

const EMPTY_ROWS = new Int32Array(0);

// One formatter for the whole viewer: the toolbar re-renders with every live batch.
const COUNT = new Intl.NumberFormat('en');
function formatCount(n: number): string {
  return COUNT.format(n);
}
function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${COUNT.format(n)} ${n === 1 ? singular : pluralForm}`;
}
const COPY_LIMIT = 200_000;

export interface LogViewerProps {
  store: LogStore;
  /** The execution is still running: follow new lines by default. */
  live: boolean;
  openLink: LinkHandler;
  /** Streams the full log to disk (main process); omitted when not available. */
  onDownload?: () => Promise<void>;
  /** Shows only this task run's lines (e.g. after a click on a Gantt bar); a new `seq` asks again. */
  focusRequest?: { taskRunId: string; seq: number };
  /** Extra text about a task run for group headers (e.g. its state). */
  describeTask?: (task: TaskRef) => ReactNode;
  /** Connection state of the follow stream, shown in the status line. */
  status?: ReactNode;
  /** Minimum level shown at first. */
  initialMinLevel?: LogLevel;
  copyText?: (text: string) => Promise<void>;
}

/**
 * Minimum time between two re-renders for new lines. A live tail at thousands of lines per second
 * is unreadable anyway; redrawing ten times a second keeps the main thread mostly idle.
 */
export const LIVE_REDRAW_MS = 100;

/** Re-renders when the store changes: at once after a quiet spell, then at most every LIVE_REDRAW_MS. */
function useStoreRevision(store: LogStore): number {
  const subscribe = useMemo(
    () => (onChange: () => void) => {
      let frame = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last = 0;
      const fire = (): void => {
        frame = 0;
        timer = undefined;
        last = performance.now();
        onChange();
      };
      const unsubscribe = store.subscribe(() => {
        if (frame || timer) return;
        const wait = last + LIVE_REDRAW_MS - performance.now();
        if (wait <= 0) frame = requestAnimationFrame(fire);
        else timer = setTimeout(() => (frame = requestAnimationFrame(fire)), wait);
      });
      return () => {
        unsubscribe();
        if (frame) cancelAnimationFrame(frame);
        if (timer) clearTimeout(timer);
      };
    },
    [store],
  );
  return useSyncExternalStore(subscribe, () => store.revision);
}

/** The line as copied: Kestra's download format ("<timestamp> <LEVEL> <message>"). */
function lineForCopy(store: LogStore, line: number): string {
  if (store.flags(line) & FLAG_CONTINUATION) return store.text(line);
  return `${new Date(store.timestamp(line)).toISOString()} ${levelName(store.level(line))} ${store.text(line)}`;
}

/** Dictionary refs of every attempt of a task run. */
function refsOfTaskRun(store: LogStore, taskRunId: string): Set<number> {
  const refs = new Set<number>();
  for (let ref = 0; ref < store.taskCount; ref += 1) if (store.task(ref)!.taskRunId === taskRunId) refs.add(ref);
  return refs;
}

export function LogViewer({
  store,
  live,
  openLink,
  onDownload,
  focusRequest,
  describeTask,
  status,
  initialMinLevel = 'INFO',
  copyText = (text) => navigator.clipboard.writeText(text),
}: LogViewerProps) {
  const revision = useStoreRevision(store);
  const [minLevel, setMinLevel] = useState<LogLevel>(initialMinLevel);
  /** The task run shown alone (all its attempts), or null for every task. */
  const [taskRunId, setTaskRunId] = useState<string | null>(null);
  const [groupByTask, setGroupByTask] = useState(false);
  /**
   * The task-run choice lists every task run (1,800 for a 900-iteration ForEach, 100,000 for a
   * huge execution): its options exist only while the select is in use (focused or pressed),
   * else only the chosen one, so a log left open costs the rows on screen, not its task runs.
   */
  const [taskChoiceOpen, setTaskChoiceOpen] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const [wrap, setWrap] = useState(false);
  const [queryText, setQueryText] = useState('');
  const [query, setQuery] = useState<SearchQuery>({ text: '', regex: false, caseSensitive: false });
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [follow, setFollow] = useState(live);
  const [cursorLine, setCursorLine] = useState<number | null>(null);
  const [selection, setSelection] = useState<{ anchor: number; focus: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const searchInputRef = useRef<HTMLInputElement>(null);
  const rowsRef = useRef<LogRowsHandle>(null);

  // Debounce typing; regex and case toggles apply at once.
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.text === queryText ? q : { ...q, text: queryText })), 150);
    return () => clearTimeout(timer);
  }, [queryText]);

  const compiled = useMemo(() => (query.text ? compileQuery(query) : null), [query]);
  const search = useMemo(() => (compiled?.ok ? new LogSearch(store, compiled.pattern) : null), [store, compiled]);
  const [searchTick, setSearchTick] = useState(0);
  // Enter pressed before the search had results: jump to the first hit once there is one.
  const pendingJumpRef = useRef(false);
  const jumpToHitRef = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!search) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const run = (): void => {
      if (cancelled) return;
      const done = search.step(10);
      setSearchTick((t) => t + 1);
      if (pendingJumpRef.current && (search.matches.length > 0 || done)) {
        pendingJumpRef.current = false;
        // After the re-render that brings the hits in.
        if (search.matches.length > 0) requestAnimationFrame(() => jumpToHitRef.current?.());
      }
      if (!done) timer = setTimeout(run, 0);
    };
    run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [search, revision]);

  // A Gantt click asks for one task run; its lines may not have arrived yet, so the request stays
  // pending until they do (adjusting state during render, as React recommends for prop changes).
  const [handledFocus, setHandledFocus] = useState(0);
  if (focusRequest && focusRequest.seq !== handledFocus) {
    if (store.taskRefOf(focusRequest.taskRunId) >= 0) {
      setHandledFocus(focusRequest.seq);
      setTaskRunId(focusRequest.taskRunId);
      setMinLevel('TRACE');
    }
  }

  const showOnlyMatching = onlyMatching && !!search;
  const viewOptions = useMemo<LogViewOptions>(
    () => ({
      levelMask: maskAtLeast(minLevel),
      taskFilter: taskRunId === null ? null : refsOfTaskRun(store, taskRunId),
      groupByTask,
      collapsed,
      lineFilter: showOnlyMatching && search ? (line) => search.has(line) : null,
    }),
    // The task dictionary only grows; a filter built now covers the attempts known so far.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [minLevel, taskRunId, groupByTask, collapsed, showOnlyMatching, search, taskRunId === null ? 0 : store.taskCount],
  );
  const view = useMemo(() => new LogView(store, viewOptions), [store, viewOptions]);
  // Bring the view up to date with the store (and, when filtering by matches, with the search).
  const rowCount = useMemo(() => {
    view.sync(showOnlyMatching && search ? search.scannedTo : undefined);
    return view.rowCount;
    // revision and searchTick stand for the store's and the search's progress.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, revision, searchTick, showOnlyMatching, search]);

  // The user scrolled away from the end: pause; back at the end of a live log: resume.
  const latest = useRef({ follow, rowCount, live });
  useEffect(() => {
    latest.current = { follow, rowCount, live };
  });
  const onScrolled = useCallback((info: ScrollInfo) => {
    if (!info.byUser) return;
    const current = latest.current;
    if (!info.atEnd && current.follow) {
      setFollow(false);
      setPausedAt(current.rowCount);
    } else if (info.atEnd && !current.follow && current.live && info.scrollTop > 0) {
      setFollow(true);
      setPausedAt(null);
    }
  }, []);

  const pause = useCallback(() => {
    if (!latest.current.follow) return;
    setFollow(false);
    setPausedAt(latest.current.rowCount);
  }, []);

  const resume = useCallback(() => {
    setFollow(true);
    setPausedAt(null);
    rowsRef.current?.scrollToEnd();
  }, []);

  // Cached rows of search hits and of problems, in display order.
  // Hits in display order, once the search has caught up (mid-search the count comes from the
  // search itself, so a million-line search does not remap its hits on every slice).
  const searchCaughtUp = !!search && search.done;
  const hitRows = useMemo(
    () => (search && searchCaughtUp ? view.rowsOf(search.matches.view()) : EMPTY_ROWS),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search, searchCaughtUp, view, rowCount, searchTick],
  );
  const problemRows = useMemo(
    () => view.rowsOf(store.problemLines()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, rowCount, revision],
  );

  const cursorRow = cursorLine === null ? -1 : view.rowOfLine(cursorLine);

  const goToRow = useCallback(
    (row: number) => {
      const line = view.rowAt(row);
      if (line < 0) return;
      setCursorLine(line);
      setFollow(false);
      setPausedAt((p) => p ?? rowCount);
      rowsRef.current?.scrollToRow(row, 'center');
    },
    [view, rowCount],
  );

  const stepThrough = useCallback(
    (rows: Int32Array, direction: 1 | -1) => {
      const first = rowsRef.current?.firstRow() ?? 0;
      const from = cursorRow >= 0 ? cursorRow : direction === 1 ? first - 1 : first;
      const target = stepRow(rows, from, direction);
      if (target >= 0) goToRow(target);
    },
    [cursorRow, goToRow],
  );

  useEffect(() => {
    jumpToHitRef.current = () => stepThrough(search ? view.rowsOf(search.matches.view()) : new Int32Array(0), 1);
  });

  const hitIndex = cursorRow >= 0 && hitRows.length ? lowerBoundIndex(hitRows, cursorRow) : -1;
  const problemIndex = cursorRow >= 0 && problemRows.length ? lowerBoundIndex(problemRows, cursorRow) : -1;

  const selectedRange = useMemo(
    () => (selection ? ([Math.min(selection.anchor, selection.focus), Math.max(selection.anchor, selection.focus)] as const) : null),
    [selection],
  );

  const copySelection = useCallback(async () => {
    if (!selectedRange) return;
    const [a, b] = selectedRange;
    const lines: string[] = [];
    for (let row = a; row <= b && lines.length < COPY_LIMIT; row += 1) {
      const line = view.rowAt(row);
      if (line >= 0) lines.push(lineForCopy(store, line));
      else lines.push(`── ${taskName(store.task(headerTaskRef(line)))}`);
    }
    try {
      await copyText(lines.join('\n'));
      setNotice(`Copied ${plural(lines.length, 'line')}${b - a + 1 > COPY_LIMIT ? ` (the first ${formatCount(COPY_LIMIT)}; download the log for more)` : ''}.`);
    } catch (error) {
      setNotice(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, [selectedRange, view, store, copyText]);

  const download = useCallback(async () => {
    if (!onDownload) return;
    setDownloading(true);
    try {
      await onDownload();
    } finally {
      setDownloading(false);
    }
  }, [onDownload]);

  const onRowMouseDown = useCallback(
    (event: MouseEvent, row: number): void => {
      if (event.button !== 0) return;
      if ((event.target as HTMLElement).closest('.log-link')) return;
      setSelection((current) => (event.shiftKey && current ? { anchor: current.anchor, focus: row } : { anchor: row, focus: row }));
      const line = view.rowAt(row);
      if (line >= 0) setCursorLine(line);
    },
    [view],
  );

  const toggleGroup = useCallback((ref: number): void => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(ref)) next.delete(ref);
      else next.add(ref);
      return next;
    });
  }, []);

  const onKeyDown = (event: KeyboardEvent): void => {
    const mod = event.ctrlKey || event.metaKey;
    const inField = (event.target as HTMLElement).closest('input, select, textarea');
    if (mod && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      searchInputRef.current?.focus();
      searchInputRef.current?.select();
    } else if (event.key === 'F3') {
      event.preventDefault();
      stepThrough(hitRows, event.shiftKey ? -1 : 1);
    } else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      stepThrough(problemRows, event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.altKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      setWrap((w) => !w);
    } else if (!inField && mod && event.key.toLowerCase() === 'c' && selection) {
      event.preventDefault();
      void copySelection();
    } else if (!inField && event.key === 'Escape') {
      setSelection(null);
    } else if (!inField && event.key === 'End' && !mod) {
      event.preventDefault();
      resume();
    } else if (!inField && event.key === 'Home' && !mod) {
      event.preventDefault();
      pause();
      rowsRef.current?.scrollToRow(0, 'start');
    }
  };

  const showTaskColumn = !groupByTask && taskRunId === null && store.taskCount > 0;
  const pattern = compiled?.ok ? compiled.pattern : null;

  const levelCounts = LEVELS.map((l) => store.levelCount(LEVEL_CODE[l]));
  const errors = levelCounts[0]!;
  const warnings = levelCounts[1]!;
  const newSincePause = pausedAt !== null && rowCount > pausedAt ? rowCount - pausedAt : 0;
  const searchProgress = search && !search.done ? search.progress : null;
  // One choice per task run (its attempts together), in order of first log line.
  const taskOptions: { taskRunId: string; label: string }[] = [];
  const attempts = new Map<string, number>();
  for (let ref = 0; ref < store.taskCount; ref += 1) {
    const task = store.task(ref)!;
    const listed = taskChoiceOpen || task.taskRunId === taskRunId;
    if (listed && !attempts.has(task.taskRunId)) taskOptions.push({ taskRunId: task.taskRunId, label: `${task.taskId} · ${task.taskRunId.slice(0, 8)}` });
    if (listed) attempts.set(task.taskRunId, (attempts.get(task.taskRunId) ?? 0) + 1);
  }
  for (const option of taskOptions) {
    const count = attempts.get(option.taskRunId)!;
    if (count > 1) option.label += ` (${count} attempts)`;
  }

  return (
    <div className={`log-viewer${wrap ? ' log-viewer--wrap' : ''}`} onKeyDown={onKeyDown}>
      <div className="log-toolbar" role="toolbar" aria-label="Log tools">
        <div className="log-search">
          <Icon name="search" />
          <input
            ref={searchInputRef}
            type="search"
            className="log-search__input"
            placeholder={query.regex ? 'Regular expression' : 'Search logs'}
            aria-label="Search logs"
            aria-invalid={compiled && !compiled.ok ? true : undefined}
            value={queryText}
            spellCheck={false}
            onChange={(event) => setQueryText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                // Apply a pending debounce right away so Enter never searches stale text.
                if (query.text !== queryText) {
                  pendingJumpRef.current = true;
                  setQuery({ ...query, text: queryText });
                } else if (search && !search.done && hitRows.length === 0) pendingJumpRef.current = true;
                else stepThrough(hitRows, event.shiftKey ? -1 : 1);
              } else if (event.key === 'Escape' && queryText) {
                event.stopPropagation();
                setQueryText('');
              }
            }}
          />
          <button
            type="button"
            className={`log-toggle${query.regex ? ' log-toggle--on' : ''}`}
            aria-pressed={query.regex}
            aria-label="Use regular expression"
            title="Use regular expression"
            onClick={() => setQuery((q) => ({ ...q, regex: !q.regex }))}
          >
            .*
          </button>
          <button
            type="button"
            className={`log-toggle${query.caseSensitive ? ' log-toggle--on' : ''}`}
            aria-pressed={query.caseSensitive}
            aria-label="Match case"
            title="Match case"
            onClick={() => setQuery((q) => ({ ...q, caseSensitive: !q.caseSensitive }))}
          >
            Aa
          </button>
          <button
            type="button"
            className={`log-toggle${onlyMatching ? ' log-toggle--on' : ''}`}
            aria-pressed={onlyMatching}
            aria-label="Show only matching lines"
            title="Show only matching lines"
            onClick={() => setOnlyMatching((v) => !v)}
          >
            <Icon name="list" />
          </button>
          <span className="log-search__count" aria-live="polite" role="status">
            {compiled && !compiled.ok
              ? 'Invalid regex'
              : search
                ? searchProgress
                  ? `${formatCount(search.matches.length)}+ matches · searching ${Math.floor((searchProgress.searched / Math.max(1, searchProgress.total)) * 100)}%`
                  : `${hitIndex >= 0 && hitRows[hitIndex] === cursorRow ? `${formatCount(hitIndex + 1)} of ` : ''}${plural(hitRows.length, 'match', 'matches')}`
                : ''}
          </span>
          <IconButton icon="chevronDown" label="Next match" shortcut="F3" size="sm" disabled={!hitRows.length} onClick={() => stepThrough(hitRows, 1)} />
          <IconButton
            icon="chevronDown"
            className="log-prev"
            label="Previous match"
            shortcut="Shift+F3"
            size="sm"
            disabled={!hitRows.length}
            onClick={() => stepThrough(hitRows, -1)}
          />
        </div>
        <label className="log-select">
          <span>Min level</span>
          <select aria-label="Minimum level" value={minLevel} onChange={(event) => setMinLevel(event.target.value as LogLevel)}>
            {LEVELS.map((level, i) => (
              <option key={level} value={level}>
                {level} ({formatCount(levelCounts[i]!)})
              </option>
            ))}
          </select>
        </label>
        <label className="log-select">
          <span>Task</span>
          <select
            aria-label="Task run"
            value={taskRunId ?? ''}
            onFocus={() => setTaskChoiceOpen(true)}
            onPointerDown={() => setTaskChoiceOpen(true)}
            onBlur={() => setTaskChoiceOpen(false)}
            onChange={(event) => setTaskRunId(event.target.value === '' ? null : event.target.value)}
          >
            <option value="">All tasks</option>
            {taskOptions.map((option) => (
              <option key={option.taskRunId} value={option.taskRunId}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`log-toggle log-toggle--text${groupByTask ? ' log-toggle--on' : ''}`}
          aria-pressed={groupByTask}
          onClick={() => setGroupByTask((v) => !v)}
        >
          Group by task
        </button>
        <button
          type="button"
          className={`log-toggle log-toggle--text${wrap ? ' log-toggle--on' : ''}`}
          aria-pressed={wrap}
          title="Wrap lines (Alt+Z)"
          onClick={() => setWrap((v) => !v)}
        >
          Wrap
        </button>
        <span className="log-problems">
          <IconButton
            icon="chevronDown"
            className="log-prev"
            label="Previous error or warning"
            shortcut="Alt+ArrowUp"
            size="sm"
            disabled={!problemRows.length}
            onClick={() => stepThrough(problemRows, -1)}
          />
          <IconButton
            icon="chevronDown"
            label="Next error or warning"
            shortcut="Alt+ArrowDown"
            size="sm"
            disabled={!problemRows.length}
            onClick={() => stepThrough(problemRows, 1)}
          />
          <span className="log-problems__count" title="Errors and warnings in the log">
            <span className="log-problems__errors">{plural(errors, 'error')}</span> ·{' '}
            <span className="log-problems__warnings">{plural(warnings, 'warning')}</span>
            {problemIndex >= 0 && problemRows[problemIndex] === cursorRow ? ` · ${formatCount(problemIndex + 1)}/${formatCount(problemRows.length)}` : ''}
          </span>
        </span>
        <span className="log-toolbar__end">
          <Button
            size="sm"
            icon="copy"
            disabled={!selection}
            title="Copy the selected lines (Ctrl+C); click a line, Shift+click to extend"
            onClick={() => void copySelection()}
          >
            Copy
          </Button>
          {onDownload && (
            <Button size="sm" icon="download" busy={downloading} onClick={() => void download()} title="Download the full log (streamed to disk)">
              Download
            </Button>
          )}
          <button
            type="button"
            className={`log-toggle log-toggle--text${follow ? ' log-toggle--on' : ''}`}
            aria-pressed={follow}
            aria-label="Follow new lines"
            title="Follow new lines (End)"
            onClick={() => (follow ? pause() : resume())}
          >
            {follow ? 'Following' : 'Follow'}
          </button>
        </span>
      </div>
      {(store.droppedLines > 0 || store.missingEntries > 0) && (
        <div className="log-banner" role="note">
          {store.droppedLines > 0 && (
            <span>
              {formatCount(store.droppedLines)} older lines are not kept in memory.{onDownload ? ' Download the log to read them.' : ''}
            </span>
          )}
          {store.missingEntries > 0 && <span> {plural(store.missingEntries, 'line')} were missed while reconnecting.</span>}
        </div>
      )}
      <LogRows
        ref={rowsRef}
        store={store}
        view={view}
        rowCount={rowCount}
        revision={revision}
        wrap={wrap}
        follow={follow}
        cursorLine={cursorLine}
        selectedRange={selectedRange}
        collapsed={collapsed}
        pattern={pattern}
        showTaskColumn={showTaskColumn}
        openLink={openLink}
        describeTask={describeTask}
        emptyText={store.size === 0 ? (live ? 'Waiting for log lines…' : 'This execution has no logs.') : 'No line matches the filters.'}
        onScrolled={onScrolled}
        onRowMouseDown={onRowMouseDown}
        onToggleGroup={toggleGroup}
        onWheelUp={pause}
      />
      <div className="log-status">
        <span role="status">
          {formatCount(rowCount)} of {plural(store.size, 'line')}
          {status ? <> · {status}</> : null}
        </span>
        {notice && (
          <span className="log-status__notice" role="status">
            {notice}
          </span>
        )}
        {newSincePause > 0 && (
          <Button size="sm" variant="primary" icon="chevronDown" onClick={resume}>
            {plural(newSincePause, 'new line')}
          </Button>
        )}
      </div>
    </div>
  );
}

function lowerBoundIndex(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? lo : -1;
}

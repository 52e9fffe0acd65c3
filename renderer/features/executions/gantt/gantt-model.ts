// The Gantt's layout model: task runs as rows in tree order (flowable children indented under
// their parent, ForEach iterations grouped under one row per value), each with time segments from
// its state history (waiting vs running vs paused vs waiting to retry) and its attempts.
//
// It is pure and incremental: the execution follow re-sends the whole execution on every change,
// so parsed task runs are cached by (id, history length, attempts) and only changed ones are
// re-parsed. 5,000 task runs rebuild in a few milliseconds.
import type { State, StateType, TaskRun } from '../../../../main/contract/kestra-model';
import { isTerminated } from '../../../lib/states';
import { worstState } from '../model/execution-state';
import { toMs } from '../model/time';

export type SegmentKind = 'waiting' | 'running' | 'paused' | 'retrying';

export interface GanttSegment {
  kind: SegmentKind;
  start: number;
  end: number;
  state: StateType;
}

export interface GanttAttempt {
  /** 1-based. */
  number: number;
  start: number;
  end: number;
  state: StateType;
}

export interface GanttRow {
  key: string;
  kind: 'task' | 'iteration';
  depth: number;
  taskRunId?: string;
  taskId: string;
  /** ForEach iteration value (for task rows inside an iteration, and iteration rows). */
  value?: string;
  label: string;
  state: StateType;
  start: number;
  /** For live rows this is `now`. */
  end: number;
  /** First RUNNING time, when it ran. */
  runningSince?: number;
  /** Time spent waiting (created/submitted/queued/restarted) before running. */
  waitingMs: number;
  runningMs: number;
  live: boolean;
  segments: GanttSegment[];
  attempts: GanttAttempt[];
  /** Rows directly under this one (0 for leaves). */
  childCount: number;
  collapsed: boolean;
  /** Task runs summarised by an iteration row. */
  taskRunCount: number;
  /** Under an iteration row (its value is already shown there). */
  inIteration: boolean;
}

export interface GanttModel {
  rows: GanttRow[];
  /** Earliest start and latest end (now when live) over every task run. */
  start: number;
  end: number;
  live: boolean;
  taskRunCount: number;
}

export interface GanttOptions {
  now: number;
  /** Keys of rows the user toggled (expanded if collapsed by default, and vice versa). */
  toggled?: ReadonlySet<string>;
  /** Iteration groups start collapsed when a parent has more than this many (default 20). */
  autoCollapseIterations?: number;
}

function segmentKind(state: StateType): SegmentKind | 'end' {
  switch (state) {
    case 'RUNNING':
    case 'KILLING':
      return 'running';
    case 'PAUSED':
    case 'BREAKPOINT':
      return 'paused';
    case 'RETRYING':
      return 'retrying';
    case 'CREATED':
    case 'SUBMITTED':
    case 'QUEUED':
    case 'RESTARTED':
      return 'waiting';
    default:
      return isTerminated(state) ? 'end' : 'waiting';
  }
}

interface ParsedState {
  start: number;
  /** NaN while live. */
  end: number;
  segments: GanttSegment[];
  runningSince?: number;
}

/** Segments of a state history; the open last segment ends at `now` (recomputed per build). */
function parseState(state: State): ParsedState {
  const histories = state.histories ?? [];
  const segments: GanttSegment[] = [];
  let start = Number.NaN;
  let end = Number.NaN;
  let runningSince: number | undefined;
  for (let i = 0; i < histories.length; i += 1) {
    const h = histories[i]!;
    const t = toMs(h.date);
    if (!Number.isFinite(t)) continue;
    if (!Number.isFinite(start)) start = t;
    const kind = segmentKind(h.state);
    if (kind === 'end') {
      end = t;
      // A terminal state followed by more history (restart) reopens the bar.
      if (i === histories.length - 1) break;
      continue;
    }
    end = Number.NaN;
    if (kind === 'running' && runningSince === undefined) runningSince = t;
    const next = histories[i + 1];
    const segEnd = next ? toMs(next.date) : Number.NaN;
    const previous = segments[segments.length - 1];
    if (previous && previous.kind === kind && previous.end === t) {
      previous.end = segEnd;
      previous.state = h.state;
    } else segments.push({ kind, start: t, end: segEnd, state: h.state });
  }
  if (!Number.isFinite(start)) {
    start = toMs(state.startDate);
    end = toMs(state.endDate);
  }
  return runningSince === undefined ? { start, end, segments } : { start, end, segments, runningSince };
}

interface ParsedRun {
  signature: string;
  state: ParsedState;
  attempts: { state: ParsedState; current: StateType }[];
}

function signatureOf(run: TaskRun): string {
  const attempts = run.attempts ?? [];
  let sig = `${run.state.current}:${run.state.histories?.length ?? 0}:${attempts.length}`;
  for (const a of attempts) sig += `:${a.state.histories?.length ?? 0}`;
  return sig;
}

export class GanttBuilder {
  private cache = new Map<string, ParsedRun>();

  private parse(run: TaskRun): ParsedRun {
    const signature = signatureOf(run);
    const cached = this.cache.get(run.id);
    if (cached && cached.signature === signature) return cached;
    const parsed: ParsedRun = {
      signature,
      state: parseState(run.state),
      attempts: (run.attempts ?? []).map((a) => ({ state: parseState(a.state), current: a.state.current })),
    };
    this.cache.set(run.id, parsed);
    return parsed;
  }

  build(taskRuns: readonly TaskRun[], options: GanttOptions): GanttModel {
    const now = options.now;
    const toggled = options.toggled ?? new Set<string>();
    const autoCollapse = options.autoCollapseIterations ?? 20;
    const seen = new Set<string>();

    // Tree: children in list order (Kestra lists task runs in creation order).
    const byId = new Map<string, TaskRun>();
    for (const run of taskRuns) byId.set(run.id, run);
    const children = new Map<string, TaskRun[]>();
    const roots: TaskRun[] = [];
    for (const run of taskRuns) {
      seen.add(run.id);
      const parent = run.parentTaskRunId;
      if (parent && byId.has(parent) && parent !== run.id) {
        let list = children.get(parent);
        if (!list) children.set(parent, (list = []));
        list.push(run);
      } else roots.push(run);
    }
    // Forget runs that disappeared (a restart can drop task runs).
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);

    const rows: GanttRow[] = [];
    let minStart = Number.POSITIVE_INFINITY;
    let maxEnd = Number.NEGATIVE_INFINITY;
    let anyLive = false;

    const taskRow = (run: TaskRun, depth: number, inIteration: boolean): GanttRow => {
      const parsed = this.parse(run);
      const live = !isTerminated(run.state.current);
      const start = parsed.state.start;
      const end = live || !Number.isFinite(parsed.state.end) ? now : parsed.state.end;
      const segments = parsed.state.segments.map((s) => ({ ...s, end: Number.isFinite(s.end) ? s.end : end }));
      let waitingMs = 0;
      let runningMs = 0;
      for (const s of segments) {
        if (s.kind === 'running') runningMs += s.end - s.start;
        else if (s.kind === 'waiting') waitingMs += s.end - s.start;
      }
      const attempts = parsed.attempts.map((a, i) => ({
        number: i + 1,
        start: a.state.start,
        end: Number.isFinite(a.state.end) ? a.state.end : end,
        state: a.current,
      }));
      if (Number.isFinite(start)) minStart = Math.min(minStart, start);
      if (Number.isFinite(end)) maxEnd = Math.max(maxEnd, end);
      if (live) anyLive = true;
      const row: GanttRow = {
        key: run.id,
        kind: 'task',
        depth,
        taskRunId: run.id,
        taskId: run.taskId,
        label: run.taskId,
        state: run.state.current,
        start,
        end,
        waitingMs,
        runningMs,
        live,
        segments,
        attempts,
        childCount: 0,
        collapsed: false,
        taskRunCount: 1,
        inIteration,
      };
      if (run.value !== undefined) row.value = run.value;
      if (parsed.state.runningSince !== undefined) row.runningSince = parsed.state.runningSince;
      return row;
    };

    /** Appends `run` and its subtree; returns the rows of the subtree (for iteration summaries). */
    const visit = (run: TaskRun, depth: number, hidden: boolean, summary: GanttRow[], inIteration = false): void => {
      const row = taskRow(run, depth, inIteration);
      summary.push(row);
      if (!hidden) rows.push(row);
      const kids = children.get(run.id);
      if (!kids) return;
      const collapsedByDefault = false;
      const collapsed = collapsedByDefault !== toggled.has(row.key);
      row.collapsed = collapsed;
      const childHidden = hidden || collapsed;
      // Children whose value differs from the parent's are iterations of a loop: group by value.
      const iterationValues: string[] = [];
      const byValue = new Map<string, TaskRun[]>();
      const plain: TaskRun[] = [];
      for (const kid of kids) {
        if (kid.value !== undefined && kid.value !== run.value) {
          let list = byValue.get(kid.value);
          if (!list) {
            byValue.set(kid.value, (list = []));
            iterationValues.push(kid.value);
          }
          list.push(kid);
        } else plain.push(kid);
      }
      row.childCount = plain.length + iterationValues.length;
      for (const kid of plain) visit(kid, depth + 1, childHidden, summary, inIteration);
      const groupCollapsedByDefault = iterationValues.length > autoCollapse;
      for (const value of iterationValues) {
        const key = `${run.id}\u0000${value}`;
        const groupCollapsed = groupCollapsedByDefault !== toggled.has(key);
        const groupIndex = rows.length;
        const inner: GanttRow[] = [];
        const members = byValue.get(value)!;
        for (const kid of members) visit(kid, depth + 2, childHidden || groupCollapsed, inner, true);
        summary.push(...inner);
        const group = iterationRow(key, run.taskId, value, depth + 1, inner, groupCollapsed, members.length);
        if (!childHidden) rows.splice(groupIndex, 0, group);
      }
    };

    for (const root of roots) visit(root, 0, false, []);

    if (!Number.isFinite(minStart)) minStart = now;
    if (!Number.isFinite(maxEnd) || maxEnd < minStart) maxEnd = Math.max(minStart, now);
    return { rows, start: minStart, end: maxEnd, live: anyLive, taskRunCount: taskRuns.length };
  }
}

function iterationRow(key: string, taskId: string, value: string, depth: number, inner: GanttRow[], collapsed: boolean, directCount: number): GanttRow {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let live = false;
  let runningMs = 0;
  for (const r of inner) {
    if (Number.isFinite(r.start)) start = Math.min(start, r.start);
    if (Number.isFinite(r.end)) end = Math.max(end, r.end);
    if (r.live) live = true;
    if (r.depth === depth + 1) runningMs += r.runningMs;
  }
  const state = worstState(inner.map((r) => r.state)) ?? 'CREATED';
  if (!Number.isFinite(start)) start = Number.NaN;
  if (!Number.isFinite(end)) end = start;
  return {
    key,
    kind: 'iteration',
    depth,
    taskId,
    value,
    label: value,
    state,
    start,
    end,
    waitingMs: 0,
    runningMs,
    live,
    segments: Number.isFinite(start) ? [{ kind: 'running', start, end, state }] : [],
    attempts: [],
    childCount: directCount,
    collapsed,
    taskRunCount: inner.length,
    inIteration: false,
  };
}

/** One-shot helper. */
export function buildGantt(taskRuns: readonly TaskRun[], options: GanttOptions): GanttModel {
  return new GanttBuilder().build(taskRuns, options);
}

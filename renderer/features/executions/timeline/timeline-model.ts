// The executions timeline: one row per flow, each execution a bar on a shared time axis. Overlapping
// executions of one flow go to separate lanes (greedy interval packing), so a concurrent run is
// never hidden behind another.
import type { Execution, StateType } from '../../../../main/contract/kestra-model';
import { isTerminated } from '../../../lib/states';
import { toMs } from '../model/time';

export interface TimelineBar {
  executionId: string;
  state: StateType;
  start: number;
  end: number;
  live: boolean;
  lane: number;
}

export interface TimelineRow {
  key: string;
  namespace: string;
  flowId: string;
  lanes: number;
  bars: TimelineBar[];
}

export interface TimelineModel {
  rows: TimelineRow[];
  start: number;
  end: number;
  live: boolean;
  count: number;
}

/** Bars shorter than this (ms of axis) are still drawn a few pixels wide by the view. */
export function buildTimeline(executions: readonly Execution[], now: number): TimelineModel {
  const rowsByKey = new Map<string, TimelineRow>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let live = false;
  let count = 0;
  for (const e of executions) {
    const s = toMs(e.state.startDate ?? e.state.histories?.[0]?.date);
    if (!Number.isFinite(s)) continue;
    const running = !isTerminated(e.state.current);
    const endMs = running ? now : toMs(e.state.endDate ?? e.state.histories?.[e.state.histories.length - 1]?.date);
    const barEnd = Number.isFinite(endMs) ? Math.max(endMs, s) : s;
    const key = `${e.namespace}\u0000${e.flowId}`;
    let row = rowsByKey.get(key);
    if (!row) {
      row = { key, namespace: e.namespace, flowId: e.flowId, lanes: 0, bars: [] };
      rowsByKey.set(key, row);
    }
    row.bars.push({ executionId: e.id, state: e.state.current, start: s, end: barEnd, live: running, lane: 0 });
    start = Math.min(start, s);
    end = Math.max(end, barEnd);
    if (running) live = true;
    count += 1;
  }
  const rows = [...rowsByKey.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.flowId.localeCompare(b.flowId));
  for (const row of rows) packLanes(row);
  if (!Number.isFinite(start)) {
    start = now - 3_600_000;
    end = now;
  }
  if (end <= start) end = start + 1000;
  return { rows, start, end, live, count };
}

/** Assigns each bar the first lane where it does not overlap the previous bar. */
function packLanes(row: TimelineRow): void {
  row.bars.sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds: number[] = [];
  for (const bar of row.bars) {
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= bar.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(bar.end);
    } else laneEnds[lane] = bar.end;
    bar.lane = lane;
  }
  row.lanes = Math.max(1, laneEnds.length);
}

/** Bars of a row that intersect [from, to] (bars are sorted by start). */
export function visibleBars(row: TimelineRow, from: number, to: number): TimelineBar[] {
  const out: TimelineBar[] = [];
  for (const bar of row.bars) {
    if (bar.start > to) break;
    if (bar.end >= from) out.push(bar);
  }
  return out;
}

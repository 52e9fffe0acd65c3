// Time-axis helpers for the executions timeline and the Gantt: "nice" ticks, tick labels and the
// zoom/pan window arithmetic. Durations and dates are formatted by renderer/lib/format.ts.
import { formatDateTime, formatDuration } from '../../../lib/format';

export function toMs(iso: string | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso);
}

/** "14:03:07.123" in local time. */
export function formatClock(ms: number, withMillis = true): string {
  const d = new Date(ms);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  const ss = String(d.getSeconds()).padStart(2, '0');
  return withMillis ? `${hh}:${mm}:${ss}.${String(d.getMilliseconds()).padStart(3, '0')}` : `${hh}:${mm}:${ss}`;
}

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000,
];

export interface AxisTicks {
  step: number;
  /** Absolute times of the ticks inside [start, end]. */
  ticks: number[];
}

/** Ticks at a "nice" step so labels sit at least `minSpacingPx` apart on an axis `widthPx` wide. */
export function axisTicks(start: number, end: number, widthPx: number, minSpacingPx = 90, origin = 0): AxisTicks {
  const span = Math.max(1, end - start);
  const maxTicks = Math.max(1, Math.floor(widthPx / minSpacingPx));
  const raw = span / maxTicks;
  const step = STEPS_MS.find((s) => s >= raw) ?? Math.ceil(raw / 2_592_000_000) * 2_592_000_000;
  const ticks: number[] = [];
  // Ticks are aligned on `origin` (e.g. the execution start, for relative labels).
  const first = origin + Math.ceil((start - origin) / step) * step;
  for (let t = first; t <= end && ticks.length < 1000; t += step) ticks.push(t);
  return { step, ticks };
}

/** Label of a tick relative to an origin: "0s", "+1.5s", "+2m 30s". */
export function relativeLabel(ms: number, origin: number): string {
  const delta = ms - origin;
  if (delta === 0) return '0 s';
  return `${delta > 0 ? '+' : ''}${formatDuration(delta)}`;
}

/** Absolute label for a tick given the step (seconds precision only when needed). */
export function absoluteLabel(ms: number, step: number): string {
  if (step >= 86_400_000) return formatDateTime(ms).slice(0, 10);
  if (step < 1_000) return formatClock(ms, true);
  return formatClock(ms, false);
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** Smallest window the zoom allows (ms), so a bar never becomes wider than the universe. */
export const MIN_WINDOW_MS = 10;

/**
 * Zooms a window by `factor` (< 1 zooms in) around `anchor` (a time inside it), clamped to the
 * bounds. Zooming out past the bounds returns the bounds.
 */
export function zoomWindow(window: TimeWindow, bounds: TimeWindow, factor: number, anchor: number): TimeWindow {
  const span = window.end - window.start;
  const boundSpan = bounds.end - bounds.start;
  const nextSpan = Math.min(boundSpan, Math.max(MIN_WINDOW_MS, span * factor));
  const ratio = span > 0 ? (anchor - window.start) / span : 0.5;
  const start = anchor - ratio * nextSpan;
  return clampWindow({ start, end: start + nextSpan }, bounds);
}

/** Moves a window by `delta` ms, clamped to the bounds. */
export function panWindow(window: TimeWindow, bounds: TimeWindow, delta: number): TimeWindow {
  return clampWindow({ start: window.start + delta, end: window.end + delta }, bounds);
}

export function clampWindow(window: TimeWindow, bounds: TimeWindow): TimeWindow {
  const span = Math.min(window.end - window.start, bounds.end - bounds.start);
  let start = window.start;
  if (start < bounds.start) start = bounds.start;
  if (start + span > bounds.end) start = bounds.end - span;
  return { start, end: start + span };
}

/** Position of time `t` as a fraction of the window (may be outside 0..1). */
export function fractionOf(window: TimeWindow, t: number): number {
  const span = window.end - window.start;
  return span > 0 ? (t - window.start) / span : 0;
}

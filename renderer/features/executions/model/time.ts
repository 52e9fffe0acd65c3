// Time helpers shared by the list, the timelines and the Gantt: ISO-8601 durations, readable
// durations, "nice" axis ticks and the zoom/pan window arithmetic.

/** Milliseconds of an ISO-8601 duration such as "PT2.531S", "PT1H2M", "P1DT3H"; NaN if invalid. */
export function parseIsoDuration(text: string | undefined): number {
  if (!text) return Number.NaN;
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return Number.NaN;
  const [, sign, w, d, h, min, s] = m;
  const ms =
    (Number(w ?? 0) * 7 * 86_400 + Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return sign ? -ms : ms;
}

/** "850ms", "2.5s", "1m 05s", "3h 02m", "2d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.floor(seconds)}s`;
  const totalSeconds = Math.floor(seconds);
  const s = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m ${String(s).padStart(2, '0')}s`;
  const m = totalMinutes % 60;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}h ${String(m).padStart(2, '0')}m`;
  return `${Math.floor(totalHours / 24)}d ${totalHours % 24}h`;
}

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

/** "2024-05-02 14:03:07" in local time. */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `${date} ${formatClock(ms, false)}`;
}

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000,
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
  if (delta === 0) return '0s';
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

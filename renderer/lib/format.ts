// Display formatting shared by every pane: relative and absolute times, sizes, durations
// (including Kestra's ISO-8601 durations such as "PT2.531S", read by shared/iso-duration). Pure
// functions, unit tested.
import { parseDuration } from '../../shared/iso-duration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toMillis(date: string | number | Date): number {
  if (typeof date === 'number') return date;
  if (date instanceof Date) return date.getTime();
  return Date.parse(date);
}

// The first Intl object a fresh renderer creates loads ICU data: 25-60 ms measured here, paid on
// the main thread. Nothing on the start path (module load, the first screen) may create one, so
// formatters are made on first use and counts are grouped without Intl.
let relativeFormat: Intl.RelativeTimeFormat | undefined;
function relative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  relativeFormat ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
  return relativeFormat.format(value, unit);
}

/** "just now", "12 sec. ago", "3 min. ago", "in 2 hr."; falls back to a date after 30 days. */
export function formatRelativeTime(date: string | number | Date, now: number = Date.now()): string {
  const ms = toMillis(date);
  if (Number.isNaN(ms)) return '—';
  const delta = ms - now;
  const abs = Math.abs(delta);
  if (abs < 5 * SECOND) return 'just now';
  if (abs < MINUTE) return relative(Math.round(delta / SECOND), 'second');
  if (abs < HOUR) return relative(Math.round(delta / MINUTE), 'minute');
  if (abs < DAY) return relative(Math.round(delta / HOUR), 'hour');
  if (abs < 30 * DAY) return relative(Math.round(delta / DAY), 'day');
  return formatDate(ms);
}

/** Local date and time to the second, e.g. "2025-03-04 14:05:09" (sortable, unambiguous). */
export function formatDateTime(date: string | number | Date): string {
  const ms = toMillis(date);
  if (Number.isNaN(ms)) return '—';
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDate(date: string | number | Date): string {
  return formatDateTime(date).slice(0, 10);
}

/** Local time of day to the second, "14:05:09" (today's events). */
export function formatTime(date: string | number | Date): string {
  return formatDateTime(date).slice(11);
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in binary multiples: 0 B, 999 B, 1.5 KB, 12 MB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2).replace(/\.?0+$/, '')} ${SIZE_UNITS[unit]}`;
}

/** A human duration: "850 ms", "2.53 s", "1 min 5 s", "2 h 3 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < SECOND) return `${sign}${Math.round(abs)} ms`;
  if (abs < MINUTE) return `${sign}${(abs / SECOND).toFixed(abs < 10 * SECOND ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const parts: [number, string][] = [
    [Math.floor(abs / DAY), 'd'],
    [Math.floor((abs % DAY) / HOUR), 'h'],
    [Math.floor((abs % HOUR) / MINUTE), 'min'],
    [Math.floor((abs % MINUTE) / SECOND), 's'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  const shown = parts.slice(first, first + 2).filter(([value]) => value > 0);
  return sign + shown.map(([value, unit]) => `${value} ${unit}`).join(' ');
}

/** Formats an ISO duration string for display, or returns it unchanged when it cannot be parsed. */
export function formatIsoDuration(text: string | undefined): string {
  if (!text) return '—';
  const ms = parseDuration(text);
  return ms === undefined ? text : formatDuration(ms);
}

/** Duration between two instants (e.g. a running execution's start and now). */
export function formatElapsed(start: string | number | Date, end: string | number | Date = Date.now()): string {
  const from = toMillis(start);
  const to = toMillis(end);
  if (Number.isNaN(from) || Number.isNaN(to)) return '—';
  return formatDuration(to - from);
}

/** Thousands separators for counts: 12,345 (integers without Intl, see `relative`). */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value)) return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
  return new Intl.NumberFormat('en').format(value);
}

/** "1 flow", "3 flows". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

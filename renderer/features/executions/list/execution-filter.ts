// The executions list's filter and sort, as plain data: turned into the `executions.search`
// parameters, into a stable query key, and saved by name (saved filters).
import type { ExecutionSearchParams } from '../../../../main/contract/methods';
import type { Label, StateType } from '../../../../main/contract/kestra-model';
import { ALL_STATES } from '../../../lib/states';

/** Relative ranges Kestra's own UI offers (ISO durations, sent as `timeRange`). */
export const TIME_RANGES: readonly { value: string; label: string }[] = [
  { value: 'PT5M', label: 'Last 5 minutes' },
  { value: 'PT15M', label: 'Last 15 minutes' },
  { value: 'PT1H', label: 'Last hour' },
  { value: 'PT12H', label: 'Last 12 hours' },
  { value: 'PT24H', label: 'Last 24 hours' },
  { value: 'P7D', label: 'Last 7 days' },
  { value: 'P30D', label: 'Last 30 days' },
  { value: 'P365D', label: 'Last 365 days' },
];

export interface ExecutionFilter {
  namespace: string;
  flowId: string;
  states: StateType[];
  /** A relative range (ISO duration) or '' for none / absolute. */
  timeRange: string;
  /** Absolute range, ISO date-times (used when timeRange is ''). */
  startDate: string;
  endDate: string;
  labels: Label[];
  q: string;
}

export type SortField = 'state.startDate' | 'state.endDate' | 'state.duration' | 'namespace' | 'flowId' | 'state.current' | 'id';

export interface SortSpec {
  field: SortField;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: SortSpec = { field: 'state.startDate', direction: 'desc' };

export function emptyFilter(namespace = ''): ExecutionFilter {
  return { namespace, flowId: '', states: [], timeRange: '', startDate: '', endDate: '', labels: [], q: '' };
}

/** Checks the filter before any request; returns messages for the user (empty when fine). */
export function validateFilter(filter: ExecutionFilter): string[] {
  const problems: string[] = [];
  if (!filter.timeRange && (filter.startDate || filter.endDate)) {
    const start = filter.startDate ? Date.parse(filter.startDate) : Number.NaN;
    const end = filter.endDate ? Date.parse(filter.endDate) : Number.NaN;
    if (filter.startDate && Number.isNaN(start)) problems.push('The start date is not a valid date.');
    if (filter.endDate && Number.isNaN(end)) problems.push('The end date is not a valid date.');
    if (!Number.isNaN(start) && !Number.isNaN(end) && start > end) problems.push('The start date must be before the end date.');
  }
  for (const s of filter.states) if (!ALL_STATES.includes(s)) problems.push(`Unknown state ${s}.`);
  return problems;
}

export function toSearchParams(filter: ExecutionFilter, sort: SortSpec, page: number, size: number): ExecutionSearchParams {
  const params: ExecutionSearchParams = { page, size, sort: [`${sort.field}:${sort.direction}`] };
  if (filter.namespace.trim()) params.namespace = filter.namespace.trim();
  if (filter.flowId.trim()) params.flowId = filter.flowId.trim();
  if (filter.states.length) params.states = [...filter.states];
  if (filter.timeRange) params.timeRange = filter.timeRange;
  else {
    if (filter.startDate) params.startDate = new Date(filter.startDate).toISOString();
    if (filter.endDate) params.endDate = new Date(filter.endDate).toISOString();
  }
  if (filter.labels.length) params.labels = filter.labels.map((l) => ({ ...l }));
  if (filter.q.trim()) params.q = filter.q.trim();
  return params;
}

/** A stable, order-independent key for react-query. */
export function filterKey(filter: ExecutionFilter, sort: SortSpec): string {
  return JSON.stringify([
    filter.namespace.trim(),
    filter.flowId.trim(),
    [...filter.states].sort(),
    filter.timeRange,
    filter.timeRange ? '' : filter.startDate,
    filter.timeRange ? '' : filter.endDate,
    filter.labels.map((l) => `${l.key}:${l.value}`).sort(),
    filter.q.trim(),
    sort.field,
    sort.direction,
  ]);
}

/** Reads "key:value" (the form Kestra uses for labels in queries). */
export function parseLabel(text: string): { ok: true; label: Label } | { ok: false; error: string } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return { ok: false, error: 'Write a label as key:value.' };
  const key = trimmed.slice(0, colon).trim();
  const value = trimmed.slice(colon + 1).trim();
  if (!key) return { ok: false, error: 'The label key is empty.' };
  if (!value) return { ok: false, error: 'The label value is empty.' };
  return { ok: true, label: { key, value } };
}

/** True when nothing narrows the search. */
export function isEmptyFilter(filter: ExecutionFilter): boolean {
  return filterKey(filter, DEFAULT_SORT) === filterKey(emptyFilter(), DEFAULT_SORT);
}

/** Page numbers (1-based, Kestra's convention) covering rows [firstRow, lastRow]. */
export function pagesForRows(firstRow: number, lastRow: number, pageSize: number): number[] {
  if (lastRow < firstRow) return [];
  const first = Math.floor(Math.max(0, firstRow) / pageSize) + 1;
  const last = Math.floor(Math.max(0, lastRow) / pageSize) + 1;
  const pages: number[] = [];
  for (let p = first; p <= last; p += 1) pages.push(p);
  return pages;
}

export interface SavedFilter {
  name: string;
  filter: ExecutionFilter;
  sort: SortSpec;
}

/** Reads saved filters from storage text, dropping anything malformed instead of failing. */
/** A filter read back from storage, checked field by field (undefined when it is not one). */
export function saneFilter(value: unknown): ExecutionFilter | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const f = { ...emptyFilter(), ...(value as Partial<ExecutionFilter>) };
  if (!Array.isArray(f.states) || !Array.isArray(f.labels)) return undefined;
  f.states = f.states.filter((s): s is StateType => ALL_STATES.includes(s));
  f.labels = f.labels.filter((l): l is Label => !!l && typeof l.key === 'string' && typeof l.value === 'string');
  for (const k of ['namespace', 'flowId', 'timeRange', 'startDate', 'endDate', 'q'] as const) if (typeof f[k] !== 'string') f[k] = '';
  return f;
}

export function saneSort(value: unknown): SortSpec {
  const s = value as Partial<SortSpec> | undefined;
  return s && typeof s.field === 'string' && (s.direction === 'asc' || s.direction === 'desc') ? (s as SortSpec) : DEFAULT_SORT;
}

export function parseSavedFilters(text: string | null): SavedFilter[] {
  if (!text) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const out: SavedFilter[] = [];
  for (const item of data) {
    if (!item || typeof item !== 'object') continue;
    const { name, filter, sort } = item as Record<string, unknown>;
    const f = saneFilter(filter);
    if (typeof name !== 'string' || !f) continue;
    out.push({ name, filter: f, sort: saneSort(sort) });
  }
  return out;
}

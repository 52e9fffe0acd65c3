// Search query strings in the form the server reads (capability `api.search`): Kestra 1.x+
// `filters[field][OP]=value`, or the plain parameters of 0.x servers (which 1.x still honours when
// no filter is present, and 2.x removed).
import type { ApiShape } from '../contract/capabilities';
import type { Label, StateType } from '../contract/kestra-model';
import { KestraError } from './kestra-error';
import { checkLabel } from './names';

export interface SearchFilters {
  namespace?: string;
  /** How `namespace` matches: flows and executions use a prefix, KV an exact namespace. */
  namespaceMatch?: 'PREFIX' | 'EQUALS';
  q?: string;
  flowId?: string;
  states?: StateType[];
  labels?: Label[];
  startDate?: string;
  endDate?: string;
  timeRange?: string;
}

export interface Paging {
  page?: number;
  size?: number;
  sort?: string[];
}

/** page, size and sort, checked (1-based page, 1–1000 per page, `field:asc|desc`). */
export function pagingQuery(paging: Paging, defaultSort: string[] = []): URLSearchParams {
  const query = new URLSearchParams();
  query.set('page', String(Math.max(1, Math.trunc(paging.page ?? 1))));
  query.set('size', String(Math.min(1000, Math.max(1, Math.trunc(paging.size ?? 25)))));
  for (const sort of paging.sort ?? defaultSort) {
    if (!/^[a-zA-Z.]+:(asc|desc)$/.test(sort)) throw new KestraError('validation', `Invalid sort "${sort.slice(0, 40)}" (use field:asc or field:desc).`);
    query.append('sort', sort);
  }
  return query;
}

export function searchQuery(style: ApiShape['search'], filters: SearchFilters, paging: Paging, defaultSort: string[] = []): URLSearchParams {
  const query = pagingQuery(paging, defaultSort);
  const labels = (filters.labels ?? []).map(checkLabel);
  if (style === 'params') {
    if (filters.namespace) query.set('namespace', filters.namespace);
    if (filters.q) query.set('q', filters.q);
    if (filters.flowId) query.set('flowId', filters.flowId);
    for (const state of filters.states ?? []) query.append('state', state);
    for (const label of labels) query.append('labels', `${label.key}:${label.value}`);
    if (filters.startDate) query.set('startDate', filters.startDate);
    if (filters.endDate) query.set('endDate', filters.endDate);
    if (filters.timeRange) query.set('timeRange', filters.timeRange);
    return query;
  }
  if (filters.namespace) query.set(`filters[namespace][${filters.namespaceMatch ?? 'PREFIX'}]`, filters.namespace);
  if (filters.q) query.set('filters[q][EQUALS]', filters.q);
  if (filters.flowId) query.set('filters[flowId][EQUALS]', filters.flowId);
  if (filters.states?.length) query.set('filters[state][IN]', filters.states.join(','));
  for (const label of labels) query.append(`filters[labels][EQUALS][${label.key}]`, label.value);
  if (filters.startDate) query.set('filters[startDate][GREATER_THAN_OR_EQUAL_TO]', filters.startDate);
  if (filters.endDate) query.set('filters[endDate][LESS_THAN_OR_EQUAL_TO]', filters.endDate);
  if (filters.timeRange) query.set('filters[timeRange][EQUALS]', filters.timeRange);
  return query;
}

// Execution search criteria → SQL on the `executions` table (filters[...] or legacy parameters).
import { parseDuration } from '../../../shared/iso-duration';
import { STATE_TYPES } from '../engine/model';
import { illegalArgument, invalidQueryFilters } from '../http/http-error';
import { orderBy, type SortOrder } from '../http/paging';
import { filterValues, hasFilterParams, parseFilters, sqlText, type FilterOp, type QueryFilter } from '../http/query-filters';
import { queryList, queryString } from '../http/request';
import { parseLabelParams } from './labels';

export interface SqlCriteria {
  where: string[];
  params: unknown[];
}

function isoDate(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidQueryFilters(`Provided query filters are invalid: Invalid date for ${field}: ${value}`);
  return new Date(ms).toISOString();
}

function legacyFilters(query: URLSearchParams): QueryFilter[] {
  const filters: QueryFilter[] = [];
  const q = queryString(query, 'q');
  if (q) filters.push({ field: 'q', op: 'EQUALS', value: q });
  const namespace = queryString(query, 'namespace');
  if (namespace) filters.push({ field: 'namespace', op: 'PREFIX', value: namespace });
  const flowId = queryString(query, 'flowId');
  if (flowId) filters.push({ field: 'flowId', op: 'EQUALS', value: flowId });
  const startDate = queryString(query, 'startDate');
  if (startDate) filters.push({ field: 'startDate', op: 'GREATER_THAN', value: startDate });
  const endDate = queryString(query, 'endDate');
  if (endDate) filters.push({ field: 'endDate', op: 'LESS_THAN', value: endDate });
  const scope = queryList(query, 'scope', true);
  if (scope.length > 0) filters.push({ field: 'scope', op: 'EQUALS', value: scope.join(',') });
  for (const label of parseLabelParams(queryList(query, 'labels'))) filters.push({ field: 'labels', op: 'EQUALS', value: label.value, labelKey: label.key });
  const timeRange = queryString(query, 'timeRange');
  if (timeRange) filters.push({ field: 'timeRange', op: 'EQUALS', value: timeRange });
  const childFilter = queryString(query, 'childFilter');
  if (childFilter) filters.push({ field: 'childFilter', op: 'EQUALS', value: childFilter });
  const states = queryList(query, 'state', true);
  if (states.length > 0) filters.push({ field: 'state', op: 'IN', value: states.join(',') });
  const triggerExecutionId = queryString(query, 'triggerExecutionId');
  if (triggerExecutionId) filters.push({ field: 'triggerExecutionId', op: 'EQUALS', value: triggerExecutionId });
  return filters;
}

function negate(op: FilterOp, sql: string): string {
  return op === 'NOT_EQUALS' || op === 'NOT_IN' ? `NOT (${sql})` : sql;
}

function labelSql(filter: QueryFilter): { sql: string; params: unknown[] } {
  const exists = (key: string, value: string | undefined): { sql: string; params: unknown[] } =>
    value === undefined
      ? { sql: "EXISTS (SELECT 1 FROM json_each(executions.labels) WHERE json_extract(value, '$.key') = ?)", params: [key] }
      : { sql: "EXISTS (SELECT 1 FROM json_each(executions.labels) WHERE json_extract(value, '$.key') = ? AND json_extract(value, '$.value') = ?)", params: [key, value] };
  if (filter.labelKey !== undefined) {
    if (filter.op === 'CONTAINS') {
      return { sql: "EXISTS (SELECT 1 FROM json_each(executions.labels) WHERE json_extract(value, '$.key') = ? AND instr(json_extract(value, '$.value'), ?) > 0)", params: [filter.labelKey, filter.value] };
    }
    if (filter.op === 'IN' || filter.op === 'NOT_IN') {
      const parts = filterValues(filter).map((v) => exists(filter.labelKey!, v));
      const sql = parts.length > 0 ? parts.map((p) => p.sql).join(' OR ') : '0';
      return { sql: negate(filter.op, `(${sql})`), params: parts.flatMap((p) => p.params) };
    }
    const e = exists(filter.labelKey, filter.value);
    return { sql: negate(filter.op, e.sql), params: e.params };
  }
  // `filters[labels][EQUALS]=k:v` (possibly several, comma separated).
  const pairs = filterValues(filter).map((pair) => {
    const index = pair.indexOf(':');
    return index > 0 ? exists(pair.slice(0, index), pair.slice(index + 1)) : exists(pair, undefined);
  });
  const joiner = filter.op === 'IN' || filter.op === 'NOT_IN' ? ' OR ' : ' AND ';
  const sql = pairs.length > 0 ? `(${pairs.map((p) => p.sql).join(joiner)})` : '1';
  return { sql: negate(filter.op, sql), params: pairs.flatMap((p) => p.params) };
}

export function executionCriteria(query: URLSearchParams, systemNamespace: string): SqlCriteria {
  const filters = hasFilterParams(query) ? parseFilters(query, 'EXECUTION') : legacyFilters(query);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: { sql: string; params: unknown[] }): void => {
    where.push(clause.sql);
    params.push(...clause.params);
  };
  let start: string | undefined;
  let end: string | undefined;
  for (const filter of filters) {
    switch (filter.field) {
      case 'q': {
        const sql = '(instr(lower(id), lower(?)) > 0 OR instr(lower(namespace), lower(?)) > 0 OR instr(lower(flow_id), lower(?)) > 0)';
        add({ sql: negate(filter.op, sql), params: [filter.value, filter.value, filter.value] });
        break;
      }
      case 'namespace':
        add(sqlText(filter, 'namespace'));
        break;
      case 'flowId':
        add(sqlText(filter, 'flow_id'));
        break;
      case 'state': {
        for (const state of filterValues(filter)) {
          if (!STATE_TYPES.includes(state.toUpperCase() as never)) throw invalidQueryFilters(`Provided query filters are invalid: Unknown state ${state}`);
        }
        add(sqlText({ ...filter, value: filterValues(filter).map((s) => s.toUpperCase()).join(',') }, 'state'));
        break;
      }
      case 'labels':
        add(labelSql(filter));
        break;
      case 'startDate': {
        const value = isoDate(filter.value, 'startDate');
        if (filter.op.startsWith('GREATER')) start = value;
        add(sqlText({ ...filter, value }, 'start_date'));
        break;
      }
      case 'endDate': {
        const value = isoDate(filter.value, 'endDate');
        if (filter.op.startsWith('LESS')) end = value;
        add(sqlText({ ...filter, value }, 'end_date'));
        break;
      }
      case 'timeRange': {
        const ms = parseDuration(filter.value);
        if (ms === undefined) throw invalidQueryFilters(`Provided query filters are invalid: Invalid duration ${filter.value}`);
        add({ sql: 'start_date >= ?', params: [new Date(Date.now() - ms).toISOString()] });
        break;
      }
      case 'triggerExecutionId':
        add(sqlText(filter, 'parent_id'));
        break;
      case 'childFilter': {
        const child = filter.value.toUpperCase() === 'CHILD';
        const sql = child ? 'parent_id IS NOT NULL' : 'parent_id IS NULL';
        add({ sql: negate(filter.op, sql), params: [] });
        break;
      }
      case 'kind':
        add(sqlText(filter, "coalesce(kind, 'NORMAL')"));
        break;
      case 'scope': {
        const scopes = filterValues(filter).map((s) => s.toUpperCase());
        if (scopes.includes('USER') && scopes.includes('SYSTEM')) break;
        const sql = scopes.includes('SYSTEM') ? 'namespace = ?' : 'namespace != ?';
        add({ sql: negate(filter.op, sql), params: [systemNamespace] });
        break;
      }
      default:
        break;
    }
  }
  if (start && end && start > end) throw illegalArgument('Start date must be before End Date');
  return { where, params };
}

const SORT_COLUMNS: Record<string, string> = {
  id: 'id',
  namespace: 'namespace',
  flowId: 'flow_id',
  'state.startDate': 'start_date',
  'state.endDate': 'end_date',
  'state.duration': 'duration_ms',
  'state.current': 'state',
};

export function executionOrder(sort: SortOrder[]): string {
  return orderBy(sort, SORT_COLUMNS, 'start_date DESC, id DESC');
}

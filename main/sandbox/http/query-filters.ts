// `filters[<field>][<OP>]=<value>` (Kestra 1.x) with the per-field operations and per-resource
// fields of Kestra's QueryFilter, plus the deprecated plain parameters that 1.x still honours when
// no `filters[...]` key is present.
import { invalidQueryFilters } from './http-error';

export type FilterOp =
  | 'EQUALS'
  | 'NOT_EQUALS'
  | 'GREATER_THAN'
  | 'LESS_THAN'
  | 'GREATER_THAN_OR_EQUAL_TO'
  | 'LESS_THAN_OR_EQUAL_TO'
  | 'IN'
  | 'NOT_IN'
  | 'STARTS_WITH'
  | 'ENDS_WITH'
  | 'CONTAINS'
  | 'REGEX'
  | 'PREFIX';

const OPS: readonly FilterOp[] = [
  'EQUALS',
  'NOT_EQUALS',
  'GREATER_THAN',
  'LESS_THAN',
  'GREATER_THAN_OR_EQUAL_TO',
  'LESS_THAN_OR_EQUAL_TO',
  'IN',
  'NOT_IN',
  'STARTS_WITH',
  'ENDS_WITH',
  'CONTAINS',
  'REGEX',
  'PREFIX',
];

const TEXT_OPS: FilterOp[] = ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'REGEX', 'IN', 'NOT_IN', 'PREFIX'];
const ID_OPS: FilterOp[] = ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'IN', 'NOT_IN'];
const DATE_OPS: FilterOp[] = ['GREATER_THAN_OR_EQUAL_TO', 'GREATER_THAN', 'LESS_THAN_OR_EQUAL_TO', 'LESS_THAN', 'EQUALS', 'NOT_EQUALS'];

/** Field key in the query → Kestra enum name and supported operations. */
export const FILTER_FIELDS: Record<string, { name: string; ops: FilterOp[] }> = {
  q: { name: 'QUERY', ops: ['EQUALS', 'NOT_EQUALS'] },
  scope: { name: 'SCOPE', ops: ['EQUALS', 'NOT_EQUALS'] },
  namespace: { name: 'NAMESPACE', ops: TEXT_OPS },
  kind: { name: 'KIND', ops: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN'] },
  labels: { name: 'LABELS', ops: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'CONTAINS'] },
  flowId: { name: 'FLOW_ID', ops: TEXT_OPS },
  updated: { name: 'UPDATED', ops: DATE_OPS },
  startDate: { name: 'START_DATE', ops: DATE_OPS },
  endDate: { name: 'END_DATE', ops: DATE_OPS },
  expirationDate: { name: 'EXPIRATION_DATE', ops: DATE_OPS },
  state: { name: 'STATE', ops: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN'] },
  timeRange: { name: 'TIME_RANGE', ops: ['EQUALS'] },
  triggerExecutionId: { name: 'TRIGGER_EXECUTION_ID', ops: ID_OPS },
  triggerId: { name: 'TRIGGER_ID', ops: ID_OPS },
  executionId: { name: 'EXECUTION_ID', ops: ID_OPS },
  taskId: { name: 'TASK_ID', ops: ID_OPS },
  taskRunId: { name: 'TASK_RUN_ID', ops: ID_OPS },
  childFilter: { name: 'CHILD_FILTER', ops: ['EQUALS', 'NOT_EQUALS'] },
  existingOnly: { name: 'EXISTING_ONLY', ops: ['EQUALS', 'NOT_EQUALS'] },
  level: { name: 'MIN_LEVEL', ops: ['EQUALS', 'NOT_EQUALS'] },
};

export type FilterResource = 'FLOW' | 'EXECUTION' | 'LOG' | 'KV_METADATA' | 'NAMESPACE';

export const RESOURCE_FIELDS: Record<FilterResource, string[]> = {
  FLOW: ['labels', 'namespace', 'q', 'scope', 'flowId'],
  NAMESPACE: ['existingOnly'],
  EXECUTION: ['q', 'scope', 'flowId', 'startDate', 'endDate', 'state', 'labels', 'triggerExecutionId', 'childFilter', 'namespace', 'kind'],
  LOG: ['q', 'scope', 'namespace', 'startDate', 'endDate', 'flowId', 'triggerId', 'level', 'executionId'],
  KV_METADATA: ['q', 'namespace', 'updated', 'expirationDate'],
};

export interface QueryFilter {
  /** The query key: `namespace`, `flowId`, `labels`, … */
  field: string;
  op: FilterOp;
  /** Raw value; IN/NOT_IN values are split on commas by `values()`. */
  value: string;
  /** For labels: `filters[labels][EQUALS][env]=prod` → labelKey `env`. */
  labelKey?: string;
}

export function filterValues(filter: QueryFilter): string[] {
  return filter.value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const FILTER_KEY = /^filters\[([^\]]+)\]\[([^\]]+)\](?:\[([^\]]*)\])?$/;

export function hasFilterParams(query: URLSearchParams): boolean {
  for (const key of query.keys()) if (key.startsWith('filters[')) return true;
  return false;
}

/** Parses and validates `filters[...]`; invalid fields/ops → 400 `Invalid query filters: …`. */
export function parseFilters(query: URLSearchParams, resource: FilterResource): QueryFilter[] {
  const filters: QueryFilter[] = [];
  const errors: string[] = [];
  for (const [key, value] of query.entries()) {
    if (!key.startsWith('filters[')) continue;
    const match = FILTER_KEY.exec(key);
    if (!match) {
      errors.push(`Invalid filter key ${key}`);
      continue;
    }
    const field = match[1]!;
    const op = match[2]!.toUpperCase() as FilterOp;
    const definition = FILTER_FIELDS[field];
    if (!definition) {
      errors.push(`Unsupported field '${field}'`);
      continue;
    }
    if (!OPS.includes(op)) {
      errors.push(`Unsupported operation '${match[2]}'`);
      continue;
    }
    if (!definition.ops.includes(op)) {
      errors.push(`Operation ${op} is not supported for field ${definition.name}. Supported operations are ${definition.ops.join(', ')}`);
    }
    // Kestra turns timeRange into a startDate filter before checking fields (QueryFilterUtils).
    const checked = field === 'timeRange' && RESOURCE_FIELDS[resource].includes('startDate') ? 'startDate' : field;
    if (!RESOURCE_FIELDS[resource].includes(checked)) {
      errors.push(
        `Field ${definition.name} is not supported for resource ${resource}. Supported fields are ${RESOURCE_FIELDS[resource]
          .map((f) => FILTER_FIELDS[f]!.name)
          .join(', ')}`,
      );
    }
    filters.push({ field, op, value, ...(match[3] !== undefined ? { labelKey: match[3] } : {}) });
  }
  if (errors.length > 0) throw invalidQueryFilters(`Provided query filters are invalid: ${errors.join(', ')}`);
  return filters;
}

/** Tests one text value against a filter (namespaces, flow ids, states, …). */
export function matchText(filter: QueryFilter, actual: string | undefined): boolean {
  const value = filter.value;
  const a = actual ?? '';
  switch (filter.op) {
    case 'EQUALS':
      return a === value;
    case 'NOT_EQUALS':
      return a !== value;
    case 'CONTAINS':
      return a.includes(value);
    case 'STARTS_WITH':
      return a.startsWith(value);
    case 'ENDS_WITH':
      return a.endsWith(value);
    case 'REGEX':
      try {
        return new RegExp(value).test(a);
      } catch {
        return false;
      }
    case 'IN':
      return filterValues(filter).includes(a);
    case 'NOT_IN':
      return !filterValues(filter).includes(a);
    case 'PREFIX':
      // Kestra: the namespace itself or any child (`^ns(?:\..+)?$`).
      return a === value || a.startsWith(`${value}.`);
    default:
      return compare(filter.op, a, value);
  }
}

function compare(op: FilterOp, a: string, b: string): boolean {
  switch (op) {
    case 'GREATER_THAN':
      return a > b;
    case 'LESS_THAN':
      return a < b;
    case 'GREATER_THAN_OR_EQUAL_TO':
      return a >= b;
    case 'LESS_THAN_OR_EQUAL_TO':
      return a <= b;
    default:
      return false;
  }
}

/** SQL for a text filter on one column; returns the clause and its parameters. */
export function sqlText(filter: QueryFilter, column: string): { sql: string; params: unknown[] } {
  const v = filter.value;
  switch (filter.op) {
    case 'EQUALS':
      return { sql: `${column} = ?`, params: [v] };
    case 'NOT_EQUALS':
      return { sql: `${column} != ?`, params: [v] };
    case 'CONTAINS':
      return { sql: `instr(${column}, ?) > 0`, params: [v] };
    case 'STARTS_WITH':
      return { sql: `substr(${column}, 1, length(?)) = ?`, params: [v, v] };
    case 'ENDS_WITH':
      return { sql: `substr(${column}, -length(?)) = ?`, params: [v, v] };
    case 'PREFIX':
      return { sql: `(${column} = ? OR substr(${column}, 1, length(?) + 1) = ? || '.')`, params: [v, v, v] };
    case 'IN': {
      const values = filterValues(filter);
      if (values.length === 0) return { sql: '0', params: [] };
      return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values };
    }
    case 'NOT_IN': {
      const values = filterValues(filter);
      if (values.length === 0) return { sql: '1', params: [] };
      return { sql: `${column} NOT IN (${values.map(() => '?').join(', ')})`, params: values };
    }
    case 'REGEX':
      return { sql: `${column} REGEXP ?`, params: [v] };
    case 'GREATER_THAN':
      return { sql: `${column} > ?`, params: [v] };
    case 'LESS_THAN':
      return { sql: `${column} < ?`, params: [v] };
    case 'GREATER_THAN_OR_EQUAL_TO':
      return { sql: `${column} >= ?`, params: [v] };
    case 'LESS_THAN_OR_EQUAL_TO':
      return { sql: `${column} <= ?`, params: [v] };
  }
}

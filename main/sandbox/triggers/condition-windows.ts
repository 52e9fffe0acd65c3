// Kestra's multiple conditions (the Flow trigger's `preconditions`, and the older MultipleCondition
// condition): several conditions that must each hold once, for different upstream executions,
// within a time window (MultipleConditionWindow). Results are kept in memory: a sandbox restart
// starts every window afresh.
import { parseDuration } from '../engine/duration';
import type { Execution } from '../engine/model';
import { isTruthy } from '../tasks/core/flow/if';
import { testCondition, type ConditionContext } from './conditions';

type Record_ = Record<string, unknown>;

/** One named sub-condition of a multiple condition: true when the upstream execution satisfies it. */
export type SubCondition = (context: ConditionContext) => boolean;

export interface MultipleConditionSpec {
  id: string;
  conditions: Map<string, SubCondition>;
  timeWindow: Record_;
  resetOnSuccess: boolean;
}

function labelsOf(value: unknown): { key: string; value: string }[] {
  if (Array.isArray(value)) return value.map((l) => ({ key: String((l as Record_).key), value: String((l as Record_).value) }));
  if (value && typeof value === 'object') return Object.entries(value as Record_).map(([key, v]) => ({ key, value: String(v) }));
  return [];
}

/** Flow.UpstreamFlowCondition. */
function upstreamFlow(spec: Record_): SubCondition {
  return ({ execution }) => {
    if (!execution) return false;
    if (spec.namespace !== undefined && execution.namespace !== spec.namespace) return false;
    if (spec.flowId !== undefined && execution.flowId !== spec.flowId) return false;
    if (Array.isArray(spec.states) && !spec.states.map(String).includes(execution.state.current)) return false;
    const labels = execution.labels ?? [];
    return labelsOf(spec.labels).every((wanted) => labels.some((l) => l.key === wanted.key && l.value === wanted.value));
  };
}

/** Flow.FilterCondition: `filters` joined by `operand` (AND by default). */
function executionFilter(spec: Record_): SubCondition {
  const filters = Array.isArray(spec.filters) ? (spec.filters as Record_[]) : [];
  return (context) => {
    const execution = context.execution as Execution;
    const test = (filter: Record_): boolean => {
      const field = String(filter.field);
      const value = filter.value === undefined || filter.value === null ? undefined : String(filter.value);
      const fieldValue =
        field === 'FLOW_ID' ? execution.flowId : field === 'NAMESPACE' ? execution.namespace : field === 'STATE' ? execution.state.current : field === 'EXPRESSION' ? context.render(value ?? '') : undefined;
      const values = Array.isArray(filter.values) ? filter.values.map(String) : [];
      switch (String(filter.type)) {
        case 'EQUAL_TO':
          return value === fieldValue;
        case 'NOT_EQUAL_TO':
          return value !== fieldValue;
        case 'IN':
          return fieldValue !== undefined && values.includes(fieldValue);
        case 'NOT_IN':
          return fieldValue === undefined || !values.includes(fieldValue);
        case 'IS_TRUE':
          return fieldValue !== undefined && isTruthy(fieldValue);
        case 'IS_FALSE':
          return fieldValue === undefined || !isTruthy(fieldValue);
        case 'IS_NULL':
          return fieldValue === undefined;
        case 'IS_NOT_NULL':
          return fieldValue !== undefined;
        case 'STARTS_WITH':
          return fieldValue !== undefined && fieldValue.startsWith(value ?? '');
        case 'ENDS_WITH':
          return fieldValue !== undefined && fieldValue.endsWith(value ?? '');
        case 'REGEX':
          return fieldValue !== undefined && new RegExp(`^(?:${value ?? ''})$`).test(fieldValue);
        case 'CONTAINS':
          return fieldValue !== undefined && fieldValue.includes(value ?? '');
        default:
          return false;
      }
    };
    return String(spec.operand ?? 'AND') === 'OR' ? filters.some(test) : filters.every(test);
  };
}

/** The Flow trigger's `preconditions` (Flow.Preconditions.getConditions). */
export function preconditionsSpec(preconditions: Record_): MultipleConditionSpec {
  const conditions = new Map<string, SubCondition>();
  let counter = 0;
  for (const flow of Array.isArray(preconditions.flows) ? (preconditions.flows as Record_[]) : []) conditions.set(`condition_${++counter}`, upstreamFlow(flow));
  for (const filter of Array.isArray(preconditions.where) ? (preconditions.where as Record_[]) : []) conditions.set(`condition_${++counter}_${String(filter.id)}`, executionFilter(filter));
  return {
    id: String(preconditions.id ?? 'preconditions'),
    conditions,
    timeWindow: (preconditions.timeWindow as Record_ | undefined) ?? {},
    resetOnSuccess: preconditions.resetOnSuccess !== false,
  };
}

/** A MultipleCondition condition (`conditions` map, `timeWindow` or the older `window`/`windowAdvance`). */
export function multipleConditionSpec(condition: Record_): MultipleConditionSpec {
  const conditions = new Map<string, SubCondition>();
  for (const [id, sub] of Object.entries((condition.conditions as Record_ | undefined) ?? {})) {
    conditions.set(id, (context) => {
      try {
        return testCondition(sub as Record_, context);
      } catch {
        return false;
      }
    });
  }
  const timeWindow = { ...((condition.timeWindow as Record_ | undefined) ?? {}) };
  if (condition.window !== undefined) timeWindow.window = condition.window;
  if (condition.windowAdvance !== undefined) timeWindow.windowAdvance = condition.windowAdvance;
  return { id: String(condition.id ?? 'multiple'), conditions, timeWindow, resetOnSuccess: condition.resetOnSuccess !== false };
}

const DAY = 86_400_000;

function timeOfDayMs(value: unknown, name: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(value ?? ''));
  if (!match) throw new Error(`Invalid ${name} '${String(value)}': expected HH:mm:ss`);
  return (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0)) * 1000;
}

/** [start, end) of the window `now` falls in, or undefined when no window is open (past a deadline). */
export function windowAt(timeWindow: Record_, now: number): { start: number; end: number } | undefined {
  const type = String(timeWindow.type ?? 'DURATION_WINDOW');
  const midnight = Math.floor(now / DAY) * DAY;
  switch (type) {
    case 'DAILY_TIME_DEADLINE': {
      const deadline = midnight + timeOfDayMs(timeWindow.deadline, 'deadline');
      return now <= deadline ? { start: midnight, end: deadline } : undefined;
    }
    case 'DAILY_TIME_WINDOW': {
      const start = midnight + timeOfDayMs(timeWindow.startTime, 'startTime');
      const end = midnight + timeOfDayMs(timeWindow.endTime, 'endTime');
      return now >= start && now <= end ? { start, end } : undefined;
    }
    case 'SLIDING_WINDOW': {
      const window = parseDuration(String(timeWindow.window ?? 'PT24H')) ?? DAY;
      return { start: now - window, end: now };
    }
    default: {
      const window = parseDuration(String(timeWindow.window ?? 'PT24H')) ?? DAY;
      const advance = timeWindow.windowAdvance === undefined || timeWindow.windowAdvance === null ? 0 : (parseDuration(String(timeWindow.windowAdvance)) ?? 0);
      const start = midnight + advance + Math.floor((now - midnight - advance) / window) * window;
      return { start, end: start + window };
    }
  }
}

/** Per trigger: when each sub-condition last held, within the current window. */
export class ConditionWindows {
  private readonly results = new Map<string, Map<string, number>>();

  /**
   * Records which sub-conditions `context` satisfies, then says whether all hold in the window;
   * resets the window after a success unless `resetOnSuccess` is false.
   */
  evaluate(key: string, spec: MultipleConditionSpec, context: ConditionContext, now = Date.now()): boolean {
    const window = windowAt(spec.timeWindow, now);
    if (!window) return false;
    const results = this.results.get(key) ?? new Map<string, number>();
    for (const [id, at] of results) if (at < window.start || at > window.end) results.delete(id);
    for (const [id, test] of spec.conditions) {
      let holds: boolean;
      try {
        holds = test(context);
      } catch {
        holds = false;
      }
      if (holds) results.set(id, now);
    }
    this.results.set(key, results);
    const satisfied = spec.conditions.size > 0 && [...spec.conditions.keys()].every((id) => results.has(id));
    if (satisfied && spec.resetOnSuccess) this.results.delete(key);
    return satisfied;
  }

  /** Drops a flow's windows (the flow changed or was deleted). */
  forget(prefix: string): void {
    for (const key of this.results.keys()) if (key.startsWith(prefix)) this.results.delete(key);
  }
}

// Kestra's trigger conditions (io.kestra.plugin.core.condition.*, the older
// io.kestra.core.models.conditions.types.*Condition names, and the *Condition names of Kestra 2):
// what a Flow trigger checks on the upstream execution (ExecutionFlow, ExecutionNamespace,
// ExecutionStatus, ExecutionLabels, ExecutionOutputs, HasRetryAttempt, FlowCondition,
// FlowNamespaceCondition, Expression, Not, Or) and what a Schedule checks on its date (DayWeek,
// DayWeekInMonth, Weekend, TimeBetween, DateTimeBetween, Expression, Not, Or). Each `test` follows
// the class's own; MultipleCondition is handled by the Flow trigger (time windows).
import { DayOfWeek, OffsetTime, TemporalAdjusters, ZoneOffset, type LocalDate, type LocalTime, type ZonedDateTime } from '@js-joda/core';
import type { Execution, StateType } from '../engine/model';
import { parseDate, zoneOf } from '../pebble/java-time';

export class ConditionError extends Error {}

export interface ConditionContext {
  /** The upstream execution (Flow trigger); undefined for a Schedule. */
  execution?: Readonly<Execution>;
  /** The flow the trigger belongs to. */
  flow: { namespace: string; id: string };
  /** Renders a template with the condition's variables (`trigger.date` for a Schedule). */
  render(template: string, extra?: Record<string, unknown>): string;
}

type Condition = Record<string, unknown>;

const NAMES: Record<string, string> = {};
for (const name of [
  'ExecutionFlow',
  'ExecutionNamespace',
  'ExecutionStatus',
  'ExecutionLabels',
  'ExecutionOutputs',
  'HasRetryAttempt',
  'Expression',
  'Not',
  'Or',
  'DayWeek',
  'DayWeekInMonth',
  'Weekend',
  'TimeBetween',
  'DateTimeBetween',
  'PublicHoliday',
  'MultipleCondition',
]) {
  NAMES[`io.kestra.plugin.core.condition.${name}`] = name;
  NAMES[`io.kestra.plugin.core.condition.${name}Condition`] = name;
  NAMES[`io.kestra.core.models.conditions.types.${name}Condition`] = name;
}
NAMES['io.kestra.plugin.core.condition.FlowCondition'] = 'Flow';
NAMES['io.kestra.core.models.conditions.types.FlowCondition'] = 'Flow';
NAMES['io.kestra.plugin.core.condition.FlowNamespaceCondition'] = 'FlowNamespace';
NAMES['io.kestra.core.models.conditions.types.FlowNamespaceCondition'] = 'FlowNamespace';

/** The short name of a condition type (`ExecutionStatus`…), or undefined when the sandbox does not know it. */
export function conditionName(type: unknown): string | undefined {
  return typeof type === 'string' ? NAMES[type] : undefined;
}

export function isMultipleCondition(condition: Condition): boolean {
  return conditionName(condition.type) === 'MultipleCondition';
}

function requireExecution(context: ConditionContext): Readonly<Execution> {
  if (!context.execution) throw new ConditionError('Invalid condition with null execution');
  return context.execution;
}

function stateList(value: unknown): StateType[] | undefined {
  return Array.isArray(value) ? (value.map(String) as StateType[]) : undefined;
}

function statesMatch(state: StateType, condition: Condition): boolean {
  const within = stateList(condition.in);
  const excluded = stateList(condition.notIn);
  if (within && !within.includes(state)) return false;
  if (excluded && excluded.includes(state)) return false;
  return true;
}

function labelPairs(value: unknown): { key: string; value: string }[] {
  if (Array.isArray(value)) return value.map((l) => ({ key: String((l as Condition).key), value: String((l as Condition).value) }));
  if (value && typeof value === 'object') return Object.entries(value as Condition).map(([key, v]) => ({ key, value: String(v) }));
  return [];
}

/** Expression: anything but blank and "false" is true. */
function expressionTrue(rendered: string): boolean {
  return !(rendered.trim() === '' || rendered.trim() === 'false');
}

/** DateUtils.parseZonedDateTime / parseLocalDate on a rendered date. */
function renderedDate(context: ConditionContext, condition: Condition): ZonedDateTime {
  const text = context.render(typeof condition.date === 'string' ? condition.date : '{{ trigger.date }}').trim();
  return parseDate(text, ZoneOffset.UTC, null, 'en-US');
}

function dayOfWeek(value: unknown): DayOfWeek {
  try {
    return DayOfWeek.valueOf(String(value));
  } catch {
    throw new ConditionError(`No enum constant java.time.DayOfWeek.${String(value)}`);
  }
}

/** OffsetTime comparison as java.time does it: on the instant of the same day. */
function offsetTimeNanos(time: { toLocalTime(): LocalTime; offset(): ZoneOffset }): number {
  return time.toLocalTime().toNanoOfDay() - time.offset().totalSeconds() * 1e9;
}

function parseOffsetTime(value: unknown, name: string): OffsetTime {
  try {
    return OffsetTime.parse(String(value));
  } catch {
    throw new ConditionError(`Invalid ${name} '${String(value)}': expected a time with an offset, e.g. 10:00:00+02:00`);
  }
}

function between(value: number, after: number | undefined, before: number | undefined): boolean {
  if (before !== undefined && after !== undefined) return value > after && value < before;
  if (before !== undefined) return value < before;
  if (after !== undefined) return value > after;
  throw new ConditionError('Invalid condition with no before nor after');
}

/** Condition.test; throws ConditionError when it cannot be evaluated (Kestra then counts it false). */
export function testCondition(condition: Condition, context: ConditionContext): boolean {
  const name = conditionName(condition.type);
  switch (name) {
    case 'ExecutionFlow': {
      const execution = requireExecution(context);
      return execution.namespace === condition.namespace && execution.flowId === condition.flowId;
    }
    case 'ExecutionNamespace': {
      const namespace = requireExecution(context).namespace;
      const target = String(condition.namespace);
      const comparison = condition.comparison ? String(condition.comparison) : condition.prefix === true ? 'PREFIX' : 'EQUALS';
      if (comparison === 'PREFIX') return namespace.startsWith(target);
      if (comparison === 'SUFFIX') return namespace.endsWith(target);
      return namespace === target;
    }
    case 'ExecutionStatus':
      return statesMatch(requireExecution(context).state.current, condition);
    case 'ExecutionLabels': {
      const labels = requireExecution(context).labels ?? [];
      return labelPairs(condition.labels).every((wanted) => labels.some((l) => l.key === wanted.key && l.value === wanted.value));
    }
    case 'ExecutionOutputs': {
      const outputs = requireExecution(context).outputs;
      if (!outputs || Object.keys(outputs).length === 0) return false;
      return expressionTrue(context.render(String(condition.expression), { trigger: { outputs } }));
    }
    case 'HasRetryAttempt':
      return (requireExecution(context).taskRunList ?? []).filter((t) => (t.attempts?.length ?? 0) > 1).some((t) => (t.attempts ?? []).some((a) => statesMatch(a.state.current, condition)));
    case 'Flow':
      return context.flow.namespace === condition.namespace && context.flow.id === condition.flowId;
    case 'FlowNamespace':
      return condition.prefix === true ? context.flow.namespace.startsWith(String(condition.namespace)) : context.flow.namespace === condition.namespace;
    case 'Expression':
      return expressionTrue(context.render(String(condition.expression)));
    case 'Not':
      return (Array.isArray(condition.conditions) ? (condition.conditions as Condition[]) : []).every((c) => !testCondition(c, context));
    case 'Or':
      return (Array.isArray(condition.conditions) ? (condition.conditions as Condition[]) : []).some((c) => testCondition(c, context));
    case 'DayWeek':
      return renderedDate(context, condition).toLocalDate().dayOfWeek().equals(dayOfWeek(condition.dayOfWeek));
    case 'DayWeekInMonth': {
      const date = renderedDate(context, condition).toLocalDate();
      const day = dayOfWeek(condition.dayOfWeek);
      const first = date.with(TemporalAdjusters.firstInMonth(day));
      const nth = (n: number): LocalDate => first.plusWeeks(n);
      const computed = ({ FIRST: first, SECOND: nth(1), THIRD: nth(2), FOURTH: nth(3), LAST: date.with(TemporalAdjusters.lastInMonth(day)) } as Record<string, LocalDate>)[String(condition.dayInMonth)];
      if (!computed) throw new ConditionError('Invalid dayInMonth');
      return computed.isEqual(date);
    }
    case 'Weekend': {
      const day = renderedDate(context, condition).toLocalDate().dayOfWeek();
      return day.equals(DayOfWeek.SATURDAY) || day.equals(DayOfWeek.SUNDAY);
    }
    case 'TimeBetween': {
      const date = renderedDate(context, condition);
      const current = offsetTimeNanos({ toLocalTime: () => date.toLocalTime(), offset: () => date.offset() });
      const after = condition.after === undefined || condition.after === null ? undefined : offsetTimeNanos(parseOffsetTime(condition.after, 'after'));
      const before = condition.before === undefined || condition.before === null ? undefined : offsetTimeNanos(parseOffsetTime(condition.before, 'before'));
      return between(current, after, before);
    }
    case 'DateTimeBetween': {
      const epoch = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : parseDate(String(value), zoneOf('UTC'), null, 'en-US').toInstant().toEpochMilli());
      return between(renderedDate(context, condition).toInstant().toEpochMilli(), epoch(condition.after), epoch(condition.before));
    }
    case 'PublicHoliday':
      throw new ConditionError('The PublicHoliday condition needs holiday calendars the local sandbox does not have');
    default:
      throw new ConditionError(`Unknown condition type '${String(condition.type)}'`);
  }
}

/** ConditionService.valid: every condition true; one that cannot be evaluated counts as false (and is reported). */
export function allConditionsHold(conditions: unknown, context: ConditionContext, report: (message: string) => void): boolean {
  if (!Array.isArray(conditions)) return true;
  return (conditions as Condition[]).every((condition) => {
    if (!condition || typeof condition !== 'object' || isMultipleCondition(condition)) return true;
    try {
      return testCondition(condition, context);
    } catch (error) {
      report(`Evaluate Condition Failed with error '${(error as Error).message}'`);
      return false;
    }
  });
}

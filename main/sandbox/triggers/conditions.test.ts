import { describe, expect, it } from 'vitest';
import type { Execution } from '../engine/model';
import { render } from '../pebble';
import { ConditionWindows, preconditionsSpec, windowAt } from './condition-windows';
import { allConditionsHold, testCondition, type ConditionContext } from './conditions';

function scheduleContext(date: string): ConditionContext {
  return { flow: { namespace: 'company.team', id: 'daily' }, render: (template, extra) => render(template, { trigger: { date }, ...extra }, { timeZone: 'UTC' }) };
}

function execution(partial: Partial<Execution>): Execution {
  return {
    tenantId: 'main',
    id: 'e1',
    namespace: 'company.team',
    flowId: 'extract',
    flowRevision: 1,
    state: { current: 'SUCCESS', histories: [], startDate: '2024-01-01T00:00:00Z' },
    taskRunList: [],
    labels: [],
    ...partial,
  } as Execution;
}

function flowContext(upstream: Execution): ConditionContext {
  return { execution: upstream, flow: { namespace: 'company.team', id: 'downstream' }, render: (template, extra) => render(template, { ...extra }) };
}

describe('schedule conditions on the trigger date', () => {
  // 2024-06-10 is a Monday; 2024-06-15 a Saturday.
  it('DayWeek, Weekend and DayWeekInMonth read the rendered date', () => {
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DayWeek', dayOfWeek: 'MONDAY' }, scheduleContext('2024-06-10T08:00:00Z'))).toBe(true);
    expect(testCondition({ type: 'io.kestra.core.models.conditions.types.DayWeekCondition', dayOfWeek: 'TUESDAY' }, scheduleContext('2024-06-10T08:00:00Z'))).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Weekend' }, scheduleContext('2024-06-15T08:00:00Z'))).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Weekend' }, scheduleContext('2024-06-10'))).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DayWeekInMonth', dayOfWeek: 'MONDAY', dayInMonth: 'SECOND' }, scheduleContext('2024-06-10T08:00:00Z'))).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DayWeekInMonth', dayOfWeek: 'MONDAY', dayInMonth: 'FIRST' }, scheduleContext('2024-06-10T08:00:00Z'))).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DayWeekInMonth', dayOfWeek: 'SUNDAY', dayInMonth: 'LAST' }, scheduleContext('2024-06-30T08:00:00Z'))).toBe(true);
  });

  it('uses the date in the schedule zone, as `trigger.date` carries it', () => {
    // 23:30 on Sunday in New York is already Monday in UTC.
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DayWeek', dayOfWeek: 'SUNDAY' }, scheduleContext('2024-06-09T23:30:00-04:00'))).toBe(true);
  });

  it('TimeBetween and DateTimeBetween compare instants, exclusive bounds', () => {
    const at = scheduleContext('2024-06-10T10:30:00+02:00');
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.TimeBetween', after: '08:00:00Z', before: '09:00:00Z' }, at)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.TimeBetween', after: '08:30:00Z' }, at)).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DateTimeBetween', after: '2024-06-01T00:00:00Z', before: '2024-07-01T00:00:00Z' }, at)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.DateTimeBetween', before: '2024-06-10T08:30:00Z' }, at)).toBe(false);
    expect(() => testCondition({ type: 'io.kestra.plugin.core.condition.TimeBetween' }, at)).toThrow('Invalid condition with no before nor after');
  });

  it('Not and Or combine, Expression is false only for blank and "false"', () => {
    const at = scheduleContext('2024-06-15T08:00:00Z');
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Not', conditions: [{ type: 'io.kestra.plugin.core.condition.Weekend' }] }, at)).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Or', conditions: [{ type: 'io.kestra.plugin.core.condition.DayWeek', dayOfWeek: 'MONDAY' }, { type: 'io.kestra.plugin.core.condition.Weekend' }] }, at)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Expression', expression: "{{ trigger.date | date('HH') == '08' }}" }, at)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.Expression', expression: '{{ 0 }}' }, at)).toBe(true);
  });

  it('counts a condition that cannot be evaluated as false and reports it', () => {
    const reports: string[] = [];
    expect(allConditionsHold([{ type: 'io.kestra.plugin.core.condition.PublicHoliday', country: 'FR' }], scheduleContext('2024-06-10'), (m) => reports.push(m))).toBe(false);
    expect(reports[0]).toContain('PublicHoliday');
    expect(allConditionsHold([{ type: 'com.example.Unknown' }], scheduleContext('2024-06-10'), () => undefined)).toBe(false);
  });
});

describe('Flow trigger conditions on the upstream execution', () => {
  it('ExecutionFlow, ExecutionNamespace, ExecutionStatus and ExecutionLabels', () => {
    const upstream = flowContext(execution({ labels: [{ key: 'env', value: 'prod' }] }));
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionFlow', namespace: 'company.team', flowId: 'extract' }, upstream)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionFlow', namespace: 'company.team', flowId: 'other' }, upstream)).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionNamespace', namespace: 'company', prefix: true }, upstream)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionNamespace', namespace: '.team', comparison: 'SUFFIX' }, upstream)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionNamespace', namespace: 'company' }, upstream)).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionStatus', in: ['SUCCESS', 'WARNING'] }, upstream)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionStatus', notIn: ['SUCCESS'] }, upstream)).toBe(false);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionLabels', labels: { env: 'prod' } }, upstream)).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionLabels', labels: [{ key: 'env', value: 'dev' }] }, upstream)).toBe(false);
  });

  it('ExecutionOutputs renders with trigger.outputs and is false without outputs', () => {
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionOutputs', expression: '{{ trigger.outputs.count > 2 }}' }, flowContext(execution({ outputs: { count: 3 } })))).toBe(true);
    expect(testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionOutputs', expression: '{{ true }}' }, flowContext(execution({})))).toBe(false);
  });

  it('needs an execution for execution conditions', () => {
    expect(() => testCondition({ type: 'io.kestra.plugin.core.condition.ExecutionStatus', in: ['SUCCESS'] }, scheduleContext('2024-06-10'))).toThrow('Invalid condition with null execution');
  });
});

describe('preconditions windows', () => {
  const spec = preconditionsSpec({ id: 'both', flows: [{ namespace: 'ns', flowId: 'a', states: ['SUCCESS'] }, { namespace: 'ns', flowId: 'b' }] });
  const of = (flowId: string, state: Execution['state']['current'] = 'SUCCESS'): ConditionContext => flowContext(execution({ namespace: 'ns', flowId, state: { current: state, histories: [] } as Execution['state'] }));

  it('fires once every upstream condition held in the window, then starts over', () => {
    const windows = new ConditionWindows();
    const now = Date.UTC(2024, 5, 10, 12);
    expect(windows.evaluate('k', spec, of('a', 'FAILED'), now)).toBe(false);
    expect(windows.evaluate('k', spec, of('b'), now)).toBe(false);
    expect(windows.evaluate('k', spec, of('a'), now + 1000)).toBe(true);
    expect(windows.evaluate('k', spec, of('b'), now + 2000)).toBe(false);
  });

  it('forgets results from an earlier window (a day by default)', () => {
    const windows = new ConditionWindows();
    expect(windows.evaluate('k', spec, of('a'), Date.UTC(2024, 5, 10, 23))).toBe(false);
    expect(windows.evaluate('k', spec, of('b'), Date.UTC(2024, 5, 11, 1))).toBe(false);
  });

  it('computes duration, sliding and daily windows', () => {
    const noon = Date.UTC(2024, 5, 10, 12);
    expect(windowAt({}, noon)).toEqual({ start: Date.UTC(2024, 5, 10), end: Date.UTC(2024, 5, 11) });
    expect(windowAt({ window: 'PT6H', windowAdvance: 'PT6H' }, noon)).toEqual({ start: Date.UTC(2024, 5, 10, 12), end: Date.UTC(2024, 5, 10, 18) });
    expect(windowAt({ type: 'SLIDING_WINDOW', window: 'PT1H' }, noon)).toEqual({ start: noon - 3_600_000, end: noon });
    expect(windowAt({ type: 'DAILY_TIME_DEADLINE', deadline: '09:00:00' }, noon)).toBeUndefined();
    expect(windowAt({ type: 'DAILY_TIME_WINDOW', startTime: '06:00:00', endTime: '18:00:00' }, noon)).toEqual({ start: Date.UTC(2024, 5, 10, 6), end: Date.UTC(2024, 5, 10, 18) });
  });
});

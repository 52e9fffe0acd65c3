import { describe, expect, it } from 'vitest';
import type { Execution, StateType } from '../../../../main/contract/kestra-model';
import { buildTimeline, visibleBars } from './timeline-model';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString();

function exec(id: string, flowId: string, state: StateType, start: number, end?: number, namespace = 'ns'): Execution {
  return {
    id,
    namespace,
    flowId,
    flowRevision: 1,
    state: { current: state, histories: [], startDate: iso(start), ...(end !== undefined ? { endDate: iso(end) } : {}) },
  };
}

describe('executions timeline', () => {
  it('groups executions by flow, sorted by namespace then flow', () => {
    const model = buildTimeline([exec('1', 'b', 'SUCCESS', 0, 5), exec('2', 'a', 'FAILED', 1, 3), exec('3', 'a', 'SUCCESS', 4, 6, 'aa')], T0);
    expect(model.rows.map((r) => `${r.namespace}.${r.flowId}`)).toEqual(['aa.a', 'ns.a', 'ns.b']);
    expect(model.start).toBe(T0);
    expect(model.end).toBe(T0 + 6000);
    expect(model.count).toBe(3);
  });

  it('puts overlapping executions of one flow on separate lanes and reuses free lanes', () => {
    const model = buildTimeline(
      [exec('1', 'f', 'SUCCESS', 0, 10), exec('2', 'f', 'SUCCESS', 5, 8), exec('3', 'f', 'SUCCESS', 9, 12), exec('4', 'f', 'SUCCESS', 11, 13)],
      T0,
    );
    const row = model.rows[0]!;
    expect(row.bars.map((b) => [b.executionId, b.lane])).toEqual([
      ['1', 0],
      ['2', 1],
      ['3', 1],
      ['4', 0],
    ]);
    expect(row.lanes).toBe(2);
  });

  it('extends running executions to now', () => {
    const model = buildTimeline([exec('1', 'f', 'RUNNING', 0)], T0 + 30_000);
    expect(model.rows[0]!.bars[0]).toMatchObject({ live: true, end: T0 + 30_000 });
    expect(model.live).toBe(true);
  });

  it('skips executions without a start and still gives a usable axis', () => {
    const e = exec('1', 'f', 'CREATED', 0);
    e.state.startDate = undefined;
    const model = buildTimeline([e], T0);
    expect(model.rows).toEqual([]);
    expect(model.end).toBeGreaterThan(model.start);
  });

  it('lists the bars visible in a time window', () => {
    const model = buildTimeline([exec('1', 'f', 'SUCCESS', 0, 2), exec('2', 'f', 'SUCCESS', 5, 7), exec('3', 'f', 'SUCCESS', 10, 11)], T0);
    expect(visibleBars(model.rows[0]!, T0 + 1000, T0 + 6000).map((b) => b.executionId)).toEqual(['1', '2']);
  });
});

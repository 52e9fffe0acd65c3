import { describe, expect, it } from 'vitest';
import type { StateType, TaskRun } from '../../../../main/contract/kestra-model';
import { buildGantt, GanttBuilder } from './gantt-model';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

function run(id: string, taskId: string, history: [StateType, number][], extra: Partial<TaskRun> = {}): TaskRun {
  const last = history[history.length - 1]!;
  return {
    id,
    taskId,
    state: { current: last[0], histories: history.map(([state, s]) => ({ state, date: at(s) })), startDate: at(history[0]![1]) },
    ...extra,
  };
}

describe('Gantt model', () => {
  it('splits a task run into waiting and running time, and ends at its terminal state', () => {
    const model = buildGantt(
      [
        run('a', 'hello', [
          ['CREATED', 0],
          ['SUBMITTED', 1],
          ['RUNNING', 3],
          ['SUCCESS', 7],
        ]),
      ],
      { now: T0 + 60_000 },
    );
    const row = model.rows[0]!;
    expect(row.segments.map((s) => [s.kind, (s.start - T0) / 1000, (s.end - T0) / 1000])).toEqual([
      ['waiting', 0, 3],
      ['running', 3, 7],
    ]);
    expect(row.waitingMs).toBe(3000);
    expect(row.runningMs).toBe(4000);
    expect(row.end).toBe(T0 + 7000);
    expect(row.live).toBe(false);
    expect(model.start).toBe(T0);
    expect(model.end).toBe(T0 + 7000);
    expect(model.live).toBe(false);
  });

  it('extends running task runs to now and marks the model live', () => {
    const model = buildGantt(
      [
        run('a', 'sleep', [
          ['CREATED', 0],
          ['RUNNING', 1],
        ]),
      ],
      { now: T0 + 10_000 },
    );
    expect(model.rows[0]!.end).toBe(T0 + 10_000);
    expect(model.rows[0]!.segments[1]).toMatchObject({ kind: 'running', end: T0 + 10_000 });
    expect(model.live).toBe(true);
    expect(model.end).toBe(T0 + 10_000);
  });

  it('indents flowable children under their parent in order', () => {
    const model = buildGantt(
      [
        run('seq', 'seq', [
          ['RUNNING', 0],
          ['SUCCESS', 9],
        ]),
        run(
          'c1',
          'first',
          [
            ['RUNNING', 1],
            ['SUCCESS', 2],
          ],
          { parentTaskRunId: 'seq' },
        ),
        run(
          'par',
          'parallel',
          [
            ['RUNNING', 2],
            ['SUCCESS', 8],
          ],
          { parentTaskRunId: 'seq' },
        ),
        run(
          'p1',
          'left',
          [
            ['RUNNING', 3],
            ['SUCCESS', 5],
          ],
          { parentTaskRunId: 'par' },
        ),
        run(
          'p2',
          'right',
          [
            ['RUNNING', 3],
            ['SUCCESS', 8],
          ],
          { parentTaskRunId: 'par' },
        ),
        run('after', 'after', [
          ['RUNNING', 9],
          ['SUCCESS', 10],
        ]),
      ],
      { now: T0 },
    );
    expect(model.rows.map((r) => [r.taskId, r.depth])).toEqual([
      ['seq', 0],
      ['first', 1],
      ['parallel', 1],
      ['left', 2],
      ['right', 2],
      ['after', 0],
    ]);
    expect(model.rows[0]!.childCount).toBe(2);
  });

  it('groups ForEach iterations under one row per value, summarising their state', () => {
    const runs: TaskRun[] = [
      run('fe', 'each', [
        ['RUNNING', 0],
        ['FAILED', 20],
      ]),
    ];
    for (const [i, value] of ['"a"', '"b"'].entries()) {
      runs.push(
        run(
          `x${i}`,
          'step1',
          [
            ['RUNNING', i * 5],
            ['SUCCESS', i * 5 + 2],
          ],
          { parentTaskRunId: 'fe', value },
        ),
      );
      runs.push(
        run(
          `y${i}`,
          'step2',
          [
            ['RUNNING', i * 5 + 2],
            [i === 1 ? 'FAILED' : 'SUCCESS', i * 5 + 4],
          ],
          { parentTaskRunId: 'fe', value },
        ),
      );
    }
    const model = buildGantt(runs, { now: T0 });
    expect(model.rows.map((r) => [r.kind, r.label, r.depth])).toEqual([
      ['task', 'each', 0],
      ['iteration', '"a"', 1],
      ['task', 'step1', 2],
      ['task', 'step2', 2],
      ['iteration', '"b"', 1],
      ['task', 'step1', 2],
      ['task', 'step2', 2],
    ]);
    const b = model.rows[4]!;
    expect(b.state).toBe('FAILED');
    expect([(b.start - T0) / 1000, (b.end - T0) / 1000]).toEqual([5, 9]);
    expect(b.taskRunCount).toBe(2);
    expect(model.rows[0]!.childCount).toBe(2);
  });

  it('keeps children with the parent value (nested in an iteration) ungrouped', () => {
    const model = buildGantt(
      [
        run('fe', 'each', [
          ['RUNNING', 0],
          ['SUCCESS', 5],
        ]),
        run(
          's',
          'seq',
          [
            ['RUNNING', 1],
            ['SUCCESS', 4],
          ],
          { parentTaskRunId: 'fe', value: 'v1' },
        ),
        run(
          'l',
          'log',
          [
            ['RUNNING', 2],
            ['SUCCESS', 3],
          ],
          { parentTaskRunId: 's', value: 'v1' },
        ),
      ],
      { now: T0 },
    );
    expect(model.rows.map((r) => [r.kind, r.label, r.depth])).toEqual([
      ['task', 'each', 0],
      ['iteration', 'v1', 1],
      ['task', 'seq', 2],
      ['task', 'log', 3],
    ]);
  });

  it('collapses many iterations by default and lets the user toggle rows', () => {
    const runs: TaskRun[] = [
      run('fe', 'each', [
        ['RUNNING', 0],
        ['SUCCESS', 100],
      ]),
    ];
    for (let i = 0; i < 30; i += 1)
      runs.push(
        run(
          `c${i}`,
          'work',
          [
            ['RUNNING', i],
            ['SUCCESS', i + 1],
          ],
          { parentTaskRunId: 'fe', value: String(i) },
        ),
      );
    const collapsed = buildGantt(runs, { now: T0 });
    expect(collapsed.rows).toHaveLength(31);
    expect(collapsed.rows.slice(1).every((r) => r.kind === 'iteration' && r.collapsed)).toBe(true);
    const opened = buildGantt(runs, { now: T0, toggled: new Set([`fe\u00003`]) });
    expect(opened.rows).toHaveLength(32);
    expect(opened.rows[5]).toMatchObject({ kind: 'task', taskId: 'work', value: '3' });
    const parentClosed = buildGantt(runs, { now: T0, toggled: new Set(['fe']) });
    expect(parentClosed.rows).toHaveLength(1);
    expect(parentClosed.rows[0]!.collapsed).toBe(true);
  });

  it('shows attempts and the time waiting to retry', () => {
    const model = buildGantt(
      [
        run(
          'r',
          'flaky',
          [
            ['CREATED', 0],
            ['RUNNING', 1],
            ['RETRYING', 2],
            ['RUNNING', 4],
            ['FAILED', 5],
          ],
          {
            attempts: [
              {
                state: {
                  current: 'FAILED',
                  histories: [
                    { state: 'RUNNING', date: at(1) },
                    { state: 'FAILED', date: at(2) },
                  ],
                },
              },
              {
                state: {
                  current: 'FAILED',
                  histories: [
                    { state: 'RUNNING', date: at(4) },
                    { state: 'FAILED', date: at(5) },
                  ],
                },
              },
            ],
          },
        ),
      ],
      { now: T0 },
    );
    const row = model.rows[0]!;
    expect(row.attempts.map((a) => [a.number, (a.start - T0) / 1000, (a.end - T0) / 1000, a.state])).toEqual([
      [1, 1, 2, 'FAILED'],
      [2, 4, 5, 'FAILED'],
    ]);
    expect(row.segments.map((s) => s.kind)).toEqual(['waiting', 'running', 'retrying', 'running']);
    expect(row.runningMs).toBe(2000);
  });

  it('re-parses only task runs that changed, and forgets removed ones', () => {
    const builder = new GanttBuilder();
    const a = run('a', 'a', [['RUNNING', 0]]);
    const b = run('b', 'b', [['RUNNING', 0]]);
    const first = builder.build([a, b], { now: T0 + 1000 });
    expect(first.rows[1]!.live).toBe(true);
    const b2 = run('b', 'b', [
      ['RUNNING', 0],
      ['SUCCESS', 2],
    ]);
    const second = builder.build([a, b2], { now: T0 + 5000 });
    expect(second.rows[1]!.live).toBe(false);
    expect(second.rows[1]!.end).toBe(T0 + 2000);
    expect(second.rows[0]!.end).toBe(T0 + 5000);
    const third = builder.build([b2], { now: T0 });
    expect(third.rows.map((r) => r.key)).toEqual(['b']);
  });

  it('treats runs whose parent is missing as roots and survives odd data', () => {
    const model = buildGantt(
      [
        run(
          'orphan',
          'x',
          [
            ['RUNNING', 0],
            ['SUCCESS', 1],
          ],
          { parentTaskRunId: 'gone' },
        ),
        { id: 'bare', taskId: 'y', state: { current: 'CREATED', histories: [] } },
      ],
      { now: T0 + 3000 },
    );
    expect(model.rows.map((r) => [r.taskId, r.depth])).toEqual([
      ['x', 0],
      ['y', 0],
    ]);
    expect(Number.isNaN(model.rows[1]!.start)).toBe(true);
  });

  it('builds 5,000 task runs (cost grows linearly)', () => {
    const runs: TaskRun[] = [run('root', 'each', [['RUNNING', 0]])];
    for (let i = 0; i < 4999; i += 1)
      runs.push(
        run(
          `t${i}`,
          `task${i % 7}`,
          [
            ['CREATED', i],
            ['RUNNING', i + 1],
            ['SUCCESS', i + 2],
          ],
          { parentTaskRunId: 'root', value: String(Math.floor(i / 5)) },
        ),
      );
    const model = buildGantt(runs, { now: T0 + 10_000_000, autoCollapseIterations: 10_000 });
    expect(model.taskRunCount).toBe(5000);
    expect(model.rows.length).toBe(1 + 1000 + 4999);
  });
});

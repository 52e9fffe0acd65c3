// Synthetic data for the harness page (benchmarks and component tests): log batches shaped like
// the `logs.follow` stream, and executions / task runs shaped like Kestra's.
import type { Execution, LogLevel, StateType, TaskRun } from '../../../../main/contract/kestra-model';
import type { LogBatch } from '../../../../main/contract/streams';

export interface SyntheticLogOptions {
  /** Every n-th line is an ERROR (0 = none). */
  errorEvery?: number;
  warnEvery?: number;
  debugEvery?: number;
  /** Every n-th line carries ANSI colours. */
  ansiEvery?: number;
  /** Every n-th line carries an https link. */
  linkEvery?: number;
  /** Every n-th entry has three lines (a stack trace). */
  multilineEvery?: number;
  tasks?: number;
  startTime?: number;
}

export function syntheticLevel(i: number, o: SyntheticLogOptions): LogLevel {
  if (o.errorEvery && i % o.errorEvery === o.errorEvery - 1) return 'ERROR';
  if (o.warnEvery && i % o.warnEvery === o.warnEvery - 1) return 'WARN';
  if (o.debugEvery && i % o.debugEvery === o.debugEvery - 1) return 'DEBUG';
  return 'INFO';
}

export function syntheticMessage(i: number, o: SyntheticLogOptions): string {
  let message = `[worker-${i % 8}] processed record ${i} status=ok latency=${(i * 7) % 997}ms batch=${Math.floor(i / 1000)}`;
  if (o.ansiEvery && i % o.ansiEvery === 0) message = `\u001b[32m✔\u001b[0m \u001b[1m${message}\u001b[22m`;
  if (o.linkEvery && i % o.linkEvery === 0) message += ` see https://kestra.io/docs/record/${i}`;
  if (o.multilineEvery && i % o.multilineEvery === 0) message += `\nTraceback (most recent call last):\n  File "job.py", line ${i % 300}, in run`;
  return message;
}

/** Entries [from, to) as one stream batch. */
export function syntheticBatch(from: number, to: number, o: SyntheticLogOptions = {}): LogBatch {
  const n = to - from;
  const timestamps = new Array<number>(n);
  const levels = new Array<LogLevel>(n);
  const taskRefs = new Array<number>(n);
  const messages = new Array<string>(n);
  const start = o.startTime ?? 1_735_689_600_000;
  const tasks = o.tasks ?? 0;
  for (let k = 0; k < n; k += 1) {
    const i = from + k;
    timestamps[k] = start + i;
    levels[k] = syntheticLevel(i, o);
    taskRefs[k] = tasks ? i % tasks : -1;
    messages[k] = syntheticMessage(i, o);
  }
  const newTasks: LogBatch['newTasks'] = [];
  if (tasks && from === 0) for (let t = 0; t < tasks; t += 1) newTasks.push({ taskId: `task_${t}`, taskRunId: `run${t}`, attemptNumber: 1 });
  return { firstIndex: from, timestamps, levels, taskRefs, messages, newTasks };
}

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

function state(current: StateType, history: [StateType, number][]): TaskRun['state'] {
  return { current, histories: history.map(([s, t]) => ({ state: s, date: iso(t) })), startDate: iso(history[0]![1]) };
}

/** An execution with `count` task runs: a ForEach of sequential steps, some retried, some failed. */
export function syntheticExecution(count: number, options: { running?: boolean } = {}): Execution {
  const runs: TaskRun[] = [];
  runs.push({
    id: 'root',
    taskId: 'each_record',
    state: state(options.running ? 'RUNNING' : 'FAILED', [
      ['CREATED', 0],
      ['RUNNING', 5],
      ...(options.running ? [] : ([['FAILED', count * 40 + 100]] as [StateType, number][])),
    ]),
  });
  for (let i = 1; i < count; i += 1) {
    const start = i * 37;
    const failed = i % 97 === 0;
    const retried = i % 41 === 0;
    const current: StateType = options.running && i > count - 5 ? 'RUNNING' : failed ? 'FAILED' : 'SUCCESS';
    const history: [StateType, number][] = [
      ['CREATED', start],
      ['SUBMITTED', start + 3],
      ['RUNNING', start + 9],
    ];
    if (retried) history.push(['RETRYING', start + 20], ['RUNNING', start + 30]);
    if (current !== 'RUNNING') history.push([current, start + 40 + (i % 13)]);
    const run: TaskRun = {
      id: `tr${i}`,
      taskId: `step_${i % 4}`,
      parentTaskRunId: 'root',
      value: `item-${Math.floor((i - 1) / 4)}`,
      state: state(current, history),
      outputs: { value: i, uri: `kestra:///company/team/flow/executions/e/tasks/step/tr${i}/out.csv` },
    };
    if (retried)
      run.attempts = [
        {
          state: state('FAILED', [
            ['RUNNING', start + 9],
            ['FAILED', start + 20],
          ]),
        },
        { state: state(current, history.slice(-2)) },
      ];
    runs.push(run);
  }
  return {
    id: 'synthetic',
    namespace: 'company.team',
    flowId: 'big_flow',
    flowRevision: 1,
    taskRunList: runs,
    state: state(options.running ? 'RUNNING' : 'FAILED', [
      ['CREATED', 0],
      ['RUNNING', 2],
      ...(options.running ? [] : ([['FAILED', count * 40 + 120]] as [StateType, number][])),
    ]),
  };
}

const FLOW_STATES: StateType[] = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED', 'WARNING', 'SUCCESS', 'KILLED', 'RUNNING'];

/** Execution number `i` of a large synthetic history (newest first). */
export function syntheticListExecution(i: number, now = T0 + 86_400_000): Execution {
  const start = now - i * 61_000;
  const current = FLOW_STATES[i % FLOW_STATES.length]!;
  const end = current === 'RUNNING' ? undefined : start + 5_000 + (i % 50) * 1000;
  return {
    id: `exec${String(i).padStart(7, '0')}`,
    namespace: `company.team${i % 5}`,
    flowId: `flow_${i % 23}`,
    flowRevision: 1 + (i % 3),
    labels: [{ key: 'env', value: i % 2 ? 'prod' : 'dev' }],
    state: {
      current,
      histories: [],
      startDate: new Date(start).toISOString(),
      ...(end ? { endDate: new Date(end).toISOString(), duration: `PT${(end - start) / 1000}S` } : {}),
    },
    trigger: i % 3 === 0 ? { id: 'schedule', type: 'io.kestra.plugin.core.trigger.Schedule' } : undefined,
  };
}

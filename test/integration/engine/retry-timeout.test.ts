// Task retries (constant, exponential, flow-level, CREATE_NEW_EXECUTION, warningOnRetry), task
// timeouts and allowFailure/allowWarning.
import { describe, expect, it } from 'vitest';
import { attemptStates, history, messages, randomNamespace, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: retry, timeout, allowFailure', () => {
  const engine = useEngine();

  it('retries a failing task with a constant interval: attempts, RETRYING histories, then FAILED', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: flaky
namespace: ${ns}
tasks:
  - id: always_fails
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: "attempt {{ taskrun.attemptsCount }}"
    retry:
      type: constant
      interval: PT0.1S
      maxAttempts: 3
`);
    const { id } = await engine.start(ns, 'flaky');
    // While waiting for the next attempt, the task run and the execution are RETRYING.
    const retrying = await engine.waitFor(id, (e) => e.state.current === 'RETRYING');
    expect(taskRun(retrying, 'always_fails').state.current).toBe('RETRYING');
    const done = await engine.waitFor(id);
    expect(done.state.current).toBe('FAILED');
    expect(history(done)).toEqual(['CREATED', 'RUNNING', 'RETRYING', 'RUNNING', 'RETRYING', 'RUNNING', 'FAILED']);
    const run = taskRun(done, 'always_fails');
    expect(attemptStates(run)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect(history(run)).toEqual([
      'CREATED', 'SUBMITTED', 'RUNNING', 'FAILED', 'RETRYING',
      'CREATED', 'SUBMITTED', 'RUNNING', 'FAILED', 'RETRYING',
      'CREATED', 'SUBMITTED', 'RUNNING', 'FAILED',
    ]);
    // The next attempt starts an interval after the previous one ended.
    const ends = run.attempts.map((a: Json) => Date.parse(a.state.endDate));
    const starts = run.attempts.map((a: Json) => Date.parse(a.state.startDate));
    expect(starts[1] - ends[0]).toBeGreaterThanOrEqual(90);
    const logs = await engine.logs(id);
    expect(logs.filter((l: Json) => l.taskId === 'always_fails').map((l: Json) => `${l.attemptNumber}:${l.message}`)).toEqual(['0:attempt 1', '1:attempt 2', '2:attempt 3']);
  });

  it('succeeds on a later attempt; exponential backoff grows; warningOnRetry ends WARNING', async () => {
    const ns = randomNamespace();
    // Fails until the KV flag exists; the flag is written by the first attempt's sibling branch.
    await engine.deploy(`id: eventually
namespace: ${ns}
tasks:
  - id: eventually_ok
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < 3 }}"
    retry:
      type: exponential
      interval: PT0.05S
      maxInterval: PT1S
      delayFactor: 3
      maxAttempts: 5
      warningOnRetry: true
`);
    const done = await engine.run(ns, 'eventually');
    expect(done.state.current).toBe('WARNING');
    const run = taskRun(done, 'eventually_ok');
    expect(attemptStates(run)).toEqual(['FAILED', 'FAILED', 'SUCCESS']);
    const gap = (i: number) => Date.parse(run.attempts[i + 1].state.startDate) - Date.parse(run.attempts[i].state.endDate);
    expect(gap(0)).toBeGreaterThanOrEqual(45);
    expect(gap(1)).toBeGreaterThanOrEqual(140);
  });

  it('applies the flow-level retry to tasks without their own', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: flowretry
namespace: ${ns}
retry:
  type: constant
  interval: PT0.05S
  maxAttempts: 2
tasks:
  - id: t
    type: io.kestra.plugin.core.execution.Fail
`);
    const done = await engine.run(ns, 'flowretry');
    expect(attemptStates(taskRun(done, 't'))).toEqual(['FAILED', 'FAILED']);
  });

  it('behavior CREATE_NEW_EXECUTION ends the execution RETRIED and replays it as a new attempt', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: newexec
namespace: ${ns}
tasks:
  - id: t
    type: io.kestra.plugin.core.execution.Fail
    retry:
      type: constant
      interval: PT0.05S
      maxAttempts: 2
      behavior: CREATE_NEW_EXECUTION
`);
    const first = await engine.run(ns, 'newexec');
    expect(first.state.current).toBe('RETRIED');
    expect(taskRun(first, 't').state.current).toBe('RETRIED');
    const search = async () => (await engine.call(`/executions/search?filters[namespace][EQUALS]=${ns}&filters[flowId][EQUALS]=newexec`)).json().results as Json[];
    let retries: Json[] = [];
    for (let i = 0; i < 200 && retries.length === 0; i += 1) {
      retries = (await search()).filter((e) => e.id !== first.id);
      if (retries.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(retries).toHaveLength(1);
    const second = await engine.waitFor(retries[0].id);
    expect(second.originalId).toBe(first.id);
    expect(second.metadata.attemptNumber).toBe(2);
    expect(second.state.current).toBe('FAILED');
  });

  it('fails a task that runs past its timeout and retries it when asked', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: slow
namespace: ${ns}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
    timeout: PT0.2S
    retry:
      type: constant
      interval: PT0.01S
      maxAttempts: 2
`);
    const started = Date.now();
    const done = await engine.run(ns, 'slow');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done.state.current).toBe('FAILED');
    const nap = taskRun(done, 'nap');
    expect(attemptStates(nap)).toEqual(['FAILED', 'FAILED']);
    expect(messages(await engine.logs(done.id, '?minLevel=ERROR'), 'nap')).toEqual(['Timeout after PT0.2S', 'Timeout after PT0.2S']);
  });

  it('allowFailure turns a failure into WARNING and the flow goes on; allowWarning turns WARNING into SUCCESS', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: tolerant
namespace: ${ns}
tasks:
  - id: may_fail
    type: io.kestra.plugin.core.execution.Fail
    allowFailure: true
  - id: next
    type: io.kestra.plugin.core.debug.Return
    format: still running
  - id: quiet
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.01S
    behavior: WARN
    allowWarning: true
`);
    const done = await engine.run(ns, 'tolerant');
    expect(done.state.current).toBe('WARNING');
    expect(taskRun(done, 'may_fail').state.current).toBe('WARNING');
    expect(attemptStates(taskRun(done, 'may_fail'))).toEqual(['FAILED']);
    expect(taskRun(done, 'next').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'quiet').state.current).toBe('SUCCESS');
  });
});

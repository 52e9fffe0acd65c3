// The Pause task: PAUSED task run and execution, resume with typed onResume inputs (422 on invalid
// ones), resume/validate, pauseDuration with each behavior, kill while paused.
import { describe, expect, it } from 'vitest';
import { attemptStates, form, hasTaskRun, history, messages, randomNamespace, taskRun, useEngine, type Json } from './engine-helpers';

const pausedAt = (taskId: string) => (e: Json) => e.state.current === 'PAUSED' && hasTaskRun(taskId, 'PAUSED')(e);

describe('engine: Pause task', () => {
  const engine = useEngine();

  it('pauses the execution until resumed with onResume inputs, typed and available to later tasks', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: approval
namespace: ${ns}
tasks:
  - id: before
    type: io.kestra.plugin.core.debug.Return
    format: ready
  - id: wait_for_approval
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: approved
        type: BOOLEAN
        defaults: true
      - id: reason
        type: STRING
      - id: count
        type: INT
        required: false
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "approved={{ outputs.wait_for_approval.onResume.approved }} reason={{ outputs.wait_for_approval.onResume.reason }}"
`);
    const { id } = await engine.start(ns, 'approval');
    const paused = await engine.waitFor(id, pausedAt('wait_for_approval'));
    const pause = taskRun(paused, 'wait_for_approval');
    expect(history(paused)).toEqual(['CREATED', 'RUNNING', 'PAUSED']);
    expect(paused.state.endDate).toBeDefined();
    expect(history(pause)).toEqual(['CREATED', 'RUNNING', 'PAUSED']);
    expect(paused.taskRunList.some((t: Json) => t.taskId === 'after')).toBe(false);

    // The form is validated first: a missing required input is listed, nothing resumes.
    const check = await engine.call(`/executions/${id}/resume/validate`, { method: 'POST', body: form({ approved: 'false' }) });
    expect(check.status).toBe(200);
    const results = check.json();
    expect(results.map((r: Json) => r.input.id)).toEqual(['approved', 'reason', 'count']);
    expect(results[1].errors[0].message).toBe('Missing required input:reason');
    const invalid = await engine.call(`/executions/${id}/resume`, { method: 'POST', body: form({ reason: 'ok', count: 'many' }) });
    expect(invalid.status).toBe(422);
    expect(invalid.json().message).toContain('Invalid value for input `count`');
    expect((await engine.get(id)).state.current).toBe('PAUSED');

    const resume = await engine.call(`/executions/${id}/resume`, { method: 'POST', body: form({ approved: 'false', reason: 'looks good', count: '3' }) });
    expect(resume.status).toBe(204);
    const done = await engine.waitFor(id);
    expect(done.state.current).toBe('SUCCESS');
    expect(history(done)).toEqual(['CREATED', 'RUNNING', 'PAUSED', 'RESTARTED', 'RUNNING', 'SUCCESS']);
    expect(done.metadata.attemptNumber).toBe(2);
    const resumed = taskRun(done, 'wait_for_approval');
    expect(history(resumed)).toEqual(['CREATED', 'RUNNING', 'PAUSED', 'RUNNING', 'SUCCESS']);
    expect(attemptStates(resumed)).toEqual(['SUCCESS']);
    expect(resumed.outputs).toEqual({ onResume: { approved: false, reason: 'looks good', count: 3 } });
    expect(messages(await engine.logs(id), 'after')).toEqual(['approved=false reason=looks good']);
    const again = await engine.call(`/executions/${id}/resume`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('resumes by itself after pauseDuration, ending the Pause task per its behavior', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: timed
namespace: ${ns}
tasks:
  - id: resume_me
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.3S
  - id: warn_me
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.2S
    behavior: WARN
  - id: end
    type: io.kestra.plugin.core.log.Log
    message: done
`);
    const done = await engine.run(ns, 'timed');
    expect(done.state.current).toBe('WARNING');
    expect(taskRun(done, 'resume_me').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'warn_me').state.current).toBe('WARNING');
    expect(taskRun(done, 'end').state.current).toBe('SUCCESS');
    const paused = Date.parse(taskRun(done, 'resume_me').state.histories.find((h: Json) => h.state === 'PAUSED').date);
    expect(Date.parse(taskRun(done, 'resume_me').state.endDate) - paused).toBeGreaterThanOrEqual(290);

    await engine.deploy(`id: failing
namespace: ${ns}
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.1S
    behavior: FAIL
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`);
    const failed = await engine.run(ns, 'failing');
    expect(failed.state.current).toBe('FAILED');
    expect(failed.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['gate:FAILED']);

    await engine.deploy(`id: cancelling\nnamespace: ${ns}\ntasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n    pauseDuration: PT0.1S\n    behavior: CANCEL\n  - id: never\n    type: io.kestra.plugin.core.log.Log\n    message: never\n`);
    const cancelled = await engine.run(ns, 'cancelling');
    expect(cancelled.state.current).toBe('CANCELLED');
    expect(taskRun(cancelled, 'gate').state.current).toBe('CANCELLED');
  });

  it('a kill while paused ends the Pause task run and the execution KILLED', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: killme\nnamespace: ${ns}\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n  - id: never\n    type: io.kestra.plugin.core.log.Log\n    message: never\n`);
    const { id } = await engine.start(ns, 'killme');
    await engine.waitFor(id, pausedAt('wait'));
    expect((await engine.call(`/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const killed = await engine.waitFor(id);
    expect(killed.state.current).toBe('KILLED');
    expect(history(killed)).toEqual(['CREATED', 'RUNNING', 'PAUSED', 'KILLING', 'KILLED']);
    expect(killed.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['wait:KILLED']);
  });
});

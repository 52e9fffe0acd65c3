// The Flow trigger (conditions, preconditions, inputs from upstream outputs, never itself) and
// Schedule conditions checked when the schedule fires, over real HTTP.
import { describe, expect, it } from 'vitest';
import { randomNamespace, taskRun, useEngine } from './engine-helpers';

describe('engine: Flow trigger and schedule conditions', () => {
  const engine = useEngine();

  /** Proves a negative: an upstream run ended, the sandbox had time to react, and nothing started. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 400));
  }

  it('chains flows: the downstream flow starts when the upstream one succeeds, with its outputs as inputs', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: extract
namespace: ${ns}
inputs:
  - id: fail
    type: BOOLEAN
    defaults: false
tasks:
  - id: final_date
    type: io.kestra.plugin.core.debug.Return
    format: "2025-01-31"
  - id: maybe_fail
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.fail }}"
outputs:
  - id: last_ingested_date
    type: STRING
    value: "{{ outputs.final_date.value }}"
`);
    await engine.deploy(`id: transform
namespace: ${ns}
inputs:
  - id: last_ingested_date
    type: STRING
    defaults: "2025-01-01"
tasks:
  - id: run_transform
    type: io.kestra.plugin.core.debug.Return
    format: "up to {{ inputs.last_ingested_date }} after {{ trigger.executionId }} ({{ trigger.state }})"
triggers:
  - id: run_after_extract
    type: io.kestra.plugin.core.trigger.Flow
    inputs:
      last_ingested_date: "{{ trigger.outputs.last_ingested_date }}"
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlowCondition
        namespace: ${ns}
        flowId: extract
      - type: io.kestra.core.models.conditions.types.ExecutionStatusCondition
        in:
          - SUCCESS
`);
    const upstream = await engine.run(ns, 'extract');
    expect(upstream.state.current).toBe('SUCCESS');
    const [downstream] = await engine.waitForCount(ns, 'transform', 1);
    const done = await engine.waitFor(downstream.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(done.trigger).toEqual({
      id: 'run_after_extract',
      type: 'io.kestra.plugin.core.trigger.Flow',
      variables: { executionId: upstream.id, namespace: ns, flowId: 'extract', flowRevision: 1, state: 'SUCCESS' },
    });
    expect(done.inputs).toEqual({ last_ingested_date: '2025-01-31' });
    expect(taskRun(done, 'run_transform').outputs).toEqual({ value: `up to 2025-01-31 after ${upstream.id} (SUCCESS)` });

    const failed = await engine.run(ns, 'extract', { inputs: { fail: 'true' } });
    expect(failed.state.current).toBe('FAILED');
    await settle();
    expect(await engine.executionsOf(ns, 'transform')).toHaveLength(1);
  });

  it('listens to the states it names, by namespace prefix, and never triggers its own flow', async () => {
    const ns = randomNamespace();
    // The listener itself matches its own conditions and ends in WARNING: it must not trigger itself.
    await engine.deploy(`id: on_failure
namespace: ${ns}.team
tasks:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.flowId }} ended {{ trigger.state }}"
  - id: warn
    type: io.kestra.plugin.core.execution.Exit
    state: WARNING
triggers:
  - id: failures
    type: io.kestra.plugin.core.trigger.Flow
    states: [FAILED, WARNING]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionNamespace
        namespace: ${ns}.team
        comparison: PREFIX
`);
    await engine.deploy(`id: job
namespace: ${ns}.team.sub
inputs:
  - id: outcome
    type: STRING
tasks:
  - id: end
    type: io.kestra.plugin.core.execution.Exit
    state: "{{ inputs.outcome }}"
`);
    await engine.run(`${ns}.team.sub`, 'job', { inputs: { outcome: 'SUCCESS' } });
    await engine.run(`${ns}.team.sub`, 'job', { inputs: { outcome: 'WARNING' } });
    await engine.run(`${ns}.team.sub`, 'job', { inputs: { outcome: 'FAILED' } });
    const alerts = await engine.waitForCount(`${ns}.team`, 'on_failure', 2);
    for (const alert of alerts) expect((await engine.waitFor(alert.id)).state.current).toBe('WARNING');
    await settle();
    const all = await engine.executionsOf(`${ns}.team`, 'on_failure');
    expect(all).toHaveLength(2);
    expect(all.map((e) => e.trigger.variables.state).sort()).toEqual(['FAILED', 'WARNING']);
    expect(all.every((e) => e.trigger.variables.flowId === 'job')).toBe(true);
  });

  it('preconditions wait until every upstream flow succeeded in the window, then reset', async () => {
    const ns = randomNamespace();
    for (const id of ['first', 'second']) {
      await engine.deploy(`id: ${id}
namespace: ${ns}
tasks:
  - id: work
    type: io.kestra.plugin.core.log.Log
    message: ${id}
`);
    }
    await engine.deploy(`id: both_done
namespace: ${ns}
tasks:
  - id: go
    type: io.kestra.plugin.core.log.Log
    message: both upstream flows are done
triggers:
  - id: both
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: both
      flows:
        - namespace: ${ns}
          flowId: first
          states: [SUCCESS]
        - namespace: ${ns}
          flowId: second
          states: [SUCCESS]
`);
    await engine.run(ns, 'first');
    await engine.run(ns, 'first');
    await settle();
    expect(await engine.executionsOf(ns, 'both_done')).toHaveLength(0);
    await engine.run(ns, 'second');
    const [fired] = await engine.waitForCount(ns, 'both_done', 1);
    expect(fired.trigger.variables.flowId).toBe('second');
    // The window was reset: `second` alone does not fire again.
    await engine.run(ns, 'second');
    await settle();
    expect(await engine.executionsOf(ns, 'both_done')).toHaveLength(1);
  });

  it('Schedule conditions are checked when the schedule fires: refused dates are skipped', async () => {
    const ns = randomNamespace();
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }).toUpperCase();
    await engine.deploy(`id: even_seconds
namespace: ${ns}
tasks:
  - id: tick
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.date }}"
triggers:
  - id: every_second
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "* * * * * *"
    withSeconds: true
    conditions:
      - type: io.kestra.plugin.core.condition.Expression
        expression: "{{ (trigger.date | date('s') | number) % 2 == 0 }}"
      - type: io.kestra.plugin.core.condition.Or
        conditions:
          - type: io.kestra.plugin.core.condition.Weekend
          - type: io.kestra.plugin.core.condition.Not
            conditions:
              - type: io.kestra.plugin.core.condition.Weekend
`);
    await engine.deploy(`id: not_today
namespace: ${ns}
tasks:
  - id: tick
    type: io.kestra.plugin.core.log.Log
    message: never today
triggers:
  - id: every_second
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "* * * * * *"
    withSeconds: true
    scheduleConditions:
      - type: io.kestra.core.models.conditions.types.DayWeekCondition
        dayOfWeek: ${tomorrow}
`);
    const fired = await engine.waitForCount(ns, 'even_seconds', 2, 20_000);
    for (const execution of fired) expect(new Date(execution.trigger.variables.date).getUTCSeconds() % 2).toBe(0);
    expect(await engine.executionsOf(ns, 'not_today')).toHaveLength(0);
    await engine.call(`/flows/${ns}/even_seconds`, { method: 'DELETE' });
    await engine.call(`/flows/${ns}/not_today`, { method: 'DELETE' });
  });
});

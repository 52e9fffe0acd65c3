// Issue 16's flow-control and execution tasks over real HTTP, one realistic flow per family with
// its outputs checked: AllowFailure, EachSequential/EachParallel, Dag, LoopUntil, ForEachItem,
// Labels/SetVariables/UnsetVariables/Exit/Assert, log.Fetch and kv.GetKeys.
import { describe, expect, it } from 'vitest';
import { parseIon } from '../../../main/sandbox/ion/ion-values';
import { history, messages, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

describe('engine: flow control and execution tasks', () => {
  const engine = useEngine();

  it('AllowFailure turns a failed group into WARNING and the flow goes on; Each* run per value', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: legacy_loops
namespace: ${ns}
tasks:
  - id: tolerant
    type: io.kestra.core.tasks.flows.AllowFailure
    tasks:
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
        errorMessage: flaky upstream
      - id: skipped
        type: io.kestra.plugin.core.log.Log
        message: not reached
    errors:
      - id: noted
        type: io.kestra.plugin.core.log.Log
        message: "failure noted"
  - id: each_seq
    type: io.kestra.plugin.core.flow.EachSequential
    value: ["a", "b", {"k": 1}]
    tasks:
      - id: upper
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value | upper }}"
  - id: each_par
    type: io.kestra.core.tasks.flows.EachParallel
    value: '["x", "y"]'
    concurrent: 2
    tasks:
      - id: first
        type: io.kestra.plugin.core.debug.Return
        format: "1-{{ taskrun.value }}"
      - id: second
        type: io.kestra.plugin.core.debug.Return
        format: "2-{{ taskrun.value }}"
  - id: summary
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.upper['b'].value }} {{ outputs.second['y'].value }}"
`);
    const done = await engine.run(ns, 'legacy_loops');
    expect(done.state.current).toBe('WARNING');
    expect(taskRun(done, 'tolerant').state.current).toBe('WARNING');
    expect(taskRun(done, 'boom').state.current).toBe('FAILED');
    expect(done.taskRunList.some((t: Json) => t.taskId === 'skipped')).toBe(false);
    expect(taskRun(done, 'noted').state.current).toBe('SUCCESS');
    expect(taskRun(done, 'upper', '{"k":1}').outputs).toEqual({ value: '{"K":1}' });
    expect(taskRun(done, 'first', 'x').parentTaskRunId).toBe(taskRun(done, 'each_par').id);
    expect(done.taskRunList.filter((t: Json) => t.parentTaskRunId === taskRun(done, 'each_par').id)).toHaveLength(4);
    expect(taskRun(done, 'summary').outputs).toEqual({ value: 'B 2-y' });
  });

  it('Dag starts a task once its dependencies ended, and refuses unknown dependencies and cycles at save', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: dag
namespace: ${ns}
tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task:
          id: extract
          type: io.kestra.plugin.core.debug.Return
          format: raw
      - task:
          id: transform_a
          type: io.kestra.plugin.core.debug.Return
          format: "{{ outputs.extract.value }}-a"
        dependsOn: [extract]
      - task:
          id: transform_b
          type: io.kestra.plugin.core.debug.Return
          format: "{{ outputs.extract.value }}-b"
        dependsOn: [extract]
      - task:
          id: load
          type: io.kestra.plugin.core.debug.Return
          format: "{{ outputs.transform_a.value }}+{{ outputs.transform_b.value }}"
        dependsOn: [transform_a, transform_b]
`);
    const done = await engine.run(ns, 'dag');
    expect(done.state.current).toBe('SUCCESS');
    expect(taskRun(done, 'load').outputs).toEqual({ value: 'raw-a+raw-b' });
    const dag = taskRun(done, 'dag');
    expect(['extract', 'transform_a', 'transform_b', 'load'].map((id) => taskRun(done, id).parentTaskRunId)).toEqual([dag.id, dag.id, dag.id, dag.id]);
    const ended = (id: string): number => Date.parse(taskRun(done, id).state.endDate);
    const started = (id: string): number => Date.parse(taskRun(done, id).state.startDate);
    expect(started('load')).toBeGreaterThanOrEqual(Math.max(ended('transform_a'), ended('transform_b')));

    const missing = await request(`${engine.api()}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: bad_dag\nnamespace: ${ns}\ntasks:\n  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: a\n          type: io.kestra.plugin.core.log.Log\n          message: a\n        dependsOn: [nope]\n`,
    });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('tasks[0]: Not existing task id in dependency: nope');
    const cycle = await request(`${engine.api()}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-yaml' },
      body: `id: cyclic\nnamespace: ${ns}\ntasks:\n  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: a\n          type: io.kestra.plugin.core.log.Log\n          message: a\n        dependsOn: [b]\n      - task:\n          id: b\n          type: io.kestra.plugin.core.log.Log\n          message: b\n        dependsOn: [a]\n`,
    });
    expect(cycle.status).toBe(422);
    expect(cycle.text).toContain('Cyclic dependency detected: a, b');
  });

  it('LoopUntil runs its tasks again until the condition holds, with a fresh task run per iteration', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: loop
namespace: ${ns}
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.LoopUntil
    condition: "{{ outputs.return.value == '3' }}"
    checkFrequency:
      interval: PT0.05S
    tasks:
      - id: return
        type: io.kestra.plugin.core.debug.Return
        format: "{{ outputs.loop.iterationCount }}"
  - id: capped
    type: io.kestra.plugin.core.flow.LoopUntil
    condition: "{{ false }}"
    failOnMaxReached: true
    checkFrequency:
      maxIterations: 2
      interval: PT0.01S
    tasks:
      - id: tick
        type: io.kestra.plugin.core.log.Log
        message: "tick {{ outputs.capped.iterationCount }}"
`);
    const done = await engine.run(ns, 'loop');
    expect(done.state.current).toBe('FAILED');
    const loop = taskRun(done, 'loop');
    expect(loop.state.current).toBe('SUCCESS');
    expect(loop.outputs).toEqual({ iterationCount: 4 });
    expect(done.taskRunList.filter((t: Json) => t.taskId === 'return')).toHaveLength(1);
    expect(taskRun(done, 'return').outputs).toEqual({ value: '3' });
    expect(taskRun(done, 'capped').state.current).toBe('FAILED');
    const logs = await engine.logs(done.id);
    expect(messages(logs, 'tick')).toEqual(['tick 1', 'tick 2']);
    expect(messages(logs, 'capped')).toContain('Max iterations reached');
  });

  it('ForEachItem splits a file, starts a subflow per batch and merges their outputs', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: order
namespace: ${ns}
inputs:
  - id: order
    type: STRING
  - id: batch
    type: INT
tasks:
  - id: parse
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.order | trim | upper }}"
outputs:
  - id: item
    type: STRING
    value: "{{ outputs.parse.value }}#{{ inputs.batch }}"
`);
    await engine.deploy(`id: orders
namespace: ${ns}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: |
      apple
      banana
      cherry
    extension: .txt
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.write.uri }}"
    batch:
      rows: 1
    namespace: ${ns}
    flowId: order
    wait: true
    transmitFailed: true
    inputs:
      order: "{{ read(taskrun.items) }}"
      batch: "{{ taskrun.iteration }}"
`);
    const done = await engine.run(ns, 'orders');
    expect(done.state.current, JSON.stringify(done.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`))).toBe('SUCCESS');
    const each = taskRun(done, 'each');
    const split = taskRun(done, 'each_split');
    const items = taskRun(done, 'each_items');
    const merge = taskRun(done, 'each_merge');
    expect([split, items, merge].map((t) => t.parentTaskRunId)).toEqual([each.id, each.id, each.id]);
    expect(items.outputs.numberOfBatches).toBe(3);
    expect(items.outputs.iterations).toMatchObject({ SUCCESS: 3, CREATED: 0, RUNNING: 0 });
    expect(items.outputs.subflowOutputsBaseUri).toMatch(new RegExp(`/executions/${done.id}/tasks/each_items/${items.id}$`));
    const batches = (await engine.file(split.outputs.splits, done.id)).split('\n');
    expect(batches).toHaveLength(3);
    expect(await engine.file(batches[1]!, done.id)).toBe('banana\n');
    const merged = parseIon(await engine.file(merge.outputs.subflowOutputs, done.id));
    expect(merged).toEqual([{ item: 'APPLE#1' }, { item: 'BANANA#2' }, { item: 'CHERRY#3' }]);

    const children = (await (await request(`${engine.api()}/executions/search?filters[namespace][EQUALS]=${ns}&filters[flowId][EQUALS]=order&size=10`)).json()) as { results: Json[] };
    expect(children.results).toHaveLength(3);
    for (const child of children.results) {
      expect(child.trigger.type).toBe('io.kestra.plugin.core.flow.ForEachItem$ForEachItemExecutable');
      expect(child.trigger.variables.executionId).toBe(done.id);
      expect([1, 2, 3]).toContain(child.trigger.variables.taskRunIteration);
    }
  });

  it('ForEachItem with transmitFailed fails when a batch fails, and passes it over without', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: picky
namespace: ${ns}
inputs:
  - id: line
    type: STRING
tasks:
  - id: check
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.line contains 'bad' }}"
`);
    const parent = (transmit: boolean): string => `id: batches_${transmit}
namespace: ${ns}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "good\\nbad\\ngood again\\n"
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.write.uri }}"
    namespace: ${ns}
    flowId: picky
    transmitFailed: ${transmit}
    inputs:
      line: "{{ read(taskrun.items) }}"
`;
    await engine.deploy(parent(true));
    await engine.deploy(parent(false));
    const failed = await engine.run(ns, 'batches_true');
    expect(failed.state.current).toBe('FAILED');
    expect(taskRun(failed, 'each_items').outputs.iterations).toMatchObject({ SUCCESS: 2, FAILED: 1 });
    expect(failed.taskRunList.some((t: Json) => t.taskId === 'each_merge')).toBe(false);
    const tolerant = await engine.run(ns, 'batches_false');
    expect(tolerant.state.current).toBe('SUCCESS');
  });

  it('Labels, SetVariables and UnsetVariables change the execution; Assert fails with its count', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: updates
namespace: ${ns}
labels:
  team: data
variables:
  name: World
tasks:
  - id: compute
    type: io.kestra.plugin.core.debug.Return
    format: "c-42"
  - id: labels
    type: io.kestra.plugin.core.execution.Labels
    labels:
      customer: "{{ outputs.compute.value }}"
      team: platform
  - id: set
    type: io.kestra.plugin.core.execution.SetVariables
    variables:
      greeting: Hello
      nested:
        count: 2
  - id: hello
    type: io.kestra.plugin.core.debug.Return
    format: "{{ vars.greeting }} {{ vars.name }} {{ vars.nested.count }}"
  - id: unset
    type: io.kestra.plugin.core.execution.UnsetVariables
    variables: [greeting, nested.count]
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ vars.greeting ?? 'gone' }} {{ vars.nested | json }}"
  - id: check
    type: io.kestra.plugin.core.execution.Assert
    errorMessage: "values are off"
    conditions:
      - "{{ outputs.hello.value == 'Hello World 2' }}"
      - "{{ 1 + 1 == 3 }}"
      - "{{ labels.customer == 'nope' }}"
`);
    const done = await engine.run(ns, 'updates');
    expect(done.state.current).toBe('FAILED');
    const labels = Object.fromEntries(done.labels.map((l: Json) => [l.key, l.value]));
    expect(labels).toMatchObject({ team: 'platform', customer: 'c-42' });
    expect(taskRun(done, 'hello').outputs).toEqual({ value: 'Hello World 2' });
    expect(taskRun(done, 'after').outputs).toEqual({ value: 'gone {}' });
    expect(done.variables).toEqual({ nested: {} });
    const logs = await engine.logs(done.id);
    expect(messages(logs, 'check')).toEqual(['Assertion `{{ 1 + 1 == 3 }}` failed!', "Assertion `{{ labels.customer == 'nope' }}` failed!", '2 assertions failed!\nvalues are off']);

    await engine.deploy(`id: system_label
namespace: ${ns}
tasks:
  - id: labels
    type: io.kestra.plugin.core.execution.Labels
    labels: '{"system.readOnly": "true"}'
`);
    const refused = await engine.run(ns, 'system_label');
    expect(refused.state.current).toBe('FAILED');
    expect(messages(await engine.logs(refused.id), 'labels')[0]).toContain('System labels can only be set by Kestra itself, offending label: system.readOnly=true');
  });

  it('Exit ends the execution in its state; no task starts after it, not even errors', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: exit
namespace: ${ns}
inputs:
  - id: state
    type: STRING
tasks:
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: exit
        type: io.kestra.plugin.core.execution.Exit
        state: "{{ inputs.state }}"
      - id: never
        type: io.kestra.plugin.core.log.Log
        message: not reached
  - id: end
    type: io.kestra.plugin.core.log.Log
    message: not reached either
errors:
  - id: handler
    type: io.kestra.plugin.core.log.Log
    message: no errors branch after an exit
`);
    for (const [input, expected] of [
      ['WARNING', 'WARNING'],
      ['CANCELED', 'CANCELLED'],
      ['FAILED', 'FAILED'],
      ['SUCCESS', 'SUCCESS'],
    ]) {
      const done = await engine.run(ns, 'exit', { inputs: { state: input! } });
      expect(done.state.current, input).toBe(expected);
      expect(taskRun(done, 'group').state.current).toBe(expected);
      expect(done.taskRunList.map((t: Json) => t.taskId)).toEqual(['group', 'exit']);
    }
    const killed = await engine.run(ns, 'exit', { inputs: { state: 'KILLED' } });
    expect(killed.state.current).toBe('KILLED');
    expect(history(killed)).toContain('KILLING');
  });

  it('log.Fetch stores the logs as Ion and kv.GetKeys lists keys by prefix', async () => {
    const ns = randomNamespace();
    for (const key of ['orders_2024', 'orders_2025', 'customers']) {
      const res = await request(`${engine.api()}/namespaces/${ns}/kv/${key}`, { method: 'PUT', body: '"x"', headers: { 'Content-Type': 'application/json' } });
      expect(res.status, res.text).toBe(200);
    }
    await engine.deploy(`id: fetch
namespace: ${ns}
tasks:
  - id: chatty
    type: io.kestra.plugin.core.log.Log
    message: ["info line", "second line"]
  - id: warn
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: "careful"
  - id: debug
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: "noise"
  - id: fetch_all
    type: io.kestra.plugin.core.log.Fetch
  - id: fetch_warn
    type: io.kestra.plugin.core.log.Fetch
    level: WARN
  - id: fetch_chatty
    type: io.kestra.plugin.core.log.Fetch
    tasksId: [chatty]
  - id: keys
    type: io.kestra.plugin.core.kv.GetKeys
    prefix: orders_
`);
    const done = await engine.run(ns, 'fetch');
    expect(done.state.current).toBe('SUCCESS');
    expect(taskRun(done, 'fetch_all').outputs.size).toBe(3);
    expect(taskRun(done, 'fetch_warn').outputs.size).toBe(1);
    const rows = parseIon(await engine.file(taskRun(done, 'fetch_chatty').outputs.uri, done.id)) as Json[];
    expect(rows.map((r) => r.message)).toEqual(['info line', 'second line']);
    expect(rows[0]).toMatchObject({ namespace: ns, flowId: 'fetch', taskId: 'chatty', executionId: done.id, level: 'INFO', triggerId: null, deleted: false });
    expect(rows[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(taskRun(done, 'keys').outputs).toEqual({ keys: ['orders_2024', 'orders_2025'] });
  });
});

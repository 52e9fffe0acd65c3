// Pebble expressions in task properties with Kestra's variables and functions, an unknown variable
// failing the task with a clear log line, and POST /executions/{id}/eval[/{taskRunId}].
import { describe, expect, it } from 'vitest';
import { messages, randomNamespace, request, taskRun, useEngine } from './engine-helpers';

describe('engine: expressions and eval', () => {
  const engine = useEngine();

  it('renders variables, functions, filters and operators in task properties', async () => {
    const ns = randomNamespace();
    await request(`${engine.api()}/namespaces/${ns}/kv/threshold`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '10' });
    const upload = new FormData();
    upload.append('fileContent', new Blob(['  file text  ']), 'note.txt');
    await request(`${engine.api()}/namespaces/${ns}/files?path=/note.txt`, { method: 'POST', body: upload });
    await engine.deploy(`id: exprs
namespace: ${ns}
labels:
  team: core
variables:
  base: 5
inputs:
  - id: word
    type: STRING
    defaults: " Mixed Case "
tasks:
  - id: data
    type: io.kestra.plugin.core.output.OutputValues
    values:
      json: '{"list": [3, 1, 2], "name": "x"}'
  - id: checks
    type: io.kestra.plugin.core.output.OutputValues
    values:
      ids: "{{ flow.id }}|{{ flow.namespace == '${ns}' }}|{{ execution.id | length }}|{{ labels.team }}"
      strings: "{{ inputs.word | trim | upper }}|{{ inputs.word | trim | lower }}|{{ 'a,b,c' | split(',') | join('-') }}|{{ 'hello' | replace({'l': 'L'}) }}"
      numbers: "{{ '42' | number + vars.base }}|{{ -3 | abs }}|{{ kv('threshold') > 5 ? 'big' : 'small' }}|{{ kv('missing', errorOnMissing=false) | default('fallback') }}"
      json: "{{ fromJson(outputs.data.values.json).list | length }}|{{ fromJson(outputs.data.values.json) | keys | join(',') }}|{{ {'k': 1} | toJson }}|{{ fromJson(outputs.data.values.json) | values | length }}"
      dates: "{{ now() | date('yyyy') | length }}|{{ execution.startDate | date('yyyy-MM-dd') == (now() | date('yyyy-MM-dd')) }}|{{ '2024-03-05T10:00:00Z' | date('dd/MM/yyyy', timeZone='UTC') }}"
      files: "{{ read('note.txt') | trim }}|{{ render('{{ vars.base * 2 }}') }}"
`);
    const done = await engine.run(ns, 'exprs');
    expect(done.state.current).toBe('SUCCESS');
    const values = taskRun(done, 'checks').outputs.values;
    expect(values.ids).toBe(`exprs|true|22|core`);
    expect(values.strings).toBe('MIXED CASE|mixed case|a-b-c|heLLo');
    expect(values.numbers).toBe('47|3|big|fallback');
    expect(values.json).toBe('3|list,name|{"k":1}|2');
    expect(values.dates).toBe('4|true|05/03/2024');
    expect(values.files).toBe('file text|10');
  });

  it('an unknown variable fails the task with Kestra\'s message in its log', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: missing\nnamespace: ${ns}\ntasks:\n  - id: oops\n    type: io.kestra.plugin.core.log.Log\n    message: "value: {{ outputs.nothere.value }}"\n`);
    const done = await engine.run(ns, 'missing');
    expect(done.state.current).toBe('FAILED');
    expect(taskRun(done, 'oops').state.current).toBe('FAILED');
    const logs = await engine.logs(done.id);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'ERROR', taskId: 'oops' });
    expect(messages(logs)[0]).toBe("Missing variable: 'nothere' on 'value: {{ outputs.nothere.value }}' at line 1");
  });

  it('errorLogs() lists the execution\'s ERROR lines in an errors branch', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: errlogs
namespace: ${ns}
tasks:
  - id: broken
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: disk full
errors:
  - id: report
    type: io.kestra.plugin.core.debug.Return
    format: "{{ errorLogs() | length }}: {{ errorLogs()[0].taskId }} said {{ errorLogs()[0].message }}"
`);
    const done = await engine.run(ns, 'errlogs');
    expect(taskRun(done, 'report').outputs).toEqual({ value: '1: broken said disk full' });
  });

  it('POST /executions/{id}/eval renders an expression in the execution context, or in a task run\'s', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: evaluable
namespace: ${ns}
inputs:
  - id: n
    type: INT
    defaults: 4
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: ["x", "y"]
    tasks:
      - id: ret
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}{{ inputs.n }}"
`);
    const done = await engine.run(ns, 'evaluable');
    const evaluate = async (expression: string, taskRunId?: string) => {
      const res = await engine.call(`/executions/${done.id}/eval${taskRunId ? `/${taskRunId}` : ''}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: expression });
      expect(res.status).toBe(200);
      return res.json();
    };
    expect(await evaluate("{{ outputs.ret['y'].value }} {{ inputs.n * 2 }} {{ flow.id }}")).toEqual({ result: 'y4 8 evaluable' });
    const y = done.taskRunList.find((t: { taskId: string; value?: string }) => t.taskId === 'ret' && t.value === 'y');
    expect(await evaluate('{{ taskrun.value }} in {{ parent.taskrun.id != null }}', y.id)).toEqual({ result: 'y in true' });
    const failure = await evaluate('{{ nope }}');
    expect(failure.result).toBeUndefined();
    expect(failure.error).toBe("Missing variable: 'nope' on '{{ nope }}' at line 1");
    expect(failure.stackTrace).toContain('IllegalVariableEvaluationException');
    expect((await engine.call(`/executions/${done.id}/eval/unknownTaskRun`, { method: 'POST', body: '{{ 1 }}' })).status).toBe(404);
    expect((await engine.call(`/executions/0000000000000000000000/eval`, { method: 'POST', body: '{{ 1 }}' })).status).toBe(404);
  });
});

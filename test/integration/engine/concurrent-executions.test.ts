// Many executions at once: 200 executions of a 3-task flow started together all reach SUCCESS with
// complete task runs, and the server keeps answering other requests while they run.
import { describe, expect, it } from 'vitest';
import { history, randomNamespace, request, useEngine, type Json } from './engine-helpers';

describe('engine: concurrent executions', () => {
  const engine = useEngine();

  it('runs 200 concurrent executions of a 3-task flow to SUCCESS', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: three
namespace: ${ns}
inputs:
  - id: n
    type: INT
tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.n }}"
  - id: second
    type: io.kestra.plugin.core.log.Log
    message: "n={{ outputs.first.value }}"
  - id: third
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.first.value }}-{{ execution.id }}"
`);
    const count = 200;
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let n = lane; n < count; n += 8) {
          const body = new FormData();
          body.append('n', String(n));
          const res = await request(`${engine.api()}/executions/${ns}/three`, { method: 'POST', body });
          expect(res.status).toBe(200);
          ids.push(res.json().id);
        }
      }),
    );
    expect(new Set(ids).size).toBe(count);
    // The server stays responsive while they run.
    expect((await request(`${engine.sandbox().url}/api/v1/configs`)).status).toBe(200);

    const deadline = Date.now() + 60_000;
    let finished: Json[];
    for (;;) {
      const page = (await engine.call(`/executions/search?filters[namespace][EQUALS]=${ns}&filters[state][IN]=SUCCESS,FAILED,WARNING,KILLED&size=${count}`)).json();
      finished = page.results;
      if (page.total >= count || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(finished).toHaveLength(count);
    expect(finished.every((e: Json) => e.state.current === 'SUCCESS')).toBe(true);
    for (const execution of finished) {
      expect(history(execution)).toEqual(['CREATED', 'RUNNING', 'SUCCESS']);
      expect(execution.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['first:SUCCESS', 'second:SUCCESS', 'third:SUCCESS']);
      const n = execution.inputs.n;
      expect(execution.taskRunList[2].outputs).toEqual({ value: `${n}-${execution.id}` });
    }
    const logs = await engine.logs(finished[0].id, '?minLevel=INFO');
    expect(logs.map((l: Json) => l.message)).toEqual([`n=${finished[0].inputs.n}`]);
  });
});

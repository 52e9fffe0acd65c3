import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { form, randomNamespace, readSse, request, waitForExecution, yamlBody } from './helpers';

const TYPED_FLOW = (ns: string) => `id: typed
namespace: ${ns}
inputs:
  - id: name
    type: STRING
    validator: "[A-Z][a-z]+"
  - id: count
    type: INT
    min: 1
    max: 10
    defaults: 3
  - id: ratio
    type: FLOAT
    required: false
  - id: flag
    type: BOOLEAN
    defaults: false
  - id: when
    type: DATETIME
    required: false
  - id: day
    type: DATE
    required: false
  - id: at
    type: TIME
    required: false
  - id: wait
    type: DURATION
    required: false
  - id: colour
    type: SELECT
    values: [red, green]
    required: false
  - id: tags
    type: MULTISELECT
    values: [a, b, c]
    required: false
  - id: payload
    type: JSON
    required: false
  - id: numbers
    type: ARRAY
    itemType: INT
    required: false
  - id: site
    type: URI
    required: false
  - id: mail
    type: EMAIL
    required: false
  - id: token
    type: SECRET
    required: false
  - id: doc
    type: YAML
    required: false
  - id: data
    type: FILE
    required: false
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.ret.value }}"
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.name }} x{{ inputs.count }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.name }}:{{ inputs.token }}"
`;

describe('sandbox executions API', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;

  async function createFlow(source: string): Promise<void> {
    const res = await request(`${api()}/flows`, yamlBody(source));
    expect(res.status, res.text).toBe(200);
  }

  it('creates an execution with no body: 200, CREATED, url and system labels, then runs it to SUCCESS', async () => {
    const ns = randomNamespace();
    await createFlow(`id: hi\nnamespace: ${ns}\nlabels:\n  team: data\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n  - id: ret\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ flow.id }}@{{ execution.id }}"\n`);
    const res = await request(`${api()}/executions/${ns}/hi?labels=env:dev&labels=owner:me`, { method: 'POST' });
    expect(res.status).toBe(200);
    const created = res.json();
    expect(created.id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(created.state.current).toBe('CREATED');
    expect(created.url).toBe(`${sandbox().url}/ui/main/executions/${ns}/hi/${created.id}`);
    expect(created).toMatchObject({ tenantId: 'main', namespace: ns, flowId: 'hi', flowRevision: 1, deleted: false, originalId: created.id });
    expect(created.labels).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'data' },
        { key: 'env', value: 'dev' },
        { key: 'owner', value: 'me' },
        { key: 'system.correlationId', value: created.id },
        { key: 'system.from', value: 'api' },
      ]),
    );

    const done = await waitForExecution(api(), created.id);
    expect(done.state.current).toBe('SUCCESS');
    expect(done.state.histories.map((h: { state: string }) => h.state)).toEqual(['CREATED', 'RUNNING', 'SUCCESS']);
    expect(done.state.duration).toMatch(/^PT(\d+(\.\d+)?S|0S)$/);
    expect(done.taskRunList.map((t: { taskId: string }) => t.taskId)).toEqual(['log', 'ret']);
    const ret = done.taskRunList[1];
    expect(ret.outputs).toEqual({ value: `hi@${created.id}` });
    expect(ret.attempts).toHaveLength(1);
    expect(ret.attempts[0].state.current).toBe('SUCCESS');
    // Kestra 1.x: a runnable task run is SUBMITTED to the worker before it runs.
    expect(ret.state.histories.map((h: { state: string }) => h.state)).toEqual(['CREATED', 'SUBMITTED', 'RUNNING', 'SUCCESS']);
    expect(ret).toMatchObject({ tenantId: 'main', executionId: created.id, namespace: ns, flowId: 'hi' });
    expect(ret.id).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('types every input from a multipart form, stores FILE inputs as kestra:/// URIs and renders them', async () => {
    const ns = randomNamespace();
    await createFlow(TYPED_FLOW(ns));
    const body = form(
      {
        name: 'Alice',
        ratio: '0.5',
        flag: 'true',
        when: '2024-05-01T10:00:00+02:00',
        day: '2024-05-01',
        at: '10:15',
        wait: 'PT5M',
        colour: 'red',
        tags: '["a","c"]',
        payload: '{"k":[1,2]}',
        numbers: '[1,2,3]',
        site: 'https://kestra.io/docs',
        mail: 'ops@example.com',
        token: 's3cret',
        doc: 'a: 1\nb: [x]',
      },
      { data: { name: 'report.csv', content: 'a,b\n1,2\n' } },
    );
    const res = await request(`${api()}/executions/${ns}/typed?wait=true`, { method: 'POST', body });
    expect(res.status, res.text).toBe(200);
    const execution = res.json();
    expect(execution.state.current).toBe('SUCCESS');
    const inputs = execution.inputs;
    expect(inputs).toMatchObject({
      name: 'Alice',
      count: 3,
      ratio: 0.5,
      flag: true,
      when: '2024-05-01T08:00:00.000Z',
      day: '2024-05-01',
      at: '10:15',
      wait: 'PT5M',
      colour: 'red',
      tags: ['a', 'c'],
      payload: { k: [1, 2] },
      numbers: [1, 2, 3],
      site: 'https://kestra.io/docs',
      mail: 'ops@example.com',
      doc: { a: 1, b: ['x'] },
    });
    // SECRET inputs are stored encrypted, and tasks see the clear value.
    expect(inputs.token).not.toBe('s3cret');
    expect(execution.outputs).toEqual({ greeting: 'Alice:s3cret' });
    expect(inputs.data).toBe(`kestra:///${ns.replace(/\./g, '/')}/typed/executions/${execution.id}/inputs/data/report.csv`);

    const file = await request(`${api()}/executions/${execution.id}/file?path=${encodeURIComponent(inputs.data)}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.text).toBe('a,b\n1,2\n');
    expect((await request(`${api()}/executions/${execution.id}/file/metas?path=${encodeURIComponent(inputs.data)}`)).json()).toEqual({ size: 8 });
    const outside = await request(`${api()}/executions/${execution.id}/file?path=${encodeURIComponent('kestra:///other/ns/x.txt')}`);
    expect(outside.status).toBe(422);
  });

  it('rejects invalid and missing inputs with 422 and Kestra\'s messages, storing nothing', async () => {
    const ns = randomNamespace();
    await createFlow(TYPED_FLOW(ns));
    const cases: [Record<string, string>, string][] = [
      [{}, 'Missing required input:name'],
      [{ name: 'alice' }, 'Invalid value for input `name`. Cause: it must match the pattern `[A-Z][a-z]+`'],
      [{ name: 'Alice', count: 'ten' }, 'Invalid value for input `count`. Cause: Expected `INT` but received `ten`'],
      [{ name: 'Alice', count: '11' }, 'Invalid value for input `count`. Cause: it must be less than `10`'],
      [{ name: 'Alice', flag: 'maybe' }, 'Invalid value for input `flag`. Cause: Expected `BOOLEAN` but received `maybe`'],
      [{ name: 'Alice', when: 'yesterday' }, 'Invalid value for input `when`. Cause: Expected `DATETIME` but received `yesterday`'],
      [{ name: 'Alice', day: '2024-02-30' }, 'Invalid value for input `day`. Cause: Expected `DATE` but received `2024-02-30`'],
      [{ name: 'Alice', at: '25:00' }, 'Invalid value for input `at`. Cause: Expected `TIME` but received `25:00`'],
      [{ name: 'Alice', wait: '5 minutes' }, 'Invalid value for input `wait`. Cause: Expected `DURATION` but received `5 minutes`'],
      [{ name: 'Alice', colour: 'blue' }, 'Invalid value for input `colour`. Cause: it must match the values `[red, green]`'],
      [{ name: 'Alice', tags: '["z"]' }, "Invalid value for input `tags`. Cause: value `z` doesn't match the values `[a, b, c]`"],
      [{ name: 'Alice', numbers: '[1,"x"]' }, 'Invalid value for input `numbers`. Cause: Unable to parse array element as `INT` on `x`'],
      [{ name: 'Alice', site: 'not a uri' }, 'Invalid value for input `site`. Cause: Expected `URI` but received `not a uri`'],
      [{ name: 'Alice', mail: 'nope' }, 'Invalid value for input `mail`. Cause: it must be a valid email address'],
      [{ name: 'Alice', data: 'kestra:///elsewhere/file.txt' }, 'Invalid value for input `data`. Cause: Expected `FILE` but received `kestra:///elsewhere/file.txt`'],
    ];
    for (const [fields, message] of cases) {
      const res = await request(`${api()}/executions/${ns}/typed`, { method: 'POST', body: form(fields) });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.json().message).toBe(`Invalid entity: ${message}`);
    }
    const badJson = await request(`${api()}/executions/${ns}/typed`, { method: 'POST', body: form({ name: 'Alice', payload: '{nope' }) });
    expect(badJson.json().message).toMatch(/^Invalid entity: Invalid value for input `payload`. Cause: Expected `JSON` but received `\{nope`/);
    // A rejected form with a file leaves no execution and no file.
    const withFile = await request(`${api()}/executions/${ns}/typed`, { method: 'POST', body: form({ count: 'x' }, { data: { name: 'f.txt', content: 'x' } }) });
    expect(withFile.status).toBe(422);
    const search = await request(`${api()}/executions/search?filters[namespace][EQUALS]=${ns}`);
    expect(search.json().total).toBe(0);
  });

  it('refuses JSON bodies, unknown and disabled flows, malformed and system labels', async () => {
    const ns = randomNamespace();
    await createFlow(`id: f\nnamespace: ${ns}\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const json = await request(`${api()}/executions/${ns}/f`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"inputs":{}}' });
    expect(json.status).toBe(415);
    const missing = await request(`${api()}/executions/${ns}/nope`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.json().message).toBe('Not Found: Requested Flow is not found.');
    const malformed = await request(`${api()}/executions/${ns}/f?labels=novalue`, { method: 'POST' });
    expect(malformed.status).toBe(422);
    expect(malformed.json().message).toBe("Unprocessable Entity: Can't split the queryString parameter by ':'");
    const system = await request(`${api()}/executions/${ns}/f?labels=system.readOnly:true`, { method: 'POST' });
    expect(system.status).toBe(422);
    expect(system.json().message).toMatch(/^Illegal argument: System labels can only be set by Kestra itself/);
    await createFlow(`id: paused\nnamespace: ${ns}\ndisabled: true\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    const disabled = await request(`${api()}/executions/${ns}/paused`, { method: 'POST' });
    expect(disabled.status).toBe(409);
    expect(disabled.json().message).toBe('Illegal state: Requested Flow is disabled.');
    const unknown = await request(`${api()}/executions/4xYzAbCdEfGhIjKlMnOpQr`);
    expect(unknown.status).toBe(404);
  });

  it('fails a task with an unknown variable, logs why, runs errors and finally branches', async () => {
    const ns = randomNamespace();
    await createFlow(`id: broken
namespace: ${ns}
tasks:
  - id: bad
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.missing }}"
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: not reached
errors:
  - id: onError
    type: io.kestra.plugin.core.log.Log
    message: handling
finally:
  - id: cleanup
    type: io.kestra.plugin.core.log.Log
    message: cleanup
`);
    const done = (await request(`${api()}/executions/${ns}/broken?wait=true`, { method: 'POST' })).json();
    expect(done.state.current).toBe('FAILED');
    expect(done.taskRunList.map((t: { taskId: string; state: { current: string } }) => `${t.taskId}:${t.state.current}`)).toEqual(['bad:FAILED', 'onError:SUCCESS', 'cleanup:SUCCESS']);
    const logs = (await request(`${api()}/logs/${done.id}?minLevel=ERROR`)).json();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'ERROR', taskId: 'bad', executionId: done.id });
    expect(logs[0].message).toContain("Missing variable: 'missing' on '{{ inputs.missing }}'");
  });

  it('treats allowFailure as WARNING and skips disabled tasks', async () => {
    const ns = randomNamespace();
    await createFlow(`id: soft
namespace: ${ns}
tasks:
  - id: bad
    type: io.kestra.plugin.core.debug.Return
    format: "{{ nope }}"
    allowFailure: true
  # YAML 1.1, as in Kestra: an unquoted off is the boolean false, read as the id "false".
  - id: off
    type: io.kestra.plugin.core.log.Log
    message: skipped
    disabled: true
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after
`);
    const done = (await request(`${api()}/executions/${ns}/soft?wait=true`, { method: 'POST' })).json();
    expect(done.state.current).toBe('WARNING');
    expect(done.taskRunList.map((t: { taskId: string; state: { current: string } }) => `${t.taskId}:${t.state.current}`)).toEqual(['bad:WARNING', 'false:SKIPPED', 'after:SUCCESS']);
  });

  it('holds a scheduled execution in CREATED until its scheduleDate', async () => {
    const ns = randomNamespace();
    await createFlow(`id: later\nnamespace: ${ns}\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: later\n`);
    const at = new Date(Date.now() + 1500).toISOString();
    const created = (await request(`${api()}/executions/${ns}/later?scheduleDate=${encodeURIComponent(at)}`, { method: 'POST' })).json();
    expect(created.scheduleDate).toBe(at);
    expect((await request(`${api()}/executions/${created.id}`)).json().state.current).toBe('CREATED');
    const done = await waitForExecution(api(), created.id);
    expect(done.state.current).toBe('SUCCESS');
    const running = done.state.histories.find((h: { state: string }) => h.state === 'RUNNING');
    expect(Date.parse(running.date)).toBeGreaterThanOrEqual(Date.parse(at));
  });

  it('follows an execution over SSE: start, progress…, end, with the phase in the id field', async () => {
    const ns = randomNamespace();
    await createFlow(`id: sse\nnamespace: ${ns}\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: a\n  - id: b\n    type: io.kestra.plugin.core.log.Log\n    message: b\n`);
    const at = new Date(Date.now() + 800).toISOString();
    const created = (await request(`${api()}/executions/${ns}/sse?scheduleDate=${encodeURIComponent(at)}`, { method: 'POST' })).json();
    const { frames, closedByServer, contentType } = await readSse(`${api()}/executions/${created.id}/follow`, (f) => f.some((x) => x.id === 'end'));
    expect(contentType).toContain('text/event-stream');
    expect(frames[0]).toMatchObject({ id: 'start', event: undefined });
    expect(JSON.parse(frames[0]!.data)).toEqual({ id: created.id });
    expect(frames.slice(1, -1).every((f) => f.id === 'progress')).toBe(true);
    expect(frames.length).toBeGreaterThan(3);
    const last = frames[frames.length - 1]!;
    expect(last.id).toBe('end');
    expect(JSON.parse(last.data).state.current).toBe('SUCCESS');
    expect(closedByServer || last.id === 'end').toBe(true);

    // A finished execution: start then end, and the server closes the stream.
    const again = await readSse(`${api()}/executions/${created.id}/follow`, () => false);
    expect(again.frames.map((f) => f.id)).toEqual(['start', 'end']);
    expect(again.closedByServer).toBe(true);
  });

  it('closes the follow stream of an unknown execution without an end frame', async () => {
    const { frames, closedByServer } = await readSse(`${api()}/executions/0000000000000000000000/follow`, () => false, { timeoutMs: 30_000 });
    expect(frames.map((f) => f.id)).toEqual(['start']);
    expect(closedByServer).toBe(true);
  });

  it('searches executions with filters, the legacy parameters, sorting and paging', async () => {
    const ns = randomNamespace();
    await createFlow(`id: one\nnamespace: ${ns}\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`);
    await createFlow(`id: two\nnamespace: ${ns}.sub\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ nope }}"\n`);
    const ok = (await request(`${api()}/executions/${ns}/one?wait=true&labels=env:prod`, { method: 'POST' })).json();
    const ko = (await request(`${api()}/executions/${ns}.sub/two?wait=true&labels=env:dev`, { method: 'POST' })).json();
    const ids = (res: { json(): { results: { id: string }[] } }) => res.json().results.map((e) => e.id);

    expect(ids(await request(`${api()}/executions/search?filters[namespace][PREFIX]=${ns}&sort=state.startDate:asc`))).toEqual([ok.id, ko.id]);
    expect(ids(await request(`${api()}/executions/search?filters[namespace][PREFIX]=${ns}&filters[state][IN]=FAILED,KILLED`))).toEqual([ko.id]);
    expect(ids(await request(`${api()}/executions/search?filters[namespace][PREFIX]=${ns}&filters[labels][EQUALS][env]=prod`))).toEqual([ok.id]);
    expect(ids(await request(`${api()}/executions/search?filters[namespace][EQUALS]=${ns}&filters[flowId][EQUALS]=one`))).toEqual([ok.id]);
    expect(ids(await request(`${api()}/executions/search?filters[namespace][PREFIX]=${ns}&filters[timeRange][EQUALS]=PT1H&size=1&sort=state.startDate:desc`))).toEqual([ko.id]);
    expect(ids(await request(`${api()}/executions/search?namespace=${ns}&state=SUCCESS`))).toEqual([ok.id]);
    expect(ids(await request(`${api()}/executions/search?namespace=${ns}&labels=env:dev`))).toEqual([ko.id]);
    const page = await request(`${api()}/executions/search?filters[namespace][PREFIX]=${ns}&size=1&page=2&sort=state.startDate:asc`);
    expect(page.json().total).toBe(2);
    expect(ids(page)).toEqual([ko.id]);
    expect(page.json().results[0].taskRunList).toHaveLength(1);
    const byFlow = await request(`${api()}/executions?namespace=${ns}&flowId=one`);
    expect(ids(byFlow)).toEqual([ok.id]);

    const badField = await request(`${api()}/executions/search?filters[triggerId][EQUALS]=x`);
    expect(badField.status).toBe(400);
    expect(badField.json().message).toContain('Field TRIGGER_ID is not supported for resource EXECUTION');
    const inverted = await request(`${api()}/executions/search?startDate=2024-02-01T00:00:00Z&endDate=2024-01-01T00:00:00Z`);
    expect(inverted.status).toBe(422);
    expect(inverted.json().message).toBe('Illegal argument: Start date must be before End Date');
  });

  it('validates inputs without running', async () => {
    const ns = randomNamespace();
    await createFlow(TYPED_FLOW(ns));
    const res = await request(`${api()}/executions/${ns}/typed/validate`, { method: 'POST', body: form({ name: 'bob', count: '2' }) });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: 'typed', namespace: ns, checks: [] });
    const name = body.inputs.find((i: { input: { id: string } }) => i.input.id === 'name');
    expect(name.errors[0].message).toContain('it must match the pattern');
    const count = body.inputs.find((i: { input: { id: string } }) => i.input.id === 'count');
    expect(count).toMatchObject({ value: 2, errors: [] });
    expect((await request(`${api()}/executions/search?filters[namespace][EQUALS]=${ns}`)).json().total).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { helloFlow, randomNamespace, request, yamlBody } from './helpers';

describe('sandbox flows API', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;

  it('creates a flow from YAML with 200 and keeps the source verbatim', async () => {
    const ns = randomNamespace();
    const source = `# a comment kept as written\n${helloFlow(ns)}labels:\n  env: dev\n`;
    const created = await request(`${api()}/flows`, yamlBody(source));
    expect(created.status).toBe(200);
    const flow = created.json();
    expect(flow).toMatchObject({ id: 'hello', namespace: ns, revision: 1, deleted: false, disabled: false, tenantId: 'main', source });
    expect(flow.labels).toEqual([{ key: 'env', value: 'dev' }]);
    expect(flow.inputs[0]).toMatchObject({ id: 'name', type: 'STRING', defaults: 'world', required: true });

    const got = await request(`${api()}/flows/${ns}/hello`);
    expect(got.status).toBe(200);
    expect(got.json().source).toBeUndefined();
    expect((await request(`${api()}/flows/${ns}/hello?source=true`)).json().source).toBe(source);
  });

  it('rejects a duplicate id with 422 and Kestra\'s message', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    const again = await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    expect(again.status).toBe(422);
    expect(again.json()).toMatchObject({
      message: 'Invalid entity: flow.id: Flow id already exists',
      _embedded: { errors: [{ message: 'Flow id already exists', path: 'flow.id' }] },
    });
  });

  it('bumps the revision only when the source changes', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    const put = (source: string) => request(`${api()}/flows/${ns}/hello`, { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    const same = await put(helloFlow(ns));
    expect(same.status).toBe(200);
    expect(same.json().revision).toBe(1);
    const changed = await put(helloFlow(ns, 'hello', 'Changed'));
    expect(changed.json().revision).toBe(2);
    const revisions = (await request(`${api()}/flows/${ns}/hello/revisions`)).json();
    expect(revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(revisions[0].source).toBe(helloFlow(ns));
    const first = await request(`${api()}/flows/${ns}/hello?revision=1&source=true`);
    expect(first.json().source).toBe(helloFlow(ns));
  });

  it('refuses an id or namespace change on update with 422', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    const put = (source: string) => request(`${api()}/flows/${ns}/hello`, { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    const renamed = await put(helloFlow(ns, 'other'));
    expect(renamed.status).toBe(422);
    expect(renamed.json().message).toBe('Invalid entity: flow.id: Illegal flow id update');
    const moved = await put(helloFlow(`${ns}.child`));
    expect(moved.json().message).toBe('Invalid entity: flow.namespace: Illegal namespace update');
    // The rejected saves left the previous revision in place.
    expect((await request(`${api()}/flows/${ns}/hello`)).json().revision).toBe(1);
  });

  it('answers 404 with an empty body when updating a missing flow', async () => {
    const res = await request(`${api()}/flows/nope.ns/missing`, { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml' }, body: helloFlow('nope.ns', 'missing') });
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });

  it('parses strictly: unknown property, unknown type and duplicate key give 422 with a path', async () => {
    const ns = randomNamespace();
    const unknownProperty = await request(
      `${api()}/flows`,
      yamlBody(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    colour: red\n`),
    );
    expect(unknownProperty.status).toBe(422);
    expect(unknownProperty.json().message).toMatch(/^Invalid entity: Unrecognized field "colour" \(class io\.kestra\.plugin\.core\.log\.Log\), not marked as ignorable/);
    expect(unknownProperty.json()._embedded.errors[0].path).toBe('io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]->io.kestra.plugin.core.log.Log["colour"]');

    const unknownTopLevel = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ntaks: []\n`));
    expect(unknownTopLevel.json().message).toContain('Unrecognized field "taks" (class io.kestra.core.models.flows.Flow)');

    const unknownType = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.Nope\n`));
    expect(unknownType.status).toBe(422);
    expect(unknownType.json().message).toBe('Invalid entity: Invalid type: io.kestra.plugin.core.Nope');

    const duplicateKey = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: a\n    message: b\n`));
    expect(duplicateKey.status).toBe(422);
    expect(duplicateKey.json().message).toContain("Duplicate field 'message'");
    expect(duplicateKey.json()._embedded.errors[0].path).toBe('tasks[0].message');

    const missing = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n`));
    expect(missing.json().message).toBe('Invalid entity: tasks[0].message: must not be null');

    const syntax = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ntasks: [\n`));
    expect(syntax.status).toBe(422);
    expect(syntax.json().message).toMatch(/^Invalid entity: Illegal flow source: YAML parsing error: .*\(at line \d+\)$/);

    const duplicateTasks = await request(
      `${api()}/flows`,
      yamlBody(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: a\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n`),
    );
    expect(duplicateTasks.json().message).toBe('Invalid entity: flow: Invalid Flow: Duplicate task id with name [t]');

    // Nothing of the above was stored.
    expect((await request(`${api()}/flows/${ns}/f`)).status).toBe(404);
  });

  it('accepts old class names and YAML 1.1 scalars like Kestra does', async () => {
    const ns = randomNamespace();
    const res = await request(`${api()}/flows`, yamlBody(`id: f\nnamespace: ${ns}\ndisabled: no\ntasks:\n  - id: r\n    type: io.kestra.core.tasks.debugs.Return\n    format: 42\n`));
    expect(res.status).toBe(200);
    expect(res.json().disabled).toBe(false);
  });

  it('only accepts application/x-yaml bodies for create and update (415 otherwise)', async () => {
    const ns = randomNamespace();
    for (const type of ['application/json', 'application/yaml', 'text/plain']) {
      const res = await request(`${api()}/flows`, { method: 'POST', headers: { 'Content-Type': type }, body: helloFlow(ns) });
      expect(res.status).toBe(415);
    }
  });

  it('soft-deletes with 204: the flow is gone, its revisions stay, a re-create continues the history', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    const deleted = await request(`${api()}/flows/${ns}/hello`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await request(`${api()}/flows/${ns}/hello`)).status).toBe(404);
    expect((await request(`${api()}/flows/${ns}/hello`, { method: 'DELETE' })).status).toBe(404);
    const withDeleted = await request(`${api()}/flows/${ns}/hello?allowDeleted=true`);
    expect(withDeleted.json()).toMatchObject({ revision: 2, deleted: true });
    const recreated = await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    expect(recreated.json().revision).toBe(3);
  });

  it('searches with filters[...] and the legacy parameters, paged and sorted', async () => {
    const ns = randomNamespace();
    for (const id of ['c', 'a', 'b']) await request(`${api()}/flows`, yamlBody(`${helloFlow(`${ns}.sub`, id)}labels:\n  team: ${id === 'b' ? 'data' : 'ops'}\n`));
    await request(`${api()}/flows`, yamlBody(helloFlow(`${ns}x`, 'z')));

    const prefix = await request(`${api()}/flows/search?filters[namespace][PREFIX]=${ns}&sort=id:asc&size=2`);
    expect(prefix.status).toBe(200);
    expect(prefix.json().total).toBe(3);
    expect(prefix.json().results.map((f: { id: string }) => f.id)).toEqual(['a', 'b']);
    expect(prefix.json().results[0].source).toBeUndefined();
    const page2 = await request(`${api()}/flows/search?filters[namespace][PREFIX]=${ns}&sort=id:asc&size=2&page=2`);
    expect(page2.json().results.map((f: { id: string }) => f.id)).toEqual(['c']);

    const labels = await request(`${api()}/flows/search?filters[namespace][PREFIX]=${ns}&filters[labels][EQUALS][team]=data`);
    expect(labels.json().results.map((f: { id: string }) => f.id)).toEqual(['b']);

    const legacy = await request(`${api()}/flows/search?namespace=${ns}&labels=team:ops&sort=id:desc`);
    expect(legacy.json().results.map((f: { id: string }) => f.id)).toEqual(['c', 'a']);

    const q = await request(`${api()}/flows/search?filters[q][EQUALS]=${ns}x`);
    expect(q.json().results.map((f: { id: string }) => f.id)).toEqual(['z']);
  });

  it('reports bad search parameters like Kestra', async () => {
    const badField = await request(`${api()}/flows/search?filters[state][EQUALS]=FAILED`);
    expect(badField.status).toBe(400);
    expect(badField.json().message).toMatch(/^Invalid query filters: Provided query filters are invalid: Field STATE is not supported for resource FLOW/);
    const badSort = await request(`${api()}/flows/search?sort=id`);
    expect(badSort.status).toBe(422);
    expect(badSort.json().message).toBe('Unprocessable Entity: Invalid sort parameter');
    const badPage = await request(`${api()}/flows/search?page=0`);
    expect(badPage.status).toBe(422);
    const notNumber = await request(`${api()}/flows/search?size=ten`);
    expect(notNumber.status).toBe(400);
  });

  it('lists flows of a namespace and distinct namespaces', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns, 'one')));
    await request(`${api()}/flows`, yamlBody(helloFlow(ns, 'two')));
    await request(`${api()}/flows`, yamlBody(helloFlow(`${ns}.child`, 'three')));
    const list = await request(`${api()}/flows/${ns}`);
    expect(list.json().map((f: { id: string }) => f.id)).toEqual(['one', 'two']);
    const distinct = await request(`${api()}/flows/distinct-namespaces?q=${ns}`);
    expect(distinct.json()).toEqual([ns, `${ns}.child`]);
  });

  it('validates several documents in one call, flagging outdated revisions', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns)));
    const body = `${helloFlow(ns)}revision: 1\n---\n${helloFlow(ns, 'fresh')}revision: 1\n---\nid: broken\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: nope\n`;
    const res = await request(`${api()}/flows/validate`, yamlBody(body));
    expect(res.status).toBe(200);
    const [outdated, fresh, broken] = res.json();
    expect(outdated).toMatchObject({ index: 0, flow: 'hello', namespace: ns, outdated: true });
    expect(outdated.constraints).toBeUndefined();
    expect(fresh).toMatchObject({ index: 1, flow: 'fresh', outdated: false });
    expect(broken).toMatchObject({ index: 2, constraints: 'Invalid type: nope' });
  });

  it('imports a whole namespace, deleting the flows that are not in the body', async () => {
    const ns = randomNamespace();
    await request(`${api()}/flows`, yamlBody(helloFlow(ns, 'old')));
    const res = await request(`${api()}/flows/${ns}`, yamlBody(`${helloFlow(ns, 'a')}---\n${helloFlow(ns, 'b')}`));
    expect(res.status).toBe(200);
    expect(res.json().map((f: { id: string; deleted: boolean }) => `${f.id}:${f.deleted}`)).toEqual(['old:true', 'a:false', 'b:false']);
    expect((await request(`${api()}/flows/${ns}`)).json().map((f: { id: string }) => f.id)).toEqual(['a', 'b']);
  });

  it('serves the legacy /api/v1/flows alias and rejects other tenants with 400', async () => {
    const ns = randomNamespace();
    const created = await request(`${sandbox().url}/api/v1/flows`, yamlBody(helloFlow(ns)));
    expect(created.status).toBe(200);
    expect((await request(`${sandbox().url}/api/v1/flows/${ns}/hello`)).json().id).toBe('hello');
    const other = await request(`${sandbox().url}/api/v1/acme/flows/search`);
    expect(other.status).toBe(400);
    expect(other.json().message).toBe("Bad Request: Tenant must be 'main' for OSS version");
    const unknown = await request(`${sandbox().url}/api/v1/main/nothing/here`);
    expect(unknown.status).toBe(404);
    expect(unknown.json().message).toBe('Not Found');
  });
});

import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { helloFlow, randomNamespace, request, yamlBody } from './helpers';

describe('sandbox namespaces, plugin schema and configs', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;

  it('derives namespaces from flows, with every parent and the system namespace', async () => {
    const ns = randomNamespace('nsapi');
    await request(`${api()}/flows`, yamlBody(helloFlow(`${ns}.team.etl`)));
    const res = await request(`${api()}/namespaces/search?q=${ns}&size=50`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ total: 3, results: [{ id: ns }, { id: `${ns}.team` }, { id: `${ns}.team.etl` }] });
    const desc = await request(`${api()}/namespaces/search?q=${ns}&sort=id:desc&size=1&page=2`);
    expect(desc.json().results).toEqual([{ id: `${ns}.team` }]);
    const all = await request(`${api()}/namespaces/search?size=1000`);
    expect(all.json().results).toContainEqual({ id: 'system' });
    const existing = await request(`${api()}/namespaces/search?q=${ns}&existing=true`);
    expect(existing.json().results).toEqual([{ id: `${ns}.team.etl` }]);
    expect((await request(`${api()}/namespaces/${ns}.anything`)).json()).toEqual({ id: `${ns}.anything` });
  });

  it('serves a draft-07 flow schema generated from the task registry', async () => {
    const res = await request(`${sandbox().url}/api/v1/plugins/schemas/flow`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const schema = res.json();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$ref).toBe('#/definitions/io.kestra.core.models.flows.Flow');
    const log = schema.definitions['io.kestra.plugin.core.log.Log'];
    expect(log.properties.type).toEqual({ const: 'io.kestra.plugin.core.log.Log' });
    expect(log.properties.message.$dynamic).toBe(true);
    expect(log.required).toEqual(['id', 'message', 'type']);
    expect(schema.definitions['io.kestra.plugin.core.debug.Return']).toBeDefined();

    // A real validator compiles it (every $ref resolves) and agrees with the sandbox.
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const ns = randomNamespace();
    expect(validate(parse(helloFlow(ns)))).toBe(true);
    expect(validate(parse(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.Nope\n`))).toBe(false);
    expect(validate(parse(`id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n`))).toBe(false);
  });

  it('serves task and trigger schemas, case-insensitively, and 404s the tenant form', async () => {
    const task = await request(`${sandbox().url}/api/v1/plugins/schemas/TASK`);
    expect(task.json().$ref).toBe('#/definitions/io.kestra.core.models.tasks.Task');
    const arrayOf = await request(`${sandbox().url}/api/v1/plugins/schemas/trigger?arrayOf=true`);
    expect(arrayOf.json().type).toBe('array');
    const bad = await request(`${sandbox().url}/api/v1/plugins/schemas/nope`);
    expect(bad.status).toBe(400);
    expect((await request(`${api()}/plugins/schemas/flow`)).status).toBe(404);
    expect((await request(`${api()}/configs`)).status).toBe(404);
  });

  it('describes one plugin type', async () => {
    const res = await request(`${sandbox().url}/api/v1/plugins/io.kestra.plugin.core.debug.Return`);
    expect(res.status).toBe(200);
    expect(res.json().schema.properties.properties.format.$dynamic).toBe(true);
    expect((await request(`${sandbox().url}/api/v1/plugins/io.nope.Task`)).status).toBe(404);
  });

  it('reports an OSS 1.3 configuration that identifies the sandbox', async () => {
    const res = await request(`${sandbox().url}/api/v1/configs`);
    expect(res.json()).toMatchObject({ version: '1.3.25', edition: 'OSS', isBasicAuthInitialized: false, systemNamespace: 'system', sandbox: true, url: sandbox().url });
  });
});

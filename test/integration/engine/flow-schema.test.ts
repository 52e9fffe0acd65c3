// Every task and trigger of the engine appears in GET /api/v1/plugins/schemas/flow with its
// properties, types, required fields, $dynamic where expressions are allowed and a
// markdownDescription; a real JSON-schema validator accepts a flow using all of them and refuses
// broken ones, in agreement with the sandbox's own validation.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { randomNamespace, request, useEngine, type Json } from './engine-helpers';

const TYPES: Record<string, { required: string[]; dynamic: string[]; category: 'task' | 'trigger' }> = {
  'io.kestra.plugin.core.log.Log': { required: ['message'], dynamic: ['message', 'level'], category: 'task' },
  'io.kestra.plugin.core.debug.Return': { required: [], dynamic: ['format'], category: 'task' },
  'io.kestra.plugin.core.output.OutputValues': { required: [], dynamic: ['values'], category: 'task' },
  'io.kestra.plugin.core.flow.Sleep': { required: ['duration'], dynamic: ['duration'], category: 'task' },
  'io.kestra.plugin.core.execution.Fail': { required: [], dynamic: ['condition', 'errorMessage'], category: 'task' },
  'io.kestra.plugin.core.flow.Pause': { required: [], dynamic: ['pauseDuration', 'behavior'], category: 'task' },
  'io.kestra.plugin.core.flow.Sequential': { required: ['tasks'], dynamic: [], category: 'task' },
  'io.kestra.plugin.core.flow.Parallel': { required: ['tasks'], dynamic: [], category: 'task' },
  'io.kestra.plugin.core.flow.If': { required: ['condition', 'then'], dynamic: ['condition'], category: 'task' },
  'io.kestra.plugin.core.flow.Switch': { required: ['value'], dynamic: ['value'], category: 'task' },
  'io.kestra.plugin.core.flow.ForEach': { required: ['tasks', 'values'], dynamic: ['values'], category: 'task' },
  'io.kestra.plugin.core.flow.Subflow': { required: ['flowId', 'namespace'], dynamic: ['namespace', 'flowId', 'inputs', 'labels'], category: 'task' },
  'io.kestra.plugin.core.kv.Set': { required: ['key', 'value'], dynamic: ['key', 'value', 'namespace', 'ttl'], category: 'task' },
  'io.kestra.plugin.core.kv.Get': { required: ['key'], dynamic: ['key', 'namespace'], category: 'task' },
  'io.kestra.plugin.core.kv.Delete': { required: ['key'], dynamic: ['key', 'namespace'], category: 'task' },
  'io.kestra.plugin.core.storage.Write': { required: ['content'], dynamic: ['content', 'extension'], category: 'task' },
  'io.kestra.plugin.scripts.shell.Commands': { required: ['commands'], dynamic: ['commands', 'env', 'beforeCommands', 'outputFiles'], category: 'task' },
  'io.kestra.plugin.core.trigger.Schedule': { required: ['cron'], dynamic: ['inputs'], category: 'trigger' },
  'io.kestra.plugin.core.trigger.Webhook': { required: ['key'], dynamic: ['key', 'inputs'], category: 'trigger' },
};

function everyTaskFlow(ns: string): string {
  return `id: everything
namespace: ${ns}
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hi
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: x
  - id: values
    type: io.kestra.plugin.core.output.OutputValues
    values: { a: 1 }
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ false }}"
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT1S
    onResume:
      - id: ok
        type: BOOLEAN
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: par
        type: io.kestra.plugin.core.flow.Parallel
        concurrent: 2
        tasks:
          - id: cond
            type: io.kestra.plugin.core.flow.If
            condition: "{{ true }}"
            then:
              - id: sw
                type: io.kestra.plugin.core.flow.Switch
                value: a
                cases:
                  a:
                    - id: each
                      type: io.kestra.plugin.core.flow.ForEach
                      values: [1, 2]
                      concurrencyLimit: 0
                      tasks:
                        - id: sub
                          type: io.kestra.plugin.core.flow.Subflow
                          namespace: ${ns}
                          flowId: other
  - id: kvset
    type: io.kestra.plugin.core.kv.Set
    key: k
    value: v
  - id: kvget
    type: io.kestra.plugin.core.kv.Get
    key: k
  - id: kvdel
    type: io.kestra.plugin.core.kv.Delete
    key: k
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: hello
  - id: shell
    type: io.kestra.plugin.scripts.shell.Commands
    namespaceFiles:
      enabled: true
    outputFiles: ["*.txt"]
    commands:
      - echo hi > out.txt
triggers:
  - id: schedule
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 * * * *"
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: abc
`;
}

describe('engine: flow schema', () => {
  const engine = useEngine();

  it('lists every task and trigger type with properties, required fields, $dynamic and markdownDescription', async () => {
    const schema = (await request(`${engine.sandbox().url}/api/v1/plugins/schemas/flow`)).json();
    const taskUnion = schema.definitions['io.kestra.core.models.tasks.Task'].anyOf.map((r: Json) => r.$ref.split('/').pop());
    const triggerUnion = schema.definitions['io.kestra.core.models.triggers.AbstractTrigger'].anyOf.map((r: Json) => r.$ref.split('/').pop());
    for (const [type, expected] of Object.entries(TYPES)) {
      const definition = schema.definitions[type];
      expect(definition, type).toBeDefined();
      expect(definition.properties.type).toEqual({ const: type });
      expect(definition.required, type).toEqual(['id', ...expected.required, 'type'].sort());
      expect(typeof definition.markdownDescription, type).toBe('string');
      expect(definition.markdownDescription.length, type).toBeGreaterThan(20);
      expect(definition.title, type).toBeTruthy();
      for (const property of expected.dynamic) expect(definition.properties[property]?.$dynamic, `${type}.${property}`).toBe(true);
      // Core properties every task/trigger has.
      expect(definition.properties.id).toBeDefined();
      expect(definition.properties.disabled).toBeDefined();
      if (expected.category === 'task') {
        expect(definition.properties.retry).toBeDefined();
        expect(definition.properties.timeout.$dynamic).toBe(true);
      }
      expect(expected.category === 'task' ? taskUnion : triggerUnion).toContain(type);
    }
    // Nested task lists point at the Task union, so the editor completes children too.
    expect(schema.definitions['io.kestra.plugin.core.flow.ForEach'].properties.tasks.items).toEqual({ $ref: '#/definitions/io.kestra.core.models.tasks.Task' });
    expect(schema.definitions['io.kestra.plugin.core.flow.Switch'].properties.cases.additionalProperties.items).toEqual({ $ref: '#/definitions/io.kestra.core.models.tasks.Task' });
    expect(schema.definitions['io.kestra.plugin.core.flow.Pause'].properties.onResume.items).toEqual({ $ref: '#/definitions/io.kestra.core.models.flows.Input' });
    expect(schema.definitions['io.kestra.plugin.core.flow.Parallel'].properties.concurrent.default).toBe(0);
    expect(schema.definitions['io.kestra.plugin.core.flow.ForEach'].properties.concurrencyLimit.default).toBe(1);
  });

  it('a JSON-schema validator and the sandbox agree on flows using every type', async () => {
    const schema = (await request(`${engine.sandbox().url}/api/v1/plugins/schemas/flow`)).json();
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
    // Compiling blocks this process for seconds: let the sandbox (same process) drop the kept-alive
    // connections it timed out meanwhile before the next request picks one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ns = randomNamespace();
    const source = everyTaskFlow(ns);
    expect(validate(parse(source)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    await engine.deploy(source);
    const broken = source.replace('    duration: PT1S\n', '');
    expect(validate(parse(broken))).toBe(false);
    const refused = await engine.call('/flows/validate', { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: broken });
    expect(refused.json()[0].constraints).toContain('tasks[3].duration: must not be null');
  });
});

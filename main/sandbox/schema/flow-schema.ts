// `GET /api/v1/plugins/schemas/flow`: a draft-07 schema in Kestra's shape, generated from the flow
// model definitions and the task registry, so the console's editor offers exactly what the sandbox
// validates and runs.
import type { TaskRegistry } from '../tasks/registry';
import { FLOW_DEFINITION, TASK_DEFINITION, TRIGGER_DEFINITION, flowModelDefinitions } from './flow-definitions';
import { ref, type JsonSchema } from './json-schema';
import { withUnavailablePlugins } from '../tasks/plugins/unavailable-plugin';

export interface FlowJsonSchema {
  $schema: string;
  $ref: string;
  definitions: Record<string, JsonSchema>;
}

/** All definitions (flow model + one per task/trigger type + the Task/Trigger unions). */
export function schemaDefinitions(registry: TaskRegistry): Record<string, JsonSchema> {
  const definitions = flowModelDefinitions();
  for (const definition of registry.list()) definitions[definition.type] = registry.objectSchema(definition);
  definitions[TASK_DEFINITION] = { anyOf: registry.list('task').map((d) => ref(d.type)) };
  definitions[TRIGGER_DEFINITION] = { anyOf: registry.list('trigger').map((d) => ref(d.type)) };
  return definitions;
}

export type SchemaKind = 'flow' | 'task' | 'trigger';

export function buildSchema(registry: TaskRegistry, kind: SchemaKind, arrayOf = false): FlowJsonSchema | Record<string, unknown> {
  const root = kind === 'flow' ? FLOW_DEFINITION : kind === 'task' ? TASK_DEFINITION : TRIGGER_DEFINITION;
  // The editor's copy also accepts tasks of plugins the sandbox cannot run, as saves do (with a warning).
  const definitions = withUnavailablePlugins(schemaDefinitions(registry), registry);
  if (arrayOf) {
    return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: ref(root), definitions };
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', $ref: `#/definitions/${root}`, definitions };
}

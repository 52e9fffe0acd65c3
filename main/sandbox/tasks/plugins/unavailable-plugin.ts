// Tasks and triggers of plugins the sandbox cannot run (JDBC, cloud providers, dbt, AI, …). A flow
// using them is saved verbatim: they are validated for what every task has (`id`, `retry`,
// `timeout`, `allowFailure`, …) and nothing else, since their own properties are unknown here, and
// each one gets a warning. At run time such a task fails with an error naming its plugin, so
// `errors` branches, `allowFailure` and retries behave as they would on a server.
import type { JsonSchema } from '../../schema/json-schema';
import { coreTaskProperties, coreTriggerProperties } from '../core-properties';
import type { TaskRegistry } from '../registry';
import { KESTRA_CORE_TYPES, pluginGroupOf } from './kestra-catalog';
import { TASK_DEFINITION, TRIGGER_DEFINITION } from '../../schema/flow-definitions';
import { ref } from '../../schema/json-schema';

const schemas: Partial<Record<'task' | 'trigger', JsonSchema>> = {};

export function unavailablePluginSchema(category: 'task' | 'trigger'): JsonSchema {
  schemas[category] ??= {
    type: 'object',
    properties: { ...(category === 'task' ? coreTaskProperties() : coreTriggerProperties()), type: { type: 'string' } },
    additionalProperties: true,
    required: ['id', 'type'],
  };
  return schemas[category]!;
}

/** The task run error for a task of a plugin the sandbox cannot run. */
export function unavailableTaskError(type: string): string {
  return `The task type '${type}' is not available in the local sandbox: its plugin (${pluginGroupOf(type)}) only runs on a Kestra server.`;
}

const UNAVAILABLE_TASK = 'io.kestra.sandbox.UnavailablePluginTask';
const UNAVAILABLE_TRIGGER = 'io.kestra.sandbox.UnavailablePluginTrigger';

/** A class name outside Kestra's core packages (`io.kestra.plugin.core.`, `io.kestra.core.`). */
const PLUGIN_CLASS_PATTERN = '^(?!io\\.kestra\\.plugin\\.core\\.|io\\.kestra\\.core\\.)[a-z][a-z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*\\.[A-Z][A-Za-z0-9_$]*$';

/**
 * The served schema's Task and Trigger unions get one more branch: any plugin class the registry does
 * not know (or a core class the sandbox does not implement), with the core properties only, so the
 * editor accepts what a save accepts.
 */
export function withUnavailablePlugins(definitions: Record<string, JsonSchema>, registry: TaskRegistry): Record<string, JsonSchema> {
  const known = registry.list().flatMap((d) => [d.type, ...(d.aliases ?? [])]);
  const unimplementedCore = [...KESTRA_CORE_TYPES].filter((type) => !registry.get(type)).sort();
  const branch = (category: 'task' | 'trigger'): JsonSchema => ({
    ...unavailablePluginSchema(category),
    properties: {
      ...unavailablePluginSchema(category).properties,
      type: { type: 'string', anyOf: [{ type: 'string', pattern: PLUGIN_CLASS_PATTERN }, { type: 'string', enum: unimplementedCore }], not: { type: 'string', enum: known } },
    },
    title: `A ${category} of a plugin the local sandbox cannot run`,
    markdownDescription: 'Saved as written; the sandbox reports it and fails it at run time. Its own properties are not checked here.',
  });
  return {
    ...definitions,
    [UNAVAILABLE_TASK]: branch('task'),
    [UNAVAILABLE_TRIGGER]: branch('trigger'),
    [TASK_DEFINITION]: { anyOf: [...(definitions[TASK_DEFINITION]?.anyOf ?? []), ref(UNAVAILABLE_TASK)] },
    [TRIGGER_DEFINITION]: { anyOf: [...(definitions[TRIGGER_DEFINITION]?.anyOf ?? []), ref(UNAVAILABLE_TRIGGER)] },
  };
}

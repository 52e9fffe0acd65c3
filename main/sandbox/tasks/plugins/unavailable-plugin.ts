// Tasks and triggers of plugins the sandbox cannot run (JDBC, cloud providers, dbt, AI, …). A flow
// using them is saved verbatim: they are validated for what every task has (`id`, `retry`,
// `timeout`, `allowFailure`, …) and nothing else, since their own properties are unknown here, and
// each one gets a warning. At run time such a task fails with an error naming its plugin, so
// `errors` branches, `allowFailure` and retries behave as they would on a server.
import type { JsonSchema } from '../../schema/json-schema';
import { coreTaskProperties, coreTriggerProperties } from '../core-properties';
import { pluginGroupOf } from './kestra-catalog';

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

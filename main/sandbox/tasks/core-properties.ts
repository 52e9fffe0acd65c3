// Properties every Kestra task and trigger has (io.kestra.core.models.tasks.Task / AbstractTrigger),
// written the way Kestra's schema generator writes them (`$group: core`, defaults in markdown).
import { durationSchema, ref, withDefault, type JsonSchema } from '../schema/json-schema';

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;

export const TASK_ID_SCHEMA: JsonSchema = { type: 'string', minLength: 1, maxLength: 256, pattern: '^[a-zA-Z0-9][a-zA-Z0-9_-]*' };

function core(schema: JsonSchema): JsonSchema {
  return { ...schema, $dynamic: false, $group: 'core' };
}

export function coreTaskProperties(): Record<string, JsonSchema> {
  return {
    id: TASK_ID_SCHEMA,
    description: core({ type: 'string' }),
    disabled: core(withDefault({ type: 'boolean' }, false)),
    allowFailure: core(withDefault({ type: 'boolean' }, false)),
    allowWarning: core(withDefault({ type: 'boolean' }, false)),
    logLevel: core({ type: 'string', enum: LEVELS }),
    logToFile: core(withDefault({ type: 'boolean' }, false)),
    runIf: core(withDefault({ type: 'string' }, 'true')),
    timeout: { ...durationSchema(), $dynamic: true, $group: 'core' },
    retry: core({ anyOf: [ref('io.kestra.core.models.tasks.retrys.Constant'), ref('io.kestra.core.models.tasks.retrys.Exponential'), ref('io.kestra.core.models.tasks.retrys.Random')] }),
    taskCache: core({ allOf: [ref('io.kestra.core.models.tasks.Cache')] }),
    workerGroup: core({ allOf: [ref('io.kestra.core.models.tasks.WorkerGroup')] }),
    // Kestra 1.1+: the data assets a task reads and writes (lineage; recorded by Enterprise servers).
    assets: core({
      type: 'object',
      title: 'The assets this task reads (`inputs`) and produces (`outputs`).',
      properties: { inputs: { type: 'array', items: { type: 'object' } }, outputs: { type: 'array', items: { type: 'object' } }, enableAuto: { type: 'boolean' } },
    }),
    version: core({ type: 'string', title: 'The version of the plugin to use.', pattern: '\\d+\\.\\d+\\.\\d+(-[a-zA-Z0-9-]+)?|([a-zA-Z0-9]+)' }),
  };
}

export function coreTriggerProperties(): Record<string, JsonSchema> {
  return {
    id: TASK_ID_SCHEMA,
    description: core({ type: 'string' }),
    disabled: core(withDefault({ type: 'boolean' }, false)),
    conditions: core({ type: 'array', title: 'List of conditions in order to limit the flow trigger.', items: { type: 'object' } }),
    logToFile: core(withDefault({ type: 'boolean' }, false)),
    minLogLevel: core(withDefault({ type: 'string', enum: LEVELS }, 'DEBUG')),
    stopAfter: core({
      type: 'array',
      title: 'List of execution states after which a trigger should be stopped (a.k.a. disabled).',
      items: { type: 'string', enum: ['CREATED', 'RUNNING', 'PAUSED', 'SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'QUEUED', 'RETRYING', 'RETRIED', 'SKIPPED'] },
    }),
    workerGroup: core({ allOf: [ref('io.kestra.core.models.tasks.WorkerGroup')] }),
    logLevel: core({ type: 'string', enum: LEVELS }),
    labels: core({ title: 'The labels to pass to the execution created.', anyOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }] }),
    failOnTriggerError: core(withDefault({ type: 'boolean', title: 'Fail the execution when the trigger could not evaluate.' }, false)),
    allowConcurrent: core(withDefault({ type: 'boolean', title: 'Allow a new execution while the previous one still runs (polling triggers).' }, false)),
    version: core({ type: 'string', title: 'The version of the plugin to use.' }),
  };
}

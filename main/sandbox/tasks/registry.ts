// The task registry: every task and trigger type the sandbox knows, by Kestra class name (and old
// aliases). Flow validation and the editor's JSON schema both read from here.
import type { JsonSchema } from '../schema/json-schema';
import { coreTaskProperties, coreTriggerProperties } from './core-properties';
import { failTask } from './core/execution-fail';
import { FLOW_CONTROL_TASKS } from './flow-control-tasks';
import { forEachTask } from './core/flow/for-each';
import { ifTask } from './core/flow/if';
import { parallelTask } from './core/flow/parallel';
import { pauseTask } from './core/flow/pause';
import { sequentialTask } from './core/flow/sequential';
import { sleepTask } from './core/flow/sleep';
import { subflowTask } from './core/flow/subflow';
import { switchTask } from './core/flow/switch';
import { kvDeleteTask, kvGetTask, kvSetTask } from './core/kv/kv-tasks';
import { logTask } from './core/log';
import { outputValuesTask } from './core/output-values';
import { returnTask } from './core/return';
import { storageWriteTask } from './core/storage-write';
import { scheduleTrigger, webhookTrigger } from './core/triggers';
import { SCRIPT_TASKS } from './scripts/script-tasks';
import { HTTP_TASKS } from './http/http-tasks';
import { NOTIFICATION_TASKS } from './http/notification-tasks';
import { httpTrigger } from './http/http-trigger';
import { STORAGE_TASKS } from './storage/storage-tasks';
import { NAMESPACE_FILE_TASKS } from './storage/namespace-file-tasks';
import { localFilesTask, workingDirectoryTask } from './storage/working-directory';
import { LEGACY_ALIASES } from './plugins/kestra-catalog';
import type { TaskCategory, TaskDefinition } from './task-definition';

export class TaskRegistry {
  private readonly byType = new Map<string, TaskDefinition>();
  private readonly definitions: TaskDefinition[] = [];
  private listeners: (() => void)[] = [];

  register(definition: TaskDefinition): this {
    if (this.byType.has(definition.type)) throw new Error(`Task type already registered: ${definition.type}`);
    this.definitions.push(definition);
    this.byType.set(definition.type, definition);
    for (const alias of definition.aliases ?? []) this.byType.set(alias, definition);
    for (const listener of this.listeners) listener();
    return this;
  }

  /** Looks a type up by class name or alias (its own, or one Kestra keeps for a moved class). */
  get(type: string): TaskDefinition | undefined {
    const direct = this.byType.get(type);
    if (direct) return direct;
    const moved = LEGACY_ALIASES[type];
    return moved ? this.byType.get(moved) : undefined;
  }

  list(category?: TaskCategory): TaskDefinition[] {
    return this.definitions.filter((d) => !category || d.category === category);
  }

  /** Called after every registration (the schema cache listens). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The full object schema of one type: core properties, the type's own, `type` as a const. */
  objectSchema(definition: TaskDefinition): JsonSchema {
    const core = definition.category === 'task' ? coreTaskProperties() : coreTriggerProperties();
    const properties: Record<string, JsonSchema> = { ...core, ...definition.properties, type: { const: definition.type } };
    const sorted = Object.fromEntries(Object.keys(properties).sort().map((k) => [k, properties[k]!]));
    const examples = definition.examples?.map((e) => `> ${e.title}\n\`\`\`yaml\n${e.code}\n\`\`\``).join('\n\n');
    const markdown = [definition.markdownDescription, examples ? `##### Examples\n${examples}` : undefined].filter(Boolean).join('\n\n');
    return {
      type: 'object',
      properties: sorted,
      required: ['id', ...(definition.required ?? []), 'type'].sort(),
      title: definition.title,
      ...(markdown ? { markdownDescription: markdown } : {}),
    };
  }
}

/** Every task and trigger type of issue 4, by Kestra class name. */
export const CORE_DEFINITIONS: readonly TaskDefinition[] = [
  logTask,
  returnTask,
  outputValuesTask,
  sleepTask,
  failTask,
  pauseTask,
  sequentialTask,
  parallelTask,
  ifTask,
  switchTask,
  forEachTask,
  subflowTask,
  kvSetTask,
  kvGetTask,
  kvDeleteTask,
  storageWriteTask,
  ...SCRIPT_TASKS,
  ...HTTP_TASKS,
  ...NOTIFICATION_TASKS,
  ...STORAGE_TASKS,
  ...NAMESPACE_FILE_TASKS,
  workingDirectoryTask,
  localFilesTask,
  scheduleTrigger,
  webhookTrigger,
  httpTrigger,
  ...FLOW_CONTROL_TASKS,
];

export function createDefaultRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const definition of CORE_DEFINITIONS) registry.register(definition);
  return registry;
}

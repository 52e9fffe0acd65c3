// Walks every task of a flow document, nested ones included, using the task registry's schemas to
// find child task lists (any property that is a list of tasks, or a map of task lists such as
// Switch `cases`). Used for restart (which task is flowable, which belongs to an `errors` branch)
// and by flow validation (duplicate ids).
import { TASK_DEFINITION } from '../schema/flow-definitions';
import type { JsonSchema } from '../schema/json-schema';
import type { TaskRegistry } from '../tasks/registry';

const TASK_REF = `#/definitions/${TASK_DEFINITION}`;

export interface WalkedTask {
  task: Record<string, unknown>;
  /** Inside an `errors` list (of the flow or of a flowable task). */
  inErrors: boolean;
  parent?: Record<string, unknown>;
}

function isTaskList(schema: JsonSchema | undefined): boolean {
  return schema?.type === 'array' && schema.items?.$ref === TASK_REF;
}

/** Child task lists of one task, by property name (`cases.X` for map entries). */
export function childTaskLists(task: Record<string, unknown>, properties: Record<string, JsonSchema> | undefined): { property: string; tasks: Record<string, unknown>[] }[] {
  const lists: { property: string; tasks: Record<string, unknown>[] }[] = [];
  for (const [key, schema] of Object.entries(properties ?? {})) {
    const value = task[key];
    if (isTaskList(schema) && Array.isArray(value)) {
      lists.push({ property: key, tasks: value.filter((t): t is Record<string, unknown> => t !== null && typeof t === 'object') });
    } else if (schema.type === 'object' && typeof schema.additionalProperties === 'object' && isTaskList(schema.additionalProperties) && value && typeof value === 'object') {
      for (const [name, list] of Object.entries(value as Record<string, unknown>)) {
        if (Array.isArray(list)) lists.push({ property: `${key}.${name}`, tasks: list.filter((t): t is Record<string, unknown> => t !== null && typeof t === 'object') });
      }
    }
  }
  return lists;
}

export function walkFlowTasks(document: Record<string, unknown>, registry: TaskRegistry, visit: (walked: WalkedTask) => void): void {
  const walk = (tasks: unknown, inErrors: boolean, parent?: Record<string, unknown>): void => {
    if (!Array.isArray(tasks)) return;
    for (const task of tasks) {
      if (task === null || typeof task !== 'object' || Array.isArray(task)) continue;
      const record = task as Record<string, unknown>;
      visit({ task: record, inErrors, parent });
      const definition = typeof record.type === 'string' ? registry.get(record.type) : undefined;
      for (const list of childTaskLists(record, definition?.properties)) walk(list.tasks, inErrors || list.property === 'errors', record);
      // Task lists the schema walk cannot see (Dag's `tasks[].task`).
      for (const tasks of definition?.childTaskLists?.(record) ?? []) walk(tasks, inErrors, record);
    }
  };
  walk(document.tasks, false);
  walk(document.errors, true);
  walk(document.finally, false);
  walk(document.afterExecution, false);
}

/** Task id → what restart needs to know about it. */
export function indexFlowTasks(document: Record<string, unknown>, registry: TaskRegistry): Map<string, { flowable: boolean; inErrors: boolean; task: Record<string, unknown> }> {
  const index = new Map<string, { flowable: boolean; inErrors: boolean; task: Record<string, unknown> }>();
  walkFlowTasks(document, registry, ({ task, inErrors }) => {
    const definition = typeof task.type === 'string' ? registry.get(task.type) : undefined;
    index.set(String(task.id), { flowable: definition?.kind === 'flowable', inErrors, task });
  });
  return index;
}

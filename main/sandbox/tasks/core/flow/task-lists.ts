// Shared pieces of the flowable tasks: the task-list schema (what makes nested tasks visible to
// validation, the editor and flow walks) and the `errors`/`finally` branches every one of them has.
import { TASK_DEFINITION } from '../../../schema/flow-definitions';
import { ref, type JsonSchema } from '../../../schema/json-schema';
import type { TaskSpec } from '../../task-definition';

export function taskList(title: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'array', items: ref(TASK_DEFINITION), title, ...extra };
}

export function branchProperties(): Record<string, JsonSchema> {
  return {
    errors: taskList('List of tasks to run if any tasks failed on this FlowableTask.'),
    finally: taskList('List of tasks to execute always, whatever the state of the other tasks.'),
  };
}

export function asTasks(value: unknown): TaskSpec[] {
  return Array.isArray(value) ? (value.filter((t) => t !== null && typeof t === 'object') as TaskSpec[]) : [];
}

export function branchesOf(task: Readonly<Record<string, unknown>>): { errors?: TaskSpec[]; finally?: TaskSpec[] } {
  return { errors: asTasks(task.errors), finally: asTasks(task.finally) };
}

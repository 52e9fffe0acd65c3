// io.kestra.plugin.core.flow.ForEach: runs its tasks once per value. Child task runs carry the
// value (`taskrun.value`, `parent.taskrun.value` below them, `outputs.task[value]`) and an
// iteration index; `concurrencyLimit` value groups run at once (1 by default, 0: all).
import { withDefault } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';
import { asTasks, branchesOf, branchProperties, taskList } from './task-lists';

/** Kestra's value string: strings as they are, anything else as JSON. */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The distinct values (FlowableUtils.resolveEachTasks): a JSON string, or a list whose items are
 * rendered. Null items are refused.
 */
export function resolveValues(raw: unknown, render: (template: string) => string, renderTyped: (template: string) => unknown): string[] {
  let values: unknown[];
  if (typeof raw === 'string') {
    const rendered = renderTyped(raw);
    if (Array.isArray(rendered)) values = rendered;
    else {
      const text = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new Error(`Unable to read the ForEach values as a JSON array: ${(error as Error).message} (values: ${text.length > 200 ? `${text.slice(0, 200)}…` : text})`, { cause: error });
      }
      if (!Array.isArray(parsed)) throw new Error(`The ForEach values must be an array, got: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
      values = parsed;
    }
  } else if (Array.isArray(raw)) {
    values = raw.map((item) => (typeof item === 'string' ? render(item) : typeof item === 'number' ? render(String(item)) : item));
  } else {
    throw new Error(`Unknown value type: ${raw === null ? 'null' : typeof raw}`);
  }
  const nulls = values.filter((v) => v === null || v === undefined).length;
  if (nulls > 0) throw new Error(`Found '${nulls}' null values on Each, with values=${JSON.stringify(values)}`);
  return [...new Set(values.map(valueText))];
}

export const forEachTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.ForEach',
  category: 'task',
  kind: 'flowable',
  title: 'Execute a group of tasks for each value in the list.',
  markdownDescription:
    'You can control how many task groups are executed concurrently by setting the `concurrencyLimit` property.\n\n- If you set the `concurrencyLimit` property to `0`, Kestra will execute all task groups concurrently for all values.\n- If you set the `concurrencyLimit` property to `1`, Kestra will execute each task group one after the other starting with the task group for the first value in the list.\n\nThe `values` should be defined as a JSON string or an array, e.g. a list of string values `["value1", "value2"]` or a list of key-value pairs `[{"key": "value1"}, {"key": "value2"}]`.\n\nYou can access the current iteration value using the variable `{{ taskrun.value }}` or `{{ parent.taskrun.value }}` if you are in a nested child task.',
  examples: [
    {
      title: 'Iterate over values, two at a time.',
      code: 'id: for_each_value\nnamespace: company.team\n\ntasks:\n  - id: for_each\n    type: io.kestra.plugin.core.flow.ForEach\n    values:\n      - value 1\n      - value 2\n      - value 3\n    concurrencyLimit: 2\n    tasks:\n      - id: return\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ task.id }} with value \'{{ taskrun.value }}\'"',
    },
  ],
  properties: {
    values: {
      title: 'The list of values for which Kestra will execute a group of tasks.',
      markdownDescription: 'The values can be passed as a string, a list of strings, or a list of objects.',
      $dynamic: true,
      anyOf: [{ type: 'string' }, { type: 'array', items: {} }],
    },
    concurrencyLimit: {
      ...withDefault({ type: 'integer', minimum: 0 }, 1),
      title: 'The number of concurrent task groups for each value in the `values` array.',
    },
    tasks: taskList('The tasks to run for each value.', { minItems: 1 }),
    ...branchProperties(),
  },
  required: ['values', 'tasks'],
  async runFlowable(context) {
    const values = resolveValues(context.task.values, context.render, context.renderTyped);
    const limit = Number(context.task.concurrencyLimit ?? 1);
    const state = await context.runEach(values, asTasks(context.task.tasks), Number.isInteger(limit) && limit >= 0 ? limit : 1, branchesOf(context.task));
    return { state };
  },
};

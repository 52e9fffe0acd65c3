// The io.kestra.plugin.core.execution tasks that change the execution itself
// (ExecutionUpdatableTask): Labels, SetVariables, UnsetVariables, Exit; and Assert.
import { deepMerge } from '../../../engine/run-context';
import { withDefault } from '../../../schema/json-schema';
import { isTruthy } from '../flow/if';
import type { TaskDefinition, TaskRunContext } from '../../task-definition';

const SYSTEM_PREFIX = 'system.';

function renderedString(context: TaskRunContext, value: unknown): string {
  return context.render(typeof value === 'string' ? value : String(value ?? ''));
}

/** Labels.update: a JSON text, a list of {key, value} or a map; merged over the current labels. */
export function renderLabels(context: TaskRunContext, labels: unknown): Record<string, string> {
  let map: Record<string, string> = {};
  if (typeof labels === 'string') {
    const text = context.render(labels);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`Unable to read the labels as a JSON map: ${(error as Error).message}`, { cause: error });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`The labels must be a JSON map, got: ${text}`);
    map = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } else if (Array.isArray(labels)) {
    for (const label of labels) {
      if (label === null || typeof label !== 'object' || Array.isArray(label)) throw new Error(`Unknown value type: ${typeof label}`);
      const record = label as Record<string, unknown>;
      map[renderedString(context, record.key)] = renderedString(context, record.value);
    }
  } else if (labels !== null && typeof labels === 'object') {
    for (const [key, value] of Object.entries(labels as Record<string, unknown>)) map[context.render(key)] = renderedString(context, value);
  } else {
    throw new Error(`Unknown value type: ${labels === null ? 'null' : typeof labels}`);
  }
  const system = Object.entries(map).find(([key]) => key.startsWith(SYSTEM_PREFIX));
  if (system) throw new Error(`System labels can only be set by Kestra itself, offending label: ${system[0]}=${system[1]}`);
  return map;
}

export const labelsTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.Labels',
  aliases: ['io.kestra.core.tasks.executions.Labels'],
  category: 'task',
  kind: 'runnable',
  title: 'Add or update labels of the current execution.',
  markdownDescription: 'Labels already on the execution keep their value unless set again here. `system.` labels cannot be set.',
  examples: [
    {
      title: 'Add labels based on a task output.',
      code: 'id: labels_override\nnamespace: company.team\n\ntasks:\n  - id: get\n    type: io.kestra.plugin.core.debug.Return\n    format: "world"\n  - id: update_labels\n    type: io.kestra.plugin.core.execution.Labels\n    labels:\n      customerId: "{{ outputs.get.value }}"',
    },
  ],
  properties: {
    labels: {
      title: 'Labels to add to the current execution.',
      markdownDescription: 'The value should result in a list of labels or a labelKey:labelValue map',
      $dynamic: true,
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } } }, { type: 'object', additionalProperties: { type: 'string' } }],
    },
  },
  required: ['labels'],
  async run(context) {
    const added = renderLabels(context, context.task.labels);
    const labels = [...(context.execution.labels ?? [])].filter((l) => !(l.key in added));
    for (const [key, value] of Object.entries(added)) labels.push({ key, value });
    context.updates.setLabels(labels);
    return {};
  },
};

export const setVariablesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.SetVariables',
  category: 'task',
  kind: 'runnable',
  title: 'Allow to set execution variables. These variables are available via the `{{ vars.name }}` expression.',
  examples: [
    {
      title: 'Set variables',
      code: 'id: variables\nnamespace: company.team\n\nvariables:\n  name: World\n\ntasks:\n  - id: set_vars\n    type: io.kestra.plugin.core.execution.SetVariables\n    variables:\n      message: Hello\n      name: Loïc\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ vars.message }} {{ vars.name }}"',
    },
  ],
  properties: {
    variables: { type: 'object', $dynamic: true, title: 'The variables' },
    overwrite: { ...withDefault({ type: 'boolean' }, true), $dynamic: true, title: 'Flag specifying whether to overwrite existing variables' },
  },
  required: ['variables'],
  async run(context) {
    const rendered = context.renderValue<unknown>(context.task.variables);
    if (rendered === null || typeof rendered !== 'object' || Array.isArray(rendered)) throw new Error('The variables must be a map');
    const overwrite = context.task.overwrite === undefined ? true : isTruthy(context.render(String(context.task.overwrite)));
    const current = context.execution.variables ?? {};
    if (!overwrite) {
      const duplicated = Object.keys(rendered).filter((key) => key in current);
      if (duplicated.length > 0) throw new Error(`\`overwrite\` is set to false and the following variables already exist: ${duplicated.join(',')}`);
    }
    context.updates.setVariables(deepMerge(current, rendered as Record<string, unknown>));
    return {};
  },
};

function removeVariable(variables: Record<string, unknown>, key: string, ignoreMissing: boolean): void {
  const dot = key.indexOf('.');
  if (dot >= 0) {
    const nested = variables[key.slice(0, dot)];
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) {
      if (ignoreMissing) return;
      throw new Error(`The variable '${key}' does not exist`);
    }
    removeVariable(nested as Record<string, unknown>, key.slice(dot + 1), ignoreMissing);
    return;
  }
  if (!(key in variables) && !ignoreMissing) throw new Error(`The variable '${key}' does not exist`);
  delete variables[key];
}

export const unsetVariablesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.UnsetVariables',
  category: 'task',
  kind: 'runnable',
  title: 'Unset execution variables.',
  properties: {
    variables: { $dynamic: true, title: 'The variables', anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
    ignoreMissing: { ...withDefault({ type: 'boolean' }, false), $dynamic: true, title: 'Flag specifying whether to ignore missing variables' },
  },
  required: ['variables'],
  async run(context) {
    const rendered = typeof context.task.variables === 'string' ? context.renderTyped(context.task.variables) : context.renderValue<unknown>(context.task.variables);
    const keys = Array.isArray(rendered) ? rendered.map(String) : [String(rendered)];
    const ignoreMissing = context.task.ignoreMissing !== undefined && isTruthy(context.render(String(context.task.ignoreMissing)));
    const variables = structuredClone(context.execution.variables ?? {});
    for (const key of keys) removeVariable(variables, key, ignoreMissing);
    context.updates.setVariables(variables);
    return {};
  },
};

const EXIT_STATES = { SUCCESS: 'SUCCESS', WARNING: 'WARNING', KILLED: 'KILLED', FAILED: 'FAILED', CANCELED: 'CANCELLED' } as const;

export const exitTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.Exit',
  category: 'task',
  kind: 'runnable',
  title: 'Exit the execution: terminate it in the state defined by the property `state`.',
  markdownDescription:
    'Note that if this execution has running tasks, for example in a parallel branch, the tasks will not be terminated except if `state` is set to `KILLED`. No task starts after this one, not even `errors` or `finally`.',
  examples: [
    {
      title: 'Exit early on a condition.',
      code: 'id: exit\nnamespace: company.team\n\ninputs:\n  - id: state\n    type: SELECT\n    values:\n      - CONTINUE\n      - END\n    defaults: CONTINUE\n\ntasks:\n  - id: if\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{inputs.state == \'CONTINUE\'}}"\n    then:\n      - id: hello\n        type: io.kestra.plugin.core.log.Log\n        message: I\'m continuing\n    else:\n      - id: exit\n        type: io.kestra.plugin.core.execution.Exit\n        state: KILLED\n  - id: end\n    type: io.kestra.plugin.core.log.Log\n    message: I\'m ending',
    },
  ],
  properties: {
    state: { ...withDefault({ type: 'string', enum: Object.keys(EXIT_STATES) }, 'SUCCESS'), $dynamic: true, title: 'The execution exit state', markdownDescription: 'Using `KILLED` will end existing running tasks, and any other execution with a different state will continue to run.' },
  },
  async run(context) {
    const name = context.render(String(context.task.state ?? 'SUCCESS')).trim() as keyof typeof EXIT_STATES;
    const state = EXIT_STATES[name];
    if (!state) throw new Error(`No enum constant io.kestra.plugin.core.execution.Exit.ExitState.${name}`);
    context.updates.exit(state);
    return { state: state === 'KILLED' ? 'SUCCESS' : state };
  },
};

export const assertTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.execution.Assert',
  category: 'task',
  kind: 'runnable',
  title: 'Assert some conditions.',
  markdownDescription: 'Used to control outputs data emitted from previous task on this execution.',
  examples: [
    {
      title: 'Assert based on inputs data',
      code: 'id: assert\nnamespace: company.team\n\ninputs:\n  - id: param\n    type: STRING\n    required: true\n\ntasks:\n  - id: assert\n    type: io.kestra.plugin.core.execution.Assert\n    conditions:\n      - "{{ inputs.param == \'ok\' }}"\n      - "{{ 1 + 1 == 3 }}"',
    },
  ],
  properties: {
    conditions: { type: 'array', items: { type: 'string' }, $dynamic: true, title: 'List of assertion condition, must coerce to a boolean.', markdownDescription: "Boolean coercion allows 0, -0, and '' to coerce to false, all other values to coerce to true." },
    errorMessage: { type: 'string', $dynamic: true, title: 'Optional error message.' },
  },
  required: ['conditions'],
  async run(context) {
    let failed = 0;
    for (const condition of Array.isArray(context.task.conditions) ? context.task.conditions.map(String) : []) {
      try {
        if (!isTruthy(context.render(condition))) {
          context.logger.error(`Assertion \`${condition}\` failed!`);
          failed += 1;
        }
      } catch (error) {
        context.logger.error(`Assertion \`${condition}\` failed, failed to render \`${(error as Error).message}\``);
        failed += 1;
      }
    }
    if (failed > 0) {
      const message = context.task.errorMessage === undefined || context.task.errorMessage === null ? '' : `\n${context.render(String(context.task.errorMessage))}`;
      throw new Error(`${failed} assertion${failed > 1 ? 's' : ''} failed!${message}`);
    }
    return {};
  },
};

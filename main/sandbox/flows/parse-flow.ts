// From flow YAML text to a validated flow document, with Kestra's violations when it is not one.
// The text itself is never rewritten: it is stored verbatim as the flow's `source`.
import type { ConstraintViolation } from '../http/http-error';
import { walkFlowTasks } from '../engine/flow-walk';
import { flowPluginDefaults, withPluginDefaults } from '../engine/plugin-defaults';
import { FLOW_DEFINITION, TASK_DEFINITION, TRIGGER_DEFINITION } from '../schema/flow-definitions';
import { schemaDefinitions } from '../schema/flow-schema';
import type { JsonSchema } from '../schema/json-schema';
import type { TaskRegistry } from '../tasks/registry';
import { unavailablePluginSchema } from '../tasks/plugins/unavailable-plugin';
import { classifyUnknownType, unavailableMessage } from '../tasks/plugins/kestra-catalog';
import { SchemaValidator, rootPosition } from './validate-value';
import { readYaml, type YamlResult } from './yaml-source';

export interface FlowDocument extends Record<string, unknown> {
  id: string;
  namespace: string;
  revision?: number;
  tasks: Record<string, unknown>[];
}

export type FlowParseResult =
  | {
      ok: true;
      flow: FlowDocument;
      /** `path: message` notes that do not refuse the flow (tasks of plugins the sandbox cannot run). */
      warnings: string[];
      /** Deprecated properties used, as property paths (`inputs[0].name`). */
      deprecationPaths: string[];
    }
  | {
      ok: false;
      /** The ConstraintViolationException message (what `validate` returns as `constraints`). */
      message: string;
      violations: ConstraintViolation[];
      /** id/namespace when they could be read, for validation reports. */
      id?: string;
      namespace?: string;
    };

/** Caches the schema definitions per registry (they only change when a type is registered). */
const definitionCache = new WeakMap<TaskRegistry, Record<string, JsonSchema>>();

function definitionsFor(registry: TaskRegistry): Record<string, JsonSchema> {
  let definitions = definitionCache.get(registry);
  if (!definitions) {
    definitions = schemaDefinitions(registry);
    definitionCache.set(registry, definitions);
    registry.onChange(() => definitionCache.delete(registry));
  }
  return definitions;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

function failure(message: string, violations: ConstraintViolation[], data?: unknown): FlowParseResult {
  const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  return {
    ok: false,
    message,
    violations,
    ...(typeof record.id === 'string' ? { id: record.id } : {}),
    ...(typeof record.namespace === 'string' ? { namespace: record.namespace } : {}),
  };
}

/** Validates already-read YAML data as a flow. */
export function validateFlowData(data: unknown, registry: TaskRegistry): FlowParseResult {
  if (data === null || data === undefined) {
    return failure('Illegal flow source: The yaml flow cannot be an empty string', [{ path: 'yaml', message: 'The yaml flow cannot be an empty string' }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const message = `Cannot construct instance of \`${FLOW_DEFINITION}\`: no ${Array.isArray(data) ? 'Array' : 'String'} value delegate-creator method`;
    return failure(`Illegal flow source: ${message}`, [{ path: 'yaml', message }]);
  }
  const definitions = definitionsFor(registry);
  const taskIds: string[] = [];
  const triggerIds: string[] = [];
  const inputIds: string[] = [];
  const validator = new SchemaValidator({
    definitions,
    resolveType: (type) => registry.get(type)?.type,
    unavailableType: (type, owner) => {
      if ((owner !== TASK_DEFINITION && owner !== TRIGGER_DEFINITION) || classifyUnknownType(type) !== 'unavailable') return undefined;
      return { schema: unavailablePluginSchema(owner === TASK_DEFINITION ? 'task' : 'trigger'), warning: unavailableMessage(type) };
    },
  });
  const deprecationPaths = normalizeInputNames(data as Record<string, unknown>);
  // Plugin defaults can supply required properties: validate the flow as the engine will run it.
  const subject = withDefaultsForValidation(data as Record<string, unknown>, registry);
  validator.validate(subject, { $ref: `#/definitions/${FLOW_DEFINITION}` }, rootPosition(FLOW_DEFINITION));

  const mapping = validator.violations.find((v) => v.kind === 'mapping');
  if (mapping) {
    // Jackson stops at the first mapping problem; Kestra reports its message with the reference path.
    return failure(mapping.message, [{ path: mapping.reference, message: mapping.message }], data);
  }

  const flow = data as Record<string, unknown>;
  collectIds(flow, registry, taskIds, triggerIds, inputIds);
  const violations: ConstraintViolation[] = validator.violations.map((v) => ({ path: v.path, message: v.message }));
  const flowProblems: string[] = [];
  const duplicateTasks = duplicates(taskIds);
  if (duplicateTasks.length > 0) flowProblems.push(`Duplicate task id with name [${duplicateTasks.join(', ')}]`);
  const duplicateTriggers = duplicates(triggerIds);
  if (duplicateTriggers.length > 0) flowProblems.push(`Duplicate trigger id with name [${duplicateTriggers.join(', ')}]`);
  const duplicateInputs = duplicates(inputIds);
  if (duplicateInputs.length > 0) flowProblems.push(`Duplicate input with name [${duplicateInputs.join(', ')}]`);
  if (flowProblems.length > 0) violations.push({ path: 'flow', message: `Invalid Flow: ${flowProblems.join(', ')}` });

  if (Array.isArray(flow.triggers)) {
    (flow.triggers as unknown[]).forEach((trigger, index) => {
      if (trigger === null || typeof trigger !== 'object') return;
      const record = trigger as Record<string, unknown>;
      const problem = typeof record.type === 'string' ? registry.get(record.type)?.validate?.(record) : undefined;
      if (problem) violations.push({ path: `triggers[${index}].${problem.property}`, message: problem.message });
    });
  }

  // Save-time checks of task types (`validate`), e.g. Dag's dependencies (DagTaskValidator).
  const taskPaths = new Map<unknown, string>();
  for (const list of ['tasks', 'errors', 'finally'] as const) {
    if (Array.isArray(flow[list])) (flow[list] as unknown[]).forEach((task, index) => taskPaths.set(task, `${list}[${index}]`));
  }
  walkFlowTasks(flow, registry, ({ task }) => {
    const problem = typeof task.type === 'string' ? registry.get(task.type)?.validate?.(task) : undefined;
    if (!problem) return;
    const at = taskPaths.get(task) ?? `task ${String(task.id)}`;
    violations.push({ path: problem.property ? `${at}.${problem.property}` : at, message: problem.message });
  });

  if (violations.length > 0) {
    return failure(violations.map((v) => `${v.path}: ${v.message}`).join(', '), violations, data);
  }
  return {
    ok: true,
    flow: flow as FlowDocument,
    warnings: validator.warnings.map((w) => `${w.path}: ${w.message}`),
    deprecationPaths,
  };
}

/**
 * Inputs written with the deprecated `name` (before Kestra 0.15): Kestra's `Input.setName` copies it
 * to `id` when `id` is absent. Returns the paths of the deprecated properties.
 */
function normalizeInputNames(flow: Record<string, unknown>): string[] {
  const paths: string[] = [];
  if (!Array.isArray(flow.inputs)) return paths;
  flow.inputs.forEach((input: unknown, index) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
    const record = input as Record<string, unknown>;
    if (record.name === undefined || record.name === null) return;
    paths.push(`inputs[${index}].name`);
    if (record.id === undefined || record.id === null) record.id = record.name;
  });
  return paths;
}

/** Walks task lists (including nested ones declared by flowable tasks) and collects ids. */
function collectIds(flow: Record<string, unknown>, registry: TaskRegistry, tasks: string[], triggers: string[], inputs: string[]): void {
  walkFlowTasks(flow, registry, ({ task }) => {
    if (typeof task.id === 'string') tasks.push(task.id);
  });
  if (Array.isArray(flow.triggers)) {
    for (const trigger of flow.triggers as Record<string, unknown>[]) if (typeof trigger?.id === 'string') triggers.push(trigger.id);
  }
  if (Array.isArray(flow.inputs)) {
    for (const input of flow.inputs as Record<string, unknown>[]) if (typeof input?.id === 'string') inputs.push(input.id);
  }
}

/** A copy of the flow with `pluginDefaults` applied to every task and trigger (the original when it has none). */
function withDefaultsForValidation(flow: Record<string, unknown>, registry: TaskRegistry): Record<string, unknown> {
  const defaults = flowPluginDefaults(flow);
  if (defaults.length === 0) return flow;
  const apply = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(apply);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    let result: Record<string, unknown> = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, apply(v)]));
    if (typeof record.type === 'string' && typeof record.id === 'string') {
      const definition = registry.get(record.type);
      if (definition) result = withPluginDefaults(result, defaults, [record.type, definition.type]);
    }
    return result;
  };
  const copy: Record<string, unknown> = { ...flow };
  for (const key of ['tasks', 'errors', 'finally', 'afterExecution', 'triggers']) if (key in flow) copy[key] = apply(flow[key]);
  return copy;
}

function yamlFailure(result: Extract<YamlResult, { ok: false }>): FlowParseResult {
  const { problem } = result;
  const located = problem.line !== undefined ? ` (at line ${problem.line})` : '';
  const detail = `YAML parsing error: ${problem.message}${located}`;
  return failure(`Illegal flow source: ${detail}`, [{ path: problem.path ?? 'yaml', message: detail }]);
}

export function parseFlowSource(source: string, registry: TaskRegistry): FlowParseResult {
  if (source.trim() === '') {
    return failure('Illegal flow source: The yaml flow cannot be an empty string', [{ path: 'yaml', message: 'The yaml flow cannot be an empty string' }]);
  }
  const yaml = readYaml(source);
  if (!yaml.ok) return yamlFailure(yaml);
  return validateFlowData(yaml.value, registry);
}

export { yamlFailure };

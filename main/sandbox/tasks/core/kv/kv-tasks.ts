// io.kestra.plugin.core.kv.Set / Get / Delete: the namespace KV store from a flow. The namespace
// defaults to the flow's; values are rendered (a single-expression value keeps its type) and typed
// as Kestra does (`kvType` converts a text value to the given type).
import { parseDuration } from '../../../engine/duration';
import { KvStore } from '../../../kv/kv-store';
import { javaInstant, type KvType } from '../../../kv/kv-value';
import { durationSchema, withDefault } from '../../../schema/json-schema';
import type { TaskDefinition, TaskRunContext } from '../../task-definition';

const KV_TYPES: KvType[] = ['STRING', 'NUMBER', 'BOOLEAN', 'DATETIME', 'DATE', 'DURATION', 'JSON'];

function store(context: TaskRunContext): KvStore {
  const kv = context.services?.kv;
  if (!kv) throw new Error('The KV store is not available');
  return kv;
}

function namespaceOf(context: TaskRunContext): string {
  const raw = context.task.namespace;
  return raw === undefined || raw === null ? context.execution.namespace : context.render(String(raw));
}

function keyOf(context: TaskRunContext): string {
  const key = context.render(String(context.task.key));
  try {
    KvStore.checkKey(key);
  } catch (error) {
    throw new Error(`Invalid key '${key}': ${(error as Error).message.replace(/^Illegal argument: /, '')}`, { cause: error });
  }
  return key;
}

function bool(value: unknown, fallback: boolean): boolean {
  return value === undefined || value === null ? fallback : value === true || String(value).toLowerCase() === 'true';
}

/** The stored type of a rendered value. */
export function typedKvValue(value: unknown, kvType: KvType | undefined): { type: KvType; value: unknown } {
  if (!kvType) {
    if (typeof value === 'number') return { type: 'NUMBER', value };
    if (typeof value === 'boolean') return { type: 'BOOLEAN', value };
    if (value !== null && typeof value === 'object') return { type: 'JSON', value };
    return { type: 'STRING', value: value === null || value === undefined ? '' : String(value) };
  }
  const text = typeof value === 'string' ? value.trim() : value;
  switch (kvType) {
    case 'NUMBER': {
      const n = typeof text === 'number' ? text : Number(text);
      if (text === '' || !Number.isFinite(n)) throw new Error(`Unable to convert '${String(value)}' to a NUMBER`);
      return { type: 'NUMBER', value: n };
    }
    case 'BOOLEAN':
      if (typeof text === 'boolean') return { type: 'BOOLEAN', value: text };
      if (text === 'true' || text === 'false') return { type: 'BOOLEAN', value: text === 'true' };
      throw new Error(`Unable to convert '${String(value)}' to a BOOLEAN`);
    case 'DATETIME': {
      const ms = Date.parse(String(text));
      if (Number.isNaN(ms)) throw new Error(`Unable to convert '${String(value)}' to a DATETIME`);
      return { type: 'DATETIME', value: javaInstant(ms) };
    }
    case 'DATE':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(text))) throw new Error(`Unable to convert '${String(value)}' to a DATE`);
      return { type: 'DATE', value: text };
    case 'DURATION':
      if (parseDuration(String(text)) === undefined) throw new Error(`Unable to convert '${String(value)}' to a DURATION`);
      return { type: 'STRING', value: text };
    case 'JSON':
      if (typeof text === 'string') {
        try {
          return { type: 'JSON', value: JSON.parse(text) };
        } catch {
          throw new Error(`Unable to convert '${text}' to JSON`);
        }
      }
      return { type: 'JSON', value: text };
    default:
      return { type: 'STRING', value: String(value) };
  }
}

const keyProperty = { type: 'string' as const, title: 'The key for which to set the value.', $dynamic: true };
const namespaceProperty = {
  type: 'string' as const,
  title: 'The namespace on which to set the value.',
  markdownDescription: 'Defaults to the namespace of the flow.',
  $dynamic: true,
};

export const kvSetTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.kv.Set',
  category: 'task',
  kind: 'runnable',
  title: 'Create or modify a Key-Value pair.',
  examples: [
    {
      title: 'Set the task\'s uri output as a value for the `orders_file` key.',
      code: 'id: kv_store_set\nnamespace: company.team\n\ntasks:\n  - id: http_download\n    type: io.kestra.plugin.core.http.Download\n    uri: https://huggingface.co/datasets/kestra/datasets/raw/main/csv/orders.csv\n\n  - id: kv_set\n    type: io.kestra.plugin.core.kv.Set\n    key: orders_file\n    value: "{{ outputs.http_download.uri }}"\n    kvType: STRING',
    },
  ],
  properties: {
    key: keyProperty,
    value: { title: 'The value to map to the key.', $dynamic: true },
    namespace: namespaceProperty,
    overwrite: { ...withDefault({ type: 'boolean' }, true), title: 'Whether to overwrite or fail if a value for the given key already exists.', $dynamic: true },
    ttl: { ...durationSchema(), title: 'Optional time-to-live for the key-value pair.', $dynamic: true },
    kvType: { type: 'string', enum: KV_TYPES, title: 'Enum representing the data type of the KV pair. If not set, the value will be stored as a string.', $dynamic: true },
    description: { type: 'string', title: 'Description of the KV pair.', $dynamic: true },
  },
  required: ['key', 'value'],
  async run(context) {
    const kv = store(context);
    const namespace = namespaceOf(context);
    const key = keyOf(context);
    const raw = context.task.value;
    const rendered = typeof raw === 'string' ? context.renderTyped(raw) : context.renderValue(raw);
    const kvTypeText = context.task.kvType === undefined || context.task.kvType === null ? undefined : context.render(String(context.task.kvType)).toUpperCase();
    if (kvTypeText !== undefined && !KV_TYPES.includes(kvTypeText as KvType)) throw new Error(`Invalid kvType '${kvTypeText}'`);
    const overwrite = bool(context.task.overwrite === undefined ? undefined : context.render(String(context.task.overwrite)), true);
    if (!overwrite && kv.value(namespace, key) !== undefined) {
      throw new Error(`Cannot set value for key '${key}'. Key already exists and \`overwrite\` is set to \`false\`.`);
    }
    const ttlText = context.task.ttl === undefined || context.task.ttl === null ? undefined : context.render(String(context.task.ttl));
    const ttlMs = ttlText === undefined ? undefined : parseDuration(ttlText);
    if (ttlText !== undefined && ttlMs === undefined) throw new Error(`Invalid ttl '${ttlText}': expected an ISO-8601 duration`);
    const description = context.task.description === undefined || context.task.description === null ? undefined : context.render(String(context.task.description));
    kv.put(namespace, key, typedKvValue(rendered, kvTypeText as KvType | undefined), { ttlMs, description });
    context.logger.debug(`Set key '${key}' in namespace '${namespace}'`);
    return {};
  },
};

export const kvGetTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.kv.Get',
  category: 'task',
  kind: 'runnable',
  title: 'Gets value linked to a key.',
  examples: [
    {
      title: 'Get value for `my_variable` key in `dev` namespace and fail if it\'s not present.',
      code: 'id: kv_store_get\nnamespace: company.team\n\ntasks:\n  - id: kv_get\n    type: io.kestra.plugin.core.kv.Get\n    key: my_variable\n    namespace: dev\n    errorOnMissing: true',
    },
  ],
  properties: {
    key: { ...keyProperty, title: 'The key for which to get the value.' },
    namespace: { ...namespaceProperty, title: 'The namespace on which to get the value.' },
    errorOnMissing: { ...withDefault({ type: 'boolean' }, false), title: 'Whether to fail if there is no value for the given key.', $dynamic: true },
  },
  required: ['key'],
  outputs: { value: { title: 'Value retrieve for the key.', markdownDescription: 'This can be of any type and will keep the same as when it was set.' } },
  async run(context) {
    const kv = store(context);
    const namespace = namespaceOf(context);
    const key = keyOf(context);
    const value = kv.value(namespace, key);
    if (value === undefined) {
      if (bool(context.task.errorOnMissing === undefined ? undefined : context.render(String(context.task.errorOnMissing)), false)) {
        throw new Error(`No value found for key '${key}' in namespace '${namespace}' and \`errorOnMissing\` is set to true`);
      }
      return { outputs: { value: null } };
    }
    return { outputs: { value } };
  },
};

export const kvDeleteTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.kv.Delete',
  category: 'task',
  kind: 'runnable',
  title: 'Deletes a KV pair.',
  examples: [
    {
      title: 'Delete a KV pair.',
      code: 'id: kv_store_delete\nnamespace: company.team\n\ntasks:\n  - id: kv_delete\n    type: io.kestra.plugin.core.kv.Delete\n    key: my_variable\n    namespace: dev\n    errorOnMissing: true',
    },
  ],
  properties: {
    key: { ...keyProperty, title: 'The key for which to delete the value.' },
    namespace: { ...namespaceProperty, title: 'The namespace on which to delete the value.' },
    errorOnMissing: { ...withDefault({ type: 'boolean' }, false), title: 'Whether to fail if there is no value for the given key.', $dynamic: true },
  },
  required: ['key'],
  outputs: { deleted: { type: 'boolean', title: 'Whether the deletion was successful and had a value.' } },
  async run(context) {
    const kv = store(context);
    const namespace = namespaceOf(context);
    const key = keyOf(context);
    const deleted = kv.delete(namespace, key);
    if (!deleted && bool(context.task.errorOnMissing === undefined ? undefined : context.render(String(context.task.errorOnMissing)), false)) {
      throw new Error(`No value found for key '${key}' in namespace '${namespace}' and \`errorOnMissing\` is set to true`);
    }
    return { outputs: { deleted } };
  },
};

/** io.kestra.plugin.core.kv.GetKeys: the keys of a namespace's KV store, optionally by prefix. */
export const kvGetKeysTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.kv.GetKeys',
  category: 'task',
  kind: 'runnable',
  title: 'Fetch all keys (optionally) matching a prefix, from a namespace KV store.',
  examples: [
    {
      title: 'Get the keys of the flow namespace starting with a prefix.',
      code: 'id: kv_store_getkeys\nnamespace: company.team\n\ntasks:\n  - id: kv_getkeys\n    type: io.kestra.plugin.core.kv.GetKeys\n    prefix: "orders_"',
    },
  ],
  properties: {
    prefix: { type: 'string', $dynamic: true, title: 'The key for which to get the value.' },
    namespace: { ...namespaceProperty, title: 'The namespace on which to get the value.' },
  },
  outputs: { keys: { type: 'array', items: { type: 'string' }, title: 'Found keys for given prefix.' } },
  async run(context) {
    const namespace = namespaceOf(context);
    const prefix = context.task.prefix === undefined || context.task.prefix === null ? undefined : context.render(String(context.task.prefix));
    const keys = store(context)
      .list(namespace)
      .map((row) => row.key)
      .filter((key) => prefix === undefined || key.startsWith(prefix));
    return { outputs: { keys } };
  },
};

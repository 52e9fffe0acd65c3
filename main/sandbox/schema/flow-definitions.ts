// Schemas of the flow model itself (io.kestra.core.models.flows.*): the Flow, its inputs by type,
// outputs, retry policies, concurrency, plugin defaults, SLA, checks. Task and trigger definitions
// come from the task registry; `flow-schema.ts` assembles both.
import { durationSchema, ref, withDefault, type JsonSchema } from './json-schema';

export const FLOW_DEFINITION = 'io.kestra.core.models.flows.Flow';
export const TASK_DEFINITION = 'io.kestra.core.models.tasks.Task';
export const TRIGGER_DEFINITION = 'io.kestra.core.models.triggers.AbstractTrigger';
export const INPUT_DEFINITION = 'io.kestra.core.models.flows.Input';

export const FLOW_ID_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9._-]*';
export const NAMESPACE_PATTERN = '^[a-z0-9][a-z0-9._-]*';
export const INPUT_ID_PATTERN = '^[a-zA-Z0-9][.a-zA-Z0-9_-]*';

/** Input `type` → Kestra input class (simple name). */
export const INPUT_CLASSES: Record<string, string> = {
  STRING: 'StringInput',
  ENUM: 'EnumInput',
  SELECT: 'SelectInput',
  INT: 'IntInput',
  FLOAT: 'FloatInput',
  BOOLEAN: 'BooleanInput',
  BOOL: 'BoolInput',
  DATETIME: 'DateTimeInput',
  DATE: 'DateInput',
  TIME: 'TimeInput',
  DURATION: 'DurationInput',
  FILE: 'FileInput',
  JSON: 'JsonInput',
  URI: 'URIInput',
  SECRET: 'SecretInput',
  ARRAY: 'ArrayInput',
  MULTISELECT: 'MultiselectInput',
  YAML: 'YamlInput',
  EMAIL: 'EmailInput',
};

const ITEM_TYPES = ['STRING', 'ENUM', 'SELECT', 'INT', 'FLOAT', 'BOOLEAN', 'BOOL', 'DATETIME', 'DATE', 'TIME', 'DURATION', 'JSON', 'URI', 'EMAIL'];

const VALUE_TYPES = ['STRING', 'ENUM', 'SELECT', 'INT', 'FLOAT', 'BOOLEAN', 'BOOL', 'DATETIME', 'DATE', 'TIME', 'DURATION', 'FILE', 'JSON', 'URI', 'SECRET', 'ARRAY', 'MULTISELECT', 'YAML', 'EMAIL'];

function inputSchema(type: string, extra: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: INPUT_ID_PATTERN, minLength: 1 },
      // Before Kestra 0.15 inputs had a `name`; Input.setName still copies it to `id`.
      name: { type: 'string', $deprecated: true },
      type: { const: type },
      description: { type: 'string', title: 'A short description of the input.' },
      displayName: { type: 'string', title: 'The display name of the input.', maxLength: 64 },
      required: withDefault({ type: 'boolean', title: 'Whether the input is required.' }, true),
      defaults: { title: 'The default value to use if no value is specified.', $dynamic: true },
      prefill: { title: 'A value pre-filled in the execution form, not used when the input is left empty.' },
      dependsOn: {
        type: 'object',
        title: 'The dependencies of the input.',
        properties: { inputs: { type: 'array', items: { type: 'string' } }, condition: { type: 'string' } },
        additionalProperties: false,
      },
      ...extra,
    },
    required: ['id', 'type', ...required],
    title: `${type} input`,
  };
}

function inputDefinitions(): Record<string, JsonSchema> {
  const stringList: JsonSchema = { type: 'array', items: { type: 'string' } };
  const perType: Record<string, [Record<string, JsonSchema>, string[]?]> = {
    STRING: [{ validator: { type: 'string', title: 'Regular expression validating the value.' } }],
    ENUM: [{ values: { ...stringList, title: 'List of values.', minItems: 1 } }, ['values']],
    SELECT: [
      {
        values: { ...stringList, title: 'List of values.', $dynamic: true },
        expression: { type: 'string', title: 'Expression to be used for dynamically generating the list of values.' },
        allowCustomValue: withDefault({ type: 'boolean' }, false),
        isRadio: withDefault({ type: 'boolean' }, false),
        autoSelectFirst: withDefault({ type: 'boolean' }, false),
      },
    ],
    MULTISELECT: [
      {
        values: { ...stringList, title: 'List of values.', $dynamic: true },
        options: { ...stringList, $deprecated: true },
        expression: { type: 'string' },
        allowCustomValue: withDefault({ type: 'boolean' }, false),
        autoSelectFirst: withDefault({ type: 'boolean' }, false),
      },
    ],
    INT: [{ min: { type: 'integer' }, max: { type: 'integer' } }],
    FLOAT: [{ min: { type: 'number' }, max: { type: 'number' } }],
    BOOLEAN: [{}],
    BOOL: [{}],
    DATETIME: [{ after: { type: 'string', format: 'date-time' }, before: { type: 'string', format: 'date-time' } }],
    DATE: [{ after: { type: 'string', format: 'date' }, before: { type: 'string', format: 'date' } }],
    TIME: [{ after: { type: 'string', format: 'time' }, before: { type: 'string', format: 'time' } }],
    DURATION: [{ min: durationSchema(), max: durationSchema() }],
    FILE: [{ allowedFileExtensions: stringList, extension: { type: 'string', $deprecated: true } }],
    JSON: [{}],
    URI: [{}],
    SECRET: [{ validator: { type: 'string' } }],
    ARRAY: [{ itemType: { type: 'string', enum: ITEM_TYPES } }, ['itemType']],
    YAML: [{}],
    EMAIL: [{}],
  };
  const definitions: Record<string, JsonSchema> = {};
  for (const [type, [extra, required]] of Object.entries(perType)) {
    definitions[`io.kestra.core.models.flows.input.${INPUT_CLASSES[type]}`] = inputSchema(type, extra, required);
  }
  definitions[INPUT_DEFINITION] = { anyOf: Object.keys(perType).map((t) => ref(`io.kestra.core.models.flows.input.${INPUT_CLASSES[t]}`)) };
  return definitions;
}

function retryDefinitions(): Record<string, JsonSchema> {
  const common: Record<string, JsonSchema> = {
    behavior: withDefault({ type: 'string', enum: ['RETRY_FAILED_TASK', 'CREATE_NEW_EXECUTION'] }, 'RETRY_FAILED_TASK'),
    maxAttempts: { type: 'integer', minimum: 1 },
    // AbstractRetry's older spelling, still read.
    maxAttempt: { type: 'integer', minimum: 1, $deprecated: true },
    maxDuration: durationSchema(),
    warningOnRetry: withDefault({ type: 'boolean' }, false),
  };
  return {
    'io.kestra.core.models.tasks.retrys.Constant': {
      type: 'object',
      properties: { ...common, interval: durationSchema(), type: { const: 'constant' } },
      required: ['interval', 'type'],
      title: 'Retry with a constant interval.',
    },
    'io.kestra.core.models.tasks.retrys.Exponential': {
      type: 'object',
      properties: { ...common, interval: durationSchema(), maxInterval: durationSchema(), delayFactor: { type: 'number' }, type: { const: 'exponential' } },
      required: ['interval', 'maxInterval', 'type'],
      title: 'Retry with an exponential backoff.',
    },
    'io.kestra.core.models.tasks.retrys.Random': {
      type: 'object',
      properties: { ...common, minInterval: durationSchema(), maxInterval: durationSchema(), type: { const: 'random' } },
      required: ['minInterval', 'maxInterval', 'type'],
      title: 'Retry after a random interval.',
    },
  };
}

function otherDefinitions(): Record<string, JsonSchema> {
  return {
    'io.kestra.core.models.tasks.WorkerGroup': {
      type: 'object',
      properties: { key: { type: 'string' }, fallback: { type: 'string', enum: ['FAIL', 'WAIT', 'CANCEL'] } },
    },
    'io.kestra.core.models.tasks.Cache': {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, ttl: durationSchema() },
      required: ['enabled'],
    },
    'io.kestra.core.models.flows.Concurrency': {
      type: 'object',
      properties: {
        behavior: withDefault({ type: 'string', enum: ['QUEUE', 'CANCEL', 'FAIL'] }, 'QUEUE'),
        limit: { type: 'integer', minimum: 1 },
      },
      required: ['limit'],
    },
    'io.kestra.core.models.flows.Output': {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: INPUT_ID_PATTERN, minLength: 1, title: 'The output id.' },
        description: { type: 'string' },
        displayName: { type: 'string' },
        type: { type: 'string', enum: VALUE_TYPES, title: 'The type of the output.' },
        value: { title: 'The output value, usually an expression.', $dynamic: true },
        required: withDefault({ type: 'boolean' }, true),
      },
      required: ['id', 'type', 'value'],
    },
    'io.kestra.core.models.flows.PluginDefault': {
      type: 'object',
      properties: {
        type: { type: 'string', title: 'The plugin type (a full class name or a prefix).' },
        forced: withDefault({ type: 'boolean' }, false),
        values: { type: 'object' },
      },
      required: ['type', 'values'],
    },
    'io.kestra.core.models.flows.sla.types.MaxDurationSLA': {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { const: 'MAX_DURATION' },
        behavior: { type: 'string', enum: ['FAIL', 'CANCEL', 'NONE'] },
        duration: durationSchema(),
        labels: { type: 'object' },
      },
      required: ['id', 'type', 'behavior', 'duration'],
    },
    'io.kestra.core.models.flows.sla.types.ExecutionAssertionSLA': {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { const: 'EXECUTION_ASSERTION' },
        behavior: { type: 'string', enum: ['FAIL', 'CANCEL', 'NONE'] },
        assert: { type: 'string' },
        labels: { type: 'object' },
      },
      required: ['id', 'type', 'behavior', 'assert'],
    },
    'io.kestra.core.models.flows.Check': {
      type: 'object',
      properties: {
        condition: { type: 'string', $dynamic: true },
        message: { type: 'string', $dynamic: true },
        style: withDefault({ type: 'string', enum: ['ERROR', 'SUCCESS', 'WARNING', 'INFO'] }, 'INFO'),
        behavior: withDefault({ type: 'string', enum: ['BLOCK_EXECUTION', 'FAIL_EXECUTION', 'CREATE_EXECUTION'] }, 'BLOCK_EXECUTION'),
      },
      required: ['condition', 'message'],
    },
    'io.kestra.core.models.listeners.Listener': {
      type: 'object',
      $deprecated: true,
      properties: {
        description: { type: 'string' },
        conditions: { type: 'array', items: { type: 'object' } },
        tasks: { type: 'array', items: ref(TASK_DEFINITION) },
      },
      required: ['tasks'],
    },
  };
}

function flowDefinition(): JsonSchema {
  const taskList: JsonSchema = { type: 'array', items: ref(TASK_DEFINITION) };
  return {
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 100, pattern: FLOW_ID_PATTERN },
      namespace: { type: 'string', minLength: 1, maxLength: 150, pattern: NAMESPACE_PATTERN },
      revision: { type: 'integer', minimum: 1 },
      description: { type: 'string' },
      labels: { anyOf: [{ type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } }, required: ['key', 'value'] } }, { type: 'object' }] },
      inputs: { type: 'array', items: ref(INPUT_DEFINITION) },
      outputs: {
        title: 'Output values available and exposes to other flows.',
        $dynamic: true,
        markdownDescription: 'Output values make information about the execution of your Flow available and expose for other Kestra flows to use.',
        type: 'array',
        items: ref('io.kestra.core.models.flows.Output'),
      },
      variables: { type: 'object' },
      tasks: { ...taskList, minItems: 1 },
      errors: taskList,
      finally: taskList,
      afterExecution: taskList,
      listeners: { $deprecated: true, type: 'array', items: ref('io.kestra.core.models.listeners.Listener') },
      triggers: { type: 'array', items: ref(TRIGGER_DEFINITION) },
      pluginDefaults: { type: 'array', items: ref('io.kestra.core.models.flows.PluginDefault') },
      taskDefaults: { $deprecated: true, type: 'array', items: ref('io.kestra.core.models.flows.PluginDefault') },
      disabled: withDefault({ type: 'boolean' }, false),
      deleted: withDefault({ type: 'boolean' }, false),
      concurrency: ref('io.kestra.core.models.flows.Concurrency'),
      retry: { anyOf: [ref('io.kestra.core.models.tasks.retrys.Constant'), ref('io.kestra.core.models.tasks.retrys.Exponential'), ref('io.kestra.core.models.tasks.retrys.Random')] },
      sla: {
        $beta: true,
        type: 'array',
        items: { anyOf: [ref('io.kestra.core.models.flows.sla.types.MaxDurationSLA'), ref('io.kestra.core.models.flows.sla.types.ExecutionAssertionSLA')] },
      },
      checks: { type: 'array', items: ref('io.kestra.core.models.flows.Check') },
      workerGroup: ref('io.kestra.core.models.tasks.WorkerGroup'),
      tenantId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*' },
    },
    required: ['id', 'namespace', 'tasks'],
  };
}

/** Every flow-model definition, keyed by Kestra class name. */
export function flowModelDefinitions(): Record<string, JsonSchema> {
  return { [FLOW_DEFINITION]: flowDefinition(), ...inputDefinitions(), ...retryDefinitions(), ...otherDefinitions() };
}

// The subset of JSON Schema draft-07 the sandbox writes (Kestra's flavour, with its `$dynamic`,
// `$group`, `markdownDescription`… annotations). The same schemas drive flow validation
// (`flows/validate-value.ts`) and `GET /api/v1/plugins/schemas/flow`, so the editor completes and
// validates exactly what the sandbox accepts.

export interface JsonSchema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
  title?: string;
  description?: string;
  markdownDescription?: string;
  enum?: readonly (string | number | boolean)[];
  const?: string | number | boolean;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  /** Kestra: the property accepts Pebble expressions (rendered at run time). */
  $dynamic?: boolean;
  $group?: string;
  $deprecated?: boolean;
  $beta?: boolean;
  $examples?: unknown[];
  $internalStorageURI?: boolean;
  $secret?: boolean;
}

export const DEFINITIONS_PREFIX = '#/definitions/';

export function ref(name: string): JsonSchema {
  return { $ref: `${DEFINITIONS_PREFIX}${name}` };
}

export function refName(schema: JsonSchema): string | undefined {
  return schema.$ref?.startsWith(DEFINITIONS_PREFIX) ? schema.$ref.slice(DEFINITIONS_PREFIX.length) : undefined;
}

/** `{"type": "string", "format": "duration"}`, as Kestra writes java.time.Duration properties. */
export function durationSchema(extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', format: 'duration', ...extra };
}

/** The default value note Kestra appends to every property that has one. */
export function withDefault(schema: JsonSchema, value: unknown): JsonSchema {
  return {
    ...schema,
    default: value,
    markdownDescription: schema.markdownDescription ?? `Default value is : \`${typeof value === 'string' ? JSON.stringify(value) : String(value)}\``,
  };
}

// Validates a parsed YAML value against the sandbox's Kestra-flavoured JSON schemas, reporting
// problems the way Kestra does: the first *mapping* error (unknown property, unknown type, wrong
// value type) as Jackson reports it, with a Jackson reference path; otherwise every *constraint*
// error (missing required value, pattern, empty list) as `path: message`.
import { isDuration } from '../../../shared/iso-duration';
import { refName, type JsonSchema } from '../schema/json-schema';

export interface SchemaViolation {
  kind: 'mapping' | 'constraint';
  /** Bean property path: `tasks[0].message`. */
  path: string;
  /** Jackson reference chain: `io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]->…`. */
  reference: string;
  message: string;
}

export interface SchemaContext {
  definitions: Record<string, JsonSchema>;
  /** Maps a `type:` value (class name or alias) to its definition name, for tasks and triggers. */
  resolveType(value: string): string | undefined;
  /**
   * A `type:` the registry does not know, met where `owner` (a task or trigger union) is expected:
   * the schema to validate it with when it names a real plugin the sandbox cannot run (the value
   * is then accepted with a warning), undefined when it is an invalid type.
   */
  unavailableType?(value: string, owner: string): { schema: JsonSchema; warning: string } | undefined;
}

interface Position {
  path: string;
  reference: string;
  /** The Java class Jackson would be filling at this level (for reference chains). */
  owner: string;
}

const JAVA_TYPES: Record<string, string> = {
  string: 'java.lang.String',
  integer: 'java.lang.Integer',
  number: 'java.lang.Double',
  boolean: 'java.lang.Boolean',
  array: 'java.util.ArrayList',
  object: 'java.util.LinkedHashMap',
};

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'Array value';
  if (value !== null && typeof value === 'object') return 'Object value';
  if (typeof value === 'string') return `String "${value}"`;
  if (typeof value === 'boolean') return 'Boolean value';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer value' : 'Floating-point value';
  return 'value';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function child(position: Position, key: string): Position {
  const path = position.path ? `${position.path}.${key}` : key;
  return { path, reference: `${position.reference}${position.reference ? '->' : ''}${position.owner}["${key}"]`, owner: position.owner };
}

function element(position: Position, index: number): Position {
  return {
    path: `${position.path}[${index}]`,
    reference: `${position.reference}->java.util.ArrayList[${index}]`,
    owner: position.owner,
  };
}

export class SchemaValidator {
  readonly violations: SchemaViolation[] = [];
  /** Accepted but worth telling: tasks of plugins the sandbox cannot run. */
  readonly warnings: { path: string; message: string }[] = [];

  constructor(private readonly context: SchemaContext) {}

  private mapping(position: Position, message: string): void {
    this.violations.push({ kind: 'mapping', path: position.path, reference: position.reference, message });
  }

  private constraint(position: Position, message: string): void {
    this.violations.push({ kind: 'constraint', path: position.path, reference: position.reference, message });
  }

  private definition(name: string): JsonSchema {
    const schema = this.context.definitions[name];
    if (!schema) throw new Error(`Missing schema definition ${name}`);
    return schema;
  }

  /**
   * Validates `value` against `schema` and returns it with Jackson's scalar coercions applied
   * (a YAML number or boolean where a string is expected becomes that text, e.g. `id: off` → "false").
   */
  validate(value: unknown, schema: JsonSchema, position: Position): unknown {
    const name = refName(schema);
    if (name) return this.validate(value, this.definition(name), { ...position, owner: name });
    let current = value;
    if (schema.allOf) {
      for (const part of schema.allOf) current = this.validate(current, part, position);
    }
    if (current === null || current === undefined) return current;
    if (schema.anyOf) return this.validateAnyOf(current, schema, position);
    if (schema.const !== undefined && current !== schema.const) {
      this.mapping(position, `Invalid type: ${String(current)}`);
      return current;
    }
    if (schema.$dynamic && isExpression(current)) return current;
    switch (schema.type) {
      case 'string':
        this.validateString(current, schema, position);
        return typeof current === 'number' || typeof current === 'boolean' ? String(current) : current;
      case 'integer':
      case 'number':
        this.validateNumber(current, schema, position);
        return current;
      case 'boolean':
        if (typeof current !== 'boolean' && !(typeof current === 'string' && /^(true|false)$/i.test(current))) {
          this.mapping(position, `Cannot deserialize value of type \`java.lang.Boolean\` from ${describe(current)}: only "true" or "false" recognized`);
        }
        return current;
      case 'array':
        this.validateArray(current, schema, position);
        return current;
      case 'object':
        this.validateObject(current, schema, position);
        return current;
      default:
        return current;
    }
  }

  private validateString(value: unknown, schema: JsonSchema, position: Position): void {
    if (typeof value === 'object') {
      this.mapping(position, `Cannot deserialize value of type \`java.lang.String\` from ${describe(value)}`);
      return;
    }
    const text = String(value);
    if (schema.enum && !schema.enum.some((e) => String(e).toUpperCase() === text.toUpperCase())) {
      this.mapping(position, `Cannot deserialize value of type \`${position.owner}\` from String "${text}": not one of the values accepted for Enum class: [${schema.enum.join(', ')}]`);
      return;
    }
    if (schema.format === 'duration' && !isExpression(text) && !isDuration(text)) {
      this.mapping(position, `Cannot deserialize value of type \`java.time.Duration\` from String "${text}": Text cannot be parsed to a Duration`);
      return;
    }
    if (schema.minLength !== undefined && text.length < schema.minLength) this.constraint(position, 'must not be blank');
    else if (schema.maxLength !== undefined && text.length > schema.maxLength) this.constraint(position, `size must be between ${schema.minLength ?? 0} and ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) this.constraint(position, `must match "${schema.pattern}"`);
  }

  private validateNumber(value: unknown, schema: JsonSchema, position: Position): void {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    const javaType = schema.type === 'integer' ? 'java.lang.Integer' : 'java.lang.Double';
    if (Number.isNaN(n) || typeof value === 'boolean' || typeof value === 'object') {
      this.mapping(position, `Cannot deserialize value of type \`${javaType}\` from ${describe(value)}: not a valid \`${javaType}\` value`);
      return;
    }
    if (schema.type === 'integer' && !Number.isInteger(n)) {
      this.mapping(position, `Cannot coerce Floating-point value (${n}) to \`${javaType}\` value`);
      return;
    }
    if (schema.minimum !== undefined && n < schema.minimum) this.constraint(position, `must be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && n > schema.maximum) this.constraint(position, `must be less than or equal to ${schema.maximum}`);
  }

  private validateArray(value: unknown, schema: JsonSchema, position: Position): void {
    if (!Array.isArray(value)) {
      this.mapping(position, `Cannot deserialize value of type \`java.util.ArrayList\` from ${describe(value)}`);
      return;
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) this.constraint(position, 'must not be empty');
    if (schema.items) {
      value.forEach((item, index) => {
        if (item === null || item === undefined) return;
        const coerced = this.validate(item, schema.items!, element(position, index));
        if (coerced !== item) value[index] = coerced;
      });
    }
  }

  private validateObject(value: unknown, schema: JsonSchema, position: Position): void {
    if (!isPlainObject(value)) {
      this.mapping(position, `Cannot construct instance of \`${position.owner}\`: no ${describe(value)} delegate-creator method`);
      return;
    }
    const properties = schema.properties;
    if (properties && schema.additionalProperties !== true) {
      const known = Object.keys(properties);
      for (const key of Object.keys(value)) {
        if (!(key in properties)) {
          this.mapping(
            child(position, key),
            `Unrecognized field "${key}" (class ${position.owner}), not marked as ignorable (${known.length} known properties: ${known.map((k) => `"${k}"`).join(', ')}])`,
          );
          return;
        }
      }
    }
    if (properties) {
      for (const [key, propertySchema] of Object.entries(properties)) {
        const propertyValue = value[key];
        if (propertyValue === undefined || propertyValue === null) continue;
        const coerced = this.validate(propertyValue, propertySchema, child(position, key));
        if (coerced !== propertyValue) value[key] = coerced;
      }
    }
    // A map of typed values (e.g. Switch `cases`: name → task list).
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      for (const [key, entry] of Object.entries(value)) {
        if ((properties && key in properties) || entry === undefined || entry === null) continue;
        const coerced = this.validate(entry, schema.additionalProperties, child(position, key));
        if (coerced !== entry) value[key] = coerced;
      }
    }
    for (const key of schema.required ?? []) {
      if (value[key] === undefined || value[key] === null) this.constraint(child(position, key), 'must not be null');
    }
  }

  private validateAnyOf(value: unknown, schema: JsonSchema, position: Position): unknown {
    const branches = schema.anyOf!;
    const discriminated = this.discriminator(branches);
    if (discriminated) {
      if (!isPlainObject(value)) {
        this.mapping(position, `Cannot construct instance of \`${position.owner}\`: no ${describe(value)} delegate-creator method`);
        return value;
      }
      const type = value.type;
      const target = typeof type === 'string' ? (discriminated.get(type) ?? this.context.resolveType(type)) : undefined;
      if (!target || !branches.some((b) => refName(b) === target)) {
        const unavailable = typeof type === 'string' && !target ? this.context.unavailableType?.(type, position.owner) : undefined;
        if (unavailable) {
          this.warnings.push({ path: position.path, message: unavailable.warning });
          return this.validate(value, unavailable.schema, position);
        }
        this.mapping(position, `Invalid type: ${type === undefined ? 'null' : String(type)}`);
        return value;
      }
      // An alias (old class name) is validated as the type it stands for; the YAML keeps its name.
      const canonical = this.definition(target).properties?.type?.const;
      if (canonical !== undefined && canonical !== type) {
        const subject: Record<string, unknown> = { ...value, type: canonical };
        this.validate(subject, this.definition(target), { ...position, owner: target });
        for (const key of Object.keys(subject)) if (key !== 'type') value[key] = subject[key];
        return value;
      }
      return this.validate(value, this.definition(target), { ...position, owner: target });
    }
    // Plain union (e.g. string | string[]): valid when one branch accepts the value.
    for (const branch of branches) {
      const probe = new SchemaValidator(this.context);
      const coerced = probe.validate(value, branch, position);
      if (probe.violations.length === 0) return coerced;
    }
    const kinds = branches.map((b) => (b.type === 'array' && b.items?.type ? `list of ${b.items.type}` : (b.type ?? refName(b) ?? 'value'))).join(' or ');
    this.mapping(position, `Cannot deserialize value of type \`${JAVA_TYPES[branches[0]?.type ?? 'object'] ?? 'java.lang.Object'}\` from ${describe(value)}: expected ${kinds}`);
    return value;
  }

  /** When every branch is a `$ref` to an object with a `type` const, dispatch on `type`. */
  private discriminator(branches: JsonSchema[]): Map<string, string> | undefined {
    if (branches.length === 0) return undefined;
    const map = new Map<string, string>();
    for (const branch of branches) {
      const name = refName(branch);
      if (!name) return undefined;
      const constant = this.context.definitions[name]?.properties?.type?.const;
      if (typeof constant !== 'string') return undefined;
      map.set(constant, name);
    }
    return map;
  }
}

export function rootPosition(owner: string): Position {
  return { path: '', reference: '', owner };
}

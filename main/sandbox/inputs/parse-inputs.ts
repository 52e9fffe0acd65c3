// Typed execution inputs (Kestra's FlowInputOutput): raw form values and flow defaults become typed
// values, validated per input type; problems are Kestra's 422 messages
// (`Invalid value for input \`x\`. Cause: …`, `Missing required input:x`).
import { parse as parseYaml } from 'yaml';
import { isDuration, parseDuration } from '../../../shared/iso-duration';
import { KestraHttpError } from '../http/http-error';
import { parseJsonText } from '../http/limits';

export interface InputDeclaration {
  id: string;
  type: string;
  required?: boolean;
  defaults?: unknown;
  validator?: string;
  values?: unknown[];
  options?: unknown[];
  allowCustomValue?: boolean;
  min?: unknown;
  max?: unknown;
  after?: string;
  before?: string;
  itemType?: string;
  allowedFileExtensions?: string[];
  extension?: string;
  [key: string]: unknown;
}

export interface InputContext {
  /** True when a `kestra:///` URI may be used as this execution's FILE input. */
  fileAllowed(uri: string): boolean;
  /** Encrypts SECRET inputs (Kestra stores them encrypted in the execution). */
  encrypt(value: string): string;
  /** Renders a `defaults` value that holds an expression (`{{ now() }}`); left as is when absent. */
  renderDefault?(value: string): unknown;
}

class InputError extends Error {}

/** Kestra's URI input pattern (FlowInputOutput.URI_PATTERN). */
const URI_PATTERN = /^[a-z]+:\/\/(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b(?:[-a-zA-Z0-9()@:%_+.~#?&/=]*)$/;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function expected(type: string, value: unknown): InputError {
  return new InputError(`Expected \`${type}\` but received \`${text(value)}\``);
}

function validDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Normalises an ISO instant the way java.time.Instant prints it (UTC, `Z`). */
function instant(value: string): string | undefined {
  if (!INSTANT_PATTERN.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function asList(value: unknown, type: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = parseJsonText(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON: fall through.
    }
  }
  throw expected(type, value);
}

function allowedValues(input: InputDeclaration): string[] | undefined {
  const values = input.values ?? input.options;
  return Array.isArray(values) ? values.map((v) => String(v)) : undefined;
}

function parseScalar(type: string, value: unknown, input: InputDeclaration, context: InputContext): unknown {
  switch (type) {
    case 'STRING':
    case 'EMAIL': {
      const s = text(value);
      if (type === 'EMAIL' && !EMAIL_PATTERN.test(s)) throw new InputError(`it must be a valid email address`);
      if (input.validator && !new RegExp(`^(?:${input.validator})$`).test(s)) throw new InputError(`it must match the pattern \`${input.validator}\``);
      return s;
    }
    case 'ENUM':
    case 'SELECT': {
      const s = text(value);
      const values = allowedValues(input);
      if (values && !input.allowCustomValue && !values.includes(s)) throw new InputError(`it must match the values \`[${values.join(', ')}]\``);
      return s;
    }
    case 'INT': {
      const s = text(value).trim();
      if (!/^[+-]?\d+$/.test(s) || Math.abs(Number(s)) > 2147483647) throw expected('INT', value);
      const n = Number(s);
      if (input.min !== undefined && input.min !== null && n < Number(input.min)) throw new InputError(`it must be more than \`${String(input.min)}\``);
      if (input.max !== undefined && input.max !== null && n > Number(input.max)) throw new InputError(`it must be less than \`${String(input.max)}\``);
      return n;
    }
    case 'FLOAT': {
      const s = text(value).trim();
      const n = Number(s);
      if (s === '' || Number.isNaN(n)) throw expected('FLOAT', value);
      if (input.min !== undefined && input.min !== null && n < Number(input.min)) throw new InputError(`it must be more than \`${String(input.min)}\``);
      if (input.max !== undefined && input.max !== null && n > Number(input.max)) throw new InputError(`it must be less than \`${String(input.max)}\``);
      return n;
    }
    case 'BOOLEAN':
    case 'BOOL': {
      if (typeof value === 'boolean') return value;
      const s = text(value).trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw expected(type, value);
    }
    case 'DATETIME': {
      const parsed = instant(text(value).trim());
      if (!parsed) throw expected('DATETIME', value);
      if (input.after && Date.parse(parsed) <= Date.parse(input.after)) throw new InputError(`it must be after \`${input.after}\``);
      if (input.before && Date.parse(parsed) >= Date.parse(input.before)) throw new InputError(`it must be before \`${input.before}\``);
      return parsed;
    }
    case 'DATE': {
      const s = text(value).trim();
      if (!validDate(s)) throw expected('DATE', value);
      if (input.after && s <= input.after) throw new InputError(`it must be after \`${input.after}\``);
      if (input.before && s >= input.before) throw new InputError(`it must be before \`${input.before}\``);
      return s;
    }
    case 'TIME': {
      const s = text(value).trim();
      if (!TIME_PATTERN.test(s)) throw expected('TIME', value);
      if (input.after && s <= input.after) throw new InputError(`it must be after \`${input.after}\``);
      if (input.before && s >= input.before) throw new InputError(`it must be before \`${input.before}\``);
      return s;
    }
    case 'DURATION': {
      const s = text(value).trim();
      if (!isDuration(s)) throw expected('DURATION', value);
      const ms = parseDuration(s)!;
      if (typeof input.min === 'string' && ms < (parseDuration(input.min) ?? -Infinity)) throw new InputError(`It must be more than \`${input.min}\``);
      if (typeof input.max === 'string' && ms > (parseDuration(input.max) ?? Infinity)) throw new InputError(`It must be less than \`${input.max}\``);
      return s;
    }
    case 'URI': {
      const s = text(value);
      if (!URI_PATTERN.test(s)) throw new InputError(`Expected \`URI\` but received \`${s}\``);
      return s;
    }
    case 'JSON': {
      if (typeof value !== 'string') return value;
      try {
        return parseJsonText(value);
      } catch (error) {
        throw new InputError(`Expected \`JSON\` but received \`${value}\` with errors:\n\`\`\`\n${(error as Error).message}\n\`\`\``);
      }
    }
    case 'YAML': {
      if (typeof value !== 'string') return value;
      try {
        return parseYaml(value) as unknown;
      } catch (error) {
        throw new InputError(`Expected \`YAML\` but received \`${value}\` with errors:\n\`\`\`\n${(error as Error).message}\n\`\`\``);
      }
    }
    case 'SECRET':
      return context.encrypt(text(value));
    case 'FILE': {
      const s = text(value);
      if (!s.startsWith('kestra://') || !context.fileAllowed(s)) throw new InputError(`Expected \`FILE\` but received \`${s}\``);
      const extensions = input.allowedFileExtensions ?? (input.extension ? [input.extension] : undefined);
      if (extensions && extensions.length > 0) {
        const lower = s.toLowerCase();
        if (!extensions.some((e) => lower.endsWith(e.startsWith('.') ? e.toLowerCase() : `.${e.toLowerCase()}`))) {
          throw new InputError(`File type not allowed. Accepted extensions: ${extensions.join(', ')}`);
        }
      }
      return s;
    }
    default:
      return value;
  }
}

function parseTyped(input: InputDeclaration, value: unknown, context: InputContext): unknown {
  switch (input.type) {
    case 'ARRAY': {
      const list = asList(value, 'ARRAY');
      const itemType = input.itemType;
      if (!itemType) return list;
      return list.map((element) => {
        try {
          return parseScalar(itemType, element, { id: input.id, type: itemType }, context);
        } catch {
          throw new InputError(`Unable to parse array element as \`${itemType}\` on \`${text(element)}\``);
        }
      });
    }
    case 'MULTISELECT': {
      const list = asList(value, 'MULTISELECT').map((v) => text(v));
      const values = allowedValues(input);
      if (values && !input.allowCustomValue) {
        for (const item of list) {
          if (!values.includes(item)) throw new InputError(`value \`${item}\` doesn't match the values \`[${values.join(', ')}]\``);
        }
      }
      return list;
    }
    default:
      return parseScalar(input.type, value, input, context);
  }
}

/** Dotted input ids become nested objects (`a.b` → `{a: {b: …}}`), as in Kestra. */
function nest(values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(values).sort()) {
    const parts = key.split('.');
    let target = result;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (target[part] = {})) as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = values[key];
  }
  return result;
}

/**
 * Types and validates `raw` (form values; undefined when not sent) against the flow's inputs.
 * Throws Kestra's 422 listing every invalid input.
 */
export function typedInputs(declarations: InputDeclaration[] | undefined, raw: Record<string, unknown>, context: InputContext): Record<string, unknown> {
  if (!declarations || declarations.length === 0) return {};
  const values: Record<string, unknown> = {};
  const problems: { id: string; message: string }[] = [];
  for (const input of declarations) {
    if (input.type === 'FORM') continue;
    let current = raw[input.id];
    if ((current === undefined || current === null || current === '') && input.defaults !== undefined && input.defaults !== null) {
      current = input.defaults;
      if (typeof current === 'string' && context.renderDefault && (current.includes('{{') || current.includes('{%'))) {
        try {
          current = context.renderDefault(current);
        } catch (error) {
          problems.push({ id: input.id, message: `Invalid value for input \`${input.id}\`. Cause: ${error instanceof Error ? error.message : String(error)}` });
          continue;
        }
      }
    }
    if (current === '' && input.type !== 'STRING') current = undefined;
    const required = input.required !== false;
    if (current === undefined || current === null) {
      if (required) problems.push({ id: input.id, message: `Missing required input:${input.id}` });
      continue;
    }
    try {
      values[input.id] = parseTyped(input, current, context);
    } catch (error) {
      const cause = error instanceof InputError ? error.message : String(error);
      problems.push({ id: input.id, message: `Invalid value for input \`${input.id}\`. Cause: ${cause}` });
    }
  }
  if (problems.length > 0) {
    throw new KestraHttpError(
      422,
      `Invalid entity: ${problems.map((p) => p.message).join('\n')}`,
      problems.map((p) => ({ path: `inputs.${p.id}`, message: p.message })),
    );
  }
  return nest(values);
}

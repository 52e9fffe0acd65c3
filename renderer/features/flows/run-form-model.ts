// The run form as data: one control kind per Kestra input type, initial values from defaults,
// client-side checks that mirror Kestra's (the server still has the last word), and conversion to
// the trigger call's InputValues. Pure and unit tested.
import type { FlowInput, InputType, Label } from '../../../main/contract/kestra-model';
import type { InputValues } from '../../../main/contract/methods';
import { parseDuration } from '../../../shared/iso-duration';

export type ControlKind =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'select'
  | 'multiselect'
  | 'date'
  | 'datetime'
  | 'time'
  | 'duration'
  | 'json'
  | 'yaml'
  | 'file'
  | 'secret'
  | 'array'
  | 'uri'
  | 'email';

export function controlKind(input: Pick<FlowInput, 'type'>): ControlKind {
  const kinds: Partial<Record<InputType, ControlKind>> = {
    STRING: 'text',
    INT: 'integer',
    FLOAT: 'float',
    BOOLEAN: 'boolean',
    BOOL: 'boolean',
    ENUM: 'select',
    SELECT: 'select',
    MULTISELECT: 'multiselect',
    DATE: 'date',
    DATETIME: 'datetime',
    TIME: 'time',
    DURATION: 'duration',
    JSON: 'json',
    YAML: 'yaml',
    FILE: 'file',
    SECRET: 'secret',
    ARRAY: 'array',
    URI: 'uri',
    EMAIL: 'email',
  };
  return kinds[input.type] ?? 'text';
}

/** What a control holds while the user edits (strings mostly, as inputs give them). */
export type FormValue = string | boolean | string[] | null;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO instant → the value an <input type="datetime-local"> shows (local time, to the second). */
export function toLocalDateTimeInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** <input type="datetime-local"> value (local) → ISO instant in UTC, as Kestra's DATETIME expects. */
export function fromLocalDateTimeInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

export function initialValue(input: FlowInput): FormValue {
  const kind = controlKind(input);
  const defaults = input.defaults;
  switch (kind) {
    case 'boolean':
      return typeof defaults === 'boolean' ? defaults : defaults === 'true' ? true : defaults === 'false' ? false : null;
    case 'multiselect':
    case 'array':
      if (Array.isArray(defaults)) return defaults.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
      if (typeof defaults === 'string' && defaults.trim().startsWith('[')) {
        try {
          const parsed = JSON.parse(defaults) as unknown;
          if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
        } catch {
          // fall through: keep it as one item
        }
      }
      return typeof defaults === 'string' && defaults ? [defaults] : [];
    case 'datetime':
      return typeof defaults === 'string' ? toLocalDateTimeInput(defaults) : '';
    case 'json':
    case 'yaml':
      return stringify(defaults);
    case 'file':
      return null;
    default:
      return defaults === undefined || defaults === null ? '' : String(defaults);
  }
}

function isEmpty(value: FormValue, kind: ControlKind, hasFile: boolean): boolean {
  if (kind === 'file') return !hasFile;
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'string') return value.trim() === '';
  return false;
}

/** The first problem with a value, in words for the field, or undefined. */
export function checkInput(input: FlowInput, value: FormValue, hasFile = false): string | undefined {
  const kind = controlKind(input);
  const required = input.required !== false && input.defaults === undefined && kind !== 'boolean';
  if (isEmpty(value, kind, hasFile)) return required ? 'Required.' : undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const min = input.min !== undefined ? Number(input.min) : undefined;
  const max = input.max !== undefined ? Number(input.max) : undefined;
  switch (kind) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(text)) return 'Enter a whole number.';
      const n = Number(text);
      if (min !== undefined && n < min) return `At least ${min}.`;
      if (max !== undefined && n > max) return `At most ${max}.`;
      return undefined;
    }
    case 'float': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return 'Enter a number.';
      const n = Number(text);
      if (min !== undefined && n < min) return `At least ${min}.`;
      if (max !== undefined && n > max) return `At most ${max}.`;
      return undefined;
    }
    case 'text':
    case 'textarea':
    case 'secret': {
      if (input.minLength !== undefined && text.length < input.minLength) return `At least ${input.minLength} characters.`;
      if (input.maxLength !== undefined && text.length > input.maxLength) return `At most ${input.maxLength} characters.`;
      if (input.validator) {
        try {
          // Kestra matches the whole value (Java String.matches).
          if (!new RegExp(`^(?:${input.validator})$`).test(String(value))) return `Must match ${input.validator}`;
        } catch {
          return undefined;
        }
      }
      return undefined;
    }
    case 'select':
      if (!input.allowCustomValue && input.values && !input.values.includes(String(value))) return 'Choose one of the listed values.';
      return undefined;
    case 'multiselect':
      if (!input.allowCustomValue && input.values && (value as string[]).some((item) => !input.values!.includes(item))) return 'Choose only listed values.';
      return undefined;
    case 'duration':
      return parseDuration(text) === undefined ? 'Use an ISO-8601 duration, e.g. PT30M or P1DT2H.' : undefined;
    case 'json':
      try {
        JSON.parse(text);
        return undefined;
      } catch (error) {
        return `Invalid JSON: ${(error as Error).message}`;
      }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? undefined : 'Use YYYY-MM-DD.';
    case 'time':
      return /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? undefined : 'Use HH:MM or HH:MM:SS.';
    case 'datetime':
      return fromLocalDateTimeInput(text) ? undefined : 'Enter a date and time.';
    case 'uri':
      try {
        new URL(text);
        return undefined;
      } catch {
        return 'Enter a full URI, e.g. https://example.com/data.csv';
      }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? undefined : 'Enter an email address.';
    default:
      return undefined;
  }
}

/** Values to send: unset optional inputs are left out so Kestra applies its own defaults. */
export function toInputValues(inputs: FlowInput[], values: Record<string, FormValue>): InputValues {
  const result: InputValues = {};
  for (const input of inputs) {
    const kind = controlKind(input);
    if (kind === 'file') continue;
    const value = values[input.id];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '' && kind !== 'text' && kind !== 'secret') continue;
    if (value === '') continue;
    switch (kind) {
      case 'integer':
      case 'float':
        result[input.id] = Number(value);
        break;
      case 'boolean':
        result[input.id] = value as boolean;
        break;
      case 'datetime':
        result[input.id] = fromLocalDateTimeInput(value as string) ?? (value as string);
        break;
      case 'time':
        result[input.id] = (value as string).length === 5 ? `${value as string}:00` : (value as string);
        break;
      case 'multiselect':
      case 'array':
        result[input.id] = value as string[];
        break;
      default:
        result[input.id] = value as string;
    }
  }
  return result;
}

/** Kestra refuses labels starting with "system." except these two. */
const ALLOWED_SYSTEM_LABELS = new Set(['system.correlationId', 'system.from']);

export function checkLabel(label: Label): string | undefined {
  if (!label.key.trim()) return label.value.trim() ? 'A label needs a key.' : undefined;
  if (label.key.startsWith('system.') && !ALLOWED_SYSTEM_LABELS.has(label.key)) return 'Labels starting with "system." are set by Kestra.';
  if (!label.value.trim()) return 'A label needs a value.';
  if (label.key.includes(':')) return 'A label key cannot contain ":".';
  return undefined;
}

/** Field errors from the server (422) keyed by input id, plus what could not be attributed. */
export function attributeServerErrors(
  inputs: FlowInput[],
  fieldErrors: { path?: string; message: string }[] | undefined,
  message: string,
): { byInput: Record<string, string>; rest: string[] } {
  const byInput: Record<string, string> = {};
  const rest: string[] = [];
  const ids = inputs.map((input) => input.id);
  const attribute = (text: string, path?: string): void => {
    const fromPath = path?.replace(/^inputs?\./, '').split('.')[0];
    const fromText = /input `([^`]+)`|required input:\s*([\w.-]+)|input[:\s]+'?([\w.-]+)'?/i.exec(text);
    const id = [fromPath, fromText?.[1], fromText?.[2], fromText?.[3]].find((candidate) => candidate && ids.includes(candidate));
    if (id) byInput[id] = byInput[id] ? `${byInput[id]}\n${text}` : text;
    else rest.push(text);
  };
  if (fieldErrors?.length) fieldErrors.forEach((error) => attribute(error.message, error.path));
  else attribute(message.replace(/^Invalid entity: /, ''));
  return { byInput, rest };
}

// Typing of KV values as Kestra 1.3 does it: the PUT body is read as an Amazon Ion text value (a
// superset of JSON) and stored with its type; text that does not parse is kept as a string. On read,
// a string that is an ISO-8601 duration is reported as DURATION (Kestra's quirk).
import { isDuration } from '../../../shared/iso-duration';
import { MAX_JSON_NESTING_DEPTH, jsonNestingDepth, parseJsonText } from '../http/limits';

export type KvType = 'STRING' | 'NUMBER' | 'BOOLEAN' | 'DATETIME' | 'DATE' | 'DURATION' | 'JSON';

export interface KvValue {
  type: KvType;
  value: unknown;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ION_SYMBOL = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ION_QUOTED_SYMBOL = /^'((?:[^'\\]|\\.)*)'$/;
const ION_INTEGER = /^[+-]?(?:0x[0-9a-fA-F_]+|0b[01_]+|\d[\d_]*)$/;
const ION_DECIMAL = /^[+-]?\d[\d_]*(?:\.\d*)?(?:[dDeE][+-]?\d+)?$/;

/** java.time.Instant#toString: UTC, fraction only when non-zero. */
export function javaInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function validDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

function ionNumber(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (ION_INTEGER.test(text)) {
    const n = clean.startsWith('0x') || clean.startsWith('-0x') || clean.startsWith('+0x') ? Number.parseInt(clean.replace('0x', ''), 16) * (clean.startsWith('-') ? -1 : 1) : Number(clean.replace(/^0b/, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (ION_DECIMAL.test(text)) {
    const n = Number(clean.replace(/[dD]/, 'e'));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Parses a PUT body into a typed value. */
export function parseKvText(body: string): KvValue {
  const text = body.trim();
  if (text === '') return { type: 'STRING', value: body };
  // Too deep to be a value anyone stores: refused (422) rather than kept as a string.
  if (jsonNestingDepth(text, MAX_JSON_NESTING_DEPTH) > MAX_JSON_NESTING_DEPTH) parseJsonText(text);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return { type: 'STRING', value: parsed };
    if (typeof parsed === 'number') return { type: 'NUMBER', value: parsed };
    if (typeof parsed === 'boolean') return { type: 'BOOLEAN', value: parsed };
    return { type: 'JSON', value: parsed };
  } catch {
    // Not JSON: try the Ion-only forms.
  }
  if (DATE.test(text) && validDate(text)) return { type: 'DATE', value: text };
  if (TIMESTAMP.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return { type: 'DATETIME', value: javaInstant(ms) };
  }
  const number = ionNumber(text);
  if (number !== undefined) return { type: 'NUMBER', value: number };
  const quoted = ION_QUOTED_SYMBOL.exec(text);
  if (quoted) return { type: 'STRING', value: quoted[1]!.replace(/\\(.)/g, '$1') };
  if (ION_SYMBOL.test(text)) return { type: 'STRING', value: text };
  // Kestra 1.3 falls back to storing the raw text as a string.
  return { type: 'STRING', value: body };
}

/** The type reported on read. */
export function readType(stored: KvValue): KvType {
  if (stored.type === 'STRING' && typeof stored.value === 'string' && isDuration(stored.value)) return 'DURATION';
  return stored.type;
}

/** Key rule of Kestra's KVStore. */
export const KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export const KEY_RULE_MESSAGE =
  'Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.';

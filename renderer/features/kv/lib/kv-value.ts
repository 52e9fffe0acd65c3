// The typed KV editor's model: what the user types for each Kestra type, checked and turned into the
// value's natural form that `kv.put` takes ({ type, value }); main turns that into Kestra's body text
// (a quoted string for STRING, so "123" stays a string; see spec/kestra/API.md §8).
import type { KvType } from '../../../../main/contract/kestra-model';
import { formatJsonProblem, parseJsonWithPosition } from './json-position';
import { parseDuration } from '../../../../shared/iso-duration';

export const KV_TYPES: readonly KvType[] = ['STRING', 'NUMBER', 'BOOLEAN', 'DATE', 'DATETIME', 'DURATION', 'JSON'];

export const KV_TYPE_LABELS: Record<KvType, string> = {
  STRING: 'String',
  NUMBER: 'Number',
  BOOLEAN: 'Boolean',
  DATE: 'Date',
  DATETIME: 'Date and time',
  DURATION: 'Duration',
  JSON: 'JSON',
};

export type KvCheck = { ok: true; value: unknown; warning?: string } | { ok: false; error: string };

const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
// An ISO date-time with seconds optional and an offset or Z required, or a datetime-local value.
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** True when Kestra would report a string with this text as DURATION on read (its quirk). */
export function looksLikeDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/**
 * Checks what the user typed for a type and returns the natural value to send. DATETIME without an
 * offset (a datetime-local input) is read in this computer's time zone and sent in UTC.
 */
export function parseKvDraft(type: KvType, draft: string): KvCheck {
  switch (type) {
    case 'STRING': {
      const warning = looksLikeDuration(draft)
        ? 'Kestra reports any string that reads as an ISO-8601 duration as type DURATION when it is read back.'
        : undefined;
      return { ok: true, value: draft, warning };
    }
    case 'NUMBER': {
      const text = draft.trim();
      if (!NUMBER_TEXT.test(text)) return { ok: false, error: `"${draft}" is not a number (digits, an optional sign, decimal point and exponent).` };
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, error: `${text} is out of range.` };
      // An integer whose digits do not survive a double (it would be sent rounded) is refused, not changed.
      if (/^-?\d+$/.test(text) && String(value) !== text.replace(/^(-?)0+(?=\d)/, '$1')) {
        return { ok: false, error: `${text} is larger than the integers the console can carry exactly (±${Number.MAX_SAFE_INTEGER}); store it as a string.` };
      }
      return { ok: true, value };
    }
    case 'BOOLEAN': {
      if (draft === 'true') return { ok: true, value: true };
      if (draft === 'false') return { ok: true, value: false };
      return { ok: false, error: 'A boolean is true or false.' };
    }
    case 'DATE': {
      const match = DATE_TEXT.exec(draft.trim());
      if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
        return { ok: false, error: `"${draft}" is not a date (YYYY-MM-DD).` };
      }
      return { ok: true, value: draft.trim() };
    }
    case 'DATETIME': {
      const text = draft.trim();
      const match = DATETIME_TEXT.exec(text);
      if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) || Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) {
        return { ok: false, error: `"${draft}" is not a date and time (YYYY-MM-DDTHH:mm:ss with Z or an offset).` };
      }
      if (match[8]) {
        // Keep what the user wrote when it carries its own offset: it is already exact.
        return { ok: true, value: text };
      }
      const local = new Date(text);
      if (Number.isNaN(local.getTime())) return { ok: false, error: `"${draft}" is not a date and time.` };
      return { ok: true, value: local.toISOString() };
    }
    case 'DURATION': {
      const text = draft.trim();
      if (parseDuration(text) === undefined) {
        return { ok: false, error: `"${draft}" is not an ISO-8601 duration (days, hours, minutes, seconds: e.g. PT30M, P1DT2H, PT0.5S).` };
      }
      return { ok: true, value: text.toUpperCase() };
    }
    case 'JSON': {
      const parsed = parseJsonWithPosition(draft);
      if (!parsed.ok) return { ok: false, error: formatJsonProblem(parsed.problem) };
      if (parsed.value === null || typeof parsed.value !== 'object') {
        return { ok: false, error: 'A JSON value must be an object or an array; use the matching type for a single string, number or boolean.' };
      }
      return { ok: true, value: parsed.value };
    }
  }
}

/** The editor text for a stored value (to edit it). */
export function kvValueToDraft(type: KvType, value: unknown): string {
  if (type === 'JSON') return JSON.stringify(value, null, 2);
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A one-line preview for lists. */
export function previewKvValue(type: KvType, value: unknown, maxLength = 120): string {
  const text = type === 'JSON' || (typeof value === 'object' && value !== null) ? JSON.stringify(value) : type === 'STRING' ? JSON.stringify(value) : String(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

/** Checks a value as it arrives from a file (imports): right JS type for the declared KV type. */
export function checkNaturalValue(type: KvType, value: unknown): KvCheck {
  switch (type) {
    case 'STRING':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, error: 'a STRING value must be a JSON string' };
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, error: 'a NUMBER value must be a JSON number' };
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, error: 'a BOOLEAN value must be true or false' };
    case 'JSON':
      return value !== null && typeof value === 'object' ? { ok: true, value } : { ok: false, error: 'a JSON value must be an object or an array' };
    case 'DATE':
    case 'DATETIME':
    case 'DURATION':
      if (typeof value !== 'string') return { ok: false, error: `a ${type} value must be a string` };
      return parseKvDraft(type, value);
  }
}

/** Deep equality for JSON-shaped values (import previews). */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => sameJsonValue(item, other[index]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(b as object, k) && sameJsonValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

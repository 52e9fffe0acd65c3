// Turns a typed KV value into the text body Kestra's PUT /kv/{key} expects. Kestra reads the body
// with an Ion reader (a JSON superset), so the encoding decides the stored type: strings are
// JSON-quoted (the text `123` unquoted would be stored as a NUMBER), dates go unquoted. This
// mirrors what Kestra's own UI sends.
import type { KvType } from '../contract/kestra-model';
import { isDuration } from '../../shared/iso-duration';
import { KestraError } from './kestra-error';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function invalid(message: string): KestraError {
  return new KestraError('validation', message, { fieldErrors: [{ path: 'value', message }] });
}

export function encodeKvValue(type: KvType, value: unknown): string {
  switch (type) {
    case 'STRING':
      if (typeof value !== 'string') throw invalid('A STRING value must be text.');
      return JSON.stringify(value);
    case 'NUMBER': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid('A NUMBER value must be a finite number.');
      return String(n);
    }
    case 'BOOLEAN':
      if (typeof value === 'boolean') return String(value);
      if (value === 'true' || value === 'false') return value;
      throw invalid('A BOOLEAN value must be true or false.');
    case 'DATE':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) throw invalid('A DATE value looks like 2024-12-31.');
      return value;
    case 'DATETIME': {
      const date = typeof value === 'string' ? new Date(value) : value instanceof Date ? value : undefined;
      if (!date || Number.isNaN(date.getTime())) throw invalid('A DATETIME value must be an ISO date and time, e.g. 2024-12-31T23:59:00Z.');
      return date.toISOString();
    }
    case 'DURATION':
      if (typeof value !== 'string' || !isDuration(value)) throw invalid('A DURATION value is an ISO-8601 duration of days, hours, minutes and seconds, e.g. PT5M or P1D.');
      return value.trim();
    case 'JSON': {
      if (value === undefined) throw invalid('A JSON value is required.');
      let text: string;
      try {
        text = JSON.stringify(value);
      } catch {
        throw invalid('The JSON value cannot be serialised.');
      }
      return text;
    }
    default:
      throw invalid(`Unknown KV type ${String(type)}.`);
  }
}

/** Header values must be Latin-1 without line breaks; Kestra reads `ttl` and `description` raw. */
export function checkHeaderText(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new KestraError('validation', `The ${name} must be a single line.`, { fieldErrors: [{ path: name, message: 'No line breaks' }] });
  if (/[^\u0020-\u00ff]/.test(value)) {
    throw new KestraError('validation', `The ${name} can only use Latin-1 characters (Kestra reads it from an HTTP header).`, { fieldErrors: [{ path: name, message: 'Latin-1 only' }] });
  }
  return value;
}

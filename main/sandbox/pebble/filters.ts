// Filters: Pebble's core set as customised by Kestra (ExtensionCustomizer drops `escape` and `raw`,
// renames `numberformat` to `numberFormat`, replaces `replace`) plus Kestra's own
// (core/src/main/java/io/kestra/core/runners/pebble/filters/*, registered in Extension.java).
// Argument names and order, null handling and error messages follow those classes.

import { createHash } from 'node:crypto';
import { stringify as yamlStringify } from 'yaml';
import { jqFilter, toIonFilter } from './data-extensions';
import { formatWithArgs, toZoned, zoneArg } from './dates';
import { DateTimeError, epochNanos, plus } from './java-time';
import { JavaTextError, createNumber, decimalFormat, javaReplaceAll, javaSplit, slugify, titleCaseChar, urlDecode, urlEncode } from './java-text';
import { toJson } from './json';
import type { Args, FilterDefinition, Invocation } from './runtime';
import {
  MapEntry,
  getKey,
  isDouble,
  isMap,
  isNumber,
  isJavaWhitespace,
  javaClassName,
  javaEquals,
  javaToString,
  javaTrim,
  makeDouble,
  newMap,
  setKey,
  toJsNumber,
  unbox,
} from './values';

function castError(value: unknown, target: string): string {
  return `class ${javaClassName(value)} cannot be cast to class ${target}`;
}

function asString(value: unknown, call: Invocation): string {
  if (typeof value !== 'string') return call.fail(castError(value, 'java.lang.String'));
  return value;
}

function longArg(args: Args, name: string, call: Invocation, required: string): number {
  const value = args.get(name);
  if (value === null || value === undefined) return call.fail(required);
  if (!isNumber(value) || isDouble(value)) return call.fail(castError(value, 'java.lang.Long'));
  return toJsNumber(value);
}

function optionalStringArg(args: Args, name: string, call: Invocation): string | null {
  const value = args.get(name);
  if (value === null || value === undefined) return null;
  return asString(value, call);
}

function isWhitespaceOnly(text: string): boolean {
  return javaTrim(text) === '';
}

/** EmptyTest, shared by the `default` filter. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return isWhitespaceOnly(value);
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

function hash(algorithm: string) {
  return (input: unknown, _args: Args, call: Invocation): unknown => {
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') return call.fail('Need a string to hash');
    return createHash(algorithm).update(input, 'utf8').digest('hex');
  };
}

function compareForSort(a: unknown, b: unknown, call: Invocation): number {
  if (isNumber(a) && isNumber(b)) return toJsNumber(a) - toJsNumber(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return call.fail(castError(a, javaClassName(b)));
}

function mapDeep(value: unknown, transform: (text: string) => string): unknown {
  if (isMap(value)) {
    const result = newMap();
    for (const key of Object.keys(value)) setKey(result, key, mapDeep(value[key], transform));
    return result;
  }
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, transform));
  return transform(javaToString(value));
}

function substringFilter(name: string, pick: (text: string, separator: string) => string): FilterDefinition {
  return {
    args: ['separator'],
    apply(input, args, call) {
      if (input === null || input === undefined) return null;
      if (!args.has('separator')) return call.fail(`The '${name}' filter expects an argument 'separator'.`);
      return pick(javaToString(input), asString(args.get('separator'), call));
    },
  };
}

function indentFilter(name: 'indent' | 'nindent'): FilterDefinition {
  return {
    args: ['amount', 'prefix'],
    apply(input, args, call) {
      if (input === null || input === undefined) return null;
      const text = javaToString(input);
      if (text === '') return text;
      if (!args.has('amount')) return call.fail(`The '${name}' filter expects an integer as argument 'amount'.`);
      const amount = longArg(args, 'amount', call, `The '${name}' filter expects an integer as argument 'amount'.`);
      if (amount < 0) return call.fail(`The '${name}' filter expects a positive integer >=0 as argument 'amount'.`);
      const prefix = args.has('prefix') ? asString(args.get('prefix'), call) : ' ';
      // AbstractIndent.getLineSeparator: the input's own line separator.
      const newLine = text.includes('\r\n') ? '\r\n' : text.includes('\n\r') ? '\n\r' : text.includes('\n') ? '\n' : text.includes('\r') ? '\r' : '\n';
      const lines = text.split(newLine).length + (name === 'nindent' ? 1 : 0);
      if (prefix.length * amount * lines > call.run.limits.maxOutputLength) return call.fail(`The '${name}' filter would exceed the maximum rendered size`, 'limit');
      const indentation = newLine + prefix.repeat(amount);
      return name === 'indent' ? text.split(newLine).join(indentation) : (newLine + text).split(newLine).join(indentation);
    },
  };
}

function timestampFilter(convert: (nanos: bigint) => unknown): FilterDefinition {
  return {
    args: ['timeZone', 'existingFormat'],
    apply(input, args, call) {
      if (input === null || input === undefined) return null;
      return convert(epochNanos(toZoned(input, zoneArg(args, call), args, call)));
    },
  };
}

function bigToLong(value: bigint): number | bigint {
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

function unsupported(name: string, kind: 'filter' | 'function'): { call(): never; apply(): never } {
  const fail = (): never => {
    throw new JavaTextError(`The '${name}' ${kind} is not supported by the local sandbox`);
  };
  return { call: fail, apply: fail };
}

const toJsonFilter: FilterDefinition = {
  args: ['includeNulls'],
  apply(input, args, call) {
    if (input === null || input === undefined) return 'null';
    try {
      return toJson(input, args.get('includeNulls') === true);
    } catch (error) {
      return call.fail(`Unable to transform to json value '${javaToString(input)}' with type '${javaClassName(input)}'`, 'evaluation', error);
    }
  },
};

export const FILTERS: ReadonlyMap<string, FilterDefinition> = new Map<string, FilterDefinition>([
  // ----- Pebble core
  [
    'abbreviate',
    {
      args: ['length'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        const value = asString(input, call);
        const maxWidth = longArg(args, 'length', call, "The 'abbreviate' filter expects an argument 'length'.");
        if (maxWidth < 0) return call.fail('Invalid argument to abbreviate filter; must be greater than zero');
        if (value.length < maxWidth || value.length <= 3) return value;
        if (maxWidth <= 3) return value.slice(0, maxWidth);
        return `${value.slice(0, Math.max(0, maxWidth - 3))}...`;
      },
    },
  ],
  [
    'abs',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return call.fail('Can not pass null value to "abs" filter.');
        if (!isNumber(input)) return call.fail("The 'abs' filter does require as input a number.");
        if (typeof input === 'bigint') return input < 0n ? -input : input;
        const value = Math.abs(toJsNumber(input));
        return isDouble(input) ? makeDouble(value) : value;
      },
    },
  ],
  [
    'base64decode',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        const text = asString(input, call);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return call.fail('Illegal base64 character in the input');
        return Buffer.from(text, 'base64').toString('utf8');
      },
    },
  ],
  [
    'base64encode',
    {
      args: null,
      apply(input) {
        if (input === null || input === undefined) return null;
        return Buffer.from(javaToString(input), 'utf8').toString('base64');
      },
    },
  ],
  [
    'capitalize',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        const value = asString(input, call);
        let index = 0;
        while (index < value.length && isJavaWhitespace(value.charCodeAt(index))) index += 1;
        if (index >= value.length) return value;
        return value.slice(0, index) + titleCaseChar(value[index]!) + value.slice(index + 1);
      },
    },
  ],
  [
    'default',
    {
      args: ['default'],
      toleratesMissingInput: true,
      apply(input, args) {
        return isEmptyValue(input) ? (args.get('default') ?? null) : input;
      },
    },
  ],
  [
    'first',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (typeof input === 'string') {
          if (input.length === 0) return call.fail('Index 0 out of bounds for length 0');
          return input[0];
        }
        if (!Array.isArray(input)) return call.fail(castError(input, 'java.util.Collection'));
        return input.length > 0 ? (input[0] ?? null) : null;
      },
    },
  ],
  [
    'join',
    {
      args: ['separator'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        if (!Array.isArray(input)) return call.fail("The 'join' filter expects that the input is either a collection or an array.");
        const glue = optionalStringArg(args, 'separator', call) ?? '';
        return input.map((item) => javaToString(item)).join(glue);
      },
    },
  ],
  [
    'last',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (typeof input === 'string') {
          if (input.length === 0) return call.fail('Index -1 out of bounds for length 0');
          return input[input.length - 1];
        }
        if (!Array.isArray(input)) return call.fail(castError(input, 'java.util.Collection'));
        return input.length > 0 ? (input[input.length - 1] ?? null) : null;
      },
    },
  ],
  [
    'length',
    {
      args: null,
      apply(input) {
        if (typeof input === 'string' || Array.isArray(input)) return input.length;
        if (isMap(input)) return Object.keys(input).length;
        return 0;
      },
    },
  ],
  [
    'lower',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : javaToString(input).toLowerCase();
      },
    },
  ],
  [
    'upper',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : javaToString(input).toUpperCase();
      },
    },
  ],
  [
    'merge',
    {
      args: ['items'],
      apply(input, args, call) {
        const items = args.get('items') ?? null;
        if (input === null || input === undefined) {
          if (items === null) return call.fail('The two arguments to be merged are null');
          return items;
        }
        if (items === null) return input;
        if (isMap(input)) {
          const result = newMap();
          for (const key of Object.keys(input)) setKey(result, key, input[key]);
          if (isMap(items)) for (const key of Object.keys(items)) setKey(result, key, items[key]);
          else if (Array.isArray(items)) for (const item of items) setKey(result, javaToString(item), item);
          else return call.fail(`Currently, only Maps and Lists can be merged with a Map. Arg2: ${javaClassName(items)}`);
          return result;
        }
        if (Array.isArray(input)) {
          if (Array.isArray(items)) return [...input, ...items];
          if (isMap(items)) return [...input, ...Object.keys(items).map((key) => new MapEntry(key, getKey(items, key)))];
          return call.fail(`Currently, only Maps and Lists can be merged with a List. Arg2: ${javaClassName(items)}`);
        }
        return call.fail('The object being filtered is not a Map/List/Array');
      },
    },
  ],
  [
    'nl2br',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : javaToString(input).replace(/\r?\n/g, '<br />');
      },
    },
  ],
  [
    'numberFormat',
    {
      args: ['format'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        if (!isNumber(input)) return call.fail("The input for the 'NumberFormat' filter has to be a number.");
        return decimalFormat(toJsNumber(input), optionalStringArg(args, 'format', call), call.run.locale);
      },
    },
  ],
  [
    'replace',
    {
      args: ['replace_pairs', 'regexp'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        const pairs = args.get('replace_pairs');
        if (pairs === null || pairs === undefined) return call.fail("The argument 'replace_pairs' is required.");
        if (!isMap(pairs)) return call.fail(castError(pairs, 'java.util.Map'));
        const regexp = args.get('regexp') === true;
        const keys = Object.keys(pairs);
        const replaceString = (text: string): string => {
          let data = text;
          for (const key of keys) {
            const replacement = javaToString(pairs[key]);
            data = regexp ? javaReplaceAll(data, key, replacement) : data.split(key).join(replacement);
          }
          return data;
        };
        return isMap(input) || Array.isArray(input) ? mapDeep(input, replaceString) : replaceString(javaToString(input));
      },
    },
  ],
  [
    'reverse',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (!Array.isArray(input)) return call.fail(castError(input, 'java.util.List'));
        return [...input].reverse();
      },
    },
  ],
  [
    'rsort',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (!Array.isArray(input)) return call.fail('Unsupported input type for rsort filter');
        return [...input].sort((a, b) => compareForSort(b, a, call));
      },
    },
  ],
  [
    'sha256',
    {
      args: null,
      apply: hash('sha256'),
    },
  ],
  [
    'slice',
    {
      args: ['fromIndex', 'toIndex'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        const fromArg = args.get('fromIndex') ?? 0;
        if (!isNumber(fromArg)) return call.fail(`Argument fromIndex must be a number. Actual type: ${javaClassName(fromArg)}`);
        const from = Math.trunc(toJsNumber(fromArg));
        if (from < 0) return call.fail('fromIndex must be greater than 0');
        const toArg = args.get('toIndex') ?? null;
        if (toArg !== null && !isNumber(toArg)) return call.fail(`Argument toIndex must be a number. Actual type: ${javaClassName(toArg)}`);
        if (typeof input !== 'string' && !Array.isArray(input)) {
          return call.fail(`Slice filter can only be applied to String, List and array inputs. Actual type was: ${javaClassName(input)}`);
        }
        const length = input.length;
        let to = length;
        if (toArg !== null) {
          to = Math.trunc(toJsNumber(toArg));
          if (to > length) return call.fail(`toIndex must be smaller than input size: ${length}`);
          if (from >= to) return call.fail('toIndex must be greater than fromIndex');
        }
        return input.slice(from, to);
      },
    },
  ],
  [
    'sort',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (!Array.isArray(input)) return call.fail('Unsupported input type for sort filter');
        // Pebble sorts the list in place; a sorted copy leaves the context untouched.
        return [...input].sort((a, b) => compareForSort(a, b, call));
      },
    },
  ],
  [
    'split',
    {
      args: ['delimiter', 'limit'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        const delimiter = args.get('delimiter');
        if (delimiter === null || delimiter === undefined) return call.fail('missing delimiter parameter in split filter');
        const limit = args.get('limit');
        if (limit !== null && limit !== undefined && !isNumber(limit)) return call.fail(castError(limit, 'java.lang.Number'));
        return javaSplit(asString(input, call), asString(delimiter, call), limit === null || limit === undefined ? 0 : Math.trunc(toJsNumber(limit)));
      },
    },
  ],
  [
    'title',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        const value = asString(input, call);
        let result = '';
        let capitalizeNext = true;
        for (const char of value) {
          if (char.length === 1 && isJavaWhitespace(char.charCodeAt(0))) {
            capitalizeNext = true;
            result += char;
          } else if (capitalizeNext) {
            result += titleCaseChar(char);
            capitalizeNext = false;
          } else {
            result += char;
          }
        }
        return result;
      },
    },
  ],
  [
    'trim',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : javaTrim(javaToString(input));
      },
    },
  ],
  [
    'urlencode',
    {
      args: null,
      apply(input, _args, call) {
        return input === null || input === undefined ? null : urlEncode(asString(input, call));
      },
    },
  ],

  // ----- Kestra
  [
    'chunk',
    {
      args: ['size'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        if (!args.has('size')) return call.fail("'chunk' filter expects an argument 'size'.");
        if (!Array.isArray(input)) return call.fail(`'chunk' filter can only be applied to List. Actual type was: ${javaClassName(input)}`);
        const size = args.get('size');
        if (!isNumber(size)) return call.fail(`'chunk' filter argument 'size' must be a number. Actual type was: ${javaClassName(size)}`);
        const step = Math.trunc(toJsNumber(size));
        if (step <= 0) return call.fail(`size (${step}) must be greater than 0`);
        const chunks: unknown[][] = [];
        for (let index = 0; index < input.length; index += step) chunks.push(input.slice(index, index + step));
        return chunks;
      },
    },
  ],
  [
    'className',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : javaClassName(input);
      },
    },
  ],
  [
    'date',
    {
      args: ['format', 'timeZone', 'existingFormat', 'locale'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        return formatWithArgs(toZoned(input, zoneArg(args, call), args, call), args, call);
      },
    },
  ],
  [
    'dateAdd',
    {
      args: ['amount', 'unit', 'format', 'timeZone', 'existingFormat', 'locale'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        const amount = longArg(args, 'amount', call, "The 'dateAdd' filter expects an argument 'amount'.");
        const unit = args.get('unit');
        if (unit === null || unit === undefined) return call.fail("The 'dateAdd' filter expects an argument 'unit'.");
        const date = toZoned(input, zoneArg(args, call), args, call);
        let shifted;
        try {
          shifted = plus(date, amount, asString(unit, call));
        } catch (error) {
          if (error instanceof DateTimeError) return call.fail(error.message, 'evaluation', error);
          throw error;
        }
        return formatWithArgs(shifted, args, call);
      },
    },
  ],
  ['timestamp', timestampFilter((nanos) => bigToLong(floorDiv(nanos, 1_000_000_000n)))],
  ['timestampMilli', timestampFilter((nanos) => bigToLong(floorDiv(nanos, 1_000_000n)))],
  // TimestampMicroFilter returns SECONDS.toNanos(epochSecond) + NANOSECONDS.toMicros(nano) as a string.
  ['timestampMicro', timestampFilter((nanos) => (floorDiv(nanos, 1_000_000_000n) * 1_000_000_000n + (nanos - floorDiv(nanos, 1_000_000_000n) * 1_000_000_000n) / 1000n).toString())],
  ['timestampNano', timestampFilter((nanos) => bigToLong(nanos))],
  [
    'distinct',
    {
      args: null,
      apply(input, _args, call) {
        // DistinctFilter returns the string "null" for a null input.
        if (input === null || input === undefined) return 'null';
        if (!Array.isArray(input)) return call.fail(`Input must be a list, but received : ${javaClassName(input)}`);
        const result: unknown[] = [];
        for (const item of input) if (!result.some((kept) => javaEquals(kept, item))) result.push(item);
        return result;
      },
    },
  ],
  [
    'endsWith',
    {
      args: ['value'],
      apply(input, args, call) {
        if (input === null || input === undefined) return call.fail("The 'endsWith' filter cannot be applied to null");
        return javaToString(input).endsWith(javaToString(args.get('value')));
      },
    },
  ],
  [
    'escapeChar',
    {
      args: ['type'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        if (!args.has('type')) return call.fail("The 'escapeChar' filter expects an argument 'type'.");
        const type = String(args.get('type')).toLowerCase();
        const escape: Record<string, (text: string) => string> = {
          single: (text) => text.split("'").join("\\'"),
          double: (text) => text.split('"').join('\\"'),
          shell: (text) => text.split("'").join("'\\''"),
        };
        const transform = escape[type];
        if (!transform || typeof args.get('type') !== 'string') {
          return call.fail("The 'escapeChar' filter expects the value of 'type' to be either 'single', 'double', or 'shell'.");
        }
        return isMap(input) || Array.isArray(input) ? mapDeep(input, transform) : transform(javaToString(input));
      },
    },
  ],
  [
    'flatten',
    {
      args: [],
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (!Array.isArray(input)) return call.fail("The 'flatten' filter can only be applied to lists.");
        return input.flatMap((item) => (Array.isArray(item) ? item : [item]));
      },
    },
  ],
  ['indent', indentFilter('indent')],
  ['nindent', indentFilter('nindent')],
  [
    'json',
    {
      args: ['includeNulls'],
      apply(input, args, call) {
        call.run.options.onWarning?.("The 'json' filter is deprecated, please use 'toJson' instead");
        return toJsonFilter.apply(input, args, call);
      },
    },
  ],
  ['toJson', toJsonFilter],
  [
    'keys',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (isMap(input)) return Object.keys(input);
        if (Array.isArray(input)) return input.map((_item, index) => index);
        return call.fail(`'keys' filter can only be applied to List, Map, Array. Actual type was: ${javaClassName(input)}`);
      },
    },
  ],
  [
    'values',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return null;
        if (isMap(input)) return Object.keys(input).map((key) => getKey(input, key));
        return call.fail(`'values' filter can only be applied to Map. Actual type was: ${javaClassName(input)}`);
      },
    },
  ],
  [
    'md5',
    {
      args: null,
      apply: hash('md5'),
    },
  ],
  [
    'sha1',
    {
      args: null,
      apply: hash('sha1'),
    },
  ],
  [
    'sha512',
    {
      args: null,
      apply: hash('sha512'),
    },
  ],
  [
    'number',
    {
      args: ['type'],
      apply(input, args, call) {
        if (input === null || input === undefined) return null;
        if (typeof input !== 'string') return call.fail(`'number' filter can only be applied to String. Actual type was: ${javaClassName(input)}`);
        const type = args.get('type') ?? '';
        const parsed = createNumber(input, typeof type === 'string' ? type : javaToString(type));
        return parsed.double ? makeDouble(parsed.value) : parsed.value;
      },
    },
  ],
  [
    'slugify',
    {
      args: null,
      apply(input) {
        return input === null || input === undefined ? null : slugify(javaToString(input));
      },
    },
  ],
  [
    'startsWith',
    {
      args: ['value'],
      apply(input, args, call) {
        if (input === null || input === undefined) return call.fail("The 'startsWith' filter cannot be applied to null");
        return javaToString(input).startsWith(javaToString(args.get('value')));
      },
    },
  ],
  // commons-lang StringUtils semantics: an empty separator and a missing separator differ per side.
  ['substringBefore', substringFilter('substringBefore', (text, sep) => (sep === '' ? '' : text.includes(sep) ? text.slice(0, text.indexOf(sep)) : text))],
  ['substringBeforeLast', substringFilter('substringBeforeLast', (text, sep) => (sep === '' || !text.includes(sep) ? text : text.slice(0, text.lastIndexOf(sep))))],
  ['substringAfter', substringFilter('substringAfter', (text, sep) => (sep === '' ? text : text.includes(sep) ? text.slice(text.indexOf(sep) + sep.length) : ''))],
  [
    'substringAfterLast',
    substringFilter('substringAfterLast', (text, sep) => {
      if (sep === '') return '';
      const index = text.lastIndexOf(sep);
      return index < 0 || index === text.length - sep.length ? '' : text.slice(index + sep.length);
    }),
  ],
  [
    'urldecode',
    {
      args: null,
      apply(input, _args, call) {
        return input === null || input === undefined ? null : urlDecode(asString(input, call));
      },
    },
  ],
  [
    'yaml',
    {
      args: null,
      apply(input, _args, call) {
        if (input === null || input === undefined) return 'null';
        try {
          // YamlFilter: MINIMIZE_QUOTES, no document marker, no line splitting, indented sequences.
          return yamlStringify(unbox(input), { lineWidth: 0, indentSeq: true });
        } catch (error) {
          return call.fail(`Unable to transform to yaml value '${javaToString(input)}' with type '${javaClassName(input)}'`, 'evaluation', error);
        }
      },
    },
  ],
  ['jq', jqFilter],
  ['toIon', toIonFilter],
]);

function floorDiv(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor !== 0n && value < 0n ? quotient - 1n : quotient;
}

export { unsupported };

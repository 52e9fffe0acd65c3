// The value model: how Pebble's Java types live in JavaScript, and the operations that depend on them.
//
// Pebble keeps Long and Double apart: `{{ 10 / 4 }}` is 2 (long division) while `{{ 10 / 4.0 }}` is
// 2.5, and a double prints with Java's Double.toString ("5.0", "1.0E7"). JavaScript has one number
// type, so: an integral JS number is a Long, a non-integral one is a Double, and an *integral* Double
// (the only ambiguous case, e.g. the literal `1.0` or `2.5 * 2`) is boxed as PebbleDouble. Values
// coming from the caller's context follow the same rule, which is what Jackson does with JSON
// numbers (`1` is an Integer, `1.5` a Double); only a JSON `1.0` loses its ".0" on the way in.
// Operators: io.pebbletemplates.pebble.utils.OperatorUtils (wideningConversionBinaryOperation).

export class PebbleDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return javaDoubleToString(this.value);
  }
}

/** A Java Map.Entry: what `{% for e in map %}` iterates over (`e.key`, `e.value`). */
export class MapEntry {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}

export type PebbleMap = Record<string, unknown>;

export function isNumber(value: unknown): value is number | PebbleDouble | bigint {
  return typeof value === 'number' || value instanceof PebbleDouble || typeof value === 'bigint';
}

export function isDouble(value: unknown): boolean {
  return value instanceof PebbleDouble || (typeof value === 'number' && !Number.isInteger(value));
}

export function toJsNumber(value: number | PebbleDouble | bigint): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return value.value;
}

/** A Java double result: boxed when integral so it keeps printing as "5.0". */
export function makeDouble(value: number): number | PebbleDouble {
  return Number.isInteger(value) ? new PebbleDouble(value) : value;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/**
 * A map the template can index by key: plain objects (from JSON, YAML and map literals). Instances
 * of classes (Map, Buffer, …) are opaque values, so rendering never reshapes them.
 */
export function isMap(value: unknown): value is PebbleMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own-property lookup only, so a template can never reach `constructor`, `__proto__` or other prototype members. */
export function hasKey(map: PebbleMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

export function getKey(map: PebbleMap, key: string): unknown {
  const value = map[key];
  return value === undefined ? null : value;
}

export function newMap(): PebbleMap {
  return {};
}

/** Assigns without ever touching the prototype, even for a key named "__proto__". */
export function setKey(map: PebbleMap, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}

/** Java's Double.toString: "1.0", "0.001", "1.0E7", "1.234E-5". */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

export function javaLongToString(value: number): string {
  if (Math.abs(value) < 1e21) return String(value === 0 ? 0 : value);
  return BigInt(value).toString();
}

export function numberToString(value: number | PebbleDouble | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PebbleDouble) return javaDoubleToString(value.value);
  return Number.isInteger(value) ? javaLongToString(value) : javaDoubleToString(value);
}

/** Instant.toString(): ISO-8601 in UTC, fraction only when non-zero, in groups of three digits. */
export function instantToString(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

const MAX_TO_STRING_DEPTH = 64;

/** Java's String.valueOf / toString(): what `~`, `join` and most string filters see. */
export function javaToString(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isNumber(value)) return numberToString(value);
  if (depth > MAX_TO_STRING_DEPTH) return '...';
  if (Array.isArray(value)) return `[${value.map((item) => javaToString(item, depth + 1)).join(', ')}]`;
  if (value instanceof MapEntry) return `${javaToString(value.key, depth + 1)}=${javaToString(value.value, depth + 1)}`;
  if (value instanceof Date) return instantToString(value);
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'object') {
    const parts = Object.keys(value).map((key) => `${key}=${javaToString((value as PebbleMap)[key], depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

/** A best-effort Java class name, for error messages and the `className` filter. */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'bigint') return 'java.math.BigInteger';
  if (isDouble(value)) return 'java.lang.Double';
  if (typeof value === 'number') return Math.abs(value) <= 2147483647 ? 'java.lang.Integer' : 'java.lang.Long';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof MapEntry) return 'java.util.AbstractMap$SimpleEntry';
  if (value instanceof Date) return 'java.time.Instant';
  return 'java.util.LinkedHashMap';
}

export function javaSimpleClassName(value: unknown): string {
  const name = javaClassName(value);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Java's Character.isWhitespace, used by Pebble's whitespace control and ltrim/rtrim. */
export function isJavaWhitespace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)) return true;
  if (code < 0x80) return false;
  if (code === 0xa0 || code === 0x2007 || code === 0x202f) return false;
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x205f || code === 0x3000;
}

export function javaLtrim(text: string): string {
  let start = 0;
  while (start < text.length && isJavaWhitespace(text.charCodeAt(start))) start += 1;
  return text.slice(start);
}

export function javaRtrim(text: string): string {
  let end = text.length;
  while (end > 0 && isJavaWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** Java's String.trim(): strips code points <= U+0020 only (not NBSP or other Unicode spaces). */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

/** Java's Objects.equals on the values Pebble sees (Long(1) is not Double(1.0) inside collections). */
export function javaEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (isNumber(a) && isNumber(b)) return isDouble(a) === isDouble(b) && toJsNumber(a) === toJsNumber(b);
  if (typeof a !== 'object' || typeof b !== 'object' || depth > MAX_TO_STRING_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => javaEquals(item, b[index], depth + 1));
  }
  if (a instanceof MapEntry) return b instanceof MapEntry && javaEquals(a.key, b.key, depth + 1) && javaEquals(a.value, b.value, depth + 1);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => hasKey(b, key) && javaEquals(a[key], b[key], depth + 1));
}

/** `==`: numbers compare by value across Long/Double (OperatorUtils.equals), everything else by equals(). */
export function pebbleEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return toJsNumber(a) === toJsNumber(b);
  return javaEquals(a, b);
}

export class OperandError extends Error {}

export type ComparisonName = 'GREATER_THAN' | 'GREATER_THAN_EQUALS' | 'LESS_THAN' | 'LESS_THAN_EQUALS';

/**
 * `<`, `<=`, `>`, `>=`. Kestra overrides Pebble's comparisons to also compare two strings
 * (core/.../runners/pebble/expression/GreaterThanExpression.java); a null operand is false.
 */
export function compareValues(a: unknown, b: unknown, comparison: ComparisonName): boolean {
  let result: number;
  if (typeof a === 'string' && typeof b === 'string') {
    result = a < b ? -1 : a > b ? 1 : 0;
  } else {
    if (a === null || a === undefined || b === null || b === undefined) return false;
    if (!isNumber(a) || !isNumber(b)) throw new OperandError(`invalid operands for mathematical comparison [${comparison}]`);
    const x = toJsNumber(a);
    const y = toJsNumber(b);
    result = x < y ? -1 : x > y ? 1 : 0;
  }
  switch (comparison) {
    case 'GREATER_THAN':
      return result > 0;
    case 'GREATER_THAN_EQUALS':
      return result >= 0;
    case 'LESS_THAN':
      return result < 0;
    case 'LESS_THAN_EQUALS':
      return result <= 0;
  }
}

export type ArithmeticName = 'ADD' | 'SUBTRACT' | 'MULTIPLICATION' | 'DIVISION' | 'MODULUS';

export function arithmetic(a: unknown, b: unknown, operation: ArithmeticName): number | PebbleDouble {
  if (!isNumber(a) || !isNumber(b)) throw new OperandError(`invalid operands for mathematical operation [${operation}]`);
  const x = toJsNumber(a);
  const y = toJsNumber(b);
  if (isDouble(a) || isDouble(b)) {
    switch (operation) {
      case 'ADD':
        return makeDouble(x + y);
      case 'SUBTRACT':
        return makeDouble(x - y);
      case 'MULTIPLICATION':
        return makeDouble(x * y);
      case 'DIVISION':
        return makeDouble(x / y);
      case 'MODULUS':
        return makeDouble(x % y);
    }
  }
  let result: number;
  switch (operation) {
    case 'ADD':
      result = x + y;
      break;
    case 'SUBTRACT':
      result = x - y;
      break;
    case 'MULTIPLICATION':
      result = x * y;
      break;
    case 'DIVISION':
      if (y === 0) throw new OperandError('/ by zero');
      result = Math.trunc(x / y);
      break;
    case 'MODULUS':
      if (y === 0) throw new OperandError('/ by zero');
      result = x % y;
      break;
  }
  return result === 0 ? 0 : result;
}

/** `+`: string concatenation when either side is a string, list append, otherwise numbers. */
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' || typeof b === 'string') return javaToString(a) + javaToString(b);
  // Pebble appends to the left list in place; a copy keeps the caller's context untouched.
  if (Array.isArray(a)) return Array.isArray(b) ? [...a, ...b] : [...a, b];
  return arithmetic(a, b, 'ADD');
}

export function subtract(a: unknown, b: unknown): unknown {
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return a.filter((item) => !b.some((other) => javaEquals(item, other)));
    const index = a.findIndex((item) => javaEquals(item, b));
    return index < 0 ? [...a] : [...a.slice(0, index), ...a.slice(index + 1)];
  }
  return arithmetic(a, b, 'SUBTRACT');
}

/** TypeUtils.compatibleCast(value, Boolean.class) for Boolean, Number and String; null for anything else. */
export function castToBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) {
    const n = toJsNumber(value);
    return !Number.isNaN(n) && n !== 0;
  }
  if (typeof value === 'string') return value.length > 0;
  return null;
}

/** Deep copy that replaces the internal boxes with plain JavaScript values, for typed results. */
export function unbox(value: unknown, depth = 0): unknown {
  if (value instanceof PebbleDouble) return value.value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 256) return value;
  if (value instanceof MapEntry) {
    const entry = newMap();
    setKey(entry, javaToString(value.key), unbox(value.value, depth + 1));
    return entry;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      const converted = unbox(item, depth + 1);
      if (converted !== item && copy === null) copy = value.slice(0, index);
      if (copy !== null) copy.push(converted);
    }
    return copy ?? value;
  }
  const map = value as PebbleMap;
  let copy: PebbleMap | null = null;
  const keys = Object.keys(map);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    const item = map[key];
    const converted = unbox(item, depth + 1);
    if (converted !== item && copy === null) {
      copy = newMap();
      for (let previous = 0; previous < index; previous += 1) setKey(copy, keys[previous]!, map[keys[previous]!]);
    }
    if (copy !== null) setKey(copy, key, converted);
  }
  return copy ?? value;
}

// JSON the way Kestra's Jackson mapper writes and reads it.
//
// Writing (JacksonMapper.ofJson(), used by `{{ map }}`, `toJson` and `json`): compact, map entries
// whose value is null are left out (`setSerializationInclusion(NON_NULL)`; ToJsonFilter's
// `includeNulls=true` keeps them), doubles print with Java's Double.toString ("1.0"), dates as ISO-8601.
// Reading (`fromJson`): integral numbers become Long, numbers with a fraction or exponent become
// Double, so `fromJson('{"a": 1.0}').a` still prints "1.0" as in Kestra.

import {
  MapEntry,
  type PebbleDouble,
  instantToString,
  isNumber,
  javaDoubleToString,
  javaToString,
  makeDouble,
  newMap,
  numberToString,
  setKey,
  toJsNumber,
  type PebbleMap,
} from './values';

const MAX_DEPTH = 1000;

export class JsonDepthError extends Error {}

export function toJson(value: unknown, includeNulls = false): string {
  return write(value, includeNulls, 0);
}

function writeNumber(value: number | PebbleDouble | bigint): string {
  // Jackson quotes non-finite doubles (JsonWriteFeature.WRITE_NAN_AS_STRINGS is on by default).
  const n = toJsNumber(value);
  if (!Number.isFinite(n) && typeof value !== 'bigint') return `"${javaDoubleToString(n)}"`;
  return numberToString(value);
}

function write(value: unknown, includeNulls: boolean, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isNumber(value)) return writeNumber(value);
  if (depth > MAX_DEPTH) throw new JsonDepthError(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      out += write(value[index], includeNulls, depth + 1);
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(instantToString(value));
  // Jackson writes a Map.Entry as a one-key object.
  if (value instanceof MapEntry) return `{${JSON.stringify(javaToString(value.key))}:${write(value.value, includeNulls, depth + 1)}}`;
  if (typeof value === 'function') return 'null';
  if (typeof value === 'object') {
    const map = value as PebbleMap;
    let out = '{';
    let first = true;
    for (const key of Object.keys(map)) {
      const item = map[key];
      if (!includeNulls && (item === null || item === undefined)) continue;
      if (!first) out += ',';
      first = false;
      out += `${JSON.stringify(key)}:${write(item, includeNulls, depth + 1)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(String(value));
}

export class JsonParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
  }
}

/** Parses JSON text into Pebble values (see the file comment for number types). */
export function parseJson(text: string): unknown {
  const parser = new JsonParser(text);
  parser.skipWhitespace();
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail(`Unexpected character (${parser.describeChar()}): expected end of input`);
  return value;
}

/** Jackson's readTree: the first JSON value of the text; what follows it is ignored (FAIL_ON_TRAILING_TOKENS is off). */
export function parseFirstJson(text: string): unknown {
  const parser = new JsonParser(text);
  parser.skipWhitespace();
  return parser.parseValue(0);
}

class JsonParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index < this.pos && index < this.text.length; index += 1) {
      if (this.text.charCodeAt(index) === 10) {
        line += 1;
        lineStart = index + 1;
      }
    }
    throw new JsonParseError(message, line, this.pos - lineStart + 1);
  }

  describeChar(): string {
    if (this.pos >= this.text.length) return 'end-of-input';
    const char = this.text[this.pos]!;
    return `'${char}' (code ${char.charCodeAt(0)})`;
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) this.pos += 1;
      else break;
    }
  }

  parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`);
    const char = this.text[this.pos];
    switch (char) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
        return this.fail(`Unexpected character (${this.describeChar()}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
    }
  }

  parseLiteral(word: string, value: unknown): unknown {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`Unrecognized token: was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
  }

  parseNumber(): unknown {
    const match = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) return this.fail(`Unexpected character (${this.describeChar()}): expected a digit`);
    this.pos += found[0].length;
    if (found[2] === undefined && found[3] === undefined) {
      const value = Number(found[0]);
      return Number.isSafeInteger(value) ? value : BigInt(found[0]);
    }
    return makeDouble(Number(found[0]));
  }

  parseString(): string {
    this.pos += 1;
    let out = '';
    let chunkStart = this.pos;
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos += 1;
        return out;
      }
      if (code < 0x20) this.fail(`Illegal unquoted character ((CTRL-CHAR, code ${code})): has to be escaped using backslash to be included in string value`);
      if (code === 0x5c) {
        out += this.text.slice(chunkStart, this.pos);
        const escape = this.text[this.pos + 1];
        this.pos += 2;
        switch (escape) {
          case '"':
          case '\\':
          case '/':
            out += escape;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = this.text.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Unexpected character in Unicode escape: expected a hex-digit');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.pos -= 1;
            this.fail(`Unrecognized character escape '${escape ?? ''}'`);
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos += 1;
    }
    return this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
  }

  parseArray(depth: number): unknown[] {
    this.pos += 1;
    const items: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const char = this.text[this.pos];
      if (char === ',') {
        this.pos += 1;
        continue;
      }
      if (char === ']') {
        this.pos += 1;
        return items;
      }
      this.fail(`Unexpected character (${this.describeChar()}): was expecting comma to separate Array entries`);
    }
  }

  parseObject(depth: number): PebbleMap {
    this.pos += 1;
    const map = newMap();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return map;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`Unexpected character (${this.describeChar()}): was expecting double-quote to start field name`);
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`Unexpected character (${this.describeChar()}): was expecting a colon to separate field name and value`);
      this.pos += 1;
      this.skipWhitespace();
      setKey(map, key, this.parseValue(depth + 1));
      this.skipWhitespace();
      const char = this.text[this.pos];
      if (char === ',') {
        this.pos += 1;
        continue;
      }
      if (char === '}') {
        this.pos += 1;
        return map;
      }
      this.fail(`Unexpected character (${this.describeChar()}): was expecting comma to separate Object entries`);
    }
  }
}

// The Java methods Pebble lets templates reach on strings, lists, maps and map entries.
//
// Pebble's DefaultAttributeResolver falls back to reflection: `name.length` calls String.length(),
// `list.size` calls List.size(), `name.toUpperCase()` and `map.get('k')` are method calls. Kestra
// users rely on a handful of these, so they are reproduced here from an explicit allowlist. Nothing
// reaches JavaScript objects' own prototypes: only the names below resolve.
// Property-style access tries the getter names Pebble tries: `x.empty` finds isEmpty().

import { javaMatches, javaReplaceAll, javaReplaceFirst, javaSplit } from './java-text';
import { MapEntry, getKey, hasKey, isDouble, isMap, isNumber, javaEquals, javaToString, javaTrim, toJsNumber, type PebbleMap } from './values';

export class MemberError extends Error {}

type Method = (self: never, args: unknown[]) => unknown;

function int(value: unknown, what: string): number {
  if (!isNumber(value) || isDouble(value)) throw new MemberError(`${what} expects an integer argument`);
  return toJsNumber(value);
}

function str(value: unknown): string {
  return value === null || value === undefined ? 'null' : javaToString(value);
}

function indexCheck(index: number, length: number): void {
  if (index < 0 || index >= length) throw new MemberError(`Index ${index} out of bounds for length ${length}`);
}

function substring(self: string, begin: number, end: number): string {
  if (begin < 0 || end > self.length || begin > end) throw new MemberError(`begin ${begin}, end ${end}, length ${self.length}`);
  return self.slice(begin, end);
}

const STRING_METHODS: Record<string, Method> = {
  length: (self: string) => self.length,
  isEmpty: (self: string) => self.length === 0,
  isBlank: (self: string) => self.trim().length === 0,
  toUpperCase: (self: string) => self.toUpperCase(),
  toLowerCase: (self: string) => self.toLowerCase(),
  trim: (self: string) => javaTrim(self),
  strip: (self: string) => self.trim(),
  stripLeading: (self: string) => self.trimStart(),
  stripTrailing: (self: string) => self.trimEnd(),
  toString: (self: string) => self,
  substring: (self: string, args) => substring(self, int(args[0], 'substring'), args.length > 1 ? int(args[1], 'substring') : self.length),
  charAt: (self: string, args) => {
    const index = int(args[0], 'charAt');
    indexCheck(index, self.length);
    return self[index];
  },
  indexOf: (self: string, args) => self.indexOf(str(args[0]), args.length > 1 ? int(args[1], 'indexOf') : 0),
  lastIndexOf: (self: string, args) => self.lastIndexOf(str(args[0])),
  startsWith: (self: string, args) => self.startsWith(str(args[0])),
  endsWith: (self: string, args) => self.endsWith(str(args[0])),
  equals: (self: string, args) => javaEquals(self, args[0]),
  equalsIgnoreCase: (self: string, args) => typeof args[0] === 'string' && self.toLowerCase() === args[0].toLowerCase(),
  concat: (self: string, args) => self + str(args[0]),
  replace: (self: string, args) => self.split(str(args[0])).join(str(args[1])),
  replaceAll: (self: string, args) => javaReplaceAll(self, str(args[0]), str(args[1])),
  replaceFirst: (self: string, args) => javaReplaceFirst(self, str(args[0]), str(args[1])),
  matches: (self: string, args) => javaMatches(self, str(args[0])),
  split: (self: string, args) => javaSplit(self, str(args[0]), args.length > 1 ? int(args[1], 'split') : 0),
  compareTo: (self: string, args) => {
    const other = str(args[0]);
    return self < other ? -1 : self > other ? 1 : 0;
  },
};

const LIST_METHODS: Record<string, Method> = {
  size: (self: unknown[]) => self.length,
  isEmpty: (self: unknown[]) => self.length === 0,
  get: (self: unknown[], args) => {
    const index = int(args[0], 'get');
    indexCheck(index, self.length);
    return self[index] ?? null;
  },
  // Java 21 SequencedCollection: `list.first` / `list.getFirst()`.
  getFirst: (self: unknown[]) => {
    if (self.length === 0) throw new MemberError('NoSuchElementException');
    return self[0] ?? null;
  },
  getLast: (self: unknown[]) => {
    if (self.length === 0) throw new MemberError('NoSuchElementException');
    return self[self.length - 1] ?? null;
  },
  indexOf: (self: unknown[], args) => self.findIndex((item) => javaEquals(item, args[0])),
  lastIndexOf: (self: unknown[], args) => {
    for (let index = self.length - 1; index >= 0; index -= 1) if (javaEquals(self[index], args[0])) return index;
    return -1;
  },
  subList: (self: unknown[], args) => {
    const from = int(args[0], 'subList');
    const to = int(args[1], 'subList');
    if (from < 0 || to > self.length || from > to) throw new MemberError(`fromIndex: ${from}, toIndex: ${to}, size: ${self.length}`);
    return self.slice(from, to);
  },
  toString: (self: unknown[]) => javaToString(self),
};

const MAP_METHODS: Record<string, Method> = {
  size: (self: PebbleMap) => Object.keys(self).length,
  isEmpty: (self: PebbleMap) => Object.keys(self).length === 0,
  get: (self: PebbleMap, args) => {
    const key = str(args[0]);
    return hasKey(self, key) ? getKey(self, key) : null;
  },
  getOrDefault: (self: PebbleMap, args) => {
    const key = str(args[0]);
    return hasKey(self, key) ? getKey(self, key) : (args[1] ?? null);
  },
  containsKey: (self: PebbleMap, args) => hasKey(self, str(args[0])),
  containsValue: (self: PebbleMap, args) => Object.keys(self).some((key) => javaEquals(self[key], args[0])),
  keySet: (self: PebbleMap) => Object.keys(self),
  values: (self: PebbleMap) => Object.keys(self).map((key) => getKey(self, key)),
  entrySet: (self: PebbleMap) => Object.keys(self).map((key) => new MapEntry(key, getKey(self, key))),
  toString: (self: PebbleMap) => javaToString(self),
};

const ENTRY_METHODS: Record<string, Method> = {
  getKey: (self: MapEntry) => self.key,
  getValue: (self: MapEntry) => self.value,
  toString: (self: MapEntry) => javaToString(self),
};

const SCALAR_METHODS: Record<string, Method> = {
  toString: (self: unknown) => javaToString(self),
  equals: (self: unknown, args) => javaEquals(self, args[0]),
};

function methodsOf(object: unknown): Record<string, Method> | null {
  if (typeof object === 'string') return STRING_METHODS;
  if (Array.isArray(object)) return LIST_METHODS;
  if (object instanceof MapEntry) return ENTRY_METHODS;
  if (isMap(object)) return MAP_METHODS;
  if (typeof object === 'boolean' || isNumber(object)) return SCALAR_METHODS;
  return null;
}

function own(methods: Record<string, Method>, name: string): Method | undefined {
  return Object.prototype.hasOwnProperty.call(methods, name) ? methods[name] : undefined;
}

/**
 * MemberCacheUtils.findMember: with arguments, the method itself; without, the getter names Pebble
 * tries in order (getX, isX, hasX, x). Returns undefined when nothing matches.
 */
export function resolveMember(object: unknown, name: string, args: unknown[] | undefined): { value: unknown } | undefined {
  const methods = methodsOf(object);
  if (!methods || name.length === 0) return undefined;
  if (args !== undefined) {
    const method = own(methods, name);
    return method ? { value: (method as (self: unknown, args: unknown[]) => unknown)(object, args) } : undefined;
  }
  const capitalized = name[0]!.toUpperCase() + name.slice(1);
  for (const candidate of [`get${capitalized}`, `is${capitalized}`, `has${capitalized}`, name]) {
    const method = own(methods, candidate);
    if (method && method.length <= 1) return { value: (method as (self: unknown, args: unknown[]) => unknown)(object, []) };
  }
  return undefined;
}

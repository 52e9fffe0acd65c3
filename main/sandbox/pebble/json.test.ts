import { describe, expect, it } from 'vitest';
import { JsonParseError, parseJson, toJson } from './json';
import { MapEntry, PebbleDouble } from './values';

describe('toJson (Jackson compatible)', () => {
  it('writes compact JSON with Java number formatting', () => {
    expect(toJson({ a: 1, b: new PebbleDouble(2), c: 2.5, d: 1e21, e: 1e-7, f: 'x', g: true })).toBe('{"a":1,"b":2.0,"c":2.5,"d":1000000000000000000000,"e":1.0E-7,"f":"x","g":true}');
  });

  it('drops null map values unless asked, keeps nulls in lists', () => {
    expect(toJson({ a: null, b: undefined, c: [null] })).toBe('{"c":[null]}');
    expect(toJson({ a: null, c: [null] }, true)).toBe('{"a":null,"c":[null]}');
  });

  it('quotes non-finite doubles like Jackson does', () => {
    expect(toJson([Number.NaN, Infinity, -Infinity])).toBe('["NaN","Infinity","-Infinity"]');
  });

  it('writes dates as ISO instants, map entries as one-key objects, big integers exactly', () => {
    expect(toJson([new Date('2024-01-01T00:00:00Z'), new MapEntry('k', 1), 12345678901234567890n])).toBe('["2024-01-01T00:00:00Z",{"k":1},12345678901234567890]');
  });

  it('escapes strings', () => {
    expect(toJson('a"b\\c\n\u0001é')).toBe('"a\\"b\\\\c\\n\\u0001é"');
  });
});

describe('parseJson (fromJson)', () => {
  it('reads integers as longs and decimals as doubles', () => {
    const value = parseJson('{"i": 1, "d": 1.0, "e": 1e2, "f": 1.5, "big": 12345678901234567890, "neg": -3}') as Record<string, unknown>;
    expect(value.i).toBe(1);
    expect(value.d).toEqual(new PebbleDouble(1));
    expect(value.e).toEqual(new PebbleDouble(100));
    expect(value.f).toBe(1.5);
    expect(value.big).toBe(12345678901234567890n);
    expect(value.neg).toBe(-3);
  });

  it('reads strings with every escape', () => {
    expect(parseJson('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"')).toBe('"\\/\b\f\n\r\té');
  });

  it('reports errors with line and column', () => {
    expect(() => parseJson('{\n  "a": tru }')).toThrow(JsonParseError);
    expect(() => parseJson('{\n  "a": tru }')).toThrow(/line 2, column 8/);
    expect(() => parseJson('[1, 2')).toThrow('was expecting comma to separate Array entries');
    expect(() => parseJson('{"a" 1}')).toThrow('was expecting a colon');
    expect(() => parseJson('"unterminated')).toThrow('Unexpected end-of-input');
    expect(() => parseJson('[1] x')).toThrow('expected end of input');
    expect(() => parseJson('01')).toThrow('expected end of input');
  });

  it('keeps "__proto__" as a plain key', () => {
    const value = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

import { describe, expect, it } from 'vitest';
import { parseKvText, readType } from './kv-value';

describe('KV value typing (Ion text, Kestra 1.3)', () => {
  const cases: [string, string, unknown][] = [
    ['"Hello"', 'STRING', 'Hello'],
    ['42', 'NUMBER', 42],
    ['1.5', 'NUMBER', 1.5],
    ['true', 'BOOLEAN', true],
    ['{"a":1}', 'JSON', { a: 1 }],
    ['["a","b"]', 'JSON', ['a', 'b']],
    ['2021-09-01', 'DATE', '2021-09-01'],
    ['2021-09-01T01:02:03Z', 'DATETIME', '2021-09-01T01:02:03Z'],
    ['2021-09-01T01:02:03.500+02:00', 'DATETIME', '2021-08-31T23:02:03.500Z'],
    ['"2021-09-01"', 'STRING', '2021-09-01'],
    ['hello', 'STRING', 'hello'],
    ["'hello world'", 'STRING', 'hello world'],
    ['1_000', 'NUMBER', 1000],
    ['two words', 'STRING', 'two words'],
  ];
  for (const [text, type, value] of cases) {
    it(`reads ${text} as ${type}`, () => {
      expect(parseKvText(text)).toEqual({ type, value });
    });
  }

  it('reports durations as DURATION on read, quoted or not', () => {
    expect(readType(parseKvText('"PT5S"'))).toBe('DURATION');
    expect(readType(parseKvText('PT5S'))).toBe('DURATION');
    expect(readType(parseKvText('P1D'))).toBe('DURATION');
    expect(readType(parseKvText('"PT5 seconds"'))).toBe('STRING');
  });

  it('keeps an invalid date as text', () => {
    expect(parseKvText('2021-02-30')).toEqual({ type: 'STRING', value: '2021-02-30' });
  });
});

import { describe, expect, it } from 'vitest';
import { encodeKvValue } from './kv-encoding';

describe('KV value encoding (what Kestra’s Ion reader stores)', () => {
  it('quotes strings so "123" stays a STRING', () => {
    expect(encodeKvValue('STRING', '123')).toBe('"123"');
    expect(encodeKvValue('STRING', 'multi word "quoted"\n')).toBe('"multi word \\"quoted\\"\\n"');
  });
  it('writes numbers, booleans, dates, durations and JSON as Kestra’s UI does', () => {
    expect(encodeKvValue('NUMBER', 42)).toBe('42');
    expect(encodeKvValue('NUMBER', '1.5')).toBe('1.5');
    expect(encodeKvValue('BOOLEAN', false)).toBe('false');
    expect(encodeKvValue('DATE', '2024-12-31')).toBe('2024-12-31');
    expect(encodeKvValue('DATETIME', '2024-12-31T23:59:00+01:00')).toBe('2024-12-31T22:59:00.000Z');
    expect(encodeKvValue('DURATION', 'PT5M')).toBe('PT5M');
    expect(encodeKvValue('JSON', { a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });
  it('refuses values that do not fit the type', () => {
    expect(() => encodeKvValue('NUMBER', 'abc')).toThrow(/finite number/);
    expect(() => encodeKvValue('NUMBER', Number.NaN)).toThrow();
    expect(() => encodeKvValue('BOOLEAN', 'yes')).toThrow();
    expect(() => encodeKvValue('DATE', '2024-13-45')).toThrow();
    expect(() => encodeKvValue('DATETIME', 'tomorrow')).toThrow();
    expect(() => encodeKvValue('DURATION', '5 minutes')).toThrow();
    expect(() => encodeKvValue('STRING', 5)).toThrow();
  });
});

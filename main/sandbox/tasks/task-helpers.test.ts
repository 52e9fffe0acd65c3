import { describe, expect, it } from 'vitest';
import { resolveValues } from './core/flow/for-each';
import { subflowState } from './core/flow/subflow';
import { typedKvValue } from './core/kv/kv-tasks';
import { globToRegExp } from './scripts/glob';
import { consumeLine } from './scripts/process-runner';
import type { TaskLogger } from './task-definition';

describe('ForEach values', () => {
  const render = (t: string) => t.replace('{{ x }}', 'X');
  it('reads JSON strings and YAML lists, distinct, non-strings as JSON', () => {
    expect(resolveValues('["a", "b", "a"]', render, (t) => t)).toEqual(['a', 'b']);
    expect(resolveValues(['{{ x }}', 1, { k: 'v' }], render, (t) => t)).toEqual(['X', '1', '{"k":"v"}']);
    expect(resolveValues('{{ list }}', render, () => [1, 2])).toEqual(['1', '2']);
  });
  it('refuses nulls and non-arrays with clear messages', () => {
    expect(() => resolveValues('[1, null]', render, (t) => t)).toThrow("Found '1' null values on Each");
    expect(() => resolveValues('{"a": 1}', render, (t) => t)).toThrow('The ForEach values must be an array');
    expect(() => resolveValues('nope', render, (t) => t)).toThrow('Unable to read the ForEach values as a JSON array');
  });
});

describe('Subflow state (ExecutableUtils.guessState)', () => {
  it('passes failures on only with transmitFailed, honouring allowFailure/allowWarning', () => {
    expect(subflowState('FAILED', true, false, false)).toBe('FAILED');
    expect(subflowState('FAILED', false, false, false)).toBe('SUCCESS');
    expect(subflowState('FAILED', true, true, false)).toBe('WARNING');
    expect(subflowState('FAILED', true, true, true)).toBe('SUCCESS');
    expect(subflowState('KILLED', true, false, false)).toBe('KILLED');
    expect(subflowState('SUCCESS', true, false, false)).toBe('SUCCESS');
  });
});

describe('KV task typing', () => {
  it('infers types from rendered values, converts with kvType, refuses bad conversions', () => {
    expect(typedKvValue(3, undefined)).toEqual({ type: 'NUMBER', value: 3 });
    expect(typedKvValue('3', undefined)).toEqual({ type: 'STRING', value: '3' });
    expect(typedKvValue('3', 'NUMBER')).toEqual({ type: 'NUMBER', value: 3 });
    expect(typedKvValue('{"a":1}', 'JSON')).toEqual({ type: 'JSON', value: { a: 1 } });
    expect(typedKvValue('2024-01-02T03:04:05+01:00', 'DATETIME')).toEqual({ type: 'DATETIME', value: '2024-01-02T02:04:05Z' });
    expect(() => typedKvValue('abc', 'NUMBER')).toThrow("Unable to convert 'abc' to a NUMBER");
    expect(() => typedKvValue('yes', 'BOOLEAN')).toThrow('BOOLEAN');
  });
});

describe('glob patterns', () => {
  it('matches like Kestra outputFiles globs', () => {
    const cases: [string, string, boolean][] = [
      ['*.txt', 'a.txt', true],
      ['*.txt', 'dir/a.txt', false],
      ['**/*.txt', 'dir/sub/a.txt', true],
      ['**/*.txt', 'a.txt', true],
      ['out/**', 'out/a/b.csv', true],
      ['data/?.csv', 'data/1.csv', true],
      ['*.{csv,json}', 'x.json', true],
      ['a+b.txt', 'a+b.txt', true],
      ['a+b.txt', 'aab.txt', false],
    ];
    for (const [pattern, path, expected] of cases) expect(globToRegExp(pattern).test(path), `${pattern} ${path}`).toBe(expected);
  });
});

describe('shell output lines', () => {
  function recorder(): { logger: TaskLogger; lines: string[] } {
    const lines: string[] = [];
    const at = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
    return { lines, logger: { trace: at('TRACE'), debug: at('DEBUG'), info: at('INFO'), warn: at('WARN'), error: at('ERROR') } };
  }
  it('logs plain lines (stderr at ERROR) and reads ::{…}:: commands', () => {
    const { logger, lines } = recorder();
    const vars: Record<string, unknown> = {};
    expect(consumeLine('hello', false, logger, vars)).toBe(true);
    expect(consumeLine('oops', true, logger, vars)).toBe(true);
    expect(consumeLine('::{"outputs":{"a":1}}::', false, logger, vars)).toBe(false);
    expect(consumeLine('::{"outputs":{"b":[2]},"logs":[{"level":"debug","message":"m"}]}::', false, logger, vars)).toBe(false);
    expect(consumeLine('::{not json}::', false, logger, vars)).toBe(false);
    expect(consumeLine('text ::{"outputs":{"c":3}}:: more', false, logger, vars)).toBe(true);
    expect(vars).toEqual({ a: 1, b: [2] });
    expect(lines[0]).toBe('INFO hello');
    expect(lines[1]).toBe('ERROR oops');
    expect(lines[2]).toBe('DEBUG m');
    expect(lines[3]).toMatch(/^WARN Invalid outputs/);
  });
});

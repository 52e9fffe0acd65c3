import { describe, expect, it } from 'vitest';
import { PebbleError } from './errors';
import { SourcePositions, tokenize, type Token } from './lexer';
import { render } from './index';

function tokens(template: string): [string, string][] {
  return tokenize(template, new SourcePositions(template)).map((token: Token) => [token.type, token.value]);
}

describe('lexer', () => {
  it('splits text, print and execute regions', () => {
    expect(tokens('a {{ b }} c {% if d %}e{% endif %}')).toEqual([
      ['TEXT', 'a '],
      ['PRINT_START', '{{'],
      ['NAME', 'b'],
      ['PRINT_END', '}}'],
      ['TEXT', ' c '],
      ['EXECUTE_START', '{%'],
      ['NAME', 'if'],
      ['NAME', 'd'],
      ['EXECUTE_END', '%}'],
      ['TEXT', 'e'],
      ['EXECUTE_START', '{%'],
      ['NAME', 'endif'],
      ['EXECUTE_END', '%}'],
      ['EOF', ''],
    ]);
  });

  it('matches the longest operator and keeps word operators out of names', () => {
    expect(tokens('{{ a is not b ?? c ??? d .. e }}').filter(([type]) => type === 'OPERATOR')).toEqual([
      ['OPERATOR', 'is not'],
      ['OPERATOR', '??'],
      ['OPERATOR', '???'],
      ['OPERATOR', '..'],
    ]);
    expect(tokens('{{ notes or orange and android isInteresting }}').map(([type, value]) => `${type}:${value}`)).toContain('NAME:notes');
    expect(tokens('{{ notes or orange and android isInteresting }}').filter(([type]) => type === 'NAME').map(([, value]) => value)).toEqual([
      'notes',
      'orange',
      'android',
      'isInteresting',
    ]);
  });

  it('reads numbers, longs, strings and interpolations', () => {
    expect(tokens(`{{ 12 3.5 7L 'x' "y" "a#{b}c" }}`).slice(1, -2)).toEqual([
      ['NUMBER', '12'],
      ['NUMBER', '3.5'],
      ['LONG', '7'],
      ['STRING', 'x'],
      ['STRING', 'y'],
      ['STRING', 'a'],
      ['STRING_INTERPOLATION_START', '#{'],
      ['NAME', 'b'],
      ['STRING_INTERPOLATION_END', '}'],
      ['STRING', 'c'],
    ]);
  });

  it('reads 1..5 as a range, not a decimal', () => {
    expect(tokens('{{ 1..5 }}').slice(1, -2)).toEqual([
      ['NUMBER', '1'],
      ['OPERATOR', '..'],
      ['NUMBER', '5'],
    ]);
  });

  it('accepts Unicode letters in names', () => {
    expect(render('{{ données.clé }}', { données: { clé: 'ok' } })).toBe('ok');
  });

  it('does not close a print tag inside brackets or strings', () => {
    expect(render(`{% set m = {'a': {'b': '}}'}} %}{{ m.a.b }}`, {})).toBe('}}');
    // Map and list literals take no attribute access in Pebble (ExpressionParser skips the postfix).
    expect(() => render(`{{ {'a': 1}.a }}`, {})).toThrow(PebbleError);
  });

  it('positions errors on the offending character', () => {
    try {
      tokenize('ab\n  {{ @ }}', new SourcePositions('ab\n  {{ @ }}'));
      throw new Error('expected a syntax error');
    } catch (error) {
      expect(error).toBeInstanceOf(PebbleError);
      expect((error as PebbleError).pebbleMessage).toBe('Unexpected character [@]');
      expect([(error as PebbleError).line, (error as PebbleError).column]).toEqual([2, 6]);
    }
  });

  it('maps offsets to lines and columns', () => {
    const positions = new SourcePositions('ab\ncd\n\nef');
    expect([positions.line(0), positions.column(0)]).toEqual([1, 1]);
    expect([positions.line(4), positions.column(4)]).toEqual([2, 2]);
    expect([positions.line(7), positions.column(7)]).toEqual([4, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { PebbleError, evaluate, render } from './index';

const r = (template: string, context: Record<string, unknown> = {}): string => render(template, context);

describe('literals', () => {
  it('prints strings in both quotes, integers, decimals, booleans and null', () => {
    expect(r(`{{ 'single' }} {{ "double" }} {{ 42 }} {{ 4.5 }} {{ true }} {{ FALSE }} [{{ null }}] [{{ none }}]`)).toBe('single double 42 4.5 true false [] []');
  });

  it('unescapes only the enclosing quote and backslashes, like LexerImpl.unquoteAndUnescape', () => {
    expect(r(`{{ 'it\\'s' }}`)).toBe("it's");
    expect(r(`{{ "say \\"hi\\"" }}`)).toBe('say "hi"');
    expect(r(`{{ 'back\\\\slash' }}`)).toBe('back\\slash');
    // `\n` is not an escape in Pebble: it stays a backslash and an n.
    expect(r(`{{ 'a\\nb' }}`)).toBe('a\\nb');
  });

  it('interpolates #{…} in double-quoted strings only', () => {
    expect(r(`{{ "Hello #{ name | upper }!" }}`, { name: 'kestra' })).toBe('Hello KESTRA!');
    expect(r(`{{ 'Hello #{name}' }}`, { name: 'x' })).toBe('Hello #{name}');
    // A lone interpolation is the value itself (ExpressionParser.parseStringExpression).
    expect(evaluate(`"#{ 1 + 1 }"`, {})).toBe(2);
  });

  it('builds lists and maps, with expressions as map keys', () => {
    expect(r(`{{ [1, 'two', [3]] }}`)).toBe('[1,"two",[3]]');
    expect(r(`{{ {'a': 1, "b": [true]} }}`)).toBe('{"a":1,"b":[true]}');
    expect(r(`{{ {key: 'v'} }}`, { key: 'dynamic' })).toBe('{"dynamic":"v"}');
    expect(r(`{{ [] }}{{ {} }}`)).toBe('[]{}');
  });

  it('reads a map key that is not a valid name with brackets', () => {
    expect(r(`{{ outputs['my-task'].value }}`, { outputs: { 'my-task': { value: 7 } } })).toBe('7');
  });
});

describe('arithmetic follows Java: Long and Double stay apart', () => {
  it('divides longs with truncation and doubles exactly', () => {
    expect(r('{{ 10 / 4 }} {{ -7 / 2 }} {{ 10 / 4.0 }} {{ 10.0 / 4 }}')).toBe('2 -3 2.5 2.5');
  });

  it('keeps the ".0" of an integral double, as Double.toString prints it', () => {
    expect(r('{{ 2.5 * 2 }} {{ 1.0 }} {{ 3 + 0.0 }} {{ 1.5 + 1.5 }}')).toBe('5.0 1.0 3.0 3.0');
    expect(r('{{ 10000000.0 }} {{ 0.0001 }}')).toBe('1.0E7 1.0E-4');
  });

  it('computes modulo with the sign of the dividend', () => {
    expect(r('{{ 7 % 3 }} {{ -7 % 3 }} {{ 7.5 % 2 }}')).toBe('1 -1 1.5');
  });

  it('fails on division by zero for longs but not for doubles', () => {
    expect(() => r('{{ 1 / 0 }}')).toThrow('/ by zero');
    expect(r('{{ 1.0 / 0 }}')).toBe('Infinity');
  });

  it('applies unary minus and plus', () => {
    expect(r('{{ -3 }} {{ - -3 }} {{ +3 }} {{ -1.5 }} {{ -n }}', { n: 4 })).toBe('-3 3 3 -1.5 -4');
  });

  it('concatenates with + when either side is a string, and appends to lists', () => {
    expect(r(`{{ 'a' + 1 }} {{ 1 + 'a' }} {{ 'a' + null }}`)).toBe('a1 1a anull');
    expect(r('{{ [1, 2] + 3 }} {{ [1] + [2, 3] }} {{ [1, 2, 1] - 1 }} {{ [1, 2, 1] - [1] }}')).toBe('[1,2,3] [1,2,3] [2,1] [2]');
  });

  it('rejects arithmetic on non-numbers with Pebble\'s message', () => {
    expect(() => r(`{{ 'a' * 2 }}`)).toThrow('invalid operands for mathematical operation [MULTIPLICATION]');
    expect(() => r(`{{ true + 1 }}`)).toThrow('invalid operands for mathematical operation [ADD]');
  });
});

describe('string concatenation (~)', () => {
  it('joins toString() forms and skips nulls', () => {
    expect(r(`{{ "apple" ~ "pear" ~ "banana" }}`)).toBe('applepearbanana');
    expect(r(`{{ 'a' ~ null ~ 1 ~ 2.0 ~ true }}`)).toBe('a12.0true');
    // Collections use Java's toString, not JSON.
    expect(r(`{{ 'list=' ~ [1, 'b'] ~ ' map=' ~ {'k': 'v'} }}`)).toBe('list=[1, b] map={k=v}');
  });
});

describe('comparisons', () => {
  it('compares numbers across Long and Double', () => {
    expect(r('{{ 1 == 1.0 }} {{ 2 > 1.5 }} {{ 2 >= 2 }} {{ 1 < 1 }} {{ 1 <= 1 }} {{ 1 != 2 }}')).toBe('true true true false true true');
  });

  it('compares strings lexicographically (Kestra overrides Pebble here)', () => {
    expect(r(`{{ 'b' > 'a' }} {{ 'a' > 'b' }} {{ 'a' <= 'a' }} {{ 'B' < 'a' }}`)).toBe('true false true true');
  });

  it('is false for a null operand and fails for other types', () => {
    expect(r('{{ n > 1 }}', { n: null })).toBe('false');
    expect(() => r(`{{ 'a' > 1 }}`)).toThrow('Could not perform greater than comparison');
  });

  it('tests equality by value for strings, lists and maps', () => {
    expect(r(`{{ 'a' == 'a' }} {{ 'a' equals 'a' }} {{ [1, 2] == [1, 2] }} {{ {'a': 1} == {'a': 1} }} {{ '1' == 1 }} {{ null == null }}`)).toBe(
      'true true true true false true',
    );
  });
});

describe('logic', () => {
  it('evaluates and/or/not with short-circuit', () => {
    expect(r('{{ true and false }} {{ true or false }} {{ not true }} {{ not false and true }}')).toBe('false true false true');
    // The right side is not evaluated when the left decides.
    expect(r('{{ false and missing }} {{ true or missing }}')).toBe('false true');
  });

  it('casts numbers and strings to booleans like TypeUtils.compatibleCast', () => {
    expect(r(`{{ 1 and 'x' }} {{ 0 or '' }} {{ not 0 }} {{ not '' }}`)).toBe('true false true true');
  });

  it('refuses null and collections as booleans', () => {
    expect(() => r('{{ n and true }}', { n: null })).toThrow('null value used in and operator and strict variables is set to true');
    expect(() => r('{{ not n }}', { n: null })).toThrow('null value given to not() and strict variables is set to true');
    expect(() => r('{{ not [1] }}')).toThrow('Unsupported value type ArrayList. Expected Boolean, String, Number in "if" statement');
  });
});

describe('contains and isIn', () => {
  it('contains checks list items, list subsets, map keys and substrings', () => {
    expect(r(`{{ ['apple', 'pear'] contains 'apple' }} {{ [1, 2, 3] contains [1, 3] }} {{ [1] contains 2 }}`)).toBe('true true false');
    expect(r(`{{ {'apple': 'red'} contains 'apple' }} {{ {'apple': 'red'} contains 'red' }}`)).toBe('true false');
    expect(r(`{{ 'kestra' contains 'str' }} {{ null contains 'x' }}`)).toBe('true false');
    expect(() => r('{{ 5 contains 1 }}')).toThrow('Contains operator can only be used on Collections, Maps and arrays. Actual type was: java.lang.Integer');
  });

  it('isIn (Kestra 0.24+) compares string forms and matches map keys or values', () => {
    expect(r(`{{ state isIn ['SUCCESS', 'WARNING'] }}`, { state: 'SUCCESS' })).toBe('true');
    expect(r(`{{ state isIn ['FAILED', 'KILLED'] }}`, { state: 'SUCCESS' })).toBe('false');
    expect(r(`{{ 'key' isIn map }} {{ 'value' isIn map }} {{ 'x' isIn map }}`, { map: { key: 'value' } })).toBe('true true false');
    expect(r(`{{ 1 isIn ['1'] }} {{ null isIn ['x'] }} {{ 'x' isIn 'x' }}`)).toBe('true false false');
  });

  it('has no bare `in` operator, as in Kestra (it clashes with for … in)', () => {
    expect(() => r(`{{ 'a' in ['a'] }}`)).toThrow(PebbleError);
  });
});

describe('null coalescing (??, ???)', () => {
  const vars = { block: { test: { child: 'awesome' } }, inner: 'test', empty: {}, nothing: null };

  it('falls back on undefined variables and attributes (NullCoalescingExpressionTest)', () => {
    expect(r('{{ inner.bla ?? block.test.child }}', vars)).toBe('awesome');
    expect(r('{{ block.test.child ?? inner.bla }}', vars)).toBe('awesome');
    expect(r('{{ block[missing].child ?? block[missing2].child ?? block[inner].child }}', vars)).toBe('awesome');
    expect(r('{{ missing ?? block.test.child }}', vars)).toBe('awesome');
    expect(() => r('{{ missing ?? missing2 }}', vars)).toThrow("Missing variable: 'missing2'");
  });

  it('?? also falls back on null, ??? only on undefined (UndefinedCoalescingExpressionTest)', () => {
    expect(r(`{{ nothing ?? 'IS NULL' }}`, vars)).toBe('IS NULL');
    expect(r(`{{ nothing ??? 'IS NULL' }}`, vars)).toBe('');
    expect(r(`{{ undefined ??? 'IS UNDEFINED' }}`, vars)).toBe('IS UNDEFINED');
    expect(r(`{{ empty ?? 'UNDEFINED' }}`, vars)).toBe('{}');
  });

  it('does not swallow errors that are not missing variables', () => {
    expect(() => r(`{{ (1 / 0) ?? 'x' }}`)).toThrow('/ by zero');
  });
});

describe('ternary', () => {
  it('chooses a branch, treats null as false and nests', () => {
    expect(r(`{{ true ? 'yes' : 'no' }} {{ 0 ? 'yes' : 'no' }} {{ n ? 'yes' : 'no' }}`, { n: null })).toBe('yes no no');
    expect(r(`{{ a > 1 ? (a > 5 ? 'big' : 'medium') : 'small' }}`, { a: 3 })).toBe('medium');
    expect(r(`{{ a > 1 ? a > 5 ? 'big' : 'medium' : 'small' }}`, { a: 9 })).toBe('big');
  });

  it('only evaluates the chosen branch (PebbleVariableRendererTest.firstDefined)', () => {
    const vars = { block: { test: { child: 'awesome' } }, inner: 'test' };
    expect(r('{{ inner.bla is not defined ? block.test.child : null }}', vars)).toBe('awesome');
    expect(r('{{ block[missing].child is defined ? null : block[inner].child }}', vars)).toBe('awesome');
    expect(() => r('{{ missing is defined ? missing : missing2 }}', vars)).toThrow("Missing variable: 'missing2'");
  });
});

describe('ranges', () => {
  it('builds inclusive ranges of numbers and characters', () => {
    expect(r(`{{ 1..5 }} {{ 5..3 }} {{ 'a'..'c' }}`)).toBe('[1,2,3,4,5] [] ["a","b","c"]');
    expect(r(`{% for i in 0..2 %}{{ i }}{% endfor %}`)).toBe('012');
  });
});

describe('tests (is / is not)', () => {
  it('defined means "exists and is not null" (DefinedTest)', () => {
    expect(r('{{ a is defined }} {{ b is defined }} {{ missing is defined }} {{ a.x is defined }}', { a: 1, b: null })).toBe('true false false false');
    expect(r('{{ missing is not defined }} {{ obj.deep.er is not defined }}', { obj: {} })).toBe('true true');
  });

  it('null, empty, even, odd, iterable, map, json', () => {
    const vars = { n: null, blank: '  ', list: [], map: {}, text: 'x' };
    expect(r('{{ n is null }} {{ text is null }}', vars)).toBe('true false');
    expect(r('{{ n is empty }} {{ blank is empty }} {{ list is empty }} {{ map is empty }} {{ text is empty }} {{ 0 is empty }}', vars)).toBe(
      'true true true true false false',
    );
    expect(r('{{ 2 is even }} {{ 3 is even }} {{ 3 is odd }} {{ -3 is odd }} {{ 4 is not odd }}')).toBe('true false true true true');
    expect(r('{{ list is iterable }} {{ map is iterable }} {{ map is map }} {{ text is map }}', vars)).toBe('true false true false');
    expect(r(`{{ '{"a":1}' is json }} {{ 'nope' is json }} {{ map is json }} {{ 1 is json }}`, vars)).toBe('true false true false');
  });

  it('fails clearly on a null parity test and an unknown test', () => {
    expect(() => r('{{ n is even }}', { n: null })).toThrow('Can not pass null value to "even" test.');
    expect(() => r('{{ 1 is prime }}')).toThrow('Test [prime] does not exist.');
  });
});

describe("Pebble's operator precedence", () => {
  it('multiplies before adding and honours parentheses', () => {
    expect(r('{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 10 - 2 - 3 }} {{ 2 * 3 % 4 }} {{ 12 / 2 / 3 }}')).toBe('7 9 5 2 2');
  });

  it('applies filters before arithmetic: `1 + -2 | abs` is 1 + abs(-2)', () => {
    expect(r('{{ 1 + -2 | abs }}')).toBe('3');
    expect(r('{{ (1 + -2) | abs }}')).toBe('1');
  });

  it('binds ~ tighter than |, so the filter sees the concatenation', () => {
    expect(r(`{{ 'a' ~ 'b' | upper }}`)).toBe('AB');
    expect(r(`{{ 'x' ~ 1 + 1 }}`)).toBe('x11');
  });

  it('gives unary not the highest precedence: `not a == b` is `(not a) == b`', () => {
    expect(r('{{ not 1 == 2 }}')).toBe('false');
    expect(r('{{ not (1 == 2) }}')).toBe('true');
  });

  it('puts comparisons above tests above and above or', () => {
    expect(r('{{ 1 + 1 == 2 and 3 > 2 or false }}')).toBe('true');
    expect(r('{{ false and true or true }}')).toBe('true');
    expect(r('{{ true or true and false }}')).toBe('true');
    expect(r('{{ 2 is even and 3 is odd }}')).toBe('true');
  });

  it('binds ?? at 120, above arithmetic', () => {
    expect(r('{{ missing ?? 1 + 1 }}')).toBe('2');
    expect(r('{{ 1 + missing ?? 2 }}')).toBe('3');
  });

  it('parses the ternary last', () => {
    expect(r(`{{ 1 + 1 == 2 ? 'ok' ~ '!' : 'ko' }}`)).toBe('ok!');
  });
});

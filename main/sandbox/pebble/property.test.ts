import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PebbleError, evaluate, render, renderTyped } from './index';

// Characters that matter to the lexer, mixed with arbitrary text.
const tricky = fc.constantFrom('{', '}', '%', '#', '-', ' ', '\n', "'", '"', '\\', '|', '(', ')', '[', ']', '~', '.');
const textPiece = fc.oneof(fc.string({ maxLength: 8 }), tricky, fc.string({ unit: 'grapheme', maxLength: 4 }));
const text = fc.array(textPiece, { maxLength: 30 }).map((parts) => parts.join(''));
const hasDelimiter = (value: string): boolean => /\{[{%#]/.test(value);

describe('property: text without delimiters', () => {
  it('renders to itself', () => {
    fc.assert(
      fc.property(
        text.filter((value) => !hasDelimiter(value)),
        (value) => {
          expect(render(value, {})).toBe(value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('renders to itself around an expression', () => {
    fc.assert(
      fc.property(
        text.filter((value) => !hasDelimiter(value) && !value.endsWith('{')),
        text.filter((value) => !hasDelimiter(value) && !value.startsWith('#')),
        (before, after) => {
          expect(render(`${before}{{ x }}${after}`, { x: 'X' })).toBe(`${before}X${after}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('property: robustness', () => {
  it('either renders or throws a PebbleError, for any input', () => {
    const fragment = fc.oneof(
      text,
      fc.constantFrom('{{', '}}', '{%', '%}', '{#', '#}', '{{-', '-}}', ' if ', ' for x in ', ' endif ', ' endfor ', ' set a = ', ' | upper', ' ?? ', ' is defined', ' raw ', ' endraw '),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const template = parts.join('');
        try {
          expect(typeof render(template, { x: 1, a: [1, 2], m: { k: 'v' } })).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(PebbleError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('property: values', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(
      fc.string().filter((key) => key !== '__proto__'),
      tie('value'),
      { maxKeys: 4 },
    ),
  })).value;

  it('prints maps and lists as the same JSON JavaScript would write (no doubles, no nulls)', () => {
    fc.assert(
      fc.property(json, (value) => {
        const printed = render('{{ v }}', { v: value });
        expect(printed).toBe(typeof value === 'string' ? value : JSON.stringify(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips through toJson and fromJson', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(renderTyped('{{ fromJson(v | toJson) }}', { v: value })).toEqual(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a context value unchanged through renderTyped', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(renderTyped('{{ v }}', { v: value })).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any single-quoted string literal', () => {
    fc.assert(
      fc.property(
        fc.string().filter((value) => !value.includes('\\')),
        (value) => {
          expect(evaluate(`'${value.replace(/'/g, "\\'")}'`, {})).toBe(value);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('property: integer arithmetic is Java long arithmetic', () => {
  const small = fc.integer({ min: -1_000_000, max: 1_000_000 });
  it('truncates division, keeps the dividend\'s sign in modulo, and multiplies before adding', () => {
    fc.assert(
      fc.property(small, small.filter((value) => value !== 0), small, (a, b, c) => {
        expect(evaluate('a / b', { a, b })).toBe(Math.trunc(a / b) || 0);
        expect(evaluate('a % b', { a, b })).toBe(a % b || 0);
        expect(evaluate('a + b * c', { a, b, c })).toBe(a + b * c);
        expect(evaluate('a - b - c', { a, b, c })).toBe(a - b - c);
        expect(evaluate('(a > b) == (b < a)', { a, b })).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

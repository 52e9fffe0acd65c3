import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatJsonProblem, parseJsonWithPosition } from './json-position';

function problem(text: string) {
  const result = parseJsonWithPosition(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.problem;
}

describe('parseJsonWithPosition', () => {
  it('parses valid JSON', () => {
    expect(parseJsonWithPosition('{"a": [1, 2, {"b": null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });

  it('points at a trailing comma', () => {
    const p = problem('{"a": 1,}');
    expect(p).toMatchObject({ offset: 8, line: 1, column: 9 });
    expect(p.message).toMatch(/property name/);
  });

  it('counts lines and columns', () => {
    const p = problem('{\n  "a": 1,\n  "b": tru\n}');
    expect(p.line).toBe(3);
    expect(p.column).toBe(8);
  });

  it('says what it expected, and refuses comments', () => {
    expect(problem('{"a" 1}')).toMatchObject({ offset: 5, message: "Unexpected '1'; expected ':'" });
    expect(problem('[1 2]')).toMatchObject({ offset: 3, message: "Unexpected '2'; expected ','" });
    expect(problem('// note\n{}').message).toMatch(/Comments/);
    expect(problem('"tab\there"').message).toMatch(/Control character/);
    expect(problem('').message).toMatch(/end of the text/);
  });

  it('reports an unterminated string and a missing value', () => {
    expect(problem('{"a": "x').message).toMatch(/Unterminated/);
    expect(problem('[1, 2').message).toMatch(/end of the text/);
    expect(problem("{'a': 1}").offset).toBe(1);
    expect(problem('{"a": 1} x').message).toMatch(/after the end/);
  });

  it('formats the position for the user', () => {
    expect(formatJsonProblem(problem('[1,,2]'))).toBe("Invalid JSON at line 1, column 4 (position 3): Unexpected ','; expected a value.");
  });

  it('agrees with JSON.parse on what is valid (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const result = parseJsonWithPosition(text);
        expect(result.ok).toBe(valid);
        if (!result.ok) expect(result.problem.offset).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});

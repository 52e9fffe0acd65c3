// Templates come from users' flows: no way into JavaScript internals, bounded work, bounded memory,
// and the caller's data left as it was.
import { describe, expect, it } from 'vitest';
import { PebbleError, evaluate, render, type RenderLimits } from './index';

function failure(fn: () => unknown): PebbleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PebbleError) return error;
    throw error;
  }
  throw new Error('expected a PebbleError');
}

const limits = (overrides: Partial<RenderLimits>) => ({ limits: overrides });

describe('no access to JavaScript prototypes', () => {
  const context = { obj: { a: 1 }, list: [1], text: 'abc', fn: () => 'called' };

  it.each([
    '{{ obj.constructor }}',
    '{{ obj.__proto__ }}',
    `{{ obj['__proto__'] }}`,
    '{{ obj.toString }}',
    '{{ obj.hasOwnProperty }}',
    '{{ list.constructor }}',
    '{{ list.map }}',
    '{{ text.constructor }}',
    '{{ text.__proto__ }}',
    '{{ obj.constructor.constructor }}',
    `{{ list['constructor'] }}`,
    '{{ loop }}',
  ])('%s is an unknown variable', (template) => {
    expect(failure(() => render(template, context)).kind).toBe('missing-variable');
  });

  it('never calls functions found in the context', () => {
    expect(render('{{ fn }}', context)).toBe('[function]');
    expect(() => render('{{ fn() }}', context)).toThrow('Function or Macro [fn] does not exist.');
    expect(() => render('{{ obj.hasOwnProperty("a") }}', context)).toThrow(PebbleError);
  });

  it('reaches only the allow-listed Java methods', () => {
    expect(() => render('{{ text.valueOf() }}', context)).toThrow("Missing variable: 'valueOf'");
    expect(() => render('{{ text.getClass() }}', context)).toThrow("Missing variable: 'getClass'");
    expect(() => render('{{ obj.keySet().constructor }}', context)).toThrow(PebbleError);
  });

  it('keeps "__proto__" and "constructor" as plain data in map literals and JSON', () => {
    expect(render(`{{ {'__proto__': {'polluted': 'yes'}, 'constructor': 1} }}`, {})).toBe('{"__proto__":{"polluted":"yes"},"constructor":1}');
    expect(render(`{{ fromJson('{"__proto__": {"polluted": "yes"}}')['__proto__'].polluted }}`, {})).toBe('yes');
    expect(render(`{% set x = {'__proto__': {'polluted': 'yes'}} %}{{ x | keys }}`, {})).toBe('["__proto__"]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the caller\'s context is never modified', () => {
  it('leaves lists and maps intact after sort, reverse, +, -, merge and set', () => {
    const context = { list: [3, 1, 2], map: { b: 1, a: 2 }, name: 'n' };
    const snapshot = structuredClone(context);
    render(
      `{{ list | sort }}{{ list | reverse }}{{ list + 4 }}{{ list - 1 }}{{ map | merge({'c': 3}) }}{% set name = 'changed' %}{% set list = [] %}{{ map | replace({'1': '2'}) }}`,
      context,
    );
    expect(context).toEqual(snapshot);
  });
});

describe('bounded work and memory', () => {
  it('stops output growing past maxOutputLength', () => {
    const error = failure(() => render('{% for i in range(1, 100000) %}0123456789{% endfor %}', {}, limits({ maxOutputLength: 1_000 })));
    expect(error.kind).toBe('limit');
    expect(error.message).toBe('The rendered output exceeds the maximum allowed size of 1000 characters.');
  });

  it('stops a string that doubles in a loop long before memory runs out', () => {
    const error = failure(() => render(`{% set s = 'x' %}{% for i in range(1, 64) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}`, {}));
    expect(error.kind).toBe('limit');
  });

  it('stops lists that double in a loop', () => {
    const error = failure(() => render('{% set l = [1] %}{% for i in range(1, 64) %}{% set l = l + l %}{% endfor %}', {}));
    expect(error.kind).toBe('limit');
  });

  it('bounds loop iterations across nested loops', () => {
    const template = '{% for a in range(1, 1000) %}{% for b in range(1, 1000) %}{% endfor %}{% endfor %}';
    const error = failure(() => render(template, {}, limits({ maxLoopIterations: 10_000 })));
    expect(error.kind).toBe('limit');
    expect(error.message).toContain('more than 10000 loop iterations');
  });

  it('bounds range sizes like Kestra\'s BoundedRangeFunction', () => {
    const error = failure(() => render('{{ range(0, 2000000000) }}', {}));
    expect(error.kind).toBe('limit');
    expect(error.pebbleMessage).toBe('The range function cannot produce more than 1000000 elements, but this call would produce 2000000001.');
    expect(failure(() => render('{{ 1..5000000 }}', {})).kind).toBe('limit');
  });

  it('bounds render() recursion when a variable renders itself', () => {
    const error = failure(() => render('{{ render(vars.loop) }}', { vars: { loop: '{{ render(vars.loop) }}' } }));
    expect(error.kind).toBe('limit');
    expect(error.message).toContain('render() is nested more than 32 levels deep');
  });

  it('bounds macro recursion', () => {
    const error = failure(() => render('{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}', {}));
    expect(error.kind).toBe('limit');
  });

  it('bounds indentation size', () => {
    expect(failure(() => render(`{{ "a\nb" | indent(2000000000) }}`, {})).kind).toBe('limit');
  });

  it('rejects absurdly nested expressions at parse time instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    const error = failure(() => evaluate(deep, {}));
    expect(error.kind).toBe('syntax');
    expect(error.pebbleMessage).toContain('nesting is deeper than 256');
  });

  it('rejects deeply nested JSON in fromJson', () => {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    expect(() => render('{{ fromJson(text) }}', { text: deep })).toThrow('nesting depth');
  });

  it('prints a self-referencing context value without recursing forever', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(() => render('{{ cyclic }}', { cyclic })).toThrow(PebbleError);
    expect(render(`{{ 'x' ~ cyclic }}`, { cyclic }).length).toBeLessThan(10_000);
  });

  it('renders a 1 MB template with many expressions', () => {
    const template = 'line {{ n }}\n'.repeat(80_000);
    const output = render(template, { n: 7 });
    expect(output.length).toBe('line 7\n'.length * 80_000);
  });
});

describe('bad input', () => {
  it('rejects a template or a context of the wrong type with a TypeError', () => {
    expect(() => render(42 as unknown as string, {})).toThrow(TypeError);
    expect(() => render('{{ a }}', [] as unknown as Record<string, unknown>)).toThrow(TypeError);
    expect(render('{{ 1 }}', undefined as unknown as Record<string, unknown>)).toBe('1');
  });

  it('fails on a lone trailing backslash in a string instead of looping', () => {
    expect(failure(() => render('{{ "abc\\', {})).kind).toBe('syntax');
  });

  it('fails on invalid regular expressions with a clear message', () => {
    expect(() => render(`{{ 'a' | split('(') }}`, {})).toThrow("Invalid regex '('");
    expect(() => render(`{{ 'a' | replace({'[': 'x'}, regexp=true) }}`, {})).toThrow("Invalid regex '['");
  });
});

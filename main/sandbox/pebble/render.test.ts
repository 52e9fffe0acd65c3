import { describe, expect, it } from 'vitest';
import { PebbleError, clearTemplateCache, evaluate, render, renderTyped, renderValue, templateCacheSize, validateTemplate } from './index';

const r = (template: string, context: Record<string, unknown> = {}): string => render(template, context);

describe('output rules (Kestra JsonWriter)', () => {
  it('returns text without "{" untouched, without parsing', () => {
    expect(r('plain text with } and # and %')).toBe('plain text with } and # and %');
    // "{#" alone would be an unclosed comment; without "{" nothing is parsed at all.
    expect(r('')).toBe('');
  });

  it('keeps braces that are not delimiters', () => {
    expect(r('{ "json": {{ n }} }', { n: 1 })).toBe('{ "json": 1 }');
    expect(r('a { b } c')).toBe('a { b } c');
  });

  it('prints maps and lists as compact JSON, dropping null map entries', () => {
    const vars = { map: { a: 'x', b: 1, c: null, d: [1, null] }, list: ['string', 1, 1.123] };
    expect(r('{{ map }}', vars)).toBe('{"a":"x","b":1,"d":[1,null]}');
    expect(r('{{ list }} // {{ map.d }}', vars)).toBe('["string",1,1.123] // [1,null]');
  });

  it('prints null as nothing, booleans and numbers as Java does', () => {
    expect(r('[{{ n }}] {{ t }} {{ i }} {{ f }} {{ big }}', { n: null, t: true, i: 12, f: 1.5, big: 12345678901234 })).toBe('[] true 12 1.5 12345678901234');
  });

  it('prints a Date like Instant.toString()', () => {
    expect(r('{{ d }}', { d: new Date('2024-01-02T03:04:05.000Z') })).toBe('2024-01-02T03:04:05Z');
    expect(r('{{ d }}', { d: new Date('2024-01-02T03:04:05.120Z') })).toBe('2024-01-02T03:04:05.120Z');
  });
});

describe('comments and whitespace control', () => {
  it('drops comments, including multi-line ones', () => {
    expect(r('a{# a comment #}b{#\n multi\n #}c')).toBe('abc');
  });

  it('trims with {{- and -}} (and the same on tags and comments)', () => {
    expect(r('a   {{- "b" -}}   c')).toBe('abc');
    expect(r('a \n {%- if true -%} \n b \n {%- endif -%} \n c')).toBe('abc');
    expect(r('a  {#- hidden -#}  b')).toBe('ab');
  });

  it('trims only on its own side', () => {
    expect(r('a  {{- "b" }}  c')).toBe('ab  c');
    expect(r('a  {{ "b" -}}  c')).toBe('a  bc');
  });

  it('needs whitespace after {{- (Pebble\'s regex is `-\\s+`), so {{-x}} is a unary minus', () => {
    expect(r('a  {{-x}}', { x: 3 })).toBe('a  -3');
  });

  it('keeps the newline after a tag (Kestra sets newLineTrimming(false))', () => {
    expect(r('{% if true %}\nyes\n{% endif %}\n')).toBe('\nyes\n\n');
  });
});

describe('if / elseif / else', () => {
  it('takes the first true branch', () => {
    const t = '{% if n > 10 %}big{% elseif n > 5 %}medium{% elseif n > 0 %}small{% else %}none{% endif %}';
    expect(r(t, { n: 20 })).toBe('big');
    expect(r(t, { n: 7 })).toBe('medium');
    expect(r(t, { n: 1 })).toBe('small');
    expect(r(t, { n: 0 })).toBe('none');
  });

  it('accepts strings and numbers as conditions', () => {
    expect(r(`{% if 'x' %}a{% endif %}{% if '' %}b{% endif %}{% if 2 %}c{% endif %}{% if 0.0 %}d{% endif %}`)).toBe('ac');
  });

  it('wraps any condition failure in "Wrong operand(s) type in conditional expression" (IfNode)', () => {
    for (const template of ['{% if missing %}x{% endif %}', '{% if n %}x{% endif %}', '{% if [1] %}x{% endif %}']) {
      const error = catchError(() => r(template, { n: null }));
      expect(error.message).toBe(`io.pebbletemplates.pebble.error.PebbleException: Wrong operand(s) type in conditional expression (${template}:1)`);
      expect(error.detail).toMatch(/caused by: /);
    }
    expect(catchError(() => r('{% if missing %}x{% endif %}')).detail).toContain("Missing variable: 'missing'");
  });

  it('supports tests in conditions', () => {
    expect(r('{% if x is defined and x is not empty %}has x{% else %}no x{% endif %}', { x: 'v' })).toBe('has x');
    expect(r('{% if x is defined and x is not empty %}has x{% else %}no x{% endif %}')).toBe('no x');
  });
});

describe('for', () => {
  it('iterates a list with loop.index, first, last, length and revindex', () => {
    const t = '{% for item in items %}{{ loop.index }}/{{ loop.length }}{{ loop.first ? "F" : "" }}{{ loop.last ? "L" : "" }}({{ loop.revindex }})={{ item }};{% endfor %}';
    expect(r(t, { items: ['a', 'b', 'c'] })).toBe('0/3F(2)=a;1/3(1)=b;2/3L(0)=c;');
  });

  it('renders the else branch for an empty list but nothing for null', () => {
    expect(r('{% for i in items %}{{ i }}{% else %}empty{% endfor %}', { items: [] })).toBe('empty');
    expect(r('{% for i in items %}{{ i }}{% else %}empty{% endfor %}', { items: null })).toBe('');
  });

  it('iterates a map as entries with .key and .value', () => {
    expect(r('{% for e in m %}{{ e.key }}={{ e.value }},{% endfor %}', { m: { a: 1, b: 'two' } })).toBe('a=1,b=two,');
    expect(r('{% for e in m %}{{ e }}{% endfor %}', { m: { a: 1 } })).toBe('a=1');
  });

  it('rejects `for key, value in map`, which Pebble does not have, and says how to write it', () => {
    const error = catchError(() => r('{% for k, v in m %}{% endfor %}', { m: {} }));
    expect(error.kind).toBe('syntax');
    expect(error.message).toContain('expected token of type NAME');
    expect(error.message).toContain('entry.key');
  });

  it('fails on a value that cannot be iterated', () => {
    expect(() => r('{% for c in s %}{% endfor %}', { s: 'abc' })).toThrow('Not an iterable object. Value = [abc]');
  });

  it('nests loops, shadows names, and restores them after the loop', () => {
    const t = '{% for i in [1, 2] %}{% for i in ["a"] %}{{ i }}{% endfor %}{{ i }}{% endfor %}[{{ i }}]';
    expect(r(t, { i: 'outer' })).toBe('a1a2[outer]');
  });

  it('keeps the outer loop variable reachable from an inner loop', () => {
    expect(r('{% for a in [1, 2] %}{% for b in ["x", "y"] %}{{ a }}{{ b }} {% endfor %}{% endfor %}')).toBe('1x 1y 2x 2y ');
  });
});

describe('set', () => {
  it('defines variables from expressions and filters', () => {
    // `~` binds tighter than `|`: the filter applies to the whole concatenation.
    expect(r('{% set greeting = "Hello " ~ name | upper %}{{ greeting }}', { name: 'world' })).toBe('HELLO WORLD');
    expect(r('{% set greeting = "Hello " ~ (name | upper) %}{{ greeting }}', { name: 'world' })).toBe('Hello WORLD');
  });

  it('updates an outer variable from inside a loop (ScopeChain.set) but keeps loop-local ones local', () => {
    expect(r('{% set total = 0 %}{% for n in [1, 2, 3] %}{% set total = total + n %}{% endfor %}{{ total }}')).toBe('6');
    expect(() => r('{% for n in [1] %}{% set inner = n %}{% endfor %}{{ inner }}')).toThrow("Missing variable: 'inner'");
  });

  it('shadows a context variable without modifying the caller\'s object', () => {
    const context = { name: 'original' };
    expect(r('{% set name = "changed" %}{{ name }}', context)).toBe('changed');
    expect(context.name).toBe('original');
  });

  it('cannot assign to a reserved word', () => {
    expect(() => r('{% set null = 1 %}')).toThrow('Can not assign a value to null');
  });
});

describe('raw and verbatim', () => {
  it('outputs raw content untouched (PebbleVariableRendererTest.raw)', () => {
    const vars = { var: '1' };
    expect(r('See some code {% raw %}{{ var }}{% endraw %}', vars)).toBe('See some code {{ var }}');
    expect(r('See some code {%raw%}{{ var }}{%endraw%}', vars)).toBe('See some code {{ var }}');
    // Kestra cuts raw blocks out with a regex before Pebble runs, so the dashes trim nothing.
    expect(r('See some code {%-  raw%}{{ var }}{%endraw -%}', vars)).toBe('See some code {{ var }}');
    expect(r('{% raw %}{{ var }}{% endraw %} and {% raw %}{{ var2 }}{% endraw %}', vars)).toBe('{{ var }} and {{ var2 }}');
  });

  it('keeps raw content across lines and with tags inside', () => {
    expect(r('{% raw %}\n{% if x %}{{ y }}{% endif %}\n{% endraw %}')).toBe('\n{% if x %}{{ y }}{% endif %}\n');
  });

  it('supports Pebble\'s verbatim tag', () => {
    expect(r('{% verbatim %}{{ x }}{% endverbatim %}')).toBe('{{ x }}');
  });

  it('fails on an unclosed raw block', () => {
    expect(() => r('{% raw %}{{ x }}')).toThrow('Pebble was looking for the "endraw" tag');
  });
});

describe('filter, block and macro tags', () => {
  it('applies filters to a rendered block', () => {
    expect(r('{% filter upper | trim %}  hello {{ name }}  {% endfilter %}', { name: 'you' })).toBe('HELLO YOU');
  });

  it('renders blocks in place and again with block() (PebbleVariableRendererTest.macro)', () => {
    expect(r('{% block "post" %} content {% endblock %}{{ block("post") }}')).toBe(' content  content ');
  });

  it('calls macros with positional, named and default arguments in an isolated scope', () => {
    const t = '{% macro greet(name, greeting="Hello") %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet("Ada") }} {{ greet("Bob", greeting="Hi") }}';
    expect(r(t)).toBe('Hello, Ada! Hi, Bob!');
    expect(() => r('{% macro m() %}{{ outside }}{% endmacro %}{{ m() }}', { outside: 1 })).toThrow("Missing variable: 'outside'");
  });

  it('names unknown functions and macros', () => {
    expect(() => r('{{ nope() }}')).toThrow('Function or Macro [nope] does not exist.');
  });

  it('rejects tags Kestra removed (include, extends, import…)', () => {
    expect(() => r('{% include "x" %}')).toThrow('Unexpected tag name "include"');
    expect(() => r('{% extends "x" %}')).toThrow('Unexpected tag name "extends"');
  });
});

describe('renderTyped', () => {
  const context = { outputs: { t: { values: ['a', 'b'], count: 3, ratio: 2.5, ok: true, map: { k: 'v' } } } };

  it('returns the value itself for a single {{ expression }}', () => {
    expect(renderTyped('{{ outputs.t.values }}', context)).toEqual(['a', 'b']);
    expect(renderTyped('{{ outputs.t.count }}', context)).toBe(3);
    expect(renderTyped('  {{ outputs.t.ratio * 2 }}\n', context)).toBe(5);
    expect(renderTyped('{{ outputs.t.ok }}', context)).toBe(true);
    expect(renderTyped('{{ outputs.t.map }}', context)).toEqual({ k: 'v' });
    expect(renderTyped('{{ null }}', context)).toBeNull();
  });

  it('renders anything else to a string', () => {
    expect(renderTyped('count: {{ outputs.t.count }}', context)).toBe('count: 3');
    expect(renderTyped('{{ outputs.t.count }}{{ outputs.t.count }}', context)).toBe('33');
    expect(renderTyped('no braces', context)).toBe('no braces');
  });

  it('unboxes numbers and parsed JSON into plain JavaScript values', () => {
    expect(renderTyped(`{{ fromJson('{"a": [1.0, 2]}') }}`, {})).toEqual({ a: [1, 2] });
    expect(renderTyped('{{ range(1, 3) }}', {})).toEqual([1, 2, 3]);
  });
});

describe('renderValue', () => {
  it('renders strings inside maps (keys too) and lists, and keeps other values', () => {
    const value = { '{{ key }}': '{{ a }}', list: ['{{ a }}', 2, null, { deep: '{{ a | upper }}' }], n: 1, b: false };
    expect(renderValue(value, { key: 'k', a: 'x' })).toEqual({ k: 'x', list: ['x', 2, null, { deep: 'X' }], n: 1, b: false });
  });

  it('returns class instances (Buffer, Map, Date) untouched rather than reshaping them', () => {
    const buffer = Buffer.from('x');
    const map = new Map([['k', '{{ a }}']]);
    const date = new Date(0);
    const rendered = renderValue({ buffer, map, date }, { a: 1 }) as Record<string, unknown>;
    expect(rendered.buffer).toBe(buffer);
    expect(rendered.map).toBe(map);
    expect(rendered.date).toBe(date);
  });

  it('keeps the first of two keys that render to the same text (Map.putIfAbsent)', () => {
    expect(renderValue({ '{{ a }}': 1, x: 2 }, { a: 'x' })).toEqual({ x: 1 });
  });
});

describe('evaluate', () => {
  it('returns the raw value of a bare expression', () => {
    expect(evaluate('inputs.n * 2', { inputs: { n: 21 } })).toBe(42);
    expect(evaluate('[1, 2] | length', {})).toBe(2);
    expect(evaluate(`'a' ~ 'b'`, {})).toBe('ab');
    expect(evaluate('{"k": 1.0}', {})).toEqual({ k: 1 });
  });

  it('names the expression as {{ expression }} in errors', () => {
    expect(() => evaluate('foo', {})).toThrow("Missing variable: 'foo' on '{{ foo }}' at line 1");
    expect(() => evaluate('foo bar', {})).toThrow(PebbleError);
  });
});

describe('recursive rendering', () => {
  const vars = { first: '1', second: '{{third}}', third: '{{first}}' };

  it('renders once by default, like Kestra since 0.14', () => {
    expect(r('{{ second }}', vars)).toBe('{{third}}');
  });

  it('renders until stable when asked (RecursivePebbleVariableRendererTest)', () => {
    expect(render('{{ second }}', vars, { recursive: true })).toBe('1');
  });

  it('keeps raw blocks literal through every pass', () => {
    expect(render('{% raw %}{{ first }}{% endraw %}', vars, { recursive: true })).toBe('{{ first }}');
  });

  it('stops with "Too many rendering attempts" when the text never settles', () => {
    const error = catchError(() => render('{{ grow }}', { grow: '{{ grow }}x' }, { recursive: true }));
    expect(error.kind).toBe('limit');
    expect(error.message).toBe('Too many rendering attempts');
  });
});

describe('template cache', () => {
  it('reuses compiled templates and caches syntax errors', () => {
    clearTemplateCache();
    r('{{ a }}', { a: 1 });
    r('{{ a }}', { a: 2 });
    expect(templateCacheSize()).toBe(1);
    expect(() => validateTemplate('{{ a + }}')).toThrow(PebbleError);
    expect(() => validateTemplate('{{ a + }}')).toThrow(PebbleError);
    expect(templateCacheSize()).toBe(2);
  });

  it('renders the same cached template with different contexts independently', () => {
    const t = '{% set x = v %}{{ x }}';
    expect(r(t, { v: 'one' })).toBe('one');
    expect(r(t, { v: 'two' })).toBe('two');
  });

  it('evicts the least recently used template beyond 1000 entries', () => {
    clearTemplateCache();
    for (let index = 0; index < 1100; index += 1) r(`{{ ${index} }}`);
    expect(templateCacheSize()).toBe(1000);
  });
});

function catchError(fn: () => unknown): PebbleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PebbleError) return error;
    throw error;
  }
  throw new Error('expected a PebbleError');
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { render, renderTyped } from './index';

const r = (template: string, context: Record<string, unknown> = {}): string => render(template, context);
const typed = (template: string, context: Record<string, unknown> = {}): unknown => renderTyped(template, context);

describe('string filters', () => {
  it('upper, lower, capitalize, title, trim', () => {
    expect(r(`{{ 'Kestra' | upper }} {{ 'KeStRa' | lower }} {{ 1.5 | upper }}`)).toBe('KESTRA kestra 1.5');
    expect(r(`{{ '  hello world' | capitalize }}|{{ 'hello big world' | title }}|{{ 'hELLO' | title }}`)).toBe('  Hello world|Hello Big World|HELLO');
    expect(r(`[{{ '  padded \t' | trim }}]`)).toBe('[padded]');
  });

  it('trim removes only code points up to U+0020, like String.trim()', () => {
    expect(r('[{{ s | trim }}]', { s: '\u00a0x\u00a0' })).toBe('[\u00a0x\u00a0]');
  });

  it('abbreviate keeps short strings and adds "..." (AbbreviateFilter)', () => {
    expect(r(`{{ 'this is a long sentence.' | abbreviate(7) }} {{ 'short' | abbreviate(10) }} {{ 'abcdef' | abbreviate(2) }}`)).toBe('this... short ab');
  });

  it('replace takes a map of pairs, optionally as regular expressions (Kestra ReplaceFilter)', () => {
    expect(r(`{{ 'I like Paris and London.' | replace({'Paris': 'Rome', 'London': 'Berlin'}) }}`)).toBe('I like Rome and Berlin.');
    expect(r(`{{ 'a1b22c' | replace({'[0-9]+': '#'}, regexp=true) }}`)).toBe('a#b#c');
    expect(r(`{{ 'key=value' | replace({'(\\\\w+)=(\\\\w+)': '$2=$1'}, regexp=true) }}`)).toBe('value=key');
    expect(r(`{{ m | replace({'a': 'b'}) }}`, { m: { k: 'aa', l: ['a', 1] } })).toBe('{"k":"bb","l":["b","1"]}');
    expect(() => r(`{{ 'x' | replace() }}`)).toThrow("The argument 'replace_pairs' is required.");
  });

  it('split uses a Java regex and drops trailing empty strings', () => {
    expect(r(`{{ 'a,b,,c,,' | split(',') }}`)).toBe('["a","b","","c"]');
    expect(r(`{{ 'a.b.c' | split('\\\\.') }}`)).toBe('["a","b","c"]');
    expect(r(`{{ 'a,b,c' | split(',', 2) }}`)).toBe('["a","b,c"]');
    expect(r(`{{ 'a,b,,' | split(',', -1) }}`)).toBe('["a","b","",""]');
    expect(r(`{{ 'abc' | split('') }}`)).toBe('["a","b","c"]');
    expect(() => r(`{{ 'a' | split() }}`)).toThrow('missing delimiter parameter in split filter');
  });

  it('substringBefore/After(Last) follow commons-lang StringUtils', () => {
    expect(r(`{{ 'a.b.c' | substringBefore('.') }} {{ 'a.b.c' | substringBeforeLast('.') }} {{ 'a.b.c' | substringAfter('.') }} {{ 'a.b.c' | substringAfterLast('.') }}`)).toBe(
      'a a.b b.c c',
    );
    expect(r(`[{{ 'abc' | substringBefore('x') }}][{{ 'abc' | substringAfter('x') }}][{{ 'abc' | substringBeforeLast('x') }}][{{ 'abc' | substringAfterLast('x') }}]`)).toBe(
      '[abc][][abc][]',
    );
    expect(r(`[{{ 'abc' | substringBefore('') }}][{{ 'abc' | substringAfter('') }}]`)).toBe('[][abc]');
    expect(() => r(`{{ 'abc' | substringAfter }}`)).toThrow("The 'substringAfter' filter expects an argument 'separator'.");
  });

  it('startsWith and endsWith', () => {
    expect(r(`{{ 'kestra.io' | startsWith('kestra') }} {{ 'kestra.io' | endsWith('.com') }}`)).toBe('true false');
  });

  it('escapeChar for single, double and shell quoting', () => {
    expect(r(`{{ "it's" | escapeChar('single') }}|{{ 'say "hi"' | escapeChar('double') }}|{{ "it's" | escapeChar('shell') }}`)).toBe(
      `it\\'s|say \\"hi\\"|it'\\''s`,
    );
    expect(() => r(`{{ 'x' | escapeChar('triple') }}`)).toThrow("either 'single', 'double', or 'shell'");
  });

  it('indent and nindent use the input\'s own line separator', () => {
    expect(r(`{{ "a\nb" | indent(2) }}`)).toBe('a\n  b');
    expect(r(`{{ "a\nb" | nindent(2) }}`)).toBe('\n  a\n  b');
    expect(r(`{{ "a\r\nb" | indent(1, '>') }}`)).toBe('a\r\n>b');
    expect(() => r(`{{ "a" | indent(-1) }}`)).toThrow("The 'indent' filter expects a positive integer >=0 as argument 'amount'.");
  });

  it('slugify like Kestra\'s Slugify.of', () => {
    expect(r(`{{ '  Héllo Wörld_Foo!! ' | slugify }}`)).toBe('hello-world-foo');
  });

  it('urlencode (form encoding) and urldecode', () => {
    expect(r(`{{ 'a b&c=d/é*' | urlencode }}`)).toBe('a+b%26c%3Dd%2F%C3%A9*');
    expect(r(`{{ 'a+b%26c%3Dd%2F%C3%A9' | urldecode }}`)).toBe('a b&c=d/é');
    expect(() => r(`{{ '%zz' | urldecode }}`)).toThrow('URLDecoder');
  });

  it('base64encode and base64decode', () => {
    expect(r(`{{ 'Kestra ✓' | base64encode }}`)).toBe(Buffer.from('Kestra ✓').toString('base64'));
    expect(r(`{{ 'S2VzdHJh' | base64decode }}`)).toBe('Kestra');
    expect(() => r(`{{ 'not base64!' | base64decode }}`)).toThrow('Illegal base64 character');
  });

  it('hashes strings with md5, sha1, sha256, sha512 and refuses non-strings', () => {
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      expect(r(`{{ 'kestra' | ${algorithm} }}`)).toBe(createHash(algorithm).update('kestra').digest('hex'));
    }
    expect(() => r('{{ 1 | md5 }}')).toThrow('Need a string to hash');
  });

  it('nl2br', () => {
    expect(r(`{{ "a\nb" | nl2br }}`)).toBe('a<br />b');
  });
});

describe('default', () => {
  it('replaces null, undefined, empty and blank values', () => {
    expect(r(`{{ missing | default('d') }} {{ n | default('d') }} {{ blank | default('d') }} {{ list | default('d') }} {{ v | default('d') }}`, {
      n: null,
      blank: '  ',
      list: [],
      v: 'value',
    })).toBe('d d d d value');
  });

  it('tolerates a missing attribute anywhere in the input chain', () => {
    expect(r(`{{ outputs.task.value | default('none') | upper }}`, { outputs: {} })).toBe('NONE');
  });

  it('keeps 0 and false, which are not empty', () => {
    expect(r(`{{ 0 | default(1) }} {{ false | default(true) }}`)).toBe('0 false');
  });
});

describe('number filters', () => {
  it('number parses like NumberUtils.createNumber, with an optional type', () => {
    expect(typed(`{{ '12' | number }}`)).toBe(12);
    expect(typed(`{{ '12.5' | number }}`)).toBe(12.5);
    expect(r(`{{ '1.0' | number }} {{ '0x1F' | number }} {{ '10' | number('DOUBLE') }} {{ '10' | number('INT') + 1 }}`)).toBe('1.0 31 10.0 11');
    expect(r(`{{ ('7' | number) / 2 }}`)).toBe('3');
    expect(() => r(`{{ 'abc' | number }}`)).toThrow('abc is not a valid number.');
    expect(() => r('{{ 12 | number }}')).toThrow("'number' filter can only be applied to String. Actual type was: java.lang.Integer");
  });

  it('abs keeps the number type', () => {
    expect(r('{{ -5 | abs }} {{ -2.0 | abs }} {{ -2.5 | abs }}')).toBe('5 2.0 2.5');
    expect(() => r(`{{ 'x' | abs }}`)).toThrow("The 'abs' filter does require as input a number.");
  });

  it('numberFormat follows DecimalFormat with HALF_EVEN rounding', () => {
    expect(r(`{{ 1.232654 | numberFormat('#.##') }} {{ 1234567.891 | numberFormat('#,##0.00') }} {{ 0.5 | numberFormat('#.##') }} {{ 3 | numberFormat('000') }}`)).toBe(
      '1.23 1,234,567.89 .5 003',
    );
    expect(r(`{{ 0.125 | numberFormat('#.##') }} {{ 0.135 | numberFormat('0.00') }} {{ 0.256 | numberFormat('#%') }} {{ 1234.5678 | numberFormat }}`)).toBe(
      '.12 0.14 26% 1,234.568',
    );
    expect(r(`{{ -1.5 | numberFormat('0.0') }}`)).toBe('-1.5');
  });
});

describe('collection filters', () => {
  const vars = { list: [3, 1, 2], names: ['b', 'a', 'c'], map: { a: 1, b: 2 } };

  it('length of strings, lists and maps (0 for anything else)', () => {
    expect(r(`{{ 'abc' | length }} {{ list | length }} {{ map | length }} {{ null | length }} {{ 5 | length }}`, vars)).toBe('3 3 2 0 0');
  });

  it('join with an optional separator, using toString() of items', () => {
    expect(r(`{{ names | join(', ') }} {{ names | join }} {{ [1, null, 2.0] | join('-') }}`, vars)).toBe('b, a, c bac 1-null-2.0');
    expect(() => r(`{{ 'abc' | join }}`)).toThrow("The 'join' filter expects that the input is either a collection or an array.");
  });

  it('first and last of lists and strings', () => {
    expect(r(`{{ list | first }} {{ list | last }} {{ 'abc' | first }} {{ 'abc' | last }} [{{ [] | first }}]`, vars)).toBe('3 2 a c []');
  });

  it('sort, rsort and reverse return new lists and leave the context untouched', () => {
    expect(r(`{{ list | sort }} {{ names | sort }} {{ list | rsort }} {{ list | reverse }} {{ list }}`, vars)).toBe('[1,2,3] ["a","b","c"] [3,2,1] [2,1,3] [3,1,2]');
    expect(vars.list).toEqual([3, 1, 2]);
    expect(() => r(`{{ [1, 'a'] | sort }}`)).toThrow('cannot be cast');
  });

  it('slice lists and strings with Pebble\'s bounds checks', () => {
    expect(r(`{{ [1, 2, 3, 4] | slice(1, 3) }} {{ 'kestra' | slice(2) }} {{ 'kestra' | slice(0, 3) }}`)).toBe('[2,3] stra kes');
    expect(() => r(`{{ 'abc' | slice(0, 5) }}`)).toThrow('toIndex must be smaller than input size: 3');
    expect(() => r(`{{ 'abc' | slice(2, 1) }}`)).toThrow('toIndex must be greater than fromIndex');
  });

  it('keys and values', () => {
    expect(r('{{ map | keys }} {{ map | values }} {{ names | keys }}', vars)).toBe('["a","b"] [1,2] [0,1,2]');
    expect(() => r(`{{ 'x' | keys }}`)).toThrow("'keys' filter can only be applied to List, Map, Array. Actual type was: java.lang.String");
    expect(() => r('{{ names | values }}', vars)).toThrow("'values' filter can only be applied to Map. Actual type was: java.util.ArrayList");
  });

  it('merge lists and maps', () => {
    expect(r(`{{ [1, 2] | merge([3]) }} {{ {'a': 1} | merge({'b': 2, 'a': 0}) }}`)).toBe('[1,2,3] {"a":0,"b":2}');
    expect(() => r(`{{ 'x' | merge([1]) }}`)).toThrow('The object being filtered is not a Map/List/Array');
  });

  it('chunk, distinct and flatten', () => {
    expect(r(`{{ [1, 2, 3, 4, 5] | chunk(2) }} {{ [1, 2, 1, 'a', 'a'] | distinct }} {{ [[1, 2], 3, [[4]]] | flatten }}`)).toBe('[[1,2],[3,4],[5]] [1,2,"a"] [1,2,3,[4]]');
    expect(r('{{ null | distinct }}')).toBe('null');
    expect(() => r(`{{ 'x' | flatten }}`)).toThrow("The 'flatten' filter can only be applied to lists.");
    expect(() => r(`{{ [1] | chunk }}`)).toThrow("'chunk' filter expects an argument 'size'.");
  });
});

describe('JSON and YAML filters', () => {
  const vars = { second: { string: 'string', int: 1, float: 1.123, list: ['string', 1, 1.123], bool: true, nothing: null } };

  it('toJson writes Jackson\'s compact JSON (ToJsonFilterTest)', () => {
    expect(r('{{ second.string | toJson }}', vars)).toBe('"string"');
    expect(r('{{ second.int | toJson }} {{ second.float | toJson }} {{ second.bool | toJson }}', vars)).toBe('1 1.123 true');
    expect(r('{{ second.list | toJson }}', vars)).toBe('["string",1,1.123]');
    expect(r('{{ second | toJson }}', vars)).toBe('{"string":"string","int":1,"float":1.123,"list":["string",1,1.123],"bool":true}');
    expect(r('{{ {"empty_object": {}} | toJson }} {{ null | toJson }}')).toBe('{"empty_object":{}} null');
  });

  it('toJson keeps null map values with includeNulls=true', () => {
    expect(r('{{ second | toJson(includeNulls=true) }}', vars)).toContain('"nothing":null');
  });

  it('json is the deprecated alias and logs a warning', () => {
    const warnings: string[] = [];
    expect(render('{{ second.string | json }}', vars, { onWarning: (message) => warnings.push(message) })).toBe('"string"');
    expect(warnings).toEqual(["The 'json' filter is deprecated, please use 'toJson' instead"]);
  });

  it('toJson escapes strings as JSON', () => {
    expect(r('{{ s | toJson }}', { s: 'quote " backslash \\ newline \n tab \t' })).toBe('"quote \\" backslash \\\\ newline \\n tab \\t"');
  });

  it('yaml writes block YAML', () => {
    expect(r('{{ m | yaml }}', { m: { a: 1, b: ['x', 'y'], c: { d: 'text' } } })).toBe('a: 1\nb:\n  - x\n  - y\nc:\n  d: text\n');
    expect(r('{{ null | yaml }}')).toBe('null');
  });
});

describe('className', () => {
  it('names the Java type Kestra would see', () => {
    expect(r(`{{ 'a' | className }} {{ 1 | className }} {{ 1.5 | className }} {{ [] | className }} {{ {} | className }} {{ true | className }}`)).toBe(
      'java.lang.String java.lang.Integer java.lang.Double java.util.ArrayList java.util.LinkedHashMap java.lang.Boolean',
    );
  });
});

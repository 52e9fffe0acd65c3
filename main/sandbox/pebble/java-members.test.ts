// Pebble resolves unknown attributes through Java reflection; these are the methods flows use.
import { describe, expect, it } from 'vitest';
import { render } from './index';

const context = { text: 'Hello, Kestra', list: ['a', 'b', 'c'], map: { k: 'v', n: 1 }, blank: '   ' };
const r = (template: string): string => render(template, context);

describe('Java methods on strings', () => {
  it('reads getter-style properties', () => {
    expect(r('{{ text.length }} {{ text.empty }} {{ blank.blank }}')).toBe('13 false true');
  });

  it('calls methods with arguments', () => {
    expect(r(`{{ text.toUpperCase() }} {{ text.toLowerCase() }} {{ text.substring(7) }} {{ text.substring(0, 5) }} {{ text.indexOf('K') }}`)).toBe(
      'HELLO, KESTRA hello, kestra Kestra Hello 7',
    );
    expect(r(`{{ text.startsWith('Hello') }} {{ text.endsWith('x') }} {{ text.replace('l', 'L') }} {{ text.charAt(1) }} {{ '  x '.trim() }}`)).toBe(
      'true false HeLLo, Kestra e x',
    );
    expect(r(`{{ text.split(', ') }} {{ 'a1b2'.replaceAll('[0-9]', '#') }} {{ 'abc'.matches('[a-c]+') }} {{ text.equalsIgnoreCase('HELLO, KESTRA') }}`)).toBe(
      '["Hello","Kestra"] a#b# true true',
    );
  });

  it('fails like Java on bad indexes', () => {
    expect(() => r('{{ text.substring(20) }}')).toThrow('Could not call substring');
    expect(() => r('{{ text.charAt(99) }}')).toThrow('Index 99 out of bounds for length 13');
  });
});

describe('Java methods on lists, maps and entries', () => {
  it('lists: size, empty, get, first/last (Java 21), indexOf, subList', () => {
    expect(r(`{{ list.size }} {{ list.size() }} {{ list.empty }} {{ list.get(1) }} {{ list.first }} {{ list.getLast() }} {{ list.indexOf('c') }} {{ list.subList(0, 2) }}`)).toBe(
      '3 3 false b a c 2 ["a","b"]',
    );
  });

  it('maps: method calls only (a bare name is a key lookup)', () => {
    expect(r(`{{ map.get('k') }} {{ map.containsKey('n') }} {{ map.keySet() }} {{ map.values() }} {{ map.size() }} {{ map.getOrDefault('x', 'd') }}`)).toBe(
      'v true ["k","n"] ["v",1] 2 d',
    );
    expect(() => r('{{ map.size }}')).toThrow("Missing variable: 'size'");
  });

  it('map entries in a loop: key, value, getKey()', () => {
    expect(render('{% for e in map %}{{ e.getKey() }}:{{ e.value }};{% endfor %}', context)).toBe('k:v;n:1;');
  });

  it('toString() on anything', () => {
    expect(r(`{{ (12).toString() ~ '!' }} {{ list.toString() }}`)).toBe('12! [a, b, c]');
  });
});

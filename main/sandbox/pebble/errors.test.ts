import { describe, expect, it } from 'vitest';
import { PebbleError, isMissingVariable, render } from './index';

function failure(template: string, context: Record<string, unknown> = {}): PebbleError {
  try {
    render(template, context);
  } catch (error) {
    if (error instanceof PebbleError) return error;
    throw error;
  }
  throw new Error(`expected ${template} to fail`);
}

describe('missing variables (VariableRenderer.properPebbleException)', () => {
  it('names the variable, the template and the line, in Kestra\'s words', () => {
    const error = failure('{{ foo }}');
    expect(error.message).toBe("Missing variable: 'foo' on '{{ foo }}' at line 1");
    expect(error.kind).toBe('missing-variable');
    expect(error.attributeName).toBe('foo');
    expect(error.line).toBe(1);
    expect(isMissingVariable(error)).toBe(true);
  });

  it('names the missing attribute of an existing object', () => {
    expect(failure('{{ outputs.task.value }}', { outputs: {} }).message).toBe("Missing variable: 'task' on '{{ outputs.task.value }}' at line 1");
    expect(failure('{{ outputs.task.value }}', { outputs: { task: {} } }).attributeName).toBe('value');
  });

  it('names the root variable when it is null, and the attribute when a nested value is null', () => {
    expect(failure('{{ a.b }}', { a: null }).attributeName).toBe('a');
    expect(failure('{{ a.b.c }}', { a: { b: null } }).attributeName).toBe('c');
  });

  it('reports list indexes out of bounds as missing', () => {
    expect(failure('{{ list[3] }}', { list: [1] }).message).toBe("Missing variable: '3' on '{{ list[3] }}' at line 1");
    expect(failure('{{ list[-1] }}', { list: [1] }).attributeName).toBe('-1');
  });

  it('counts lines from the start of the template', () => {
    const error = failure('line one\nline two {{ ok }}\n\n{{ missing }}', { ok: 1 });
    expect(error.message).toBe("Missing variable: 'missing' on 'line one\nline two {{ ok }}\n\n{{ missing }}' at line 4");
    expect(error.line).toBe(4);
  });

  it('treats a variable that exists with a null value as defined (prints nothing)', () => {
    expect(render('[{{ x }}]', { x: null })).toBe('[]');
  });
});

describe('syntax errors (ParserException)', () => {
  it('uses Pebble\'s message with the template, line and column', () => {
    const error = failure('{{ foo bar }}');
    expect(error.kind).toBe('syntax');
    expect(error.message).toBe(
      'io.pebbletemplates.pebble.error.ParserException: Unexpected token of value "bar" and type NAME, expected token of type PRINT_END ({{ foo bar }}:1:8)',
    );
    expect([error.line, error.column]).toEqual([1, 8]);
  });

  it('points at the right line in a multi-line template', () => {
    const error = failure('ok {{ a }}\n{% if x %}\n  {{ 1 + }}\n{% endif %}');
    expect(error.line).toBe(3);
    expect(error.pebbleMessage).toBe('Unexpected token "PRINT_END" of value "}}"');
  });

  it.each([
    ['{{ }}', 'Unexpected token "PRINT_END" of value "}}"'],
    ['{{ a', 'Unexpected token of value "null" and type EOF, expected token of type PRINT_END'],
    ['{{ (a }}', 'Unclosed ")"'],
    ['{{ a) }}', 'Unexpected ")"'],
    ['{{ [1, 2 }}', 'Unclosed "]"'],
    ['{{ "abc }}', 'Unclosed """'],
    ['{{ a ! b }}', 'Unexpected character [!]'],
    ['{# never closed', 'Unclosed comment.'],
    ['{% if x %}yes', 'Unexpected end of template. Pebble was looking for the "endif" tag'],
    ['{% for x in y %}', 'Unexpected end of template. Pebble was looking for the "endfor" tag'],
    ['{% nope %}', 'Unexpected tag name "nope"'],
    ['{% "x" %}', 'A block must start with a tag name.'],
    ['{{ f(a=1, 2) }}', 'Positional arguments must be declared before any named arguments.'],
    ['{{ a.b(x=1) }}', 'Can not use named arguments when calling a bean method'],
    ['{{ [1, 2,] }}', 'Unexpected token "PUNCTUATION" of value "]"'],
    ['{{ a.contains }}', 'Unexpected token of value "contains" and type OPERATOR, expected token of type NAME'],
  ])('%s fails with "%s"', (template, message) => {
    const error = failure(template, { a: 1, x: true, y: [] });
    expect(error.kind).toBe('syntax');
    expect(error.pebbleMessage).toBe(message);
    expect(error.line).toBeGreaterThanOrEqual(1);
  });

  it('fails on syntax errors even in branches that are never taken', () => {
    expect(failure('{% if false %}{{ 1 + }}{% endif %}').kind).toBe('syntax');
  });
});

describe('evaluation errors (PebbleException)', () => {
  it('uses Pebble\'s message and the template name', () => {
    const error = failure('{{ x | nope }}', { x: 1 });
    expect(error.kind).toBe('evaluation');
    expect(error.message).toBe('io.pebbletemplates.pebble.error.PebbleException: Filter [nope] does not exist. ({{ x | nope }}:1)');
  });

  it('resolves filters at evaluation time, so an unknown filter in an untaken branch is fine', () => {
    expect(render('{% if false %}{{ x | nope }}{% endif %}ok', {})).toBe('ok');
  });

  it('checks argument counts and names (ArgumentsNode.getArgumentMap)', () => {
    expect(failure(`{{ 'abc' | abbreviate(1, 2) }}`).pebbleMessage).toBe('The argument at position 2 is not allowed. Only 1 argument(s) are allowed.');
    // Filters without declared names (getArgumentNames() == null) ignore extra arguments.
    expect(render(`{{ 'a' | upper('x') }}`, {})).toBe('A');
    expect(failure(`{{ 'a' | abbreviate(size=1) }}`).pebbleMessage).toBe('The following named argument does not exist: size');
  });

  it('wraps a jq failure as JqFilter does, with the message of jq itself in the cause chain', () => {
    const error = failure(`{{ '{}' | jq('.[') }}`);
    expect(error.message).toContain("Unable to parse jq value '{}' with type 'java.lang.String'");
    expect(error.detail).toContain("Failed to resolve JQ expression '.['");
    expect(error.detail).toContain('syntax error');
  });

  it('keeps the cause chain in detail', () => {
    const error = failure('{% if a.b > 1 %}{% endif %}', { a: {} });
    expect(error.detail.split('\n')).toHaveLength(2);
    expect(error.detail).toContain("Missing variable: 'b'");
  });

  it('shortens a huge template in the message but keeps it whole on the error', () => {
    const template = `${'x'.repeat(10_000)}{{ missing }}`;
    const error = failure(template);
    expect(error.message.length).toBeLessThan(4_200);
    expect(error.template).toBe(template);
  });
});

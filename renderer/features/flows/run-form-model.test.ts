import { describe, expect, it } from 'vitest';
import type { FlowInput } from '../../../main/contract/kestra-model';
import { attributeServerErrors, checkInput, checkLabel, controlKind, fromLocalDateTimeInput, initialValue, toInputValues, toLocalDateTimeInput } from './run-form-model';

const input = (partial: Partial<FlowInput> & Pick<FlowInput, 'id' | 'type'>): FlowInput => partial as FlowInput;

describe('controls per input type', () => {
  it('maps every Kestra input type to a control', () => {
    const types = ['STRING', 'INT', 'FLOAT', 'BOOLEAN', 'BOOL', 'ENUM', 'SELECT', 'MULTISELECT', 'DATE', 'DATETIME', 'TIME', 'DURATION', 'JSON', 'YAML', 'FILE', 'SECRET', 'ARRAY', 'URI', 'EMAIL'] as const;
    expect(types.map((type) => controlKind({ type }))).toEqual([
      'text', 'integer', 'float', 'boolean', 'boolean', 'select', 'select', 'multiselect', 'date', 'datetime', 'time', 'duration', 'json', 'yaml', 'file', 'secret', 'array', 'uri', 'email',
    ]);
    expect(controlKind({ type: 'FORM' })).toBe('text');
  });
});

describe('initial values from defaults', () => {
  it('uses defaults in the control’s form', () => {
    expect(initialValue(input({ id: 'a', type: 'STRING', defaults: 'x' }))).toBe('x');
    expect(initialValue(input({ id: 'a', type: 'INT', defaults: 3 }))).toBe('3');
    expect(initialValue(input({ id: 'a', type: 'BOOLEAN', defaults: true }))).toBe(true);
    expect(initialValue(input({ id: 'a', type: 'BOOLEAN' }))).toBeNull();
    expect(initialValue(input({ id: 'a', type: 'MULTISELECT', defaults: ['a', 'b'] }))).toEqual(['a', 'b']);
    expect(initialValue(input({ id: 'a', type: 'ARRAY', defaults: '[1, 2]' }))).toEqual(['1', '2']);
    expect(initialValue(input({ id: 'a', type: 'JSON', defaults: { k: 1 } }))).toBe('{\n  "k": 1\n}');
    expect(initialValue(input({ id: 'a', type: 'FILE' }))).toBeNull();
  });

  it('round-trips datetimes through local time', () => {
    const iso = '2025-03-04T10:20:30Z';
    expect(fromLocalDateTimeInput(toLocalDateTimeInput(iso))).toBe(iso);
    expect(fromLocalDateTimeInput('')).toBeUndefined();
  });
});

describe('checks', () => {
  it('requires required inputs without defaults', () => {
    expect(checkInput(input({ id: 'a', type: 'STRING', required: true }), '')).toBe('Required.');
    expect(checkInput(input({ id: 'a', type: 'STRING', required: false }), '')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'STRING', defaults: 'x' }), '')).toBeUndefined();
    expect(checkInput(input({ id: 'f', type: 'FILE', required: true }), null, false)).toBe('Required.');
    expect(checkInput(input({ id: 'f', type: 'FILE', required: true }), null, true)).toBeUndefined();
  });

  it('checks numbers, ranges and patterns as Kestra does', () => {
    expect(checkInput(input({ id: 'a', type: 'INT' }), '1.5')).toBe('Enter a whole number.');
    expect(checkInput(input({ id: 'a', type: 'INT', min: 2 }), '1')).toBe('At least 2.');
    expect(checkInput(input({ id: 'a', type: 'FLOAT', max: 1 }), '1.5')).toBe('At most 1.');
    expect(checkInput(input({ id: 'a', type: 'STRING', validator: '[a-z]+' }), 'abc1')).toBe('Must match [a-z]+');
    expect(checkInput(input({ id: 'a', type: 'STRING', validator: '[a-z]+' }), 'abc')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'STRING', maxLength: 2 }), 'abc')).toBe('At most 2 characters.');
  });

  it('checks structured types', () => {
    expect(checkInput(input({ id: 'a', type: 'DURATION' }), 'PT1H')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'DURATION' }), '1h')).toMatch(/ISO-8601/);
    expect(checkInput(input({ id: 'a', type: 'JSON' }), '{"a":')).toMatch(/^Invalid JSON/);
    expect(checkInput(input({ id: 'a', type: 'ENUM', values: ['x', 'y'] }), 'z')).toBe('Choose one of the listed values.');
    expect(checkInput(input({ id: 'a', type: 'SELECT', values: ['x'], allowCustomValue: true }), 'z')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'MULTISELECT', values: ['x'] }), ['x', 'q'])).toBe('Choose only listed values.');
    expect(checkInput(input({ id: 'a', type: 'URI' }), 'not a uri')).toMatch(/URI/);
    expect(checkInput(input({ id: 'a', type: 'EMAIL' }), 'a@b.co')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'TIME' }), '10:30')).toBeUndefined();
    expect(checkInput(input({ id: 'a', type: 'DATE' }), '2025-13')).toBe('Use YYYY-MM-DD.');
  });

  it('checks labels like the server', () => {
    expect(checkLabel({ key: 'system.foo', value: 'x' })).toMatch(/system/);
    expect(checkLabel({ key: 'system.correlationId', value: 'x' })).toBeUndefined();
    expect(checkLabel({ key: 'team', value: '' })).toBe('A label needs a value.');
    expect(checkLabel({ key: '', value: '' })).toBeUndefined();
  });
});

describe('conversion to trigger values', () => {
  it('sends typed values and leaves unset optional inputs out', () => {
    const inputs = [
      input({ id: 's', type: 'STRING' }),
      input({ id: 'i', type: 'INT' }),
      input({ id: 'b', type: 'BOOLEAN' }),
      input({ id: 'm', type: 'MULTISELECT' }),
      input({ id: 't', type: 'TIME' }),
      input({ id: 'e', type: 'STRING' }),
      input({ id: 'f', type: 'FILE' }),
      input({ id: 'n', type: 'BOOLEAN' }),
    ];
    expect(toInputValues(inputs, { s: 'hi', i: '42', b: false, m: ['a'], t: '10:30', e: '', f: null, n: null })).toEqual({ s: 'hi', i: 42, b: false, m: ['a'], t: '10:30:00' });
  });

  it('attributes server errors to inputs', () => {
    const inputs = [input({ id: 'count', type: 'INT' }), input({ id: 'name', type: 'STRING' })];
    expect(attributeServerErrors(inputs, undefined, 'Invalid entity: Invalid value for input `count`. Cause: not a number')).toEqual({
      byInput: { count: 'Invalid value for input `count`. Cause: not a number' },
      rest: [],
    });
    expect(attributeServerErrors(inputs, [{ path: 'inputs.name', message: 'too long' }, { message: 'other' }], '')).toEqual({ byInput: { name: 'too long' }, rest: ['other'] });
    expect(attributeServerErrors(inputs, undefined, 'Invalid entity: Missing required input:name').byInput.name).toBeDefined();
  });
});

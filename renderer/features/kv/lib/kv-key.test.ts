import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KV_KEY_RULE, kvExpression, kvKeyError } from './kv-key';

describe('kvKeyError', () => {
  it.each(['a', 'A1', 'my_key', 'my-key.v2', '0start', 'a..b', 'x_'])('accepts %s', (key) => {
    expect(kvKeyError(key)).toBeUndefined();
  });

  it.each(['', '_start', '.start', '-start', 'has space', 'a/b', 'é', 'a:b', 'tab\tkey', 'new\nline', '../etc'])('refuses %j with Kestra rule', (key) => {
    expect(kvKeyError(key)).toContain(KV_KEY_RULE);
  });

  it('matches the rule for any string (property)', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const expected = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(key);
        expect(kvKeyError(key) === undefined).toBe(expected);
      }),
    );
  });
});

describe('kvExpression', () => {
  it('builds the Pebble call, with the namespace when asked', () => {
    expect(kvExpression('token')).toBe("{{ kv('token') }}");
    expect(kvExpression('token', 'company.team')).toBe("{{ kv('token', 'company.team') }}");
  });
});

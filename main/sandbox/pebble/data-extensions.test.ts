import { afterAll, describe, expect, it } from 'vitest';
import { PebbleError, render, renderTyped } from './index';
import { stopJq } from './jq';
import { kestraDecrypt, kestraEncrypt } from './kestra-crypto';

afterAll(() => stopJq());

const KEY = Buffer.alloc(32, 7).toString('base64');

function failure(template: string, context: Record<string, unknown> = {}): PebbleError {
  try {
    render(template, context);
  } catch (error) {
    if (error instanceof PebbleError) return error;
    throw error;
  }
  throw new Error(`expected ${template} to fail`);
}

describe('jq filter (JqFilter, real jq through jq-web)', () => {
  it('returns every output in a list, from a map or from JSON text', () => {
    expect(renderTyped(`{{ data | jq('.items[].name') }}`, { data: { items: [{ name: 'a' }, { name: 'b' }] } })).toEqual(['a', 'b']);
    expect(render(`{{ '{"a": {"b": 3}}' | jq('.a.b') | first }}`, {})).toBe('3');
    expect(render(`{{ data | jq('map(select(. > 1)) | add') | first }}`, { data: [1, 2, 3] })).toBe('5');
    // Like Jackson's readTree, text with several JSON values (JSON lines) reads the first one.
    expect(render(`{{ '{"a": 1}\n{"a": 2}' | jq('.a') }}`, {})).toBe('[1]');
  });

  it('keeps JSON types: doubles, nulls, booleans, nested objects', () => {
    expect(render(`{{ data | jq('.x / 2') | first }}`, { data: { x: 3 } })).toBe('1.5');
    expect(renderTyped(`{{ data | jq('{n: .missing, t: true, o: {k: [1]}}') | first }}`, { data: {} })).toEqual({ n: null, t: true, o: { k: [1] } });
    expect(renderTyped(`{{ data | jq('empty') }}`, { data: {} })).toEqual([]);
  });

  it('passes null through and needs an expression', () => {
    expect(render(`[{{ null | jq('.') }}]`, {})).toBe('[]');
    expect(failure(`{{ data | jq }}`, { data: {} }).message).toContain("The 'jq' filter expects an argument 'expression'.");
  });

  it('fails on text that is not JSON and on jq runtime errors', () => {
    expect(failure(`{{ 'not json' | jq('.') }}`).message).toContain("Unable to parse jq value 'not json' with type 'java.lang.String'");
    const error = failure(`{{ data | jq('.a | error("boom")') }}`, { data: { a: 1 } });
    expect(error.detail).toContain('boom');
  });

  it('stops a runaway expression instead of freezing the sandbox, and keeps working after it', () => {
    const started = Date.now();
    let error: PebbleError | undefined;
    try {
      render(`{{ data | jq('[limit(100000000000; repeat(1))] | length') }}`, { data: 1 }, { limits: { maxJqMillis: 1_000 } });
    } catch (caught) {
      error = caught as PebbleError;
    }
    expect(error?.detail).toContain('took longer than 1 s');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(render(`{{ data | jq('. + 1') | first }}`, { data: 1 })).toBe('2');
  }, 40_000);
});

describe('toIon and fromIon', () => {
  it('prints Kestra Ion text and reads it back', () => {
    expect(render('{{ data | toIon }}', { data: { id: 1, name: 'x', tags: ['a'] } })).toBe('{id:1,name:"x",tags:["a"]}');
    expect(render('{{ null | toIon }}', {})).toBe('null');
    expect(renderTyped(`{{ fromIon('{id:1,when:2024-01-02T03:04:05.000Z,day:2024-01-02T}') }}`, {})).toEqual({ id: 1, when: '2024-01-02T03:04:05Z', day: '2024-01-02' });
    expect(render(`{{ fromIon(data | toIon).name }}`, { data: { name: 'round trip' } })).toBe('round trip');
    // A Double stays a Double both ways: Ion float `2e0`, printed back as 2.0.
    expect(render(`{{ {'d': 2.0, 'f': 1.5} | toIon }}`, {})).toBe('{d:2e0,f:1.5e0}');
    expect(render(`{{ fromIon('{d:2e0,n:3,x:1.50}').d }} {{ fromIon('{d:2e0,n:3,x:1.50}').n }} {{ fromIon('{x:1.50}').x }}`, {})).toBe('2.0 3 1.5');
  });

  it('validates its argument', () => {
    expect(failure(`{{ fromIon() }}`).message).toContain("The 'fromIon' function expects an argument 'ion'.");
    expect(failure(`{{ fromIon(1) }}`).message).toContain('with type string');
    expect(failure(`{{ fromIon('{a:') }}`).message).toContain('Invalid Ion');
  });
});

describe('encrypt and decrypt (EncryptionService: AES/GCM, base64 key)', () => {
  it('round-trips through the functions with a key from the context', () => {
    const encrypted = render(`{{ encrypt(key, 'my secret') }}`, { key: KEY });
    expect(encrypted).not.toContain('my secret');
    expect(Buffer.from(encrypted, 'base64')).toHaveLength(12 + 'my secret'.length + 16);
    expect(render(`{{ decrypt(key, value) }}`, { key: KEY, value: encrypted })).toBe('my secret');
    expect(render(`{{ decrypt(key, encrypt(key, 'é ü')) }}`, { key: KEY })).toBe('é ü');
  });

  it("uses Java's layout: IV, then ciphertext, then tag", () => {
    // Ciphertext made with javax.crypto AES/GCM/NoPadding would decrypt the same way: check the
    // layout by decrypting with Node directly.
    const encrypted = kestraEncrypt(KEY, 'abc')!;
    expect(kestraDecrypt(KEY, encrypted)).toBe('abc');
    expect(kestraEncrypt(KEY, '')).toBe('');
  });

  it('fails with the Java messages on a bad key or tampered text', () => {
    expect(failure(`{{ encrypt('YWJj', 'x') }}`).message).toContain('Invalid AES key length: 3 bytes');
    const other = Buffer.alloc(16, 1).toString('base64');
    expect(failure(`{{ decrypt(other, encrypt(key, 'x')) }}`, { key: KEY, other }).message).toContain('Tag mismatch');
    expect(failure(`{{ encrypt(key) }}`, { key: KEY }).message).toContain("The 'encrypt' function expects two arguments 'key' and 'plaintext'.");
  });
});

describe('tasksWithState (TasksWithStateFunction)', () => {
  const tasks = { hello: { state: 'SUCCESS' }, broken: { state: 'FAILED' }, loop: { 'item-1': { state: 'FAILED' }, 'item-2': { state: 'SUCCESS' } } };

  it('lists the tasks in a state, with the value of looped ones', () => {
    expect(renderTyped(`{{ tasksWithState('failed') }}`, { tasks })).toEqual([
      { taskId: 'broken', state: 'FAILED' },
      { taskId: 'loop', state: 'FAILED', value: 'item-1' },
    ]);
    expect(render(`{{ tasksWithState(state='SUCCESS') is empty }}`, { tasks })).toBe('false');
    expect(render(`{{ tasksWithState(state='KILLED') is empty }}`, { tasks })).toBe('true');
    expect(render(`{{ tasksWithState('SUCCESS') | length }}`, {})).toBe('0');
  });
});

import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { randomNamespace, request, yamlBody } from './helpers';

describe('sandbox KV API', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;
  const put = (ns: string, key: string, body: string, headers: Record<string, string> = { 'Content-Type': 'text/plain' }) =>
    request(`${api()}/namespaces/${ns}/kv/${key}`, { method: 'PUT', headers, body });
  const get = (ns: string, key: string) => request(`${api()}/namespaces/${ns}/kv/${key}`);

  it('puts typed values with text/plain and with JSON bodies, and reads them back', async () => {
    const ns = randomNamespace();
    const values: [string, string, unknown][] = [
      ['"Hello"', 'STRING', 'Hello'],
      ['42', 'NUMBER', 42],
      ['true', 'BOOLEAN', true],
      ['{"a":[1,2]}', 'JSON', { a: [1, 2] }],
      ['2021-09-01', 'DATE', '2021-09-01'],
      ['2021-09-01T01:02:03Z', 'DATETIME', '2021-09-01T01:02:03Z'],
      ['"PT5S"', 'DURATION', 'PT5S'],
    ];
    for (const [i, [body, type, value]] of values.entries()) {
      const res = await put(ns, `k${i}`, body);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const read = await get(ns, `k${i}`);
      expect(read.status).toBe(200);
      expect(read.json()).toMatchObject({ type, value, revision: 1 });
      expect(Date.parse(read.json().updated)).not.toBeNaN();
    }
    // The documented curl example: -H "Content-Type: application/json" -d '"Hello"'.
    const json = await put(ns, 'greeting', '"Hello World"', { 'Content-Type': 'application/json' });
    expect(json.status).toBe(200);
    expect((await get(ns, 'greeting')).json()).toMatchObject({ type: 'STRING', value: 'Hello World' });
    const form = await put(ns, 'x', 'a=b', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('bumps the revision on every put and keeps description and expiry from headers', async () => {
    const ns = randomNamespace();
    await put(ns, 'counter', '1', { 'Content-Type': 'text/plain', description: 'a counter', ttl: 'P1D' });
    await put(ns, 'counter', '2', { 'Content-Type': 'text/plain', description: 'a counter' });
    expect((await get(ns, 'counter')).json()).toMatchObject({ value: 2, revision: 2 });
    const [entry] = (await request(`${api()}/namespaces/${ns}/kv`)).json();
    expect(entry).toMatchObject({ namespace: ns, key: 'counter', version: 2, description: 'a counter' });
    expect(entry.expirationDate).toBeUndefined();
    await put(ns, 'temp', '"x"', { 'Content-Type': 'text/plain', ttl: 'PT1H' });
    const temp = (await request(`${api()}/namespaces/${ns}/kv`)).json().find((e: { key: string }) => e.key === 'temp');
    expect(Date.parse(temp.expirationDate) - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('answers 404 for a missing key and 410 once a value has expired (then deletes it)', async () => {
    const ns = randomNamespace();
    const missing = await get(ns, 'nope');
    expect(missing.status).toBe(404);
    expect(missing.json().message).toBe(`Not Found: No value found for key 'nope' in namespace '${ns}'`);
    await put(ns, 'short', '"soon gone"', { 'Content-Type': 'text/plain', ttl: 'PT0.3S' });
    let res = await get(ns, 'short');
    const deadline = Date.now() + 10_000;
    while (res.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res = await get(ns, 'short');
    }
    expect(res.status).toBe(410);
    expect(res.json().message).toBe('Resource has expired: The requested value has expired');
    expect((await get(ns, 'short')).status).toBe(404);
  });

  it('rejects bad keys, negative and malformed ttl, and empty bodies', async () => {
    const ns = randomNamespace();
    const badKey = await put(ns, '_bad', '1');
    expect(badKey.status).toBe(422);
    expect(badKey.json().message).toBe(
      'Illegal argument: Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.',
    );
    const negative = await put(ns, 'k', '1', { 'Content-Type': 'text/plain', ttl: '-PT1S' });
    expect(negative.status).toBe(422);
    expect(negative.json().message).toBe('Illegal argument: ttl cannot be negative');
    const malformed = await put(ns, 'k', '1', { 'Content-Type': 'text/plain', ttl: 'soon' });
    expect(malformed.status).toBe(500);
    const empty = await put(ns, 'k', '');
    expect(empty.status).toBe(400);
    expect((await get(ns, 'k')).status).toBe(404);
  });

  it('deletes one key (true/false) and several keys at once', async () => {
    const ns = randomNamespace();
    for (const key of ['a', 'b', 'c']) await put(ns, key, '1');
    const one = await request(`${api()}/namespaces/${ns}/kv/a`, { method: 'DELETE' });
    expect(one.status).toBe(200);
    expect(one.json()).toBe(true);
    expect((await request(`${api()}/namespaces/${ns}/kv/a`, { method: 'DELETE' })).json()).toBe(false);
    const bulk = await request(`${api()}/namespaces/${ns}/kv`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ keys: ['b', 'zz'] }) });
    expect(bulk.json()).toEqual({ keys: ['b'] });
    expect((await request(`${api()}/namespaces/${ns}/kv`)).json().map((e: { key: string }) => e.key)).toEqual(['c']);
  });

  it('lists all keys with paging, sort and filters, and inherited keys of parent namespaces', async () => {
    const ns = randomNamespace();
    await put(ns, 'shared', '"root"');
    await put(ns, 'only-root', '1');
    await put(`${ns}.team`, 'shared', '"team"');
    await put(`${ns}.team.etl`, 'own', '1');
    const all = await request(`${api()}/kv?filters[namespace][PREFIX]=${ns}&sort=key:asc&size=2`);
    expect(all.status).toBe(200);
    expect(all.json().total).toBe(4);
    expect(all.json().results.map((e: { key: string }) => e.key)).toEqual(['only-root', 'own']);
    const q = await request(`${api()}/kv?filters[namespace][PREFIX]=${ns}&filters[q][EQUALS]=SHA`);
    expect(q.json().results.map((e: { namespace: string }) => e.namespace)).toEqual([ns, `${ns}.team`]);
    const inherited = (await request(`${api()}/namespaces/${ns}.team.etl/kv/inheritance`)).json();
    expect(inherited.map((e: { namespace: string; key: string }) => `${e.namespace}:${e.key}`)).toEqual([`${ns}.team:shared`, `${ns}:only-root`]);
    const names = (await request(`${api()}/namespaces/search?q=${ns}&size=20`)).json().results.map((r: { id: string }) => r.id);
    expect(names).toEqual([ns, `${ns}.team`, `${ns}.team.etl`]);
  });

  it('makes values available to flows through kv()', async () => {
    const ns = randomNamespace();
    await put(ns, 'who', '"KV world"');
    await request(`${api()}/flows`, yamlBody(`id: kvflow\nnamespace: ${ns}\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ kv('who') }}"\n`));
    const done = (await request(`${api()}/executions/${ns}/kvflow?wait=true`, { method: 'POST' })).json();
    expect(done.taskRunList[0].outputs).toEqual({ value: 'KV world' });
  });
});

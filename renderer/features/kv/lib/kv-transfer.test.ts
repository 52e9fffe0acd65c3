import { describe, expect, it } from 'vitest';
import { buildKvExport, parseKvImport, planKvChanges, summarizeKvPlan, ttlFromExpiration, type KvRecord } from './kv-transfer';
import { KV_KEY_RULE } from './kv-key';

const records: KvRecord[] = [
  { key: 'b', type: 'NUMBER', value: 2 },
  { key: 'a', type: 'STRING', value: '123', description: 'quoted' },
  { key: 'c', type: 'JSON', value: { x: [1] }, expirationDate: '2030-01-01T00:00:00Z' },
];

describe('KV export and import', () => {
  it('round-trips an export, sorted by key, keeping types', () => {
    const file = buildKvExport('team.a', records, new Date('2025-01-01T00:00:00Z'));
    expect(file.entries.map((e) => e.key)).toEqual(['a', 'b', 'c']);
    const parsed = parseKvImport(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.namespace).toBe('team.a');
    expect(parsed.data.invalid).toEqual([]);
    expect(parsed.data.records.find((r) => r.key === 'a')).toEqual({ key: 'a', type: 'STRING', value: '123', description: 'quoted' });
  });

  it('reports each bad entry with its reason and keeps the good ones', () => {
    const text = JSON.stringify({
      entries: [
        { key: 'ok', type: 'BOOLEAN', value: true },
        { key: '_bad', type: 'STRING', value: 'x' },
        { key: 'num', type: 'NUMBER', value: '12' },
        { key: 'ok', type: 'STRING', value: 'dup' },
        { key: 'typ', type: 'TEXT', value: 'x' },
        'nope',
        { type: 'STRING', value: 'x' },
        { key: 'date', type: 'DATE', value: '2023-02-30' },
      ],
    });
    const parsed = parseKvImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.data.records.map((r) => r.key)).toEqual(['ok']);
    const reasons = Object.fromEntries(parsed.data.invalid.map((i) => [i.index, i.reason]));
    expect(reasons[1]).toBe(KV_KEY_RULE);
    expect(reasons[2]).toMatch(/NUMBER value must be a JSON number/);
    expect(reasons[3]).toMatch(/twice/);
    expect(reasons[4]).toMatch(/unknown type/);
    expect(reasons[5]).toMatch(/not an object/);
    expect(reasons[6]).toMatch(/no "key"/);
    expect(reasons[7]).toMatch(/not a date/);
  });

  it('refuses files that are not exports', () => {
    expect(parseKvImport('{not json').ok).toBe(false);
    expect(parseKvImport('{"kind": "other", "entries": []}').ok).toBe(false);
    expect(parseKvImport('{"foo": 1}').ok).toBe(false);
    expect(parseKvImport('[]').ok).toBe(true);
  });
});

describe('planKvChanges', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('classifies adds, updates with their fields, unchanged and expired', () => {
    const current = new Map<string, KvRecord>([
      ['a', { key: 'a', type: 'NUMBER', value: 123 }],
      ['b', { key: 'b', type: 'NUMBER', value: 2 }],
    ]);
    const incoming: KvRecord[] = [
      ...records,
      { key: 'old', type: 'STRING', value: 'x', expirationDate: '2024-01-01T00:00:00Z' },
    ];
    const plan = planKvChanges(incoming, current, now);
    const byKey = Object.fromEntries(plan.map((c) => [c.record.key, c]));
    expect(byKey.a).toMatchObject({ kind: 'update', fields: ['type', 'value', 'description'] });
    expect(byKey.b?.kind).toBe('unchanged');
    expect(byKey.c).toMatchObject({ kind: 'add', ttl: `PT${(Date.parse('2030-01-01T00:00:00Z') - now) / 1000}S` });
    expect(byKey.old?.kind).toBe('expired');
    expect(summarizeKvPlan(plan)).toEqual({ add: 1, update: 1, unchanged: 1, expired: 1 });
  });

  it('turns an absolute expiry into a whole-second TTL', () => {
    expect(ttlFromExpiration(undefined, now)).toBeUndefined();
    expect(ttlFromExpiration('2025-01-01T00:01:00.900Z', now)).toBe('PT60S');
    expect(ttlFromExpiration('2025-01-01T00:00:00.500Z', now)).toBe('expired');
  });
});

import { describe, expect, it } from 'vitest';
import type { KvEntry } from '../../../../main/contract/kestra-model';
import { filterKvEntries, isExpired, markOverridden, parentNamespaces, sortKvEntries } from './kv-table-model';

const entries: KvEntry[] = [
  { namespace: 'a', key: 'k10', updateDate: '2025-01-03T00:00:00Z' },
  { namespace: 'a', key: 'k2', description: 'Database password', updateDate: '2025-01-01T00:00:00Z', expirationDate: '2025-02-01T00:00:00Z' },
  { namespace: 'a.b', key: 'alpha', updateDate: '2025-01-02T00:00:00Z' },
];

describe('KV table model', () => {
  it('sorts keys naturally and dates by time, empties last', () => {
    expect(sortKvEntries(entries, { column: 'key', direction: 'asc' }).map((e) => e.key)).toEqual(['alpha', 'k2', 'k10']);
    expect(sortKvEntries(entries, { column: 'updateDate', direction: 'desc' }).map((e) => e.key)).toEqual(['k10', 'alpha', 'k2']);
    expect(sortKvEntries(entries, { column: 'expirationDate', direction: 'desc' }).map((e) => e.key)[0]).toBe('k2');
  });

  it('searches key, description and namespace', () => {
    expect(filterKvEntries(entries, 'PASSWORD').map((e) => e.key)).toEqual(['k2']);
    expect(filterKvEntries(entries, 'a.b').map((e) => e.key)).toEqual(['alpha']);
    expect(filterKvEntries(entries, '  ')).toHaveLength(3);
  });

  it('marks inherited keys that this namespace overrides', () => {
    const inherited = markOverridden([{ namespace: 'a.b', key: 'k2' }], [{ namespace: 'a', key: 'k2' }, { namespace: 'a', key: 'z' }]);
    expect(inherited.map((e) => e.overridden)).toEqual([true, false]);
  });

  it('lists parents nearest first and tells expiry', () => {
    expect(parentNamespaces('a.b.c')).toEqual(['a.b', 'a']);
    expect(parentNamespaces('a')).toEqual([]);
    expect(isExpired(entries[1]!, Date.parse('2025-03-01T00:00:00Z'))).toBe(true);
    expect(isExpired(entries[0]!)).toBe(false);
  });
});

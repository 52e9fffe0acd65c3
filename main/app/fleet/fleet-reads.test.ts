import { describe, expect, it } from 'vitest';
import { commonNamespacePrefix, coveringRoots } from './fleet-reads';

describe('namespace prefixes for the drift reads', () => {
  it('finds the longest shared dotted prefix, whole segments only', () => {
    expect(commonNamespacePrefix(['company.team.a', 'company.team.b', 'company.team'])).toBe('company.team');
    expect(commonNamespacePrefix(['company.teamA', 'company.teamB'])).toBe('company');
    expect(commonNamespacePrefix(['a', 'ab'])).toBe('');
    expect(commonNamespacePrefix(['only.one'])).toBe('only.one');
    expect(commonNamespacePrefix([])).toBe('');
  });

  it('covers namespaces with the fewest roots', () => {
    expect(coveringRoots(['a.b', 'a', 'c.d', 'c.d.e', 'c.f'])).toEqual(['a', 'c.d', 'c.f']);
  });
});

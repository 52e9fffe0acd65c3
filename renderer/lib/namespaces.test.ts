import { describe, expect, it } from 'vitest';
import { buildNamespaceTree, isValidNamespace, namespaceAncestors } from './namespaces';

describe('namespaces', () => {
  it('builds a sorted tree and adds missing parents', () => {
    const tree = buildNamespaceTree(['company.team.b', 'company.team.a', 'system', 'acme']);
    expect(tree.map((node) => node.id)).toEqual(['acme', 'company', 'system']);
    const company = tree[1]!;
    expect(company.children.map((node) => node.id)).toEqual(['company.team']);
    expect(company.children[0]!.children.map((node) => node.name)).toEqual(['a', 'b']);
  });

  it('sorts case-insensitively, then by case, with digits and punctuation first', () => {
    const tree = buildNamespaceTree(['beta', 'Alpha', 'alpha', 'Beta', 'team-b', 'team_a', '2024', 'zeta']);
    expect(tree.map((node) => node.id)).toEqual(['2024', 'Alpha', 'alpha', 'Beta', 'beta', 'team-b', 'team_a', 'zeta']);
  });

  it('ignores malformed names instead of crashing', () => {
    expect(buildNamespaceTree(['', '.a', 'a.', 'a..b', 'ok']).map((node) => node.id)).toEqual(['ok']);
  });

  it('lists ancestors and validates names', () => {
    expect(namespaceAncestors('a.b.c')).toEqual(['a', 'a.b', 'a.b.c']);
    expect(isValidNamespace('company.team-1')).toBe(true);
    expect(isValidNamespace('company..team')).toBe(false);
    expect(isValidNamespace('../etc')).toBe(false);
  });
});

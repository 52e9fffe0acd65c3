import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

describe('fuzzy', () => {
  it('matches characters in order and rejects others', () => {
    expect(fuzzyScore('hlo', 'hello')).toBeDefined();
    expect(fuzzyScore('olh', 'hello')).toBeUndefined();
    expect(fuzzyScore('', 'anything')).toBe(0);
  });

  it('ranks prefixes and word starts above scattered matches', () => {
    const items = ['company.team.hello', 'hello_world', 'shell', 'h-e-l-l-o'];
    expect(fuzzyFilter(items, 'hello', (item) => item)[0]).toBe('hello_world');
    expect(fuzzyFilter(items, 'ctm', (item) => item)).toEqual(['company.team.hello']);
  });

  it('keeps the original order without a query', () => {
    expect(fuzzyFilter(['b', 'a'], '  ', (item) => item)).toEqual(['b', 'a']);
  });
});

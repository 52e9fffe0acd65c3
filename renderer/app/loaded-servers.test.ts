import { describe, expect, it } from 'vitest';
import { loadedServerIds, touchServer } from './loaded-servers';

describe('loaded servers', () => {
  it('moves a shown server to the front, once', () => {
    expect(touchServer([], 'a')).toEqual(['a']);
    expect(touchServer(['a', 'b', 'c'], 'c')).toEqual(['c', 'a', 'b']);
    const same = ['a', 'b'];
    expect(touchServer(same, 'a')).toBe(same);
  });

  it('keeps the most recently used up to the limit, the active one first', () => {
    const recent = ['f', 'e', 'd', 'c', 'b', 'a'];
    expect(loadedServerIds(recent, 5)).toEqual(['f', 'e', 'd', 'c', 'b']);
    // Showing the least recent one brings it back and pushes out the next least recent.
    expect(loadedServerIds(recent, 5, 'a')).toEqual(['a', 'f', 'e', 'd', 'c']);
    expect(loadedServerIds(recent, 2, 'd')).toEqual(['d', 'f']);
  });

  it('never drops below one server, rounds a fractional limit down and skips removed servers', () => {
    expect(loadedServerIds(['a', 'b'], 0, 'b')).toEqual(['b']);
    expect(loadedServerIds(['a', 'b', 'c'], 2.9)).toEqual(['a', 'b']);
    expect(loadedServerIds(['a', 'gone', 'b', 'c'], 3, undefined, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

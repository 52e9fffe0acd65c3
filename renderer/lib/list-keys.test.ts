import { describe, expect, it } from 'vitest';
import { cursorTarget } from './list-keys';

describe('cursorTarget', () => {
  it('moves by one, by a page, to either end, clamped to the list', () => {
    expect(cursorTarget('ArrowDown', 3, 10, 4)).toBe(4);
    expect(cursorTarget('ArrowUp', 0, 10, 4)).toBe(0);
    expect(cursorTarget('PageDown', 8, 10, 4)).toBe(9);
    expect(cursorTarget('PageUp', 5, 10, 4)).toBe(1);
    expect(cursorTarget('Home', 5, 10, 4)).toBe(0);
    expect(cursorTarget('End', 5, 10, 4)).toBe(9);
  });

  it('leaves other keys to the caller', () => {
    expect(cursorTarget('Enter', 5, 10, 4)).toBeUndefined();
    expect(cursorTarget('a', 5, 10, 4)).toBeUndefined();
  });
});

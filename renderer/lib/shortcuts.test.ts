import { describe, expect, it } from 'vitest';
import { ariaShortcut, formatShortcut, matchesShortcut, parseShortcut } from './shortcuts';

const key = (over: Partial<KeyboardEvent>): Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...over,
});

describe('shortcuts', () => {
  it('parses', () => {
    expect(parseShortcut('Mod+Shift+K')).toEqual({ mod: true, ctrl: false, shift: true, alt: false, key: 'k' });
  });

  it('matches Mod as Ctrl elsewhere and Cmd on macOS, exactly', () => {
    expect(matchesShortcut(key({ key: 's', code: 'KeyS', ctrlKey: true }), 'Mod+S', false)).toBe(true);
    expect(matchesShortcut(key({ key: 's', code: 'KeyS', metaKey: true }), 'Mod+S', false)).toBe(false);
    expect(matchesShortcut(key({ key: 's', code: 'KeyS', metaKey: true }), 'Mod+S', true)).toBe(true);
    expect(matchesShortcut(key({ key: 'S', code: 'KeyS', ctrlKey: true, shiftKey: true }), 'Mod+S', false)).toBe(false);
    expect(matchesShortcut(key({ key: 'S', code: 'KeyS', ctrlKey: true, shiftKey: true }), 'Mod+Shift+S', false)).toBe(true);
  });

  it('matches digits by physical key (Alt+1 types ¡ on macOS)', () => {
    expect(matchesShortcut(key({ key: '¡', code: 'Digit1', altKey: true }), 'Alt+1', true)).toBe(true);
  });

  it('formats for display and ARIA', () => {
    expect(formatShortcut('Mod+Shift+K', false)).toBe('Ctrl+Shift+K');
    expect(formatShortcut('Mod+K', true)).toBe('⇧'.slice(0, 0) + '⌘K');
    expect(formatShortcut('Escape', false)).toBe('Esc');
    expect(ariaShortcut('Mod+S', false)).toBe('Control+S');
    expect(ariaShortcut('Mod+S', true)).toBe('Meta+S');
  });
});

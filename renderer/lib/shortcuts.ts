// Keyboard shortcuts written as 'Mod+S', 'Mod+Shift+K', 'Alt+1', 'Escape' (Mod = Cmd on macOS,
// Ctrl elsewhere). One parser and matcher for the shortcut handler, the palette and tooltips.

export interface ParsedShortcut {
  mod: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower-case key, e.g. 's', 'k', '1', 'enter', 'escape', 'arrowdown'. */
  key: string;
}

export function isMacPlatform(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function parseShortcut(shortcut: string): ParsedShortcut {
  const parts = shortcut.split('+').map((part) => part.trim());
  const key = (parts.pop() ?? '').toLowerCase();
  const mods = new Set(parts.map((part) => part.toLowerCase()));
  return { mod: mods.has('mod'), ctrl: mods.has('ctrl'), shift: mods.has('shift'), alt: mods.has('alt'), key };
}

/** The key an event stands for, independent of layout for digits and of Shift for letters. */
function eventKey(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  // Alt/Shift+digit produce other characters ('¡', '!'): use the physical code for digits.
  const digit = /^Digit(\d)$/.exec(event.code ?? '');
  if (digit) return digit[1]!;
  return event.key.toLowerCase();
}

export function matchesShortcut(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  shortcut: string,
  mac: boolean = isMacPlatform(),
): boolean {
  const parsed = parseShortcut(shortcut);
  const wantMeta = parsed.mod && mac;
  const wantCtrl = (parsed.mod && !mac) || parsed.ctrl;
  return (
    eventKey(event) === parsed.key &&
    event.metaKey === wantMeta &&
    event.ctrlKey === wantCtrl &&
    event.shiftKey === parsed.shift &&
    event.altKey === parsed.alt
  );
}

const KEY_NAMES: Record<string, string> = { escape: 'Esc', enter: 'Enter', arrowup: '↑', arrowdown: '↓', arrowleft: '←', arrowright: '→', delete: 'Del', backspace: 'Backspace', ' ': 'Space' };

/** 'Mod+Shift+K' → 'Ctrl+Shift+K' (or '⌘⇧K' on macOS), for tooltips and the palette. */
export function formatShortcut(shortcut: string, mac: boolean = isMacPlatform()): string {
  const parsed = parseShortcut(shortcut);
  const key = KEY_NAMES[parsed.key] ?? parsed.key.toUpperCase();
  if (mac) {
    return `${parsed.ctrl ? '⌃' : ''}${parsed.alt ? '⌥' : ''}${parsed.shift ? '⇧' : ''}${parsed.mod ? '⌘' : ''}${key}`;
  }
  return [parsed.ctrl || parsed.mod ? 'Ctrl' : '', parsed.alt ? 'Alt' : '', parsed.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** For aria-keyshortcuts: 'Mod+S' → 'Control+S' (or 'Meta+S'). */
export function ariaShortcut(shortcut: string, mac: boolean = isMacPlatform()): string {
  const parsed = parseShortcut(shortcut);
  return [parsed.mod ? (mac ? 'Meta' : 'Control') : '', parsed.ctrl ? 'Control' : '', parsed.alt ? 'Alt' : '', parsed.shift ? 'Shift' : '', parsed.key.length === 1 ? parsed.key.toUpperCase() : parsed.key]
    .filter(Boolean)
    .join('+');
}

/** True when typing in this element should not trigger single-key shortcuts. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.monaco-editor');
}

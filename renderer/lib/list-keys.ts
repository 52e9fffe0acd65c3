// Keyboard movement shared by the console's virtual lists (tables, the executions list, the Gantt).

/**
 * Where a list cursor goes for a navigation key (arrows, Page Up/Down, Home, End), clamped to the
 * list; undefined for any other key, so the caller handles its own keys.
 */
export function cursorTarget(key: string, cursor: number, count: number, page: number): number | undefined {
  let to: number;
  switch (key) {
    case 'ArrowDown':
      to = cursor + 1;
      break;
    case 'ArrowUp':
      to = cursor - 1;
      break;
    case 'PageDown':
      to = cursor + page;
      break;
    case 'PageUp':
      to = cursor - page;
      break;
    case 'Home':
      to = 0;
      break;
    case 'End':
      to = count - 1;
      break;
    default:
      return undefined;
  }
  return Math.max(0, Math.min(count - 1, to));
}

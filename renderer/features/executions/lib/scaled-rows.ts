// Arithmetic of a virtual list of fixed-height rows that may be taller than a browser can scroll
// (Chrome stops at ~33.5M px; 1,000,000 log lines at 20 px is 20M px, 5M lines would not fit). Past
// MAX_SCROLL_PX the scroll range is scaled: the scrollbar position maps to a fraction of the rows.
// Pure, so the mapping is unit-tested without a browser.

/** Kept well under every engine's limit (Firefox ~17.8M px). */
export const MAX_SCROLL_PX = 8_000_000;

export interface RowWindow {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** translateY (px, relative to the scroll content) of the first drawn row. */
  offset: number;
}

/** Height of the scroll content for `rowCount` rows. */
export function contentHeight(rowCount: number, rowHeight: number): number {
  return Math.min(rowCount * rowHeight, MAX_SCROLL_PX);
}

function isScaled(rowCount: number, rowHeight: number): boolean {
  return rowCount * rowHeight > MAX_SCROLL_PX;
}

/** The "virtual" pixel offset (as if unscaled) for a scrollTop. */
export function virtualTop(scrollTop: number, viewportHeight: number, rowCount: number, rowHeight: number): number {
  if (!isScaled(rowCount, rowHeight)) return Math.max(0, scrollTop);
  const scrollRange = MAX_SCROLL_PX - viewportHeight;
  const virtualRange = rowCount * rowHeight - viewportHeight;
  if (scrollRange <= 0) return 0;
  return (Math.max(0, Math.min(scrollTop, scrollRange)) / scrollRange) * virtualRange;
}

/** The scrollTop that shows virtual offset `top` (inverse of virtualTop). */
export function scrollTopFor(top: number, viewportHeight: number, rowCount: number, rowHeight: number): number {
  if (!isScaled(rowCount, rowHeight)) return top;
  const scrollRange = MAX_SCROLL_PX - viewportHeight;
  const virtualRange = rowCount * rowHeight - viewportHeight;
  return virtualRange > 0 ? (top / virtualRange) * scrollRange : 0;
}

/** Rows to draw for a scroll position, with `overscan` extra rows on each side. */
export function rowWindow(scrollTop: number, viewportHeight: number, rowCount: number, rowHeight: number, overscan = 6): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0, offset: 0 };
  const top = virtualTop(scrollTop, viewportHeight, rowCount, rowHeight);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  // The drawn block sits at the scroll position minus how far into its first row we are.
  const clampedScroll = Math.max(0, Math.min(scrollTop, Math.max(0, contentHeight(rowCount, rowHeight) - viewportHeight)));
  const offset = clampedScroll - (top - first * rowHeight);
  return { first, end, offset };
}

/** scrollTop that brings `row` into view ('start', 'center', 'end', or 'nearest' from `current`). */
export function scrollTopForRow(
  row: number,
  align: 'start' | 'center' | 'end' | 'nearest',
  current: number,
  viewportHeight: number,
  rowCount: number,
  rowHeight: number,
): number {
  const rowTop = row * rowHeight;
  const top = virtualTop(current, viewportHeight, rowCount, rowHeight);
  let target: number;
  if (align === 'start') target = rowTop;
  else if (align === 'end') target = rowTop + rowHeight - viewportHeight;
  else if (align === 'center') target = rowTop + rowHeight / 2 - viewportHeight / 2;
  else if (rowTop < top) target = rowTop;
  else if (rowTop + rowHeight > top + viewportHeight) target = rowTop + rowHeight - viewportHeight;
  else return current;
  const maxVirtual = Math.max(0, rowCount * rowHeight - viewportHeight);
  return scrollTopFor(Math.max(0, Math.min(target, maxVirtual)), viewportHeight, rowCount, rowHeight);
}

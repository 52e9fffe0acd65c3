import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contentHeight, MAX_SCROLL_PX, rowWindow, scrollTopForRow, virtualTop } from './scaled-rows';

describe('scaled rows', () => {
  it('is a plain virtual list when everything fits', () => {
    expect(contentHeight(1000, 20)).toBe(20_000);
    expect(rowWindow(0, 200, 1000, 20, 0)).toEqual({ first: 0, end: 10, offset: 0 });
    expect(rowWindow(205, 200, 1000, 20, 0)).toEqual({ first: 10, end: 21, offset: 200 });
    expect(rowWindow(205, 200, 1000, 20, 3)).toEqual({ first: 7, end: 24, offset: 140 });
  });

  it('scales a million-row list into a scrollable height and reaches both ends', () => {
    const rows = 1_000_000;
    expect(contentHeight(rows, 20)).toBe(MAX_SCROLL_PX);
    const viewport = 600;
    const top = rowWindow(0, viewport, rows, 20, 0);
    expect(top.first).toBe(0);
    const bottom = rowWindow(MAX_SCROLL_PX - viewport, viewport, rows, 20, 0);
    expect(bottom.end).toBe(rows);
    // The last row ends exactly at the bottom of the viewport.
    expect(bottom.offset + (rows - bottom.first) * 20).toBeCloseTo(MAX_SCROLL_PX, 3);
    const middle = rowWindow((MAX_SCROLL_PX - viewport) / 2, viewport, rows, 20, 0);
    expect(middle.first).toBeGreaterThan(rows / 2 - 100);
    expect(middle.first).toBeLessThan(rows / 2 + 100);
  });

  it('scrolls a row into view and round-trips through the scaling', () => {
    const rows = 5_000_000;
    const viewport = 400;
    for (const row of [0, 123_456, 2_500_000, rows - 1]) {
      const scrollTop = scrollTopForRow(row, 'start', 0, viewport, rows, 20);
      expect(Math.floor(virtualTop(scrollTop, viewport, rows, 20) / 20 + 1e-6)).toBe(Math.min(row, rows - viewport / 20));
    }
    expect(scrollTopForRow(5, 'nearest', 0, 400, 1000, 20)).toBe(0);
    expect(scrollTopForRow(50, 'nearest', 0, 400, 1000, 20)).toBe(50 * 20 + 20 - 400);
    expect(scrollTopForRow(50, 'center', 0, 400, 1000, 20)).toBe(50 * 20 + 10 - 200);
  });

  it('property: the drawn rows always cover the viewport', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.integer({ min: 100, max: 1500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, viewport, at) => {
          const height = 20;
          const maxScroll = Math.max(0, contentHeight(rows, height) - viewport);
          const scrollTop = at * maxScroll;
          const w = rowWindow(scrollTop, viewport, rows, height, 0);
          expect(w.first).toBeGreaterThanOrEqual(0);
          expect(w.end).toBeLessThanOrEqual(rows);
          // Top of the first row is at or above the viewport top; the block reaches the bottom (or the last row).
          expect(w.offset).toBeLessThanOrEqual(scrollTop + 1e-6);
          const blockBottom = w.offset + (w.end - w.first) * height;
          if (w.end < rows) expect(blockBottom).toBeGreaterThanOrEqual(scrollTop + Math.min(viewport, rows * height) - 1e-6);
        },
      ),
      { numRuns: 500 },
    );
  });
});

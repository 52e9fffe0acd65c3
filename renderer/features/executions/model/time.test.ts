import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { axisTicks, clampWindow, panWindow, relativeLabel, zoomWindow } from './time';

describe('tick labels', () => {
  it('labels ticks relative to the execution start', () => {
    expect(relativeLabel(0, 0)).toBe('0 s');
    expect(relativeLabel(1500, 0)).toBe('+1.5 s');
    expect(relativeLabel(-2000, 0)).toBe('-2 s');
  });
});

describe('axis ticks', () => {
  it('picks a nice step that keeps labels apart', () => {
    const { step, ticks } = axisTicks(0, 60_000, 600, 90);
    expect(step).toBe(10_000);
    expect(ticks).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it('property: ticks lie inside the range, ascending, at least minSpacing apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e10 }), fc.integer({ min: 100, max: 4000 }), (start, span, width) => {
        const { step, ticks } = axisTicks(start, start + span, width, 80);
        for (let i = 0; i < ticks.length; i += 1) {
          expect(ticks[i]!).toBeGreaterThanOrEqual(start);
          expect(ticks[i]!).toBeLessThanOrEqual(start + span);
          if (i > 0) expect(ticks[i]! - ticks[i - 1]!).toBe(step);
        }
        expect((step / span) * width).toBeGreaterThanOrEqual(80 - 1e-6);
      }),
    );
  });
});

describe('zoom window', () => {
  const bounds = { start: 0, end: 1000 };

  it('zooms in around the anchor and back out to the bounds', () => {
    const zoomed = zoomWindow(bounds, bounds, 0.5, 250);
    expect(zoomed).toEqual({ start: 125, end: 625 });
    expect(zoomWindow(zoomed, bounds, 10, 300)).toEqual(bounds);
  });

  it('never zooms below the minimum span', () => {
    let w = bounds;
    for (let i = 0; i < 50; i += 1) w = zoomWindow(w, bounds, 0.1, 500);
    expect(w.end - w.start).toBe(10);
  });

  it('pans and clamps to the bounds', () => {
    const w = { start: 100, end: 300 };
    expect(panWindow(w, bounds, 50)).toEqual({ start: 150, end: 350 });
    expect(panWindow(w, bounds, -500)).toEqual({ start: 0, end: 200 });
    expect(panWindow(w, bounds, 5000)).toEqual({ start: 800, end: 1000 });
    expect(clampWindow({ start: -50, end: 2000 }, bounds)).toEqual(bounds);
  });
});

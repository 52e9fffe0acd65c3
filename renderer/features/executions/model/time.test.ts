import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { axisTicks, clampWindow, formatDuration, panWindow, parseIsoDuration, relativeLabel, zoomWindow } from './time';

describe('durations', () => {
  it('parses ISO-8601 durations as Kestra sends them', () => {
    expect(parseIsoDuration('PT2.531S')).toBe(2531);
    expect(parseIsoDuration('PT1H2M3S')).toBe(3_723_000);
    expect(parseIsoDuration('P1DT1H')).toBe(90_000_000);
    expect(parseIsoDuration('PT0S')).toBe(0);
    expect(parseIsoDuration('-PT1S')).toBe(-1000);
    expect(parseIsoDuration('P')).toBeNaN();
    expect(parseIsoDuration('PT')).toBeNaN();
    expect(parseIsoDuration('banana')).toBeNaN();
    expect(parseIsoDuration(undefined)).toBeNaN();
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(2500)).toBe('2.5s');
    expect(formatDuration(3000)).toBe('3s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3 * 3_600_000 + 120_000)).toBe('3h 02m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(relativeLabel(1500, 0)).toBe('+1.5s');
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

import { describe, expect, it } from 'vitest';
import { formatDuration, isDuration, parseDuration } from './iso-duration';

describe('ISO-8601 durations like java.time.Duration', () => {
  it.each([
    ['PT5M', 300_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['P1DT2H', 93_600_000],
    ['PT1.5S', 1_500],
    ['PT2.531S', 2_531],
    ['PT0,5S', 500],
    ['pt1h', 3_600_000],
    ['PT1H30M15S', 5_415_000],
    ['-PT1S', -1_000],
    ['-PT1H', -3_600_000],
    // Each part carries its own sign; the seconds' sign carries to their fraction.
    ['PT-0.5S', -500],
    ['PT-6H3M', -21_420_000],
    [' PT10S ', 10_000],
  ])('parses %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(isDuration(text)).toBe(true);
  });

  // Duration.parse refuses weeks, months and years, fractions other than on seconds, and empty parts.
  it.each(['', 'P', 'PT', 'P1DT', 'P1W', 'P1M', 'P1Y', 'PT1.5M', 'PT1H30', 'PT 1H', '5m', '1h', '1 hour'])('refuses %j like Java does', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(isDuration(text)).toBe(false);
  });

  it('formats like Duration.toString', () => {
    expect(formatDuration(0)).toBe('PT0S');
    expect(formatDuration(2_531)).toBe('PT2.531S');
    expect(formatDuration(3_723_000)).toBe('PT1H2M3S');
    expect(formatDuration(90_000_000)).toBe('PT25H');
    expect(formatDuration(60_000)).toBe('PT1M');
    expect(formatDuration(0.5)).toBe('PT0.0005S');
    expect(formatDuration(-1_500)).toBe('PT-1.5S');
  });

  it('reads back what it prints', () => {
    for (const ms of [1, 999, 1_000, 61_500, 3_723_004, 90_000_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

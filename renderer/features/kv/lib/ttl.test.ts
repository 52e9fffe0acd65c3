import { describe, expect, it } from 'vitest';
import { describeDuration, parseJavaDuration, ttlError, TTL_PRESETS } from './ttl';

describe('parseJavaDuration (java.time.Duration grammar)', () => {
  it.each([
    ['PT5M', 300_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['PT0.5S', 500],
    ['pt1h', 3_600_000],
    ['PT-0.5S', -500],
    ['-PT1H', -3_600_000],
    ['PT1H30M15S', 5_415_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseJavaDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1W', 'P1M', 'P1Y', '5m', '1h', 'P1DT', 'PT1.5M', 'PT 1H'])('refuses %j like Java does', (text) => {
    expect(parseJavaDuration(text)).toBeUndefined();
  });
});

describe('ttlError', () => {
  it('accepts positive durations and every preset', () => {
    expect(ttlError('PT30M')).toBeUndefined();
    for (const preset of TTL_PRESETS) if (preset.value) expect(ttlError(preset.value)).toBeUndefined();
  });
  it('refuses negative, zero and unparsable TTLs with a reason', () => {
    expect(ttlError('-PT1H')).toMatch(/negative/);
    expect(ttlError('PT0S')).toMatch(/zero/);
    expect(ttlError('P1W')).toMatch(/not an ISO-8601 duration/);
  });
});

describe('describeDuration', () => {
  it('says durations in words', () => {
    expect(describeDuration(300_000)).toBe('5 min');
    expect(describeDuration(129_600_000)).toBe('1 d 12 h');
    expect(describeDuration(500)).toBe('500 ms');
  });
});

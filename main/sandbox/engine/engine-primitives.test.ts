import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';
import { ID_PATTERN, newId } from './ids';
import { canBeRestarted, newState, withState } from './state';

describe('ISO-8601 durations like java.time.Duration', () => {
  it('parses what Duration.parse accepts', () => {
    expect(parseDuration('PT5M')).toBe(300_000);
    expect(parseDuration('P1D')).toBe(86_400_000);
    expect(parseDuration('PT1.5S')).toBe(1_500);
    expect(parseDuration('P1DT2H')).toBe(93_600_000);
    expect(parseDuration('-PT1S')).toBe(-1_000);
    expect(parseDuration('pt10s')).toBe(10_000);
  });

  it('rejects what it does not', () => {
    for (const text of ['5m', 'PT', 'P', '1 hour', 'P1W', 'PT1H30', '']) expect(parseDuration(text), text).toBeUndefined();
  });

  it('formats like Duration.toString', () => {
    expect(formatDuration(0)).toBe('PT0S');
    expect(formatDuration(2_531)).toBe('PT2.531S');
    expect(formatDuration(3_723_000)).toBe('PT1H2M3S');
    expect(formatDuration(90_000_000)).toBe('PT25H');
    expect(formatDuration(60_000)).toBe('PT1M');
    expect(formatDuration(0.5)).toBe('PT0.0005S');
  });
});

describe('execution ids', () => {
  it('are 22 base62 characters and unique', () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => newId()));
    expect(ids.size).toBe(2_000);
    for (const id of ids) expect(id).toMatch(ID_PATTERN);
  });
});

describe('State histories', () => {
  it('appends a history per change, ignores a change to the same type, and derives dates', () => {
    const created = newState('CREATED', '2025-01-01T00:00:00.000Z');
    const running = withState(created, 'RUNNING', '2025-01-01T00:00:01.000Z');
    expect(withState(running, 'RUNNING')).toBe(running);
    expect(running.endDate).toBeUndefined();
    expect(running.duration).toBeUndefined();
    const done = withState(running, 'SUCCESS', '2025-01-01T00:00:03.500Z');
    expect(done.histories.map((h) => h.state)).toEqual(['CREATED', 'RUNNING', 'SUCCESS']);
    expect(done).toMatchObject({ startDate: '2025-01-01T00:00:00.000Z', endDate: '2025-01-01T00:00:03.500Z', duration: 'PT3.5S' });
    const paused = withState(running, 'PAUSED', '2025-01-01T00:00:02.000Z');
    expect(paused.endDate).toBe('2025-01-01T00:00:02.000Z');
    expect(withState(paused, 'RUNNING').endDate).toBeUndefined();
  });

  it('knows which states can be restarted', () => {
    expect(canBeRestarted('FAILED')).toBe(true);
    expect(canBeRestarted('PAUSED')).toBe(true);
    expect(canBeRestarted('KILLED')).toBe(false);
    expect(canBeRestarted('RUNNING')).toBe(false);
  });
});

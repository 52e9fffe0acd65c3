import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration, formatIsoDuration, formatRelativeTime, plural } from './format';

describe('format', () => {
  it('formats relative times', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    expect(formatRelativeTime('2025-01-10T11:59:58Z', now)).toBe('just now');
    expect(formatRelativeTime('2025-01-10T11:59:30Z', now)).toMatch(/30 sec/);
    expect(formatRelativeTime('2025-01-10T11:55:00Z', now)).toMatch(/5 min/);
    expect(formatRelativeTime('2025-01-10T14:00:00Z', now)).toMatch(/in 2 hr/);
    expect(formatRelativeTime('2025-01-07T12:00:00Z', now)).toMatch(/3 days ago/);
    expect(formatRelativeTime('2024-01-07T12:00:00Z', now)).toMatch(/^2024-01-0[67]$/);
    expect(formatRelativeTime('garbage', now)).toBe('—');
  });

  it('formats date-times sortably', () => {
    expect(formatDateTime(new Date(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02 03:04:05');
  });

  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(150 * 1024 ** 3)).toBe('150 GB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2531)).toBe('2.53 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000 + 4000)).toBe('2 h 3 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000)).toBe('3 d 4 h');
    expect(formatDuration(3600_000)).toBe('1 h');
    expect(formatIsoDuration('PT2.531S')).toBe('2.53 s');
    expect(formatIsoDuration('weird')).toBe('weird');
    // Weeks are not a java.time.Duration: shown as the server sent them.
    expect(formatIsoDuration('P1W')).toBe('P1W');
    expect(formatDuration(129_600_000)).toBe('1 d 12 h');
    expect(formatIsoDuration(undefined)).toBe('—');
    expect(plural(1, 'flow')).toBe('1 flow');
    expect(plural(1200, 'flow')).toBe('1,200 flows');
    // Integers are grouped without Intl; the result must match it.
    for (const value of [0, 7, 999, 1000, -1000, 12345, -987654, 1234567890, Number.MAX_SAFE_INTEGER, 1.5, 12345.678]) {
      expect(plural(value, 'flow')).toBe(`${new Intl.NumberFormat('en').format(value)} flows`);
    }
  });
});

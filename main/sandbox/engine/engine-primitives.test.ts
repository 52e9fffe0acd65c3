import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids';
import { canBeRestarted, newState, withState } from './state';

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

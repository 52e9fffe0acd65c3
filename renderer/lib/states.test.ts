import { describe, expect, it } from 'vitest';
import { ALL_STATES, canBeRestarted, isTerminated, stateLabel, stateTone } from './states';

describe('states', () => {
  it('classifies like Kestra’s State.Type', () => {
    expect(isTerminated('SUCCESS')).toBe(true);
    expect(isTerminated('PAUSED')).toBe(false);
    expect(canBeRestarted('PAUSED')).toBe(true);
    expect(canBeRestarted('KILLED')).toBe(false);
    expect(canBeRestarted('RUNNING')).toBe(false);
  });

  it('gives every state a tone and a label', () => {
    for (const state of ALL_STATES) {
      // Skipped is deliberately grey; everything else has a meaningful colour.
      if (state !== 'SKIPPED') expect(stateTone(state)).not.toBe('neutral');
      expect(stateLabel(state)).toMatch(/^[A-Z][a-z]+$/);
    }
    expect(stateTone(undefined)).toBe('neutral');
    expect([stateTone('FAILED'), stateTone('SUCCESS'), stateTone('RUNNING'), stateTone('PAUSED')]).toEqual(['danger', 'success', 'running', 'paused']);
  });
});

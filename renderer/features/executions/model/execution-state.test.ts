import { describe, expect, it } from 'vitest';
import { ALL_STATES, isTerminated } from '../../../lib/states';
import { allowedActions, worstState } from './execution-state';

describe('execution states', () => {
  it('offers the actions Kestra accepts in each state', () => {
    expect(allowedActions('RUNNING')).toMatchObject({
      kill: true,
      pause: true,
      restart: false,
      resume: false,
      replay: false,
      changeStatus: false,
      editLabels: false,
    });
    expect(allowedActions('PAUSED')).toMatchObject({ kill: true, resume: true, restart: true, pause: false });
    expect(allowedActions('FAILED')).toMatchObject({ kill: false, restart: true, replay: true, changeStatus: true, editLabels: true });
    // Kestra refuses to restart or change the status of a KILLED execution.
    expect(allowedActions('KILLED')).toMatchObject({ restart: false, changeStatus: false, replay: true });
    expect(allowedActions('KILLING')).toMatchObject({ kill: false });
    expect(allowedActions('CREATED').delete).toBe(true);
  });

  it('classifies terminal states', () => {
    expect(ALL_STATES.filter(isTerminated)).toEqual(['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);
  });

  it('summarises many states by the most significant one', () => {
    expect(worstState(['SUCCESS', 'RUNNING', 'SUCCESS'])).toBe('RUNNING');
    expect(worstState(['SUCCESS', 'FAILED', 'RUNNING'])).toBe('FAILED');
    expect(worstState(['SUCCESS', 'WARNING'])).toBe('WARNING');
    expect(worstState([])).toBeUndefined();
  });
});

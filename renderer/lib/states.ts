// Kestra execution and task-run states: their classes (from Kestra's State.Type, spec/kestra/API.md
// §11) and the tone the UI colours them with (CSS variables --state-<tone> in the theme).
import type { StateType } from '../../main/contract/kestra-model';

export type StateTone = 'success' | 'warning' | 'danger' | 'running' | 'paused' | 'queued' | 'neutral' | 'killed';

const TERMINATED: ReadonlySet<StateType> = new Set(['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);

export const ALL_STATES: readonly StateType[] = [
  'CREATED',
  'SUBMITTED',
  'QUEUED',
  'RUNNING',
  'PAUSED',
  'BREAKPOINT',
  'RESTARTED',
  'RETRYING',
  'KILLING',
  'SUCCESS',
  'WARNING',
  'FAILED',
  'KILLED',
  'CANCELLED',
  'RETRIED',
  'SKIPPED',
  'RESUBMITTED',
];

export function isTerminated(state: StateType): boolean {
  return TERMINATED.has(state);
}

export function isRunning(state: StateType): boolean {
  return !TERMINATED.has(state);
}

export function isFailure(state: StateType): boolean {
  return state === 'FAILED' || state === 'KILLED' || state === 'CANCELLED';
}

/** Kestra's canBeRestarted: terminated or PAUSED, and not KILLED. */
export function canBeRestarted(state: StateType): boolean {
  return (TERMINATED.has(state) || state === 'PAUSED') && state !== 'KILLED';
}

export function stateTone(state: StateType | undefined): StateTone {
  switch (state) {
    case 'SUCCESS':
      return 'success';
    case 'WARNING':
    case 'RETRIED':
      return 'warning';
    case 'FAILED':
      return 'danger';
    case 'KILLED':
    case 'KILLING':
    case 'CANCELLED':
      return 'killed';
    case 'RUNNING':
    case 'RETRYING':
    case 'RESTARTED':
    case 'SUBMITTED':
    case 'RESUBMITTED':
      return 'running';
    case 'PAUSED':
    case 'BREAKPOINT':
      return 'paused';
    case 'QUEUED':
    case 'CREATED':
      return 'queued';
    default:
      return 'neutral';
  }
}

/** The CSS colour for a state, for places that need a value rather than a class (charts, SVG). */
export function stateColor(state: StateType | undefined): string {
  return `var(--state-${stateTone(state)})`;
}

/** "SUCCESS" → "Success", "KILLING" → "Killing". */
export function stateLabel(state: StateType): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

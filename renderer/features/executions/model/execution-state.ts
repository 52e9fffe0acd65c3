// Kestra's state classes (from State.Type in Kestra 1.x, see spec/kestra/API.md §11) and what each
// allows: which actions the execution header offers, and how states are ranked when several task
// runs are summarised in one bar.
import type { Execution, StateType } from '../../../../main/contract/kestra-model';

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

const TERMINATED = new Set<StateType>(['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);

/** States an operator can set with "change status" (Kestra requires a terminal target). */
export const CHANGE_STATUS_TARGETS: readonly StateType[] = ['SUCCESS', 'WARNING', 'FAILED', 'CANCELLED', 'SKIPPED'];

export function isTerminated(state: StateType): boolean {
  return TERMINATED.has(state);
}

export function isRunningLike(state: StateType): boolean {
  return !isTerminated(state);
}

export function isFailure(state: StateType): boolean {
  return state === 'FAILED' || state === 'KILLED' || state === 'CANCELLED';
}

export interface AllowedActions {
  kill: boolean;
  restart: boolean;
  replay: boolean;
  resume: boolean;
  pause: boolean;
  changeStatus: boolean;
  editLabels: boolean;
  delete: boolean;
}

/** What Kestra accepts for an execution in this state (API.md §6 actions, §11 classes). */
export function allowedActions(state: StateType): AllowedActions {
  const terminated = isTerminated(state);
  return {
    // Killing an execution already KILLING is pointless; terminated ones have nothing to kill.
    kill: !terminated && state !== 'KILLING',
    // canBeRestarted: terminated or PAUSED, and not KILLED.
    restart: (terminated || state === 'PAUSED') && state !== 'KILLED',
    replay: terminated,
    resume: state === 'PAUSED',
    pause: state === 'RUNNING',
    // canChangeStatus: terminated and not KILLED.
    changeStatus: terminated && state !== 'KILLED',
    // Labels can only be set on terminated executions (400 otherwise).
    editLabels: terminated,
    delete: true,
  };
}

/** Severity rank to summarise many states in one (higher wins). */
const RANK: Partial<Record<StateType, number>> = {
  FAILED: 100,
  KILLED: 90,
  KILLING: 85,
  RUNNING: 80,
  RETRYING: 78,
  PAUSED: 75,
  BREAKPOINT: 74,
  RESTARTED: 72,
  SUBMITTED: 70,
  QUEUED: 65,
  CREATED: 60,
  CANCELLED: 55,
  WARNING: 50,
  RESUBMITTED: 40,
  RETRIED: 35,
  SUCCESS: 20,
  SKIPPED: 10,
};

export function worstState(states: Iterable<StateType>): StateType | undefined {
  let worst: StateType | undefined;
  for (const s of states) if (worst === undefined || (RANK[s] ?? 0) > (RANK[worst] ?? 0)) worst = s;
  return worst;
}

/**
 * CSS colour per state (dark theme). Kept here, in one table, so the list, the timeline, the
 * Gantt and the topology all agree.
 */
export const STATE_COLORS: Readonly<Record<StateType, string>> = {
  CREATED: '#6b7bff',
  SUBMITTED: '#6b7bff',
  QUEUED: '#c9a227',
  RUNNING: '#9b5cff',
  PAUSED: '#b0a8c9',
  BREAKPOINT: '#b0a8c9',
  RESTARTED: '#6b7bff',
  RETRYING: '#e0a050',
  KILLING: '#e06c75',
  SUCCESS: '#2fbf71',
  WARNING: '#f08c2e',
  FAILED: '#f0475b',
  KILLED: '#8d8d9a',
  CANCELLED: '#8d8d9a',
  RETRIED: '#e0a050',
  SKIPPED: '#5c6070',
  RESUBMITTED: '#6b7bff',
};

export function stateColor(state: StateType | string): string {
  return STATE_COLORS[state as StateType] ?? '#8d8d9a';
}

/** Sentence-case label for a state (RUNNING → Running). */
export function stateLabel(state: StateType | string): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

/** True when the execution (and all its task runs) can still change. */
export function isLive(execution: Pick<Execution, 'state'>): boolean {
  return !isTerminated(execution.state.current);
}

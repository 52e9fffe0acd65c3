// Kestra's State: the current type plus a history of every change (API.md §11). A change to the same
// type is a no-op, exactly like `State.withState`.
import { formatDuration } from '../../../shared/iso-duration';
import type { State, StateType } from './model';

const TERMINATED: ReadonlySet<StateType> = new Set(['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);
const TERMINATED_NO_FAIL: ReadonlySet<StateType> = new Set(['WARNING', 'SUCCESS', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);

export function isTerminated(type: StateType): boolean {
  return TERMINATED.has(type);
}

export function isTerminatedNoFail(type: StateType): boolean {
  return TERMINATED_NO_FAIL.has(type);
}

export function isFailed(type: StateType): boolean {
  return type === 'FAILED';
}

export function isRunning(type: StateType): boolean {
  return type === 'RUNNING' || type === 'KILLING';
}

export function isCreated(type: StateType): boolean {
  return type === 'CREATED' || type === 'RESTARTED';
}

export function isPaused(type: StateType): boolean {
  return type === 'PAUSED';
}

/** `State.isRestartable` / `canBeRestarted`: terminated or paused, and not killed. */
export function canBeRestarted(type: StateType): boolean {
  return (isTerminated(type) || type === 'PAUSED') && type !== 'KILLED';
}

/** Current time as an ISO instant; the sandbox's one clock, so tests can reason about ordering. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function newState(type: StateType = 'CREATED', date: string = nowIso()): State {
  return withDerived({ current: type, histories: [{ state: type, date }] });
}

/** Recomputes `startDate`, `endDate` and `duration` from the histories (1.3 serialisation rules). */
function withDerived(state: State): State {
  const first = state.histories[0];
  const last = state.histories[state.histories.length - 1];
  const ended = isTerminated(state.current) || state.current === 'PAUSED';
  const result: State = { current: state.current, histories: state.histories };
  if (first) result.startDate = first.date;
  if (ended && last) {
    result.endDate = last.date;
    if (first) result.duration = formatDuration(Date.parse(last.date) - Date.parse(first.date));
  }
  return result;
}

/** Returns a new State with `type` appended to the history (same type → same object). */
export function withState(state: State, type: StateType, date: string = nowIso()): State {
  if (state.current === type) return state;
  return withDerived({ current: type, histories: [...state.histories, { state: type, date }] });
}

/** Re-derives fields after the histories were edited (restart, change-status). */
export function rebuildState(current: StateType, histories: State['histories']): State {
  return withDerived({ current, histories });
}

// What each Kestra state allows (which actions the execution header offers, from spec/kestra/API.md
// §6 and §11), and how states rank when several task runs are summarised in one bar. State classes
// and colours are shared (renderer/lib/states.ts).
import type { StateType } from '../../../../main/contract/kestra-model';
import { canBeRestarted, isTerminated } from '../../../lib/states';

/** States an operator can set with "change status" (Kestra requires a terminal target). */
export const CHANGE_STATUS_TARGETS: readonly StateType[] = ['SUCCESS', 'WARNING', 'FAILED', 'CANCELLED', 'SKIPPED'];

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
    restart: canBeRestarted(state),
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

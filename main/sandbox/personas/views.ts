// Persona views: how the sandbox's 1.3-shaped objects are serialised by another version. Handlers
// build the 1.3 object and pass it through the view of what they send; the traits decide.
import { formatDuration } from '../../../shared/iso-duration';
import type { Execution, LogEntry, State, TaskRun } from '../engine/model';
import type { KvRow } from '../storage/kv-repository';
import type { KvType } from '../kv/kv-value';
import type { PersonaTraits } from './persona';

export interface PersonaViews {
  /** One execution (GET, create, actions, follow frames). */
  execution(execution: Execution): Record<string, unknown>;
  /** Whether `execution` returns its argument as it is (1.3): a stored execution's JSON is sent unchanged. */
  executionAsStored: boolean;
  /** An item of a search or list page. */
  executionInList(execution: Execution): Record<string, unknown>;
  /** Tenant-owned objects (logs, graph nodes): drops `tenantId` where the version had none. */
  owned<T extends object>(value: T): T;
  /** A flow (any FlowController/ExecutionController flow answer). */
  flow<T extends object>(flow: T): T;
  log(entry: LogEntry): Record<string, unknown>;
  /** A page of `GET logs/search`. */
  logPage(page: { results: LogEntry[]; total: number }): Record<string, unknown>;
  /** `GET …/kv/{key}`. */
  kvValue(detail: { type: KvType; value: unknown; revision: number; updated: string }): Record<string, unknown>;
  /** An entry of a KV list or search. */
  kvEntry(row: KvRow): Record<string, unknown>;
}

/** Before 1.0: no SUBMITTED (a task run waiting for a worker was CREATED) and no RESUBMITTED (it ran again). */
function withoutSubmitted(state: State): State {
  if (!state.histories.some((h) => h.state === 'SUBMITTED' || h.state === 'RESUBMITTED')) return state;
  const older = (type: State['current']): State['current'] => (type === 'SUBMITTED' ? 'CREATED' : type === 'RESUBMITTED' ? 'RUNNING' : type);
  const histories: State['histories'] = [];
  for (const history of state.histories) {
    const type = older(history.state);
    if (histories[histories.length - 1]?.state !== type) histories.push({ ...history, state: type });
  }
  return { ...state, current: older(state.current), histories };
}

function withRunningDuration(state: State, now: number): State {
  if (state.duration !== undefined || state.histories.length === 0) return state;
  const first = Date.parse(state.histories[0]!.date);
  const last = state.histories.length > 1 ? Date.parse(state.histories[state.histories.length - 1]!.date) : now;
  return { ...state, duration: formatDuration(Math.max(0, last - first)) };
}

export function createViews(traits: PersonaTraits): PersonaViews {
  const { executions, kv } = traits;

  const state = (value: State): State => {
    const known = executions.submittedStates ? value : withoutSubmitted(value);
    return executions.durationWhileRunning ? withRunningDuration(known, Date.now()) : known;
  };

  const taskRun = (run: TaskRun): Record<string, unknown> => {
    const { tenantId, executionId, namespace, flowId, outputs, ...rest } = run;
    // 2.0 drops executionId, namespace and flowId (and outputs) from task runs, not tenantId.
    const owner = executions.tenantId ? { tenantId } : {};
    const view: Record<string, unknown> = executions.inlineOutputs ? { ...owner, ...rest, executionId, namespace, flowId } : { ...owner, ...rest };
    // Kestra's mapper leaves null fields out.
    if (executions.inlineOutputs && outputs !== undefined && outputs !== null) view.outputs = outputs;
    view.state = state(run.state);
    if (run.attempts) view.attempts = run.attempts.map((a) => ({ ...a, state: state(a.state) }));
    return view;
  };

  // Kestra 1.3 serialises the sandbox model as it is: no copy on the hot paths.
  const unchanged = executions.tenantId && executions.inlineOutputs && !executions.durationWhileRunning && executions.submittedStates;

  const execution = (value: Execution, withTaskRuns: boolean): Record<string, unknown> => {
    if (unchanged && (withTaskRuns || value.taskRunList === undefined)) return value as unknown as Record<string, unknown>;
    const { tenantId, taskRunList, outputs, deleted, ...rest } = value;
    const view: Record<string, unknown> = { ...(executions.tenantId ? { tenantId } : {}), ...rest, state: state(value.state) };
    if (withTaskRuns && taskRunList) view.taskRunList = taskRunList.map(taskRun);
    if (executions.inlineOutputs) {
      if (outputs !== undefined) view.outputs = outputs;
      view.deleted = deleted;
    }
    return view;
  };

  const owned = <T extends object>(value: T): T => {
    if (executions.tenantId || !('tenantId' in value)) return value;
    const { tenantId: _dropped, ...rest } = value as T & { tenantId?: unknown };
    return rest as T;
  };

  const log = (entry: LogEntry): Record<string, unknown> => {
    const view = owned(entry) as unknown as Record<string, unknown>;
    return traits.logs.deletedField ? { ...view, deleted: false } : view;
  };

  return {
    execution: (value) => execution(value, true),
    executionAsStored: Boolean(unchanged),
    executionInList: (value) => execution(value, executions.taskRunsInLists),
    owned,
    flow: (value) => {
      const view = owned(value);
      return traits.flows.draftField ? { ...view, draft: false } : view;
    },
    log,
    logPage: (page) => {
      const results = page.results.map((entry) => log(entry));
      return traits.logs.cursorPages ? { results, total: page.total, type: 'OFFSET' } : { results, total: page.total };
    },
    kvValue: (detail) => (kv.detail === 'typed-value' ? { type: detail.type, value: detail.value } : { ...detail }),
    kvEntry: (row) => {
      const dates: Record<string, unknown> = { creationDate: row.creationDate, updateDate: row.updateDate };
      if (row.expirationDate !== undefined) dates.expirationDate = row.expirationDate;
      const description = row.description !== undefined ? { description: row.description } : {};
      if (kv.entry === 'file') return { key: row.key, ...description, ...dates };
      const revision = kv.entry === 'metadata-revision' ? { revision: row.version } : { version: row.version };
      return { namespace: row.namespace, key: row.key, ...revision, ...description, ...dates };
    },
  };
}

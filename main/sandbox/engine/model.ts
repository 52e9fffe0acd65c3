// The sandbox's execution model, in exactly the JSON shape Kestra 1.3 serves (API.md §11–12), so
// objects go to the wire without mapping. Optional fields are left undefined (never null) because
// Kestra serialises non-null fields only.

// The state and label shapes are Kestra's wire shapes, shared with the client's model.
import type { Label, State, StateHistory, StateType, TaskRunAttempt } from '../../contract/kestra-model';

export type { Label, State, StateHistory, StateType, TaskRunAttempt };

export const STATE_TYPES: readonly StateType[] = [
  'CREATED',
  'SUBMITTED',
  'RUNNING',
  'PAUSED',
  'RESTARTED',
  'KILLING',
  'SUCCESS',
  'WARNING',
  'FAILED',
  'KILLED',
  'CANCELLED',
  'QUEUED',
  'RETRYING',
  'RETRIED',
  'SKIPPED',
  'BREAKPOINT',
  'RESUBMITTED',
];

export interface TaskRun {
  tenantId: string;
  id: string;
  executionId: string;
  namespace: string;
  flowId: string;
  taskId: string;
  parentTaskRunId?: string;
  value?: string;
  attempts?: TaskRunAttempt[];
  outputs?: Record<string, unknown> | null;
  state: State;
  iteration?: number;
  dynamic?: boolean;
  forceExecution?: boolean;
}

export interface ExecutionTrigger {
  id: string;
  type: string;
  variables?: Record<string, unknown>;
  logFile?: string;
}

export interface ExecutionMetadata {
  attemptNumber: number;
  originalCreatedDate: string;
}

export type ExecutionKind = 'NORMAL' | 'TEST' | 'PLAYGROUND';

export interface Execution {
  tenantId: string;
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  taskRunList?: TaskRun[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  labels?: Label[];
  variables?: Record<string, unknown>;
  state: State;
  parentId?: string;
  originalId?: string;
  trigger?: ExecutionTrigger;
  deleted: boolean;
  metadata?: ExecutionMetadata;
  scheduleDate?: string;
  traceParent?: string;
  kind?: ExecutionKind;
  breakpoints?: { id: string; value?: string }[];
}

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

/** Numeric order used for `minLevel` filtering: TRACE < DEBUG < INFO < WARN < ERROR. */
export const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

export function logLevelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

export interface LogEntry {
  tenantId: string;
  namespace: string;
  flowId: string;
  taskId?: string;
  executionId?: string;
  taskRunId?: string;
  attemptNumber?: number;
  triggerId?: string;
  timestamp: string;
  level: LogLevel;
  thread?: string;
  message: string;
  executionKind?: ExecutionKind;
}

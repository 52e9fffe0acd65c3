// The messages between the sandbox's API thread and its engine thread (a worker_threads Worker, see
// main/sandbox/README.md "Threads"). The API thread calls the engine by name (`EngineCalls`), gets
// one answer per call, and receives the committed changes of the executions and log lines it
// follows. Everything crossing is structured-cloned: plain data only.
import type { StoredFlow } from '../flows/flow-model';
import type { FlowEvent } from '../flows/flow-service';
import type { InputDeclaration } from '../inputs/parse-inputs';
import type { ExecutionLogFilter, StoredLog } from '../storage/log-repository';
import type { CreateExecutionRequest } from '../engine/execution-engine';
import type { Execution, StateType } from '../engine/model';
import { KestraHttpError, type ConstraintViolation, type ProblemOverride } from '../http/http-error';

/**
 * What the API may ask the engine of one tenant. The engine thread implements it synchronously or
 * not; the API thread sees every method as async (`EngineClient`).
 */
export interface EngineCalls {
  /** The freshest copy: in memory while running or not yet written, otherwise the stored one. */
  get(id: string): Execution | undefined;
  /**
   * The in-memory copy while running or not yet written; undefined when SQLite holds the latest
   * state (the API thread then reads it there, without copying it between the threads).
   */
  unsaved(id: string): Execution | undefined;
  /** `get` for many ids at once (bulk actions). */
  getMany(ids: string[]): (Execution | undefined)[];
  /** The in-memory copies of those the engine still drives (search results show them). */
  heldMany(ids: string[]): (Execution | undefined)[];
  /** Writes pending execution changes (before a search reads SQLite). */
  flush(): void;
  /** Creates a CREATED execution and schedules it; answers once it is committed, as created. */
  create(request: CreateRequest): Promise<Execution>;
  /** Resolves once the execution is terminated (or after one hour, with its current state). */
  waitForTermination(id: string): Promise<Execution | undefined>;
  kill(id: string): boolean;
  restart(id: string, revision?: number): Execution;
  replay(id: string, taskRunId?: string, revision?: number): Execution;
  pause(id: string): void;
  resumeInputs(id: string): InputDeclaration[];
  resume(id: string, inputs?: Record<string, unknown>): void;
  unqueue(id: string, state?: StateType): Execution;
  forceRun(id: string): Execution;
  changeStatus(id: string, status: StateType): Execution;
  evaluate(id: string, expression: string, taskRunId?: string): { result?: string; error?: string; stackTrace?: string };
  /** Saves a terminated execution changed by the API (labels) and announces it to followers. */
  saveExecution(execution: Execution): void;
  /** Writes pending log lines (before the API reads log rows). */
  flushLogs(): void;
  /** The execution's complete log text file and its committed length, when it has one. */
  logTextFile(executionId: string): { file: string; bytes: number } | undefined;
  deleteLogs(executionId: string, filter?: ExecutionLogFilter): number;
  deleteFlowLogs(namespace: string, flowId: string, triggerId?: string): number;
}

/**
 * A creation names its flow revision (immutable once saved) instead of carrying it: the engine
 * thread reads it itself, so the flow's document is not copied between threads on every trigger.
 */
export type CreateRequest = Omit<CreateExecutionRequest, 'flow'> & { flow: Pick<StoredFlow, 'namespace' | 'id' | 'revision'> };

export type EngineMethod = keyof EngineCalls;

/** Every call by name (the API thread builds its client from it; `satisfies` keeps it complete). */
export const ENGINE_METHODS = {
  get: true,
  unsaved: true,
  getMany: true,
  heldMany: true,
  flush: true,
  create: true,
  waitForTermination: true,
  kill: true,
  restart: true,
  replay: true,
  pause: true,
  resumeInputs: true,
  resume: true,
  unqueue: true,
  forceRun: true,
  changeStatus: true,
  evaluate: true,
  saveExecution: true,
  flushLogs: true,
  logTextFile: true,
  deleteLogs: true,
  deleteFlowLogs: true,
} as const satisfies Record<EngineMethod, true>;

/** What the API thread follows: an execution's committed changes, or its stored log lines. */
export type Channel = 'execution' | 'logs';

/** Everything the engine thread needs to open its tenants (sent as `workerData`). */
export interface EngineThreadData {
  tenants: { tenant: string; dir: string }[];
  baseUrl: string;
  /** Modules whose `tasks` export lists more task types (see SandboxOptions.taskModules). */
  taskModules: string[];
  allow: { scripts: boolean; http: boolean };
}

// --- API thread → engine thread ----------------------------------------------------------------

export type ToEngine =
  | { type: 'call'; callId: number; tenant: string; method: EngineMethod; args: unknown[] }
  | { type: 'subscribe' | 'unsubscribe'; tenant: string; channel: Channel; id: string }
  /** A flow saved or deleted through the API: the engine's schedules and triggers follow it. */
  | { type: 'flow-changed'; tenant: string; event: FlowEvent }
  /** Stop: let running executions finish for a grace period, keep the rest for recovery, close. */
  | { type: 'close' };

// --- engine thread → API thread ----------------------------------------------------------------

export type FromEngine =
  | { type: 'ready' }
  | { type: 'result'; callId: number; value: unknown }
  | { type: 'error'; callId: number; error: WireError }
  | { type: 'event'; tenant: string; channel: 'execution'; id: string; payload: Execution }
  | { type: 'event'; tenant: string; channel: 'logs'; id: string; payload: StoredLog[] }
  | { type: 'closed' };

/** A thrown error as it crosses: a KestraHttpError keeps its status and body. */
export interface WireError {
  message: string;
  stack?: string;
  http?: {
    status: number;
    violations?: ConstraintViolation[];
    emptyBody: boolean;
    headers: Record<string, string>;
    problem?: ProblemOverride;
    legacyBody?: unknown;
  };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof KestraHttpError) {
    return {
      message: error.message,
      stack: error.stack,
      http: { status: error.status, violations: error.violations, emptyBody: error.emptyBody, headers: error.headers, problem: error.problem, legacyBody: error.legacyBody },
    };
  }
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

export function fromWireError(wire: WireError): Error {
  const error = wire.http
    ? new KestraHttpError(wire.http.status, wire.message, wire.http.violations, wire.http.emptyBody, wire.http.headers, wire.http.problem, wire.http.legacyBody)
    : new Error(wire.message);
  if (wire.stack) error.stack = wire.stack;
  return error;
}

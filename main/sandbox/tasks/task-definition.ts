// What a task type is in the sandbox: its Kestra class name, the JSON schema of its properties
// (used for strict flow validation and for the editor's schema) and the code that runs it.
// Runnable tasks run on the "worker" (`run`); flowable tasks create child task runs through the
// engine (`runFlowable`), as Kestra's FlowableTask does through the executor.
import type { Readable } from 'node:stream';
import type { JsonSchema } from '../schema/json-schema';
import type { Execution, StateType, TaskRun } from '../engine/model';
import type { KvStore } from '../kv/kv-store';
import type { NamespaceFileStore } from '../files/namespace-file-store';
import type { InternalStorage } from '../storage/internal-storage';
import type { FlowService } from '../flows/flow-service';
import type { LogEntry, LogLevel } from '../engine/model';

export interface TaskLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Stores the sandbox lends to tasks (KV, namespace files, internal storage, flows). */
export interface TaskServices {
  kv: KvStore;
  namespaceFiles: NamespaceFileStore;
  storage: InternalStorage;
  flows: FlowService;
  /** What tasks may do on this machine; undefined in unit tests (everything allowed, caches in the temp folder). */
  host?: TaskHost;
  /** The engine adds these: executions it holds or stored ones, and their logs (log.Fetch). */
  executions?: {
    find(id: string): Readonly<Execution> | undefined;
    logs(executionId: string, filter: { minLevel: LogLevel; taskId?: string }): LogEntry[];
  };
}

/** The machine-side settings of a sandbox (see "Safety" in main/sandbox/README.md). */
export interface TaskHost {
  /** Where caches (Python environments, script helpers) live: `<dataDir>/cache`. */
  cacheDir: string;
  /** Script tasks (shell, Python, Node) may start local processes. */
  scripts: boolean;
  /** HTTP tasks, notification tasks, the HTTP trigger and `http()` may make outgoing requests. */
  http: boolean;
}

/** What ExecutionUpdatableTask tasks (Labels, SetVariables, UnsetVariables, Exit) change. */
export interface ExecutionUpdates {
  /** Replaces the execution's labels (persisted at once). */
  setLabels(labels: { key: string; value: string }[]): void;
  /** Replaces the execution's `variables` (merged over the flow's `variables` in `vars`). */
  setVariables(variables: Record<string, unknown>): void;
  /**
   * Exit: the execution ends in `state`; no task starts after this one (KILLED also kills what runs).
   */
  exit(state: 'SUCCESS' | 'WARNING' | 'FAILED' | 'KILLED' | 'CANCELLED'): void;
}

/** Everything a running task may use; the engine builds one per task-run attempt. */
export interface TaskRunContext {
  readonly execution: Readonly<Execution>;
  readonly taskRun: Readonly<TaskRun>;
  /** The task's properties as written in the flow, plugin defaults applied (not rendered). */
  readonly task: Readonly<Record<string, unknown>>;
  readonly logger: TaskLogger;
  /** Aborted when the execution is killed or the task times out. */
  readonly signal: AbortSignal;
  /** The sandbox's stores; undefined only in unit tests that do not need them. */
  readonly services?: TaskServices;
  /** Renders one Pebble template in the task run's context (`extra` adds variables, e.g. workingDir). */
  render(template: string, extra?: Record<string, unknown>): string;
  /** Renders a single-expression template to its value (a list stays a list), other text as text. */
  renderTyped(template: string): unknown;
  /** Renders every string inside a value (objects, arrays) in the task run's context. */
  renderValue<T = unknown>(value: unknown, extra?: Record<string, unknown>): T;
  /**
   * Stores a file in the task run's internal storage folder and returns its `kestra:///…` URI.
   * `name` may hold sub-folders (`out/report.csv`); `..` segments are refused.
   */
  putFile(name: string, content: Buffer | Readable): Promise<string>;
  /** Reads a `kestra:///…` file of this execution (or of the execution that triggered it). */
  readFile(uri: string): Readable;
  /** Changes the execution itself (ExecutionUpdatableTask). */
  readonly updates: ExecutionUpdates;
}

export type FlowOutcome = 'SUCCESS' | 'WARNING' | 'FAILED' | 'KILLED' | 'CANCELLED';

export type TaskSpec = Record<string, unknown>;

/** A request to start a child execution (Subflow). */
export interface SubflowRequest {
  namespace: string;
  flowId: string;
  revision?: number;
  inputs: Record<string, unknown>;
  labels: { key: string; value: string }[];
  inheritLabels: boolean;
  scheduleDate?: string;
  wait: boolean;
  /** The child's `trigger.type` (defaults to Subflow's class). */
  triggerType?: string;
  /** Batch number of a ForEachItem child (`trigger.taskRunIteration`). */
  iteration?: number;
}

/** What a flowable task drives: child task runs under its own task run. */
export interface FlowableRunContext extends TaskRunContext {
  /**
   * Runs `tasks` one after the other (a failed one stops the list), then `errors` when one failed,
   * then `finally`. Returns the outcome of `tasks` and `finally` (errors do not repair a failure).
   */
  runTasks(tasks: TaskSpec[], branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /** Runs `tasks` in parallel branches, at most `concurrency` at once (0: all). */
  runParallel(tasks: TaskSpec[], concurrency: number, branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /**
   * Runs `tasks` once per value: child task runs carry the value (and `iteration`); `concurrency`
   * value groups at once (0: all, 1: one after the other).
   */
  runEach(values: string[], tasks: TaskSpec[], concurrency: number, branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /**
   * Puts the task run and the execution in PAUSED until resumed (with the `onResume` inputs), until
   * `resumeAfterMs` (then `onTimeout`), or until killed.
   */
  pause(options: { resumeAfterMs?: number; onTimeout: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED'; onResume?: Record<string, unknown>[] }): Promise<{
    state: StateType;
    inputs?: Record<string, unknown>;
  }>;
  /** Starts a child execution; with `wait`, resolves when it ends. */
  runSubflow(request: SubflowRequest): Promise<{ execution: Execution }>;
  /** EachParallel: every (value, task) pair is its own branch, `concurrency` at once (0: all). */
  runEachParallel(values: string[], tasks: TaskSpec[], concurrency: number, branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /** Dag: a node starts once the tasks it depends on are terminated; a failure stops new starts. */
  runDag(nodes: { task: TaskSpec; dependsOn: string[] }[], concurrency: number, branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /** Runs `body` as the work of one child task run (ForEachItem's internal `_split`, `_items`, `_merge`). */
  runChild(task: TaskSpec, body: (child: FlowableRunContext) => Promise<FlowableResult>): Promise<StateType>;
  /** Runs `body`, then this task's `errors` branch when it failed, then `finally`. */
  runWithBranches(body: () => Promise<FlowOutcome>, branches?: { errors?: TaskSpec[]; finally?: TaskSpec[] }): Promise<FlowOutcome>;
  /** Sets this task run's outputs now, so children see `outputs.<id>` while they run. */
  setOutputs(outputs: Record<string, unknown>): void;
  /** Drops every child task run of this task run (LoopUntil starts each iteration afresh). */
  resetChildren(): void;
  /** Waits `ms`; false when the execution was killed meanwhile. */
  sleep(ms: number): Promise<boolean>;
  /** Starts a child execution without waiting; it is killed with this execution. */
  startSubflow(request: SubflowRequest): Execution;
  /** Resolves when the execution ends (its final copy). */
  waitForExecution(id: string): Promise<Execution | undefined>;
}

export interface TaskResult {
  outputs?: Record<string, unknown>;
  /** Defaults to SUCCESS. CANCELLED only from Exit. */
  state?: 'SUCCESS' | 'WARNING' | 'FAILED' | 'CANCELLED';
}

export interface FlowableResult {
  state: StateType;
  outputs?: Record<string, unknown>;
}

export type TaskCategory = 'task' | 'trigger';

export interface TaskDefinition {
  /** Kestra class name, the value of `type:` in YAML. */
  type: string;
  /** Older class names Kestra still accepts for the same plugin. */
  aliases?: string[];
  category: TaskCategory;
  /** Runnable tasks run on a worker; flowable tasks create child task runs. */
  kind: 'runnable' | 'flowable';
  title: string;
  markdownDescription?: string;
  /** YAML examples shown in the schema's markdownDescription. */
  examples?: { title: string; code: string }[];
  /** Task-specific properties; the core ones (id, type, retry, timeout…) are added by the registry. */
  properties: Record<string, JsonSchema>;
  required?: string[];
  /** Output properties (documentation only). */
  outputs?: Record<string, JsonSchema>;
  /** Properties holding nested task lists (children of a flowable task), for walks over a flow. */
  childTaskLists?(task: Record<string, unknown>): TaskSpec[][];
  /** Checks beyond the schema, run when a flow is saved (e.g. a cron expression); a message when invalid. */
  validate?(value: Record<string, unknown>): { property: string; message: string } | undefined;
  run?(context: TaskRunContext): Promise<TaskResult>;
  runFlowable?(context: FlowableRunContext): Promise<FlowableResult>;
}

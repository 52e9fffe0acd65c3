// The sandbox's executor: it owns every execution while it is not terminated (in memory, as a
// LiveExecution), schedules them (scheduleDate, flow concurrency limits), runs them through
// ExecutionRunner, persists their changes through the batched ExecutionWriter, and implements the
// API actions (kill, restart, replay, pause, resume, change-status, eval) and startup recovery.
import type { StoredFlow } from '../flows/flow-model';
import type { FlowService } from '../flows/flow-service';
import { KestraHttpError, illegalArgument, illegalState, notFound } from '../http/http-error';
import { typedInputs, type InputDeclaration } from '../inputs/parse-inputs';
import { PebbleError } from '../pebble';
import type { SandboxDatabase } from '../storage/database';
import type { ExecutionRepository } from '../storage/execution-repository';
import { InternalStorage, namespacePath } from '../storage/internal-storage';
import type { TaskRegistry } from '../tasks/registry';
import type { SubflowRequest, TaskServices } from '../tasks/task-definition';
import { concurrencyOf, flowKey, FlowConcurrency } from './flow-concurrency';
import { ExecutionEvents } from './execution-events';
import { ExecutionRunner, type Outcome, type RunnerHost } from './execution-runner';
import { ExecutionWriter } from './execution-writer';
import { newId } from './ids';
import { LiveExecution } from './live-execution';
import type { LogService } from './log-service';
import type { Execution, ExecutionKind, Label, LogEntry, LogLevel, StateType, TaskRun } from './model';
import { renderTemplate, renderValue, type RenderOptions } from './render';
import { replayTaskRuns, restartTaskRuns } from './restart-replay';
import { buildRunContext, envVariables, type RunContextOptions } from './run-context';
import type { SecretBox } from './secret-box';
import { canBeRestarted, isTerminated, newState, nowIso, rebuildState, withState } from './state';
import { TimeSlicer } from './time-slicer';

export interface EngineDependencies {
  tenantId: string;
  db: SandboxDatabase;
  executions: ExecutionRepository;
  logs: LogService;
  flows: FlowService;
  registry: TaskRegistry;
  storage: InternalStorage;
  secrets: SecretBox;
  /** Stores lent to tasks (KV, namespace files…). */
  services?: TaskServices;
  /** Host services for templates (kv(), read(), secret()). */
  renderOptions?: RenderOptions;
  baseUrl(): string;
}

export interface CreateExecutionRequest {
  flow: StoredFlow;
  /** Already typed inputs. */
  inputs: Record<string, unknown>;
  labels: Label[];
  /** Pre-generated id (when FILE inputs were stored before creation). */
  id?: string;
  scheduleDate?: string;
  kind?: ExecutionKind;
  breakpoints?: { id: string; value?: string }[];
  trigger?: Execution['trigger'];
  parentId?: string;
  /** `system.from` label; null for none (subflow children). Defaults to `api`. */
  from?: string | null;
}

/** The execution's page in Kestra's UI (the `url` of trigger answers). */
export function executionUrl(baseUrl: string, tenantId: string, execution: Pick<Execution, 'namespace' | 'flowId' | 'id'>): string {
  return `${baseUrl}/ui/${tenantId}/executions/${execution.namespace}/${execution.flowId}/${execution.id}`;
}

/** Labels Kestra adds on restart and replay (Label.RESTARTED / Label.REPLAY). */
const RESTARTED_LABEL = 'system.restarted';
const REPLAY_LABEL = 'system.replay';
const SUBFLOW_TYPE = 'io.kestra.plugin.core.flow.Subflow';
const WAIT_LIMIT_MS = 60 * 60 * 1000;

/** Executions the engine must hold after a restart of the sandbox. */
const RECOVERED_STATES: StateType[] = ['CREATED', 'SUBMITTED', 'QUEUED', 'RUNNING', 'RESTARTED', 'RETRYING', 'PAUSED', 'KILLING'];

function addLabel(labels: Label[], label: Label): void {
  const index = labels.findIndex((l) => l.key === label.key);
  if (index >= 0) labels[index] = label;
  else labels.push(label);
}

export class ExecutionEngine {
  readonly events = new ExecutionEvents();
  readonly writer: ExecutionWriter;
  private readonly live = new Map<string, LiveExecution>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly concurrency = new FlowConcurrency<LiveExecution>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly host: RunnerHost;
  private readonly envs = envVariables(process.env);
  private closed = false;

  constructor(private readonly deps: EngineDependencies) {
    this.writer = new ExecutionWriter(deps.db, deps.executions, this.events);
    this.writer.beforeTerminalCommit = () => deps.logs.flush();
    const slicer = new TimeSlicer();
    this.host = {
      tenantId: deps.tenantId,
      registry: deps.registry,
      logs: deps.logs,
      storage: deps.storage,
      services: deps.services ? { ...deps.services, executions: { find: (id) => this.get(id), logs: (id, filter) => this.executionLogs(id, filter) } } : undefined,
      renderOptions: deps.renderOptions,
      writer: this.writer,
      slicer,
      runContextOptions: () => this.runContextOptions(),
      setExecutionState: (live, state) => this.setState(live, state),
      startSubflow: (live, taskRun, request) => this.startSubflow(live, taskRun, request),
      waitForTermination: (id) => this.waitForTermination(id),
      scheduleRetryExecution: (live, delayMs) => this.scheduleRetryExecution(live, delayMs),
      kill: (id) => {
        this.kill(id);
      },
    };
  }

  /** log.Fetch: an execution's log lines at `minLevel` or above (pending lines written first). */
  private executionLogs(executionId: string, filter: { minLevel: LogLevel; taskId?: string }): LogEntry[] {
    this.deps.logs.flush();
    const result: LogEntry[] = [];
    let after = 0;
    for (;;) {
      const page = this.deps.logs.repository.byExecution(executionId, { minLevel: filter.minLevel, ...(filter.taskId ? { taskId: filter.taskId } : {}) }, after, 10_000);
      for (const stored of page) result.push(stored.entry);
      if (page.length < 10_000) return result;
      after = page[page.length - 1]!.seq;
    }
  }

  private runContextOptions(): RunContextOptions {
    return { tenantId: this.deps.tenantId, baseUrl: this.deps.baseUrl(), envs: this.envs };
  }

  /** The freshest copy: the in-memory one while running or not yet written, otherwise the stored one. */
  get(id: string): Execution | undefined {
    return this.unsaved(id) ?? this.deps.executions.find(id);
  }

  /** The in-memory copy while running or not yet written; undefined when storage holds the latest state. */
  unsaved(id: string): Execution | undefined {
    return this.live.get(id)?.execution ?? this.writer.pending(id);
  }

  /** The stored execution, after writing its pending change if it has one (actions read the row). */
  private stored(id: string): Execution | undefined {
    const pending = this.writer.pending(id);
    if (pending) this.writer.flush();
    return this.deps.executions.find(id);
  }

  /** The in-memory copy while the engine drives the execution, else undefined (no storage read). */
  held(id: string): Execution | undefined {
    return this.live.get(id)?.execution;
  }

  /** Whether executions are in flight (the request pacer queues writes meanwhile). */
  get busy(): boolean {
    return this.live.size > 0;
  }

  /** Whether the engine still drives this execution (not finished yet). */
  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** Writes pending changes (before a search reads SQLite). */
  flush(): void {
    this.writer.flush();
  }

  /**
   * Creates a CREATED execution and schedules it. It is committed before this returns, or, with
   * `groupCommit`, when the returned execution's `committed` promise resolves (API triggers answer
   * after it, so a burst of triggers shares commits).
   */
  create(request: CreateExecutionRequest): Execution;
  create(request: CreateExecutionRequest, groupCommit: true): { execution: Execution; committed: Promise<void> };
  create(request: CreateExecutionRequest, groupCommit = false): Execution | { execution: Execution; committed: Promise<void> } {
    const id = request.id ?? newId();
    const created = nowIso();
    const flowLabels = request.flow.document.labels as unknown;
    const labels: Label[] = [];
    if (Array.isArray(flowLabels)) for (const l of flowLabels as Label[]) addLabel(labels, { key: String(l.key), value: String(l.value) });
    else if (flowLabels && typeof flowLabels === 'object') {
      for (const [key, value] of Object.entries(flowLabels as Record<string, unknown>)) addLabel(labels, { key, value: typeof value === 'string' ? value : JSON.stringify(value) });
    }
    for (const label of request.labels) addLabel(labels, label);
    if (!labels.some((l) => l.key === 'system.correlationId')) addLabel(labels, { key: 'system.correlationId', value: id });
    const from = request.from === undefined ? 'api' : request.from;
    if (from !== null && !labels.some((l) => l.key === 'system.from')) addLabel(labels, { key: 'system.from', value: from });

    const execution: Execution = {
      tenantId: this.deps.tenantId,
      id,
      namespace: request.flow.namespace,
      flowId: request.flow.id,
      flowRevision: request.flow.revision,
      taskRunList: [],
      ...(Object.keys(request.inputs).length > 0 ? { inputs: request.inputs } : {}),
      labels,
      state: newState('CREATED', created),
      ...(request.parentId ? { parentId: request.parentId } : {}),
      originalId: id,
      ...(request.trigger ? { trigger: request.trigger } : {}),
      deleted: false,
      metadata: { attemptNumber: 1, originalCreatedDate: created },
      ...(request.scheduleDate ? { scheduleDate: request.scheduleDate } : {}),
      ...(request.kind && request.kind !== 'NORMAL' ? { kind: request.kind } : {}),
      ...(request.breakpoints && request.breakpoints.length > 0 ? { breakpoints: request.breakpoints } : {}),
    };
    const live = new LiveExecution(execution, request.flow);
    this.deps.logs.textFiles.noCopyYet(id);
    if (groupCommit) {
      const committed = this.writer.durable(live);
      this.schedule(live);
      return { execution, committed };
    }
    this.writer.flushNow(live);
    this.schedule(live);
    return execution;
  }

  /** Starts `live` now or at its scheduleDate. */
  private schedule(live: LiveExecution): void {
    if (this.closed) return;
    this.live.set(live.id, live);
    const scheduleDate = live.execution.scheduleDate;
    const arm = (): void => {
      const remaining = scheduleDate && live.execution.state.current === 'CREATED' ? Date.parse(scheduleDate) - Date.now() : 0;
      if (remaining > 0) {
        // setTimeout holds at most ~24.8 days; re-arm for later dates.
        this.timers.set(live.id, setTimeout(arm, Math.min(remaining, 2 ** 31 - 1)));
        return;
      }
      this.timers.delete(live.id);
      this.admit(live);
    };
    if (scheduleDate && Date.parse(scheduleDate) > Date.now()) arm();
    else this.timers.set(live.id, setTimeout(arm, 0));
  }

  /** Applies the flow's concurrency limit, then runs (or queues, cancels, fails) the execution. */
  private admit(live: LiveExecution, recovered = false): void {
    const key = flowKey(live.execution.namespace, live.execution.flowId);
    const limit = concurrencyOf(live.flow.document);
    if (recovered) this.concurrency.force(key, live.id);
    else if (!this.concurrency.tryAcquire(key, live.id, limit)) {
      const running = this.concurrency.running(key);
      if (limit!.behavior === 'QUEUE') {
        this.executionLog(live, 'INFO', `Execution is queued due to concurrency limit exceeded, ${running} running(s)`);
        this.setState(live, 'QUEUED');
        this.writer.mark(live);
        this.concurrency.enqueue(key, live);
        return;
      }
      if (limit!.behavior === 'CANCEL') {
        this.finish(live, 'CANCELLED');
      } else {
        this.executionLog(live, 'ERROR', 'Execution is FAILED due to concurrency limit exceeded');
        this.finish(live, 'FAILED');
      }
      this.live.delete(live.id);
      return;
    }
    const run = this.run(live).catch((error: unknown) => console.error(`[sandbox] execution ${live.id} crashed:`, error));
    this.running.set(live.id, run);
    void run.finally(() => {
      if (this.running.get(live.id) === run) this.running.delete(live.id);
    });
  }

  private setState(live: LiveExecution, state: StateType): void {
    const current = live.execution.state.current;
    // A kill wins over whatever the runner reports meanwhile.
    if ((current === 'KILLING' || current === 'KILLED') && state !== 'KILLED') return;
    live.execution.state = withState(live.execution.state, state);
    this.writer.mark(live);
  }

  private async run(live: LiveExecution): Promise<void> {
    const { execution } = live;
    try {
      if (live.killed) {
        this.finish(live, 'KILLED');
        return;
      }
      if (execution.state.current !== 'PAUSED') this.setState(live, 'RUNNING');
      live.clearInputs = this.clearInputs(live);
      const outcome = await new ExecutionRunner(this.host, live).runFlow();
      let final: Outcome | 'RETRIED' = live.killed ? 'KILLED' : (live.exitState ?? outcome);
      if (live.retried && final !== 'KILLED') final = 'RETRIED';
      if ((final === 'SUCCESS' || final === 'WARNING') && Array.isArray(live.flow.document.outputs)) {
        final = this.renderFlowOutputs(live, live.flow.document.outputs as Record<string, unknown>[], final);
      }
      this.finish(live, final);
    } catch (error) {
      this.executionLog(live, 'ERROR', `Execution failed: ${error instanceof Error ? error.message : String(error)}`);
      this.finish(live, live.killed ? 'KILLED' : 'FAILED');
    } finally {
      if (this.live.get(execution.id) === live) this.live.delete(execution.id);
      const next = this.concurrency.release(flowKey(execution.namespace, execution.flowId), execution.id);
      if (next && !this.closed) {
        if (next.killed) this.finishQueuedKilled(next);
        else this.admit(next, true);
      }
    }
  }

  private finishQueuedKilled(live: LiveExecution): void {
    this.finish(live, 'KILLED');
    this.live.delete(live.id);
    const after = this.concurrency.release(flowKey(live.execution.namespace, live.execution.flowId), live.id);
    if (after) this.admit(after, true);
  }

  /**
   * Terminal state: unfinished task runs end with it. Written with the next group commit (its log
   * lines first, see ExecutionWriter.beforeTerminalCommit); `get` serves it from memory until then.
   */
  private finish(live: LiveExecution, outcome: Outcome | 'RETRIED'): void {
    const changed: TaskRun[] = [];
    const taskRunFinal: StateType = outcome === 'KILLED' ? 'KILLED' : outcome === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
    for (const taskRun of live.execution.taskRunList ?? []) {
      if (!isTerminated(taskRun.state.current)) {
        taskRun.state = withState(taskRun.state, taskRunFinal);
        const attempt = taskRun.attempts?.[taskRun.attempts.length - 1];
        if (attempt && !isTerminated(attempt.state.current)) attempt.state = withState(attempt.state, taskRunFinal);
        changed.push(taskRun);
      }
    }
    if (outcome === 'KILLED' && live.execution.state.current !== 'KILLING') live.execution.state = withState(live.execution.state, 'KILLING');
    live.execution.state = withState(live.execution.state, outcome);
    this.writer.mark(live, ...changed);
  }

  private renderFlowOutputs(live: LiveExecution, outputs: Record<string, unknown>[], outcome: 'SUCCESS' | 'WARNING'): Outcome {
    const context = buildRunContext(live, this.runContextOptions());
    const values: Record<string, unknown> = {};
    try {
      for (const output of outputs) values[String(output.id)] = renderValue(output.value, context, this.deps.renderOptions);
      const declarations = outputs.map((o) => ({ ...o, id: String(o.id), type: String(o.type ?? 'STRING'), defaults: undefined }) as InputDeclaration);
      const typed = typedInputs(declarations, values, {
        fileAllowed: (uri) => InternalStorage.pathOf(uri)?.startsWith(`/${namespacePath(live.execution.namespace)}/`) ?? false,
        encrypt: (value) => this.deps.secrets.encrypt(value),
      });
      live.execution.outputs = typed;
    } catch (error) {
      const message = error instanceof KestraHttpError ? error.message.replace(/^Invalid entity: /, '') : (error as Error).message;
      this.executionLog(live, 'ERROR', `Failed to render output values: ${message}`);
      return 'FAILED';
    }
    return outcome;
  }

  /** Execution-level lines (no task run), e.g. why an execution failed outside a task. */
  private executionLog(live: LiveExecution, level: LogLevel, message: string): void {
    this.deps.logs.append({
      tenantId: this.deps.tenantId,
      namespace: live.execution.namespace,
      flowId: live.execution.flowId,
      executionId: live.execution.id,
      timestamp: nowIso(),
      level,
      thread: 'sandbox-executor',
      message,
    });
  }

  /** Inputs as tasks see them: SECRET inputs decrypted. */
  private clearInputs(live: LiveExecution): Record<string, unknown> {
    const inputs = { ...(live.execution.inputs ?? {}) };
    const declared = Array.isArray(live.flow.document.inputs) ? (live.flow.document.inputs as Record<string, unknown>[]) : [];
    for (const input of declared) {
      const id = String(input.id);
      if (input.type === 'SECRET' && typeof inputs[id] === 'string') {
        try {
          inputs[id] = this.deps.secrets.decrypt(inputs[id] as string);
        } catch {
          // Leave the ciphertext: a wrong key must not crash the run.
        }
      }
    }
    return inputs;
  }

  /** Resolves once the execution is terminated (or after one hour, with its current state). */
  waitForTermination(id: string, timeoutMs = WAIT_LIMIT_MS): Promise<Execution | undefined> {
    const current = this.get(id);
    if (!current || (isTerminated(current.state.current) && !this.live.has(id))) return Promise.resolve(current);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(this.get(id));
      }, timeoutMs);
      const unsubscribe = this.events.subscribe(id, (execution) => {
        if (isTerminated(execution.state.current)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(execution);
        }
      });
    });
  }

  // --- Subflows -----------------------------------------------------------------------------

  private startSubflow(parent: LiveExecution, taskRun: TaskRun, request: SubflowRequest): Execution {
    const existingId = typeof taskRun.outputs?.executionId === 'string' ? taskRun.outputs.executionId : undefined;
    const existing = existingId ? this.get(existingId) : undefined;
    if (existing) {
      // Restarting the parent restarts a failed child (Subflow restartBehavior RETRY_FAILED).
      if (existing.state.current === 'FAILED' && !this.live.has(existing.id)) return this.restart(existing.id);
      return existing;
    }
    const flow = this.deps.flows.get(request.namespace, request.flowId, request.revision);
    if (!flow) throw new Error(`Unable to find flow '${request.namespace}'.'${request.flowId}' with revision '${request.revision ?? 0}'`);
    if (flow.document.disabled === true || flow.document.disabled === 'true') throw new Error('Cannot execute a flow which is disabled');
    const declarations = Array.isArray(flow.document.inputs) ? (flow.document.inputs as InputDeclaration[]) : [];
    const parentFiles = `/${namespacePath(parent.execution.namespace)}/`;
    const inputs = typedInputs(declarations, request.inputs, {
      fileAllowed: (uri) => {
        const storagePath = InternalStorage.pathOf(uri);
        return !!storagePath && storagePath.startsWith(parentFiles) && this.deps.storage.stat(storagePath) !== undefined;
      },
      encrypt: (value) => this.deps.secrets.encrypt(value),
    });
    const labels: Label[] = request.inheritLabels
      ? (parent.execution.labels ?? []).filter((l) => !(l.key === 'system.from'))
      : (parent.execution.labels ?? []).filter((l) => l.key === 'system.correlationId');
    for (const label of request.labels) addLabel(labels, label);
    const variables: Record<string, unknown> = {
      executionId: parent.execution.id,
      namespace: parent.execution.namespace,
      flowId: parent.execution.flowId,
      flowRevision: parent.execution.flowRevision,
      taskRunId: taskRun.id,
      taskId: taskRun.taskId,
      ...(taskRun.value !== undefined ? { taskRunValue: taskRun.value } : {}),
      ...(request.iteration !== undefined ? { taskRunIteration: request.iteration } : taskRun.iteration !== undefined ? { taskRunIteration: taskRun.iteration } : {}),
    };
    return this.create({
      flow,
      inputs,
      labels,
      trigger: { id: taskRun.taskId, type: request.triggerType ?? SUBFLOW_TYPE, variables },
      parentId: parent.execution.id,
      scheduleDate: request.scheduleDate,
      kind: parent.execution.kind,
      from: null,
    });
  }

  private scheduleRetryExecution(live: LiveExecution, delayMs: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.closed) return;
      try {
        this.replay(live.id);
      } catch (error) {
        console.error(`[sandbox] could not retry execution ${live.id}:`, error);
      }
    }, Math.max(0, delayMs));
    this.retryTimers.add(timer);
  }

  // --- Actions ------------------------------------------------------------------------------

  /**
   * Kill: `false` when the execution was already terminated (nothing to do), `true` when it is
   * being killed. Running tasks are interrupted (a shell command's process group is signalled),
   * paused or queued executions end at once, child executions are killed too.
   */
  kill(id: string): boolean {
    const live = this.live.get(id);
    if (live && !isTerminated(live.execution.state.current)) {
      live.killed = true;
      this.setState(live, 'KILLING');
      this.writer.flushNow(live);
      live.abort.abort();
      live.pauseGate?.release();
      for (const child of live.children) this.kill(child);
      const key = flowKey(live.execution.namespace, live.execution.flowId);
      const timer = this.timers.get(id);
      if (timer || this.concurrency.dequeueItem(key, id)) {
        // Not started yet (scheduled or queued): finish right away.
        if (timer) clearTimeout(timer);
        this.timers.delete(id);
        this.live.delete(id);
        this.finish(live, 'KILLED');
      }
      return true;
    }
    const stored = this.stored(id);
    if (!stored) throw notFound(`Execution '${id}' not found`);
    if (isTerminated(stored.state.current)) return false;
    const detached = new LiveExecution(stored, this.flowOf(stored));
    detached.killed = true;
    this.finish(detached, 'KILLED');
    return true;
  }

  private flowOf(execution: Execution): StoredFlow {
    const flow = this.deps.flows.get(execution.namespace, execution.flowId, execution.flowRevision, true) ?? this.deps.flows.get(execution.namespace, execution.flowId, undefined, true);
    if (!flow) throw illegalState(`The flow ${execution.namespace}.${execution.flowId} of execution ${execution.id} no longer exists`);
    return flow;
  }

  /** Restart in place: failed (and paused) task runs run again, with a new attempt. */
  restart(id: string, revision?: number): Execution {
    const execution = this.stored(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    if (this.live.has(id) && execution.state.current !== 'PAUSED') {
      throw illegalState(`Execution must be terminated or paused and not killed to be restarted, current state is '${this.get(id)!.state.current}' !`);
    }
    if (!canBeRestarted(execution.state.current)) {
      throw illegalState(`Execution must be terminated or paused and not killed to be restarted, current state is '${execution.state.current}' !`);
    }
    const flow = revision !== undefined ? this.deps.flows.get(execution.namespace, execution.flowId, revision, true) : this.flowOf(execution);
    if (!flow) throw notFound(`Flow revision ${revision} not found`);
    let taskRunList: TaskRun[];
    try {
      taskRunList = restartTaskRuns(execution.taskRunList ?? [], flow.document, this.deps.registry);
    } catch (error) {
      throw illegalArgument((error as Error).message);
    }
    const previous = this.live.get(id);
    if (previous) {
      // A paused execution being restarted: stop the old run first.
      previous.killed = true;
      previous.abort.abort();
      this.live.delete(id);
    }
    execution.taskRunList = taskRunList;
    execution.state = withState(execution.state, 'RESTARTED');
    execution.flowRevision = flow.revision;
    delete execution.outputs;
    execution.metadata = { attemptNumber: (execution.metadata?.attemptNumber ?? 1) + 1, originalCreatedDate: execution.metadata?.originalCreatedDate ?? execution.state.startDate ?? nowIso() };
    const labels = [...(execution.labels ?? [])];
    addLabel(labels, { key: RESTARTED_LABEL, value: 'true' });
    execution.labels = labels;
    this.deps.executions.saveAll(execution);
    this.events.emit(execution);
    this.schedule(new LiveExecution(execution, flow));
    return execution;
  }

  /** Replay: a new execution of the same flow; with `taskRunId`, the task runs before it are copied. */
  replay(id: string, taskRunId?: string, revision?: number): Execution {
    const source = this.get(id);
    if (!source) throw notFound(`Execution '${id}' not found`);
    const flow = revision !== undefined ? this.deps.flows.get(source.namespace, source.flowId, revision, true) : this.flowOf(source);
    if (!flow) throw notFound(`Flow revision ${revision} not found`);
    const newExecutionId = newId();
    let taskRunList: TaskRun[] = [];
    if (taskRunId) {
      if (!(source.taskRunList ?? []).some((t) => t.id === taskRunId)) throw notFound(`Task run '${taskRunId}' not found`);
      taskRunList = replayTaskRuns(structuredClone(source.taskRunList ?? []), taskRunId, newExecutionId, flow.document, this.deps.registry);
    }
    const created = nowIso();
    const labels = [...(source.labels ?? [])];
    addLabel(labels, { key: REPLAY_LABEL, value: 'true' });
    const execution: Execution = {
      ...structuredClone(source),
      id: newExecutionId,
      flowRevision: flow.revision,
      taskRunList,
      // Kestra keeps the source's history and appends RESTARTED when replaying from a task run.
      state: taskRunId ? withState(rebuildState(source.state.current, source.state.histories), 'RESTARTED', created) : newState('CREATED', created),
      parentId: source.id,
      originalId: source.originalId ?? source.id,
      metadata: { attemptNumber: (source.metadata?.attemptNumber ?? 1) + 1, originalCreatedDate: source.metadata?.originalCreatedDate ?? created },
      labels,
    };
    delete execution.outputs;
    delete execution.scheduleDate;
    this.deps.executions.saveAll(execution);
    this.events.emit(execution);
    this.schedule(new LiveExecution(execution, flow));
    return execution;
  }

  /**
   * API pause: the execution goes PAUSED now; the task running finishes, the next one waits for
   * resume (or kill).
   */
  pause(id: string): void {
    const live = this.live.get(id);
    const current = live?.execution ?? this.stored(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (!live || (current.state.current !== 'RUNNING' && current.state.current !== 'KILLING')) throw illegalArgument('The execution is not running');
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    live.pauseGate = { promise, release };
    this.setState(live, 'PAUSED');
    this.writer.flushNow(live);
  }

  /** The `onResume` inputs of the Pause task an execution waits on (empty when none). */
  resumeInputs(id: string): InputDeclaration[] {
    const live = this.live.get(id);
    const current = live?.execution ?? this.stored(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (current.state.current !== 'PAUSED') throw illegalState(`Execution '${id}' is not paused, can't resume it`);
    const paused = live ? this.firstPausedTask(live) : undefined;
    if (paused?.entry.onResume) return paused.entry.onResume as InputDeclaration[];
    // Not waiting in memory yet (just recovered): read the Pause task of the first paused run.
    const taskRun = (current.taskRunList ?? []).find((t) => t.state.current === 'PAUSED');
    const task = taskRun ? this.findTask((live?.flow ?? this.flowOf(current)).document, taskRun.taskId) : undefined;
    return Array.isArray(task?.onResume) ? (task.onResume as InputDeclaration[]) : [];
  }

  private firstPausedTask(live: LiveExecution): { taskRunId: string; entry: NonNullable<ReturnType<LiveExecution['pausedTasks']['get']>> } | undefined {
    let best: { taskRunId: string; entry: NonNullable<ReturnType<LiveExecution['pausedTasks']['get']>>; position: number } | undefined;
    for (const [taskRunId, entry] of live.pausedTasks) {
      const taskRun = live.taskRun(taskRunId);
      const position = taskRun ? live.positionOf(taskRun) : Number.MAX_SAFE_INTEGER;
      if (!best || position < best.position) best = { taskRunId, entry, position };
    }
    return best;
  }

  /** Resumes a PAUSED execution; `inputs` are the Pause task's typed `onResume` values. */
  resume(id: string, inputs?: Record<string, unknown>): void {
    const live = this.live.get(id);
    const current = live?.execution ?? this.stored(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (current.state.current !== 'PAUSED') throw illegalState(`Execution '${id}' is not paused, can't resume it`);
    if (!live) {
      // Paused in storage but not held (should not happen after recovery): run it again.
      current.state = withState(current.state, 'RUNNING');
      const revived = new LiveExecution(current, this.flowOf(current));
      this.writer.flushNow(revived);
      this.schedule(revived);
      return;
    }
    const paused = this.firstPausedTask(live);
    const waitingRun = (live.execution.taskRunList ?? []).some((t) => t.state.current === 'PAUSED');
    if (paused || waitingRun) {
      // Resuming a Pause task is a new attempt of the execution (ExecutionService.markAs).
      live.execution.metadata = { attemptNumber: (live.execution.metadata?.attemptNumber ?? 1) + 1, originalCreatedDate: live.execution.metadata?.originalCreatedDate ?? nowIso() };
      // A recovered Pause task may not be waiting yet: it takes the resume when it gets there.
      if (paused) paused.entry.resolve({ state: 'RUNNING', inputs });
      else live.pendingResume = { state: 'RUNNING', inputs };
      this.writer.flushNow(live);
      return;
    }
    const gate = live.pauseGate;
    live.pauseGate = undefined;
    this.setState(live, 'RUNNING');
    this.writer.flushNow(live);
    gate?.release();
  }

  /** `unqueue`: a QUEUED execution leaves the queue and runs now (RUNNING) or ends CANCELLED/FAILED. */
  unqueue(id: string, state: StateType = 'RUNNING'): Execution {
    const live = this.live.get(id);
    const current = live?.execution ?? this.stored(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (!live || current.state.current !== 'QUEUED') throw illegalArgument('Only QUEUED executions can be unqueued');
    if (state !== 'RUNNING' && state !== 'CANCELLED' && state !== 'FAILED') throw illegalArgument('Unqueue state can only be RUNNING, FAILED or CANCELLED');
    this.concurrency.dequeueItem(flowKey(current.namespace, current.flowId), id);
    if (state === 'RUNNING') this.admit(live, true);
    else {
      this.live.delete(id);
      this.finish(live, state);
    }
    this.writer.flush();
    return live.execution;
  }

  /** `force-run`: a QUEUED or not yet started (scheduled) execution runs now, over any limit. */
  forceRun(id: string): Execution {
    const live = this.live.get(id);
    const current = live?.execution ?? this.stored(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (current.state.current === 'QUEUED') return this.unqueue(id, 'RUNNING');
    const timer = this.timers.get(id);
    if (!live || current.state.current !== 'CREATED' || !timer) throw illegalArgument(`Only QUEUED or not yet started executions can be forced to run, current state is '${current.state.current}'`);
    clearTimeout(timer);
    this.timers.delete(id);
    this.admit(live, true);
    this.writer.flush();
    return live.execution;
  }

  /** Sets a terminal state directly (change-status). */
  changeStatus(id: string, status: StateType): Execution {
    const execution = this.stored(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    if (this.live.has(id) || !isTerminated(execution.state.current) || execution.state.current === 'KILLED') {
      throw illegalArgument(`Execution must be terminated and not killed to change its status, current state is '${execution.state.current}'`);
    }
    execution.state = withState(execution.state, status);
    this.deps.executions.save(execution);
    this.events.emit(execution);
    return execution;
  }

  /**
   * `POST /executions/{id}/eval[/{taskRunId}]`: renders `expression` in the execution's context (the
   * task run's, when given). Errors come back as `{error, stackTrace}`, as Kestra does.
   */
  evaluate(id: string, expression: string, taskRunId?: string): { result?: string; error?: string; stackTrace?: string } {
    const execution = this.get(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    const held = this.live.get(id);
    const live = held ?? new LiveExecution(structuredClone(execution), this.flowOf(execution));
    if (!held) live.clearInputs = this.clearInputs(live);
    let taskRun: TaskRun | undefined;
    if (taskRunId) {
      taskRun = live.taskRun(taskRunId);
      if (!taskRun) throw notFound(`Task run '${taskRunId}' not found`);
    }
    const task = taskRun ? this.findTask(live.flow.document, taskRun.taskId) : undefined;
    const context = buildRunContext(live, this.runContextOptions(), task, taskRun);
    try {
      return { result: renderTemplate(expression, context, this.deps.renderOptions) };
    } catch (error) {
      const message = error instanceof PebbleError ? error.message : error instanceof Error ? error.message : String(error);
      const detail = error instanceof PebbleError && error.detail ? `\n${error.detail}` : '';
      return { error: message, stackTrace: `${error instanceof PebbleError ? 'io.kestra.core.exceptions.IllegalVariableEvaluationException' : 'java.lang.Exception'}: ${message}${detail}` };
    }
  }

  /** The variables an expression sees at the level of `execution` (RunContextFactory.of(flow, execution)). */
  variablesOf(execution: Execution): Record<string, unknown> {
    const held = this.live.get(execution.id);
    const live = held ?? new LiveExecution(structuredClone(execution), this.flowOf(execution));
    if (!held) live.clearInputs = this.clearInputs(live);
    return buildRunContext(live, this.runContextOptions());
  }

  private findTask(document: Record<string, unknown>, taskId: string): Record<string, unknown> | undefined {
    let found: Record<string, unknown> | undefined;
    const visit = (value: unknown): void => {
      if (found) return;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (record.id === taskId && typeof record.type === 'string') found = record;
        else Object.values(record).forEach(visit);
      }
    };
    visit([document.tasks, document.errors, document.finally]);
    return found;
  }

  /**
   * Startup: every execution that was not terminated when the process stopped is taken back.
   * Running ones resume from their last saved state (an interrupted task run is resubmitted with a
   * new attempt), paused ones wait again (with the rest of their delay), queued ones are queued
   * again, KILLING ones end KILLED. None stays RUNNING forever.
   */
  recover(): void {
    const byState = new Map<StateType, Execution[]>();
    for (const id of this.deps.executions.idsInStates(RECOVERED_STATES)) {
      const execution = this.deps.executions.find(id);
      if (!execution) continue;
      const list = byState.get(execution.state.current) ?? [];
      list.push(execution);
      byState.set(execution.state.current, list);
    }
    const take = (states: StateType[]): Execution[] => states.flatMap((s) => byState.get(s) ?? []);
    const liveOf = (execution: Execution): LiveExecution | undefined => {
      try {
        return new LiveExecution(execution, this.flowOf(execution));
      } catch {
        const orphan = new LiveExecution(execution, { namespace: execution.namespace, id: execution.flowId, revision: execution.flowRevision, deleted: true, source: '', updated: nowIso(), document: { id: execution.flowId, namespace: execution.namespace, tasks: [] } });
        this.executionLog(orphan, 'ERROR', 'The flow of this execution no longer exists; it was failed when the sandbox restarted.');
        this.finish(orphan, 'FAILED');
        return undefined;
      }
    };
    for (const execution of take(['KILLING'])) {
      const live = liveOf(execution);
      if (!live) continue;
      live.killed = true;
      this.finish(live, 'KILLED');
    }
    // Executions that held a concurrency slot take it back before queued ones are considered.
    for (const execution of take(['RUNNING', 'RESTARTED', 'RETRYING', 'SUBMITTED', 'PAUSED'])) {
      const live = liveOf(execution);
      if (!live) continue;
      this.live.set(live.id, live);
      if (execution.state.current === 'PAUSED' && !(execution.taskRunList ?? []).some((t) => t.state.current === 'PAUSED')) {
        // Paused through the API: wait for resume again.
        let release = (): void => undefined;
        const promise = new Promise<void>((resolve) => (release = resolve));
        live.pauseGate = { promise, release };
      } else if (execution.state.current !== 'PAUSED') {
        this.executionLog(live, 'WARN', 'The sandbox stopped while this execution was running; it resumes from its last saved state.');
      }
      this.admit(live, true);
    }
    for (const execution of take(['QUEUED'])) {
      const live = liveOf(execution);
      if (!live) continue;
      this.live.set(live.id, live);
      this.admit(live);
    }
    for (const execution of take(['CREATED'])) {
      const live = liveOf(execution);
      if (live) this.schedule(live);
    }
    this.writer.flush();
  }

  /**
   * Stops scheduling and lets running executions finish for a short grace period; whatever is
   * still running then is interrupted and resumed by `recover()` on the next start.
   */
  async close(graceMs = 2_000): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    // Paused executions wait for a person: no point in waiting for them.
    const busy = [...this.running].filter(([id]) => this.live.get(id)?.execution.state.current !== 'PAUSED').map(([, run]) => run);
    let graceTimer: NodeJS.Timeout | undefined;
    if (busy.length > 0) await Promise.race([Promise.allSettled(busy), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
    clearTimeout(graceTimer);
    // Still running after the grace period: keep their last saved state (recovered on the next
    // start) and stop their work, so no child process or timer outlives the server.
    this.writer.freeze();
    this.deps.logs.freeze();
    for (const live of this.live.values()) live.abort.abort();
    let settleTimer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running.values()]), new Promise<void>((resolve) => (settleTimer = setTimeout(resolve, 2_000)))]);
    clearTimeout(settleTimer);
  }
}

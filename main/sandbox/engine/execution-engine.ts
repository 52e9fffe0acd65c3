// The sandbox's executor and worker in one process. It drives executions through Kestra's states
// (CREATED → RUNNING → SUCCESS | WARNING | FAILED, KILLING → KILLED, RESTARTED), creates task runs
// with attempts and histories, renders properties, runs task definitions and records outputs and
// logs. Part 1 runs a flow's task lists sequentially (with `errors` and `finally`); part 2 extends
// `runTaskList`/`runTask` for flowable tasks, retries, concurrency and triggers.
import type { Readable } from 'node:stream';
import type { StoredFlow } from '../flows/flow-model';
import type { FlowService } from '../flows/flow-service';
import { illegalArgument, illegalState, notFound } from '../http/http-error';
import type { ExecutionRepository } from '../storage/execution-repository';
import { InternalStorage, executionPrefix } from '../storage/internal-storage';
import type { TaskRegistry } from '../tasks/registry';
import type { TaskLogger, TaskRunContext } from '../tasks/task-definition';
import { formatDuration, parseDuration } from './duration';
import { ExecutionEvents } from './execution-events';
import { newId } from './ids';
import type { LogService } from './log-service';
import { LOG_LEVELS, type Execution, type ExecutionKind, type Label, type LogLevel, type StateType, type TaskRun } from './model';
import { RenderError, renderTemplate, renderValue, type RenderOptions } from './render';
import type { SecretBox } from './secret-box';
import { canBeRestarted, isTerminated, isTerminatedNoFail, newState, nowIso, rebuildState, withState } from './state';

export interface EngineDependencies {
  tenantId: string;
  executions: ExecutionRepository;
  logs: LogService;
  flows: FlowService;
  registry: TaskRegistry;
  storage: InternalStorage;
  secrets: SecretBox;
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
}

type Outcome = 'SUCCESS' | 'WARNING' | 'FAILED' | 'KILLED';

interface LiveExecution {
  execution: Execution;
  flow: StoredFlow;
  abort: AbortController;
  killed: boolean;
  /** Set while paused through the API: resolved by resume or kill. */
  pauseGate?: { promise: Promise<void>; release(): void };
}

const ACTIVE_STATES: StateType[] = ['CREATED', 'SUBMITTED', 'RUNNING', 'RESTARTED', 'KILLING', 'QUEUED', 'RETRYING'];
const WAIT_LIMIT_MS = 60 * 60 * 1000;

function worst(a: Outcome, b: Outcome): Outcome {
  const order: Outcome[] = ['SUCCESS', 'WARNING', 'FAILED', 'KILLED'];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

function outcomeOf(state: StateType): Outcome {
  if (state === 'KILLED') return 'KILLED';
  if (state === 'FAILED') return 'FAILED';
  if (state === 'WARNING') return 'WARNING';
  return 'SUCCESS';
}

function labelMap(labels: Label[] | undefined): Record<string, string> {
  return Object.fromEntries((labels ?? []).map((l) => [l.key, l.value]));
}

export class ExecutionEngine {
  readonly events = new ExecutionEvents();
  private readonly live = new Map<string, LiveExecution>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: EngineDependencies) {}

  /** The freshest copy: the in-memory one while running, otherwise the stored one. */
  get(id: string): Execution | undefined {
    return this.live.get(id)?.execution ?? this.deps.executions.find(id);
  }

  url(execution: Execution): string {
    return `${this.deps.baseUrl()}/ui/${this.deps.tenantId}/executions/${execution.namespace}/${execution.flowId}/${execution.id}`;
  }

  /** Persists a new CREATED execution and schedules it. */
  create(request: CreateExecutionRequest): Execution {
    const id = request.id ?? newId();
    const created = nowIso();
    const flowLabels = (request.flow.document.labels && typeof request.flow.document.labels === 'object' ? request.flow.document.labels : undefined) as unknown;
    const labels: Label[] = [];
    const add = (label: Label): void => {
      const index = labels.findIndex((l) => l.key === label.key);
      if (index >= 0) labels[index] = label;
      else labels.push(label);
    };
    if (Array.isArray(flowLabels)) for (const l of flowLabels as Label[]) add({ key: String(l.key), value: String(l.value) });
    else if (flowLabels) for (const [key, value] of Object.entries(flowLabels as Record<string, unknown>)) add({ key, value: String(value) });
    for (const label of request.labels) add(label);
    if (!labels.some((l) => l.key === 'system.correlationId')) add({ key: 'system.correlationId', value: id });
    if (!labels.some((l) => l.key === 'system.from')) add({ key: 'system.from', value: 'api' });

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
      originalId: id,
      deleted: false,
      metadata: { attemptNumber: 1, originalCreatedDate: created },
      ...(request.scheduleDate ? { scheduleDate: request.scheduleDate } : {}),
      kind: request.kind ?? 'NORMAL',
      ...(request.breakpoints && request.breakpoints.length > 0 ? { breakpoints: request.breakpoints } : {}),
      ...(request.trigger ? { trigger: request.trigger } : {}),
      ...(request.parentId ? { parentId: request.parentId } : {}),
    };
    if (execution.kind === 'NORMAL') delete execution.kind;
    this.deps.executions.save(execution);
    this.events.emit(execution);
    this.schedule(execution, request.flow);
    return execution;
  }

  private schedule(execution: Execution, flow: StoredFlow): void {
    if (this.closed) return;
    const delay = execution.scheduleDate ? Date.parse(execution.scheduleDate) - Date.now() : 0;
    const live: LiveExecution = { execution, flow, abort: new AbortController(), killed: false };
    this.live.set(execution.id, live);
    const start = (): void => {
      this.timers.delete(execution.id);
      const run = this.run(live).catch((error: unknown) => {
        console.error(`[sandbox] execution ${execution.id} crashed:`, error);
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    };
    if (delay > 0) {
      // setTimeout holds at most ~24.8 days; re-arm for later dates.
      const arm = (): void => {
        const remaining = Date.parse(execution.scheduleDate!) - Date.now();
        if (remaining <= 0) return start();
        this.timers.set(execution.id, setTimeout(arm, Math.min(remaining, 2 ** 31 - 1)));
      };
      arm();
    } else {
      this.timers.set(execution.id, setTimeout(start, 0));
    }
  }

  private persist(live: LiveExecution, taskRuns: TaskRun[] = []): void {
    this.deps.executions.save(live.execution, taskRuns);
    this.events.emit(live.execution);
  }

  private setState(live: LiveExecution, state: StateType): void {
    live.execution.state = withState(live.execution.state, state);
  }

  private async run(live: LiveExecution): Promise<void> {
    const { execution, flow } = live;
    try {
      if (live.killed) {
        this.finish(live, 'KILLED');
        return;
      }
      this.setState(live, 'RUNNING');
      this.persist(live);
      const document = flow.document;
      let outcome = await this.runTaskList(live, document.tasks, undefined);
      if (outcome === 'FAILED' && Array.isArray(document.errors) && document.errors.length > 0 && !live.killed) {
        await this.runTaskList(live, document.errors as Record<string, unknown>[], undefined);
      }
      if (Array.isArray(document.finally) && document.finally.length > 0 && !live.killed) {
        const finalOutcome = await this.runTaskList(live, document.finally as Record<string, unknown>[], undefined);
        outcome = worst(outcome, finalOutcome === 'KILLED' ? 'KILLED' : finalOutcome);
      }
      if (live.killed) outcome = 'KILLED';
      if ((outcome === 'SUCCESS' || outcome === 'WARNING') && Array.isArray(document.outputs)) {
        outcome = this.renderFlowOutputs(live, document.outputs as Record<string, unknown>[], outcome);
      }
      this.finish(live, outcome);
    } catch (error) {
      this.executionLog(live, 'ERROR', `Execution failed: ${error instanceof Error ? error.message : String(error)}`);
      this.finish(live, live.killed ? 'KILLED' : 'FAILED');
    } finally {
      if (this.live.get(execution.id) === live) this.live.delete(execution.id);
    }
  }

  private finish(live: LiveExecution, outcome: Outcome): void {
    const changed: TaskRun[] = [];
    for (const taskRun of live.execution.taskRunList ?? []) {
      if (!isTerminated(taskRun.state.current)) {
        const final = outcome === 'KILLED' ? 'KILLED' : 'FAILED';
        taskRun.state = withState(taskRun.state, final);
        const attempt = taskRun.attempts?.[taskRun.attempts.length - 1];
        if (attempt && !isTerminated(attempt.state.current)) attempt.state = withState(attempt.state, final);
        changed.push(taskRun);
      }
    }
    if (outcome === 'KILLED' && live.execution.state.current !== 'KILLING') this.setState(live, 'KILLING');
    this.setState(live, outcome);
    this.deps.logs.flush();
    this.persist(live, changed);
  }

  private renderFlowOutputs(live: LiveExecution, outputs: Record<string, unknown>[], outcome: Outcome): Outcome {
    const context = this.context(live, undefined, undefined);
    const values: Record<string, unknown> = {};
    try {
      for (const output of outputs) values[String(output.id)] = renderValue(output.value, context, this.deps.renderOptions);
    } catch (error) {
      this.executionLog(live, 'ERROR', `Failed to render the flow outputs: ${(error as Error).message}`);
      return 'FAILED';
    }
    live.execution.outputs = values;
    return outcome;
  }

  /** Runs a list of tasks in order; a failed (not allowed to fail) task stops the list. */
  protected async runTaskList(live: LiveExecution, tasks: Record<string, unknown>[], parent: TaskRun | undefined): Promise<Outcome> {
    let result: Outcome = 'SUCCESS';
    for (const task of tasks) {
      if (live.pauseGate) await live.pauseGate.promise;
      if (live.killed) return 'KILLED';
      const existing = live.execution.taskRunList?.find((t) => t.taskId === task.id && t.parentTaskRunId === parent?.id && t.value === undefined);
      if (existing && isTerminatedNoFail(existing.state.current)) {
        result = worst(result, outcomeOf(existing.state.current));
        continue;
      }
      const state = await this.runTask(live, task, parent, existing);
      result = worst(result, outcomeOf(state));
      if (state === 'FAILED' || state === 'KILLED') return outcomeOf(state);
    }
    return result;
  }

  /** Creates (or re-runs) the task run of one runnable task; returns its final state. */
  protected async runTask(live: LiveExecution, task: Record<string, unknown>, parent: TaskRun | undefined, existing: TaskRun | undefined): Promise<StateType> {
    const { execution } = live;
    let taskRun = existing;
    if (!taskRun) {
      taskRun = {
        tenantId: this.deps.tenantId,
        id: newId(),
        executionId: execution.id,
        namespace: execution.namespace,
        flowId: execution.flowId,
        taskId: String(task.id),
        ...(parent ? { parentTaskRunId: parent.id } : {}),
        attempts: [],
        outputs: null,
        state: newState('CREATED'),
      };
      execution.taskRunList = [...(execution.taskRunList ?? []), taskRun];
      this.persist(live, [taskRun]);
    }
    if (task.disabled === true || task.disabled === 'true') {
      taskRun.state = withState(taskRun.state, 'SKIPPED');
      this.persist(live, [taskRun]);
      return 'SKIPPED';
    }
    const definition = typeof task.type === 'string' ? this.deps.registry.get(task.type) : undefined;
    const attemptNumber = taskRun.attempts?.length ?? 0;
    const attempt = { state: withState(newState('CREATED'), 'RUNNING') };
    taskRun.attempts = [...(taskRun.attempts ?? []), attempt];
    taskRun.state = withState(taskRun.state, 'RUNNING');
    this.persist(live, [taskRun]);

    const logger = this.taskLogger(live, taskRun, attemptNumber, task.logLevel);
    let final: StateType;
    let outputs: Record<string, unknown> | undefined;
    if (!definition?.run) {
      logger.error(`Task type '${String(task.type)}' cannot run in the Kestra Console sandbox yet.`);
      final = 'FAILED';
    } else {
      const taskAbort = new AbortController();
      const onKill = (): void => taskAbort.abort(new Error('Killed'));
      live.abort.signal.addEventListener('abort', onKill);
      let timer: NodeJS.Timeout | undefined;
      try {
        const context = this.taskContext(live, task, taskRun, logger, taskAbort.signal);
        const timeoutMs = typeof task.timeout === 'string' ? parseDuration(context.render(task.timeout)) : undefined;
        const running = definition.run(context);
        const result = await (timeoutMs !== undefined
          ? Promise.race([
              running,
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => {
                  taskAbort.abort(new Error('Timeout'));
                  reject(new Error(`Timeout after ${formatDuration(timeoutMs)}`));
                }, timeoutMs);
              }),
            ])
          : running);
        outputs = result.outputs;
        final = result.state ?? 'SUCCESS';
      } catch (error) {
        if (live.killed) final = 'KILLED';
        else {
          logger.error(error instanceof RenderError ? error.message : error instanceof Error ? error.message : String(error));
          final = 'FAILED';
        }
      } finally {
        if (timer) clearTimeout(timer);
        live.abort.signal.removeEventListener('abort', onKill);
      }
      if (live.killed && final !== 'SUCCESS') final = 'KILLED';
    }
    if (final === 'FAILED' && (task.allowFailure === true || task.allowFailure === 'true')) final = 'WARNING';
    if (final === 'WARNING' && (task.allowWarning === true || task.allowWarning === 'true')) final = 'SUCCESS';
    attempt.state = withState(attempt.state, final);
    if (outputs && Object.keys(outputs).length > 0) taskRun.outputs = outputs;
    taskRun.state = withState(taskRun.state, final);
    this.persist(live, [taskRun]);
    return final;
  }

  private taskLogger(live: LiveExecution, taskRun: TaskRun, attemptNumber: number, logLevel: unknown): TaskLogger {
    const minimum = typeof logLevel === 'string' ? LOG_LEVELS.indexOf(logLevel.toUpperCase() as LogLevel) : 0;
    const write = (level: LogLevel, message: string): void => {
      if (LOG_LEVELS.indexOf(level) < minimum) return;
      this.deps.logs.append({
        tenantId: this.deps.tenantId,
        namespace: live.execution.namespace,
        flowId: live.execution.flowId,
        taskId: taskRun.taskId,
        executionId: live.execution.id,
        taskRunId: taskRun.id,
        attemptNumber,
        timestamp: nowIso(),
        level,
        thread: 'sandbox-worker',
        message,
        ...(live.execution.kind ? { executionKind: live.execution.kind } : {}),
      });
    };
    return {
      trace: (m) => write('TRACE', m),
      debug: (m) => write('DEBUG', m),
      info: (m) => write('INFO', m),
      warn: (m) => write('WARN', m),
      error: (m) => write('ERROR', m),
    };
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

  /** The variables Kestra exposes to templates (flow, execution, inputs, outputs, vars, labels…). */
  protected context(live: LiveExecution, task: Record<string, unknown> | undefined, taskRun: TaskRun | undefined): Record<string, unknown> {
    const { execution, flow } = live;
    const outputs: Record<string, unknown> = {};
    for (const run of execution.taskRunList ?? []) {
      if (!run.outputs) continue;
      if (run.value !== undefined) {
        const byValue = (outputs[run.taskId] ??= {}) as Record<string, unknown>;
        byValue[run.value] = run.outputs;
      } else outputs[run.taskId] = run.outputs;
    }
    const inputs = this.clearInputs(live);
    const context: Record<string, unknown> = {
      flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision, tenantId: this.deps.tenantId },
      execution: { id: execution.id, startDate: execution.state.startDate, originalId: execution.originalId, state: execution.state.current },
      inputs,
      outputs,
      vars: (flow.document.variables as Record<string, unknown> | undefined) ?? {},
      labels: labelMap(execution.labels),
      envs: {},
      globals: {},
      kestra: { url: this.deps.baseUrl() },
    };
    if (execution.trigger) context.trigger = execution.trigger.variables ?? {};
    if (task) context.task = { id: task.id, type: task.type };
    if (taskRun) {
      context.taskrun = {
        id: taskRun.id,
        startDate: taskRun.state.startDate,
        attemptsCount: taskRun.attempts?.length ?? 0,
        ...(taskRun.value !== undefined ? { value: taskRun.value } : {}),
        ...(taskRun.parentTaskRunId ? { parentId: taskRun.parentTaskRunId } : {}),
      };
    }
    return context;
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

  private taskContext(live: LiveExecution, task: Record<string, unknown>, taskRun: TaskRun, logger: TaskLogger, signal: AbortSignal): TaskRunContext {
    const context = this.context(live, task, taskRun);
    const storage = this.deps.storage;
    const prefix = executionPrefix(live.execution.namespace, live.execution.flowId, live.execution.id);
    return {
      execution: live.execution,
      taskRun,
      task,
      logger,
      signal,
      render: (template) => renderTemplate(template, context, this.deps.renderOptions),
      renderValue: <T>(value: unknown) => renderValue(value, context, this.deps.renderOptions) as T,
      putFile: async (name: string, content: Buffer | Readable) => {
        const safe = name.replace(/[/\\]/g, '_');
        const storagePath = `${prefix}/tasks/${taskRun.taskId}/${taskRun.id}/${safe}`;
        await storage.write(storagePath, content);
        return InternalStorage.uriOf(storagePath);
      },
    };
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

  /**
   * Kill: `false` when the execution was already terminated (nothing to do), `true` when it is
   * being killed. Non-running executions (created, paused) go straight to KILLED.
   */
  kill(id: string): boolean {
    const live = this.live.get(id);
    if (live && !isTerminated(live.execution.state.current)) {
      live.killed = true;
      this.setState(live, 'KILLING');
      this.persist(live);
      live.abort.abort();
      live.pauseGate?.release();
      const timer = this.timers.get(id);
      if (timer) {
        // Not started yet: finish right away.
        clearTimeout(timer);
        this.timers.delete(id);
        this.live.delete(id);
        this.finish(live, 'KILLED');
      }
      return true;
    }
    const stored = this.deps.executions.find(id);
    if (!stored) throw notFound(`Execution '${id}' not found`);
    if (isTerminated(stored.state.current)) return false;
    const detached: LiveExecution = { execution: stored, flow: this.flowOf(stored), abort: new AbortController(), killed: true };
    this.setState(detached, 'KILLING');
    this.persist(detached);
    this.finish(detached, 'KILLED');
    return true;
  }

  private flowOf(execution: Execution): StoredFlow {
    const flow = this.deps.flows.get(execution.namespace, execution.flowId, execution.flowRevision, true) ?? this.deps.flows.get(execution.namespace, execution.flowId, undefined, true);
    if (!flow) throw illegalState(`The flow ${execution.namespace}.${execution.flowId} of execution ${execution.id} no longer exists`);
    return flow;
  }

  /** Restart in place: failed/killed task runs are re-run with a new attempt. */
  restart(id: string, revision?: number): Execution {
    const execution = this.deps.executions.find(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    if (this.live.has(id) || !canBeRestarted(execution.state.current)) {
      throw illegalState(`Execution must be terminated or paused and not killed to be restarted, current state is '${execution.state.current}' !`);
    }
    const flow = revision !== undefined ? this.deps.flows.get(execution.namespace, execution.flowId, revision, true) : this.flowOf(execution);
    if (!flow) throw notFound(`Flow revision ${revision} not found`);
    for (const taskRun of execution.taskRunList ?? []) {
      if (taskRun.state.current === 'FAILED' || taskRun.state.current === 'KILLED' || taskRun.state.current === 'PAUSED') {
        taskRun.state = withState(taskRun.state, 'RESTARTED');
      }
    }
    execution.state = withState(execution.state, 'RESTARTED');
    execution.flowRevision = flow.revision;
    delete execution.outputs;
    execution.metadata = { attemptNumber: (execution.metadata?.attemptNumber ?? 1) + 1, originalCreatedDate: execution.metadata?.originalCreatedDate ?? execution.state.startDate ?? nowIso() };
    this.deps.executions.saveAll(execution);
    this.events.emit(execution);
    this.schedule(execution, flow);
    return execution;
  }

  /** Replay: a new execution of the same flow; with `taskRunId`, the task runs before it are copied. */
  replay(id: string, taskRunId?: string, revision?: number): Execution {
    const source = this.deps.executions.find(id);
    if (!source) throw notFound(`Execution '${id}' not found`);
    const flow = revision !== undefined ? this.deps.flows.get(source.namespace, source.flowId, revision, true) : this.flowOf(source);
    if (!flow) throw notFound(`Flow revision ${revision} not found`);
    const newExecutionId = newId();
    let taskRunList: TaskRun[] = [];
    if (taskRunId) {
      const index = (source.taskRunList ?? []).findIndex((t) => t.id === taskRunId);
      if (index < 0) throw notFound(`Task run '${taskRunId}' not found`);
      taskRunList = (source.taskRunList ?? []).slice(0, index).filter((t) => isTerminatedNoFail(t.state.current)).map((t) => ({ ...t, id: newId(), executionId: newExecutionId }));
    }
    const created = nowIso();
    const execution: Execution = {
      ...source,
      id: newExecutionId,
      flowRevision: flow.revision,
      taskRunList,
      state: taskRunList.length > 0 ? rebuildState('RESTARTED', [{ state: 'CREATED', date: created }, { state: 'RESTARTED', date: created }]) : newState('CREATED', created),
      originalId: source.originalId ?? source.id,
      metadata: { attemptNumber: (source.metadata?.attemptNumber ?? 1) + 1, originalCreatedDate: source.metadata?.originalCreatedDate ?? created },
      labels: [...(source.labels ?? [])],
    };
    delete execution.outputs;
    delete execution.scheduleDate;
    this.deps.executions.saveAll(execution);
    this.events.emit(execution);
    this.schedule(execution, flow);
    return execution;
  }

  /**
   * API pause: the execution goes PAUSED now; the task running finishes, the next one waits for
   * resume (or kill).
   */
  pause(id: string): void {
    const live = this.live.get(id);
    const current = live?.execution ?? this.deps.executions.find(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (!live || current.state.current !== 'RUNNING') throw illegalArgument('The execution is not running');
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    live.pauseGate = { promise, release };
    this.setState(live, 'PAUSED');
    this.persist(live);
  }

  /** Resumes a PAUSED execution, in memory or (after a restart of the sandbox) from storage. */
  resume(id: string): void {
    const live = this.live.get(id);
    const current = live?.execution ?? this.deps.executions.find(id);
    if (!current) throw notFound(`Execution '${id}' not found`);
    if (current.state.current !== 'PAUSED') throw illegalState(`Execution '${id}' is not paused, can't resume it`);
    if (live) {
      this.setState(live, 'RUNNING');
      this.persist(live);
      const gate = live.pauseGate;
      live.pauseGate = undefined;
      gate?.release();
      return;
    }
    current.state = withState(current.state, 'RUNNING');
    this.deps.executions.save(current);
    this.events.emit(current);
    this.schedule(current, this.flowOf(current));
  }

  /** Sets a terminal state directly (change-status). */
  changeStatus(id: string, status: StateType): Execution {
    const execution = this.deps.executions.find(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    if (this.live.has(id) || !isTerminated(execution.state.current) || execution.state.current === 'KILLED') {
      throw illegalArgument(`Execution must be terminated and not killed to change its status, current state is '${execution.state.current}'`);
    }
    execution.state = withState(execution.state, status);
    this.deps.executions.save(execution);
    this.events.emit(execution);
    return execution;
  }

  /** Startup: re-queue CREATED executions, fail those that were running when the process stopped. */
  recover(): void {
    for (const id of this.deps.executions.idsInStates(ACTIVE_STATES)) {
      const execution = this.deps.executions.find(id);
      if (!execution) continue;
      let flow: StoredFlow;
      try {
        flow = this.flowOf(execution);
      } catch {
        continue;
      }
      if (execution.state.current === 'CREATED' && (execution.taskRunList ?? []).length === 0) {
        this.schedule(execution, flow);
        continue;
      }
      const live: LiveExecution = { execution, flow, abort: new AbortController(), killed: execution.state.current === 'KILLING' };
      this.executionLog(live, 'ERROR', 'The sandbox server stopped while this execution was running; it was marked as failed on restart.');
      this.finish(live, live.killed ? 'KILLED' : 'FAILED');
    }
  }

  /**
   * Stops scheduling and lets running executions finish for a short grace period; whatever is
   * still running then is interrupted (and failed cleanly by `recover()` on the next start).
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let graceTimer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
    clearTimeout(graceTimer);
    for (const live of this.live.values()) live.abort.abort();
    await Promise.allSettled([...this.running]);
    this.deps.logs.flush();
  }
}


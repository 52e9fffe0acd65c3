// Runs one execution's task tree, the way Kestra's executor and worker together do: task runs are
// created under their parent (CREATED), runnable ones go SUBMITTED → RUNNING with an attempt and
// end in a terminal state, failed attempts are retried per the retry policy (RETRYING), flowable
// ones (Sequential, Parallel, If, Switch, ForEach, Pause, Subflow) drive children through
// `FlowableRunContext`. The walk is re-entrant: task runs already in the list are reused, so the same
// code resumes a restarted, replayed or recovered execution (terminated runs are skipped, RESTARTED
// ones run again with a new attempt, RUNNING flowables are re-entered).
import type { Readable } from 'node:stream';
import { InternalStorage, executionPrefix } from '../storage/internal-storage';
import type { TaskRegistry } from '../tasks/registry';
import type {
  FlowableRunContext,
  FlowableResult,
  FlowOutcome,
  SubflowRequest,
  TaskDefinition,
  TaskLogger,
  TaskRunContext,
  TaskServices,
  TaskSpec,
} from '../tasks/task-definition';
import { formatDuration, parseDuration } from '../../../shared/iso-duration';
import type { ExecutionWriter } from './execution-writer';
import { newId } from './ids';
import type { LiveExecution } from './live-execution';
import type { LogService } from './log-service';
import { LOG_LEVELS, type Execution, type LogLevel, type StateType, type TaskRun, type TaskRunAttempt } from './model';
import { flowPluginDefaults, withPluginDefaults, type PluginDefault } from './plugin-defaults';
import { renderTemplate, renderValue, type RenderOptions } from './render';
import { renderTyped } from '../pebble';
import { nextRetryAt, readRetryPolicy, type RetryPolicy } from './retry-policy';
import { buildRunContext, type RunContextOptions } from './run-context';
import { isTerminated, newState, nowIso, withState } from './state';
import { abortableDelay, type TimeSlicer } from './time-slicer';
import { unavailableTaskError } from '../tasks/plugins/unavailable-plugin';

export type Outcome = FlowOutcome;

const OUTCOME_ORDER: Outcome[] = ['SUCCESS', 'WARNING', 'CANCELLED', 'FAILED', 'KILLED'];

export function worst(a: Outcome, b: Outcome): Outcome {
  return OUTCOME_ORDER.indexOf(a) >= OUTCOME_ORDER.indexOf(b) ? a : b;
}

export function outcomeOf(state: StateType): Outcome {
  switch (state) {
    case 'KILLED':
    case 'KILLING':
      return 'KILLED';
    case 'FAILED':
    case 'RETRIED':
      return 'FAILED';
    case 'WARNING':
      return 'WARNING';
    case 'CANCELLED':
      return 'CANCELLED';
    default:
      return 'SUCCESS';
  }
}

const STOPS: ReadonlySet<Outcome> = new Set(['FAILED', 'KILLED', 'CANCELLED']);

/** A task run re-run after the sandbox died under it this many times is failed instead. */
const MAX_RESUBMISSIONS = 3;

/** What the runner needs from the engine. */
export interface RunnerHost {
  tenantId: string;
  registry: TaskRegistry;
  logs: LogService;
  storage: InternalStorage;
  services?: TaskServices;
  renderOptions?: RenderOptions;
  writer: ExecutionWriter;
  slicer: TimeSlicer;
  runContextOptions(): RunContextOptions;
  /** Changes the execution's state (RETRYING, PAUSED, RUNNING…), keeping KILLING/KILLED sticky. */
  setExecutionState(live: LiveExecution, state: StateType): void;
  /** Creates (or, after a restart, finds) the child execution of a Subflow task run. */
  startSubflow(live: LiveExecution, taskRun: TaskRun, request: SubflowRequest): Execution;
  waitForTermination(executionId: string): Promise<Execution | undefined>;
  /** Retry with `behavior: CREATE_NEW_EXECUTION`: replays the execution after `delayMs`. */
  scheduleRetryExecution(live: LiveExecution, delayMs: number): void;
  /** Kills the execution (Exit with state KILLED). */
  kill(executionId: string): void;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function truthy(rendered: string): boolean {
  // TruthUtils.isTruthy: anything but "false", "0", "-0", "" and null.
  const text = rendered.trim().toLowerCase();
  return !(text === '' || text === 'false' || text === '0' || text === '-0' || text === 'null');
}

function lastAttempt(taskRun: TaskRun): TaskRunAttempt | undefined {
  return taskRun.attempts?.[taskRun.attempts.length - 1];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs items with at most `limit` in flight (0: no limit); stops starting new ones once `stop()`. */
async function mapLimited<T, R>(items: T[], limit: number, run: (item: T, index: number) => Promise<R>, stop: () => boolean): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const width = limit <= 0 ? items.length : Math.min(limit, items.length);
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

export class ExecutionRunner {
  private readonly defaults: PluginDefault[];

  constructor(
    private readonly host: RunnerHost,
    private readonly live: LiveExecution,
  ) {
    this.defaults = flowPluginDefaults(live.flow.document);
  }

  /** The flow's `tasks`, then `errors` on failure, then `finally`. */
  async runFlow(): Promise<Outcome> {
    const document = this.live.flow.document;
    return this.runBranches(document.tasks as TaskSpec[], { errors: document.errors as TaskSpec[] | undefined, finally: document.finally as TaskSpec[] | undefined }, undefined);
  }

  private persist(...taskRuns: TaskRun[]): void {
    this.host.writer.mark(this.live, ...taskRuns);
  }

  private setTaskRunState(taskRun: TaskRun, state: StateType): void {
    taskRun.state = withState(taskRun.state, state);
    this.persist(taskRun);
  }

  /** Before each task: yield the event loop when due, wait while paused through the API. */
  private async checkpoint(): Promise<boolean> {
    // Re-checked after each wait: the runners resumed by one turn share its slice.
    for (let tick = this.host.slicer.tick(); tick; tick = this.host.slicer.tick()) await tick;
    while (this.live.pauseGate && !this.live.killed) await this.live.pauseGate.promise;
    return !this.live.killed && !this.live.exitState;
  }

  /** What a list stopped by a kill or an Exit task ends in. */
  private stoppedOutcome(): Outcome {
    return !this.live.killed && this.live.exitState ? outcomeOf(this.live.exitState) : 'KILLED';
  }

  private async runBranches(tasks: TaskSpec[], branches: { errors?: TaskSpec[]; finally?: TaskSpec[] }, parent: TaskRun | undefined, run?: () => Promise<Outcome>): Promise<Outcome> {
    let outcome = await (run ? run() : this.runSequence(tasks ?? [], parent));
    const stopped = (): boolean => this.live.killed || this.live.retried || this.live.exitState !== undefined;
    if (outcome === 'FAILED' && branches.errors && branches.errors.length > 0 && !stopped()) {
      await this.runSequence(branches.errors, parent);
    }
    if (branches.finally && branches.finally.length > 0 && !stopped()) {
      outcome = worst(outcome, await this.runSequence(branches.finally, parent));
    }
    return this.live.killed ? 'KILLED' : outcome;
  }

  private async runSequence(tasks: TaskSpec[], parent: TaskRun | undefined, value?: string, iterationBase?: number): Promise<Outcome> {
    let result: Outcome = 'SUCCESS';
    for (let i = 0; i < tasks.length; i += 1) {
      if (!(await this.checkpoint())) return this.stoppedOutcome();
      const state = await this.runTask(tasks[i]!, parent, value, iterationBase === undefined ? undefined : iterationBase + i);
      const outcome = outcomeOf(state);
      result = worst(result, outcome);
      if (STOPS.has(outcome)) return outcome;
    }
    return result;
  }

  private definitionOf(task: TaskSpec): TaskDefinition | undefined {
    return typeof task.type === 'string' ? this.host.registry.get(task.type) : undefined;
  }

  private withDefaults(task: TaskSpec): TaskSpec {
    if (this.defaults.length === 0) return task;
    const definition = this.definitionOf(task);
    const types = [String(task.type), ...(definition ? [definition.type] : [])];
    return withPluginDefaults(task, this.defaults, types);
  }

  /** Creates (or resumes) the task run of one task and drives it to a terminal state. */
  async runTask(rawTask: TaskSpec, parent: TaskRun | undefined, value?: string, iteration?: number, override?: TaskDefinition): Promise<StateType> {
    const task = this.withDefaults(rawTask);
    const { live } = this;
    let taskRun = live.find(parent?.id, String(task.id), value);
    if (taskRun && isTerminated(taskRun.state.current)) return taskRun.state.current;
    if (!taskRun) {
      taskRun = {
        tenantId: this.host.tenantId,
        id: newId(),
        executionId: live.execution.id,
        namespace: live.execution.namespace,
        flowId: live.execution.flowId,
        taskId: String(task.id),
        ...(parent ? { parentTaskRunId: parent.id } : {}),
        ...(value !== undefined ? { value } : {}),
        outputs: null,
        state: newState('CREATED'),
        ...(iteration !== undefined ? { iteration } : {}),
      };
      live.add(taskRun);
      this.persist(taskRun);
    }
    if (live.killed) return this.endKilled(taskRun);
    if (isTrue(task.disabled)) {
      this.setTaskRunState(taskRun, 'SKIPPED');
      return 'SKIPPED';
    }
    const logger = this.taskLogger(taskRun, (taskRun.attempts?.length ?? 1) - 1, task.logLevel);
    const definition = override ?? this.definitionOf(task);
    if (task.runIf !== undefined && task.runIf !== null) {
      let run: boolean;
      try {
        run = truthy(this.context(task, taskRun).render(String(task.runIf)));
      } catch (error) {
        logger.error(errorMessage(error));
        return this.endWith(taskRun, 'FAILED', task);
      }
      if (!run) {
        taskRun.attempts = [...(taskRun.attempts ?? []), { state: newState('SKIPPED') }];
        this.setTaskRunState(taskRun, 'SKIPPED');
        return 'SKIPPED';
      }
    }
    if (definition?.runFlowable) return this.runFlowable(task, taskRun, definition);
    return this.runRunnable(task, taskRun, definition);
  }

  private endKilled(taskRun: TaskRun): StateType {
    const attempt = lastAttempt(taskRun);
    if (attempt && !isTerminated(attempt.state.current)) attempt.state = withState(attempt.state, 'KILLED');
    this.setTaskRunState(taskRun, 'KILLED');
    return 'KILLED';
  }

  /** Ends a task run without an attempt having run (render failure before start). */
  private endWith(taskRun: TaskRun, state: StateType, task: TaskSpec): StateType {
    const final = this.allowed(state, task);
    this.setTaskRunState(taskRun, final);
    return final;
  }

  /** allowFailure turns FAILED into WARNING, allowWarning turns WARNING into SUCCESS. */
  private allowed(state: StateType, task: TaskSpec): StateType {
    let final = state;
    if (final === 'FAILED' && isTrue(task.allowFailure)) final = 'WARNING';
    if (final === 'WARNING' && isTrue(task.allowWarning)) final = 'SUCCESS';
    return final;
  }

  /** The retry policy that applies: the task's, else the closest flowable parent's, else the flow's. */
  private retryPolicy(task: TaskSpec, taskRun: TaskRun, render: (text: string) => string): RetryPolicy | undefined {
    const own = readRetryPolicy(task.retry, render);
    if (own) return own;
    for (const ancestor of this.live.ancestors(taskRun)) {
      const parentTask = this.findTask(ancestor.taskId);
      const policy = parentTask ? readRetryPolicy(this.withDefaults(parentTask).retry, render) : undefined;
      if (policy) return policy;
    }
    return readRetryPolicy(this.live.flow.document.retry, render);
  }

  private taskCache?: Map<string, TaskSpec>;

  private findTask(taskId: string): TaskSpec | undefined {
    if (!this.taskCache) {
      this.taskCache = new Map();
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value !== null && typeof value === 'object') {
          const record = value as Record<string, unknown>;
          if (typeof record.id === 'string' && typeof record.type === 'string' && !this.taskCache!.has(record.id)) this.taskCache!.set(record.id, record);
          for (const [key, child] of Object.entries(record)) if (key !== 'pluginDefaults' && key !== 'triggers' && key !== 'inputs') visit(child);
        }
      };
      const document = this.live.flow.document;
      visit([document.tasks, document.errors, document.finally]);
    }
    return this.taskCache.get(taskId);
  }

  private async runRunnable(task: TaskSpec, taskRun: TaskRun, definition: TaskDefinition | undefined): Promise<StateType> {
    const { live } = this;
    for (;;) {
      const previous = lastAttempt(taskRun);
      if (previous && !isTerminated(previous.state.current)) {
        // The sandbox stopped while this attempt ran: mark it and run the task again (Kestra
        // resubmits a task run whose worker died the same way).
        previous.state = withState(previous.state, 'RESUBMITTED');
        const resubmissions = (taskRun.attempts ?? []).filter((a) => a.state.current === 'RESUBMITTED').length;
        const logger = this.taskLogger(taskRun, (taskRun.attempts?.length ?? 1) - 1, task.logLevel);
        if (resubmissions > MAX_RESUBMISSIONS) {
          logger.error(`The sandbox stopped ${resubmissions} times while this task ran; it is not resubmitted again.`);
          return this.endWith(taskRun, 'FAILED', task);
        }
        logger.warn('The sandbox stopped while this task was running; the task run is resubmitted.');
      }
      if (live.killed) return this.endKilled(taskRun);
      this.setTaskRunState(taskRun, 'SUBMITTED');
      const attemptNumber = taskRun.attempts?.length ?? 0;
      const attempt: TaskRunAttempt = { state: withState(newState('CREATED'), 'RUNNING'), workerId: 'sandbox-worker' };
      taskRun.attempts = [...(taskRun.attempts ?? []), attempt];
      this.setTaskRunState(taskRun, 'RUNNING');
      const logger = this.taskLogger(taskRun, attemptNumber, task.logLevel);
      const result = await this.runAttempt(task, taskRun, definition, logger);
      attempt.state = withState(attempt.state, result.state);
      if (result.outputs) live.setOutputs(taskRun, result.outputs);
      if (live.killed) return this.endKilled(taskRun);
      if (result.state === 'FAILED') {
        const policy = this.safeRetryPolicy(task, taskRun, logger);
        if (policy) {
          // CREATE_NEW_EXECUTION counts executions (metadata.attemptNumber) from the original one.
          const newExecution = policy.behavior === 'CREATE_NEW_EXECUTION';
          const metadata = live.execution.metadata;
          const first = Date.parse((newExecution ? metadata?.originalCreatedDate : taskRun.attempts[0]!.state.startDate) ?? nowIso());
          const next = nextRetryAt(policy, newExecution ? (metadata?.attemptNumber ?? 1) : taskRun.attempts.length, first, Date.now());
          if (next !== undefined) {
            this.setTaskRunState(taskRun, 'FAILED');
            if (policy.behavior === 'CREATE_NEW_EXECUTION') {
              this.markRetried(taskRun);
              this.host.scheduleRetryExecution(live, next - Date.now());
              return 'RETRIED';
            }
            if (!(await this.waitForRetry(taskRun, next))) return this.endKilled(taskRun);
            continue;
          }
        }
      }
      let final: StateType = result.state;
      if (final === 'SUCCESS' && taskRun.attempts.length > 1 && this.safeRetryPolicy(task, taskRun, logger)?.warningOnRetry) final = 'WARNING';
      final = this.allowed(final, task);
      this.setTaskRunState(taskRun, final);
      return final;
    }
  }

  private safeRetryPolicy(task: TaskSpec, taskRun: TaskRun, logger: TaskLogger): RetryPolicy | undefined {
    try {
      return this.retryPolicy(task, taskRun, (text) => this.context(task, taskRun).render(text));
    } catch (error) {
      logger.error(`Invalid retry policy: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** RETRYING until the next attempt is due (the execution is RETRYING meanwhile); false if killed. */
  private async waitForRetry(taskRun: TaskRun, at: number): Promise<boolean> {
    const { live } = this;
    this.setTaskRunState(taskRun, 'RETRYING');
    live.retrying += 1;
    if (live.retrying === 1) this.host.setExecutionState(live, 'RETRYING');
    const waited = await abortableDelay(at - Date.now(), live.abort.signal);
    live.retrying -= 1;
    if (!waited || live.killed) return false;
    if (live.retrying === 0) this.host.setExecutionState(live, 'RUNNING');
    this.setTaskRunState(taskRun, 'CREATED');
    return true;
  }

  /** CREATE_NEW_EXECUTION: this task run and its parents are RETRIED, the execution too. */
  private markRetried(taskRun: TaskRun): void {
    this.live.retried = true;
    for (const run of [taskRun, ...this.live.ancestors(taskRun)]) this.setTaskRunState(run, 'RETRIED');
  }

  /** One attempt of a runnable task: render, run with timeout and kill, log failures. */
  private async runAttempt(task: TaskSpec, taskRun: TaskRun, definition: TaskDefinition | undefined, logger: TaskLogger): Promise<{ state: 'SUCCESS' | 'WARNING' | 'FAILED' | 'CANCELLED' | 'KILLED'; outputs?: Record<string, unknown> }> {
    const { live } = this;
    if (!definition?.run) {
      logger.error(definition ? `Task type '${String(task.type)}' cannot run in the Kestra Console sandbox.` : unavailableTaskError(String(task.type)));
      return { state: 'FAILED' };
    }
    const taskAbort = new AbortController();
    const onKill = (): void => taskAbort.abort(new Error('Killed'));
    live.abort.signal.addEventListener('abort', onKill);
    let timer: NodeJS.Timeout | undefined;
    try {
      const context = this.taskContext(task, taskRun, logger, taskAbort.signal);
      const timeoutText = task.timeout === undefined || task.timeout === null ? undefined : context.render(String(task.timeout));
      const timeoutMs = timeoutText === undefined ? undefined : parseDuration(timeoutText);
      if (timeoutText !== undefined && timeoutMs === undefined) throw new Error(`Invalid timeout '${timeoutText}': not an ISO-8601 duration`);
      const running = definition.run(context);
      const result = await (timeoutMs !== undefined
        ? Promise.race([
            running,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                const error = new Error(`Timeout after ${formatDuration(timeoutMs)}`);
                taskAbort.abort(error);
                reject(error);
              }, timeoutMs);
            }),
          ])
        : running);
      // A task that swallowed the abort still ends KILLED when the execution was killed.
      if (live.killed) return { state: 'KILLED', outputs: result.outputs };
      return { state: result.state ?? 'SUCCESS', outputs: result.outputs };
    } catch (error) {
      if (live.killed) return { state: 'KILLED' };
      logger.error(errorMessage(error));
      return { state: 'FAILED' };
    } finally {
      if (timer) clearTimeout(timer);
      live.abort.signal.removeEventListener('abort', onKill);
      // Whatever the task left running (a child process) is told to stop.
      if (!taskAbort.signal.aborted) taskAbort.abort(new Error('Task ended'));
    }
  }

  private async runFlowable(task: TaskSpec, taskRun: TaskRun, definition: TaskDefinition): Promise<StateType> {
    const { live } = this;
    const attemptNumber = Math.max(0, (taskRun.attempts?.length ?? 1) - 1);
    const current = taskRun.state.current;
    if (current === 'CREATED' || current === 'RESTARTED' || current === 'SUBMITTED') {
      const previous = lastAttempt(taskRun);
      if (!previous || isTerminated(previous.state.current)) {
        taskRun.attempts = [...(taskRun.attempts ?? []), { state: withState(newState('CREATED'), 'RUNNING') }];
      }
      this.setTaskRunState(taskRun, 'RUNNING');
    }
    const logger = this.taskLogger(taskRun, attemptNumber, task.logLevel);
    let result: FlowableResult;
    try {
      result = await definition.runFlowable!(this.flowableContext(task, taskRun, logger));
    } catch (error) {
      if (!live.killed) logger.error(errorMessage(error));
      result = { state: live.killed ? 'KILLED' : 'FAILED' };
    }
    if (live.killed) return this.endKilled(taskRun);
    if (result.outputs) live.setOutputs(taskRun, { ...(taskRun.outputs ?? {}), ...result.outputs });
    // An Exit task below ended the execution: its parents end in the exit state (Exit.update).
    const final = live.exitState ? live.exitState : this.allowed(result.state, task);
    const attempt = lastAttempt(taskRun);
    if (attempt) attempt.state = withState(attempt.state, final);
    // Children a failure left behind (parallel branches) end with their parent, as in Kestra.
    for (const child of live.childrenOfRun(taskRun.id)) {
      if (!isTerminated(child.state.current)) this.setTaskRunState(child, final);
    }
    this.setTaskRunState(taskRun, final);
    return final;
  }

  private taskLogger(taskRun: TaskRun, attemptNumber: number, logLevel: unknown): TaskLogger {
    const minimum = typeof logLevel === 'string' ? Math.max(0, LOG_LEVELS.indexOf(logLevel.toUpperCase() as LogLevel)) : 0;
    const { live } = this;
    const write = (level: LogLevel, message: string): void => {
      if (LOG_LEVELS.indexOf(level) < minimum) return;
      this.host.logs.append({
        tenantId: this.host.tenantId,
        namespace: live.execution.namespace,
        flowId: live.execution.flowId,
        taskId: taskRun.taskId,
        executionId: live.execution.id,
        taskRunId: taskRun.id,
        attemptNumber: Math.max(0, attemptNumber),
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

  private context(task: TaskSpec | undefined, taskRun: TaskRun | undefined): { variables: Record<string, unknown>; render(template: string, extra?: Record<string, unknown>): string } {
    const variables = buildRunContext(this.live, this.host.runContextOptions(), task, taskRun);
    return { variables, render: (template, extra) => renderTemplate(template, extra ? { ...variables, ...extra } : variables, this.host.renderOptions) };
  }

  private taskContext(task: TaskSpec, taskRun: TaskRun, logger: TaskLogger, signal: AbortSignal): TaskRunContext {
    const { live } = this;
    const { variables, render } = this.context(task, taskRun);
    const storage = this.host.storage;
    const execution = live.execution;
    const prefix = executionPrefix(execution.namespace, execution.flowId, execution.id);
    const options = this.host.renderOptions;
    return {
      execution,
      taskRun,
      task,
      logger,
      signal,
      services: this.host.services,
      updates: this.executionUpdates(),
      render,
      renderTyped: (template) => renderTyped(template, variables, options),
      renderValue: <T>(value: unknown, extra?: Record<string, unknown>) => renderValue(value, extra ? { ...variables, ...extra } : variables, options) as T,
      putFile: async (name: string, content: Buffer | Readable) => {
        const segments = name.split(/[/\\]+/).filter((s) => s.length > 0);
        if (segments.length === 0 || segments.some((s) => s === '..' || s === '.' || s.includes('\0'))) throw new Error(`Invalid file name '${name}'`);
        const storagePath = `${prefix}/tasks/${taskRun.taskId}/${taskRun.id}/${segments.join('/')}`;
        await storage.write(storagePath, content);
        return InternalStorage.uriOf(storagePath);
      },
      readFile: (uri: string) => {
        const storagePath = InternalStorage.pathOf(uri);
        if (!storagePath) throw new Error(`Invalid internal storage URI '${uri}'`);
        const own = `${prefix}/`;
        const trigger = execution.trigger?.variables;
        const parentPrefix =
          trigger && typeof trigger.executionId === 'string' && typeof trigger.namespace === 'string' && typeof trigger.flowId === 'string'
            ? `${executionPrefix(trigger.namespace, trigger.flowId, trigger.executionId)}/`
            : undefined;
        if (!storagePath.startsWith(own) && !(parentPrefix && storagePath.startsWith(parentPrefix))) {
          throw new Error(`Unable to read the file '${uri}' as it didn't belong to the current execution`);
        }
        if (!storage.stat(storagePath)) throw new Error(`File '${uri}' not found`);
        return storage.read(storagePath);
      },
    };
  }

  private executionUpdates(): TaskRunContext['updates'] {
    const { live } = this;
    return {
      setLabels: (labels) => {
        live.execution.labels = labels;
        this.host.writer.mark(live);
      },
      setVariables: (variables) => {
        live.execution.variables = variables;
        this.host.writer.mark(live);
      },
      exit: (state) => {
        if (state === 'KILLED') this.host.kill(live.id);
        else live.exitState ??= state;
      },
    };
  }

  private flowableContext(task: TaskSpec, taskRun: TaskRun, logger: TaskLogger): FlowableRunContext {
    const base = this.taskContext(task, taskRun, logger, this.live.abort.signal);
    const { live } = this;
    return {
      ...base,
      runTasks: (tasks, branches = {}) => this.runBranches(tasks, branches, taskRun),
      runParallel: (tasks, concurrency, branches = {}) => this.runBranches(tasks, branches, taskRun, () => this.runParallelTasks(tasks, concurrency, taskRun)),
      runEach: (values, tasks, concurrency, branches = {}) => this.runBranches(tasks, branches, taskRun, () => this.runEachValue(values, tasks, concurrency, taskRun)),
      runEachParallel: (values, tasks, concurrency, branches = {}) => this.runBranches(tasks, branches, taskRun, () => this.runEachPairs(values, tasks, concurrency, taskRun)),
      runDag: (nodes, concurrency, branches = {}) => this.runBranches([], branches, taskRun, () => this.runDagNodes(nodes, concurrency, taskRun)),
      runChild: (child, body) => this.runTask(child, taskRun, undefined, undefined, { type: String(child.type), category: 'task', kind: 'flowable', title: String(child.type), properties: {}, runFlowable: body }),
      runWithBranches: (body, branches = {}) => this.runBranches([], branches, taskRun, body),
      pause: (options) => this.pauseTaskRun(taskRun, options, logger),
      runSubflow: (request) => this.runSubflowExecution(taskRun, request),
      setOutputs: (outputs) => {
        live.setOutputs(taskRun, { ...(taskRun.outputs ?? {}), ...outputs });
        this.persist(taskRun);
      },
      resetChildren: () => {
        const ids = new Set(live.descendants(taskRun.id).map((t) => t.id));
        if (ids.size === 0) return;
        live.removeTaskRuns(ids);
        this.host.writer.rewrite(live);
      },
      sleep: (ms) => abortableDelay(ms, live.abort.signal),
      startSubflow: (request) => {
        const child = this.host.startSubflow(live, taskRun, request);
        live.children.add(child.id);
        return child;
      },
      waitForExecution: async (id) => {
        try {
          return await this.host.waitForTermination(id);
        } finally {
          live.children.delete(id);
        }
      },
    };
  }

  /** EachParallel: every (value, task) pair runs as its own branch. */
  private async runEachPairs(values: string[], tasks: TaskSpec[], concurrency: number, parent: TaskRun): Promise<Outcome> {
    const pairs = values.flatMap((value) => tasks.map((task) => ({ value, task })));
    let failed = false;
    const states = await mapLimited(
      pairs,
      concurrency,
      async ({ value, task }) => {
        if (!(await this.checkpoint())) return 'KILLED' as StateType;
        const state = await this.runTask(task, parent, value);
        if (STOPS.has(outcomeOf(state))) failed = true;
        return state;
      },
      () => failed || this.live.killed || this.live.exitState !== undefined,
    );
    return states.reduce<Outcome>((acc, state) => worst(acc, outcomeOf(state ?? 'SUCCESS')), this.live.killed ? 'KILLED' : 'SUCCESS');
  }

  /**
   * Dag (FlowableUtils.resolveDagNexts): a node starts when every task it depends on is terminated,
   * at most `concurrency` at once (0: no limit); after a failure no new node starts.
   */
  private async runDagNodes(nodes: { task: TaskSpec; dependsOn: string[] }[], concurrency: number, parent: TaskRun): Promise<Outcome> {
    const done = new Set<string>();
    const started = new Set<string>();
    const running = new Map<string, Promise<void>>();
    let result: Outcome = 'SUCCESS';
    let failed = false;
    for (;;) {
      if (!failed && !this.live.killed && !this.live.exitState) {
        for (const node of nodes) {
          const id = String(node.task.id);
          if (started.has(id) || !node.dependsOn.every((dependency) => done.has(dependency))) continue;
          if (concurrency > 0 && running.size >= concurrency) break;
          started.add(id);
          running.set(
            id,
            (async () => {
              if (!(await this.checkpoint())) return;
              const state = await this.runTask(node.task, parent);
              result = worst(result, outcomeOf(state));
              if (STOPS.has(outcomeOf(state))) failed = true;
            })().finally(() => {
              running.delete(id);
              done.add(id);
            }),
          );
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    if (this.live.killed) return 'KILLED';
    if (!failed && started.size < nodes.length && !this.live.exitState) throw new Error(`Some tasks of the DAG could not start: ${nodes.map((n) => String(n.task.id)).filter((id) => !started.has(id)).join(', ')}`);
    return this.live.exitState && !failed ? this.stoppedOutcome() : result;
  }

  private async runParallelTasks(tasks: TaskSpec[], concurrency: number, parent: TaskRun): Promise<Outcome> {
    let failed = false;
    const states = await mapLimited(
      tasks,
      concurrency,
      async (task) => {
        if (!(await this.checkpoint())) return 'KILLED' as StateType;
        const state = await this.runTask(task, parent);
        if (STOPS.has(outcomeOf(state))) failed = true;
        return state;
      },
      () => failed || this.live.killed,
    );
    return states.reduce<Outcome>((acc, state) => worst(acc, outcomeOf(state ?? 'SUCCESS')), this.live.killed ? 'KILLED' : 'SUCCESS');
  }

  private async runEachValue(values: string[], tasks: TaskSpec[], concurrency: number, parent: TaskRun): Promise<Outcome> {
    if (concurrency === 1) {
      let result: Outcome = 'SUCCESS';
      for (let v = 0; v < values.length; v += 1) {
        const outcome = await this.runSequence(tasks, parent, values[v], v * tasks.length);
        result = worst(result, outcome);
        if (STOPS.has(outcome)) return outcome;
      }
      return result;
    }
    let failed = false;
    const outcomes = await mapLimited(
      values,
      concurrency,
      async (value, v) => {
        const outcome = await this.runSequence(tasks, parent, value, v * tasks.length);
        if (STOPS.has(outcome)) failed = true;
        return outcome;
      },
      () => failed || this.live.killed,
    );
    return outcomes.reduce<Outcome>((acc, outcome) => worst(acc, outcome ?? 'SUCCESS'), this.live.killed ? 'KILLED' : 'SUCCESS');
  }

  /** Pause task: PAUSED until resumed, its delay elapses or the execution is killed. */
  private async pauseTaskRun(
    taskRun: TaskRun,
    options: { resumeAfterMs?: number; onTimeout: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED'; onResume?: Record<string, unknown>[] },
    logger: TaskLogger,
  ): Promise<{ state: StateType; inputs?: Record<string, unknown> }> {
    const { live } = this;
    if (taskRun.state.current !== 'PAUSED') this.setTaskRunState(taskRun, 'PAUSED');
    if (live.execution.state.current !== 'PAUSED') this.host.setExecutionState(live, 'PAUSED');
    this.host.writer.flush();
    // The delay counts from when the task run paused, so a sandbox restart keeps the deadline.
    const pausedAt = Date.parse([...taskRun.state.histories].reverse().find((h) => h.state === 'PAUSED')?.date ?? nowIso());
    const outcome = await new Promise<{ state: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED' | 'KILLING'; inputs?: Record<string, unknown> }>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (value: { state: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED' | 'KILLING'; inputs?: Record<string, unknown> }): void => {
        if (timer) clearTimeout(timer);
        live.abort.signal.removeEventListener('abort', onKill);
        live.pausedTasks.delete(taskRun.id);
        resolve(value);
      };
      const onKill = (): void => finish({ state: 'KILLING' });
      if (live.abort.signal.aborted) return finish({ state: 'KILLING' });
      live.abort.signal.addEventListener('abort', onKill);
      live.pausedTasks.set(taskRun.id, { resolve: finish, onResume: options.onResume });
      if (live.pendingResume) {
        const pending = live.pendingResume;
        live.pendingResume = undefined;
        return finish(pending);
      }
      if (options.resumeAfterMs !== undefined) {
        const arm = (): void => {
          const remaining = pausedAt + options.resumeAfterMs! - Date.now();
          if (remaining <= 0) {
            logger.info(`The pause delay of ${formatDuration(options.resumeAfterMs!)} elapsed.`);
            finish({ state: options.onTimeout });
          } else timer = setTimeout(arm, Math.min(remaining, 2 ** 31 - 1));
        };
        arm();
      }
    });
    if (outcome.state === 'KILLING') return { state: 'KILLED' };
    // Resumed (by the API or the delay): the task run runs again until its task decides the state.
    this.setTaskRunState(taskRun, 'RUNNING');
    if (live.pausedTasks.size === 0 && live.execution.state.current === 'PAUSED') {
      this.host.setExecutionState(live, 'RESTARTED');
      this.host.setExecutionState(live, 'RUNNING');
    }
    return { state: outcome.state === 'RUNNING' ? 'SUCCESS' : outcome.state, inputs: outcome.inputs };
  }

  private async runSubflowExecution(taskRun: TaskRun, request: SubflowRequest): Promise<{ execution: Execution }> {
    const child = this.host.startSubflow(this.live, taskRun, request);
    this.live.setOutputs(taskRun, { ...(taskRun.outputs ?? {}), executionId: child.id });
    this.persist(taskRun);
    if (!request.wait) return { execution: child };
    this.live.children.add(child.id);
    try {
      const final = await this.host.waitForTermination(child.id);
      return { execution: final ?? child };
    } finally {
      this.live.children.delete(child.id);
    }
  }
}


// An execution while the engine holds it in memory: the Kestra-shaped `Execution` object plus the
// indexes the runner needs to stay linear on large executions (a ForEach of 5,000 values has 5,000+
// task runs): task runs by id and by (parent, task, value), list positions, and Kestra's `outputs`
// variable tree maintained incrementally instead of being rebuilt for every render.
import { setMaxListeners } from 'node:events';
import type { StoredFlow } from '../flows/flow-model';
import type { Execution, TaskRun } from './model';

/** Resolves a waiting Pause task: RUNNING (resume), or the state its timeout or a kill leads to. */
export interface PausedTask {
  resolve(outcome: { state: 'RUNNING' | 'WARNING' | 'FAILED' | 'CANCELLED' | 'KILLING'; inputs?: Record<string, unknown> }): void;
  /** The task's `onResume` input declarations (validated by the resume endpoint). */
  onResume?: Record<string, unknown>[];
}

export function childKey(parentId: string | undefined, taskId: string, value: string | undefined): string {
  return `${parentId ?? ''}\u0000${taskId}\u0000${value ?? '\u0001'}`;
}

export class LiveExecution {
  private abortController?: AbortController;
  killed = false;
  /** Set while paused through the API (not by a Pause task): the next task waits for it. */
  pauseGate?: { promise: Promise<void>; release(): void };
  /** A resume that arrived before the recovered Pause task was waiting again. */
  pendingResume?: { state: 'RUNNING'; inputs?: Record<string, unknown> };
  /** Pause task runs waiting for resume, by task run id. */
  readonly pausedTasks = new Map<string, PausedTask>();
  /** A task failed with `retry.behavior: CREATE_NEW_EXECUTION`: this execution ends RETRIED. */
  retried = false;
  /** Task runs waiting for a retry (the execution is RETRYING while there are some). */
  retrying = 0;
  /** Set by an Exit task: the state the execution ends in; no task starts after it. */
  exitState?: 'SUCCESS' | 'WARNING' | 'FAILED' | 'CANCELLED';
  /** Running child (subflow) executions, killed with this one. */
  readonly children = new Set<string>();
  /** Kestra's `outputs` variable: `outputs.task`, `outputs.task[value]`, nested by ancestor values. */
  readonly outputs: Record<string, unknown> = {};
  /** Inputs as tasks see them (SECRET values decrypted), computed once. */
  clearInputs?: Record<string, unknown>;

  private readonly byId = new Map<string, TaskRun>();
  private readonly byKey = new Map<string, TaskRun>();
  private readonly positions = new Map<TaskRun, number>();
  private readonly childrenOf = new Map<string, TaskRun[]>();

  constructor(
    public execution: Execution,
    public flow: StoredFlow,
  ) {
    this.reindex();
  }

  /** Aborted when the execution is killed; created on first use (most executions never need it). */
  get abort(): AbortController {
    if (!this.abortController) {
      this.abortController = new AbortController();
      // Every running task, sleep, pause and retry wait of the execution listens for its kill.
      setMaxListeners(0, this.abortController.signal);
    }
    return this.abortController;
  }

  /** Rebuilds every index (after restart/replay rewrote the list, or on recovery). */
  reindex(): void {
    this.byId.clear();
    this.byKey.clear();
    this.positions.clear();
    this.childrenOf.clear();
    for (const key of Object.keys(this.outputs)) delete this.outputs[key];
    const list = (this.execution.taskRunList ??= []);
    list.forEach((taskRun, index) => this.index(taskRun, index));
    for (const taskRun of list) if (taskRun.outputs) this.publishOutputs(taskRun);
  }

  private index(taskRun: TaskRun, position: number): void {
    this.byId.set(taskRun.id, taskRun);
    this.byKey.set(childKey(taskRun.parentTaskRunId, taskRun.taskId, taskRun.value), taskRun);
    this.positions.set(taskRun, position);
    if (taskRun.parentTaskRunId) {
      let siblings = this.childrenOf.get(taskRun.parentTaskRunId);
      if (!siblings) this.childrenOf.set(taskRun.parentTaskRunId, (siblings = []));
      siblings.push(taskRun);
    }
  }

  get id(): string {
    return this.execution.id;
  }

  add(taskRun: TaskRun): void {
    const list = (this.execution.taskRunList ??= []);
    list.push(taskRun);
    this.index(taskRun, list.length - 1);
  }

  find(parentId: string | undefined, taskId: string, value: string | undefined): TaskRun | undefined {
    return this.byKey.get(childKey(parentId, taskId, value));
  }

  taskRun(id: string): TaskRun | undefined {
    return this.byId.get(id);
  }

  positionOf(taskRun: TaskRun): number {
    return this.positions.get(taskRun) ?? this.execution.taskRunList?.indexOf(taskRun) ?? 0;
  }

  childrenOfRun(taskRunId: string): TaskRun[] {
    return this.childrenOf.get(taskRunId) ?? [];
  }

  /** Parents from the direct one outwards. */
  ancestors(taskRun: TaskRun): TaskRun[] {
    const result: TaskRun[] = [];
    let current = taskRun.parentTaskRunId ? this.byId.get(taskRun.parentTaskRunId) : undefined;
    while (current) {
      result.push(current);
      current = current.parentTaskRunId ? this.byId.get(current.parentTaskRunId) : undefined;
    }
    return result;
  }

  /** Every descendant of a task run (children, grandchildren…). */
  descendants(taskRunId: string): TaskRun[] {
    const result: TaskRun[] = [];
    const stack = [...this.childrenOfRun(taskRunId)];
    while (stack.length > 0) {
      const next = stack.pop()!;
      result.push(next);
      stack.push(...this.childrenOfRun(next.id));
    }
    return result;
  }

  /** Drops task runs from the list (LoopUntil's previous iteration) and rebuilds the indexes. */
  removeTaskRuns(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    this.execution.taskRunList = (this.execution.taskRunList ?? []).filter((t) => !ids.has(t.id));
    this.reindex();
  }

  setOutputs(taskRun: TaskRun, outputs: Record<string, unknown> | null | undefined): void {
    taskRun.outputs = outputs && Object.keys(outputs).length > 0 ? outputs : (taskRun.outputs ?? null);
    if (taskRun.outputs) this.publishOutputs(taskRun);
  }

  /**
   * Execution.outputs(): a task run with values (its own or its ancestors') is stored under
   * `outputs[taskId][outerValue]…[value]`, otherwise under `outputs[taskId]`.
   */
  private publishOutputs(taskRun: TaskRun): void {
    const path: string[] = [];
    for (const ancestor of this.ancestors(taskRun).reverse()) if (ancestor.value !== undefined) path.push(ancestor.value);
    if (taskRun.value !== undefined) path.push(taskRun.value);
    if (path.length === 0) {
      this.outputs[taskRun.taskId] = taskRun.outputs;
      return;
    }
    let target = this.outputs;
    const keys = [taskRun.taskId, ...path];
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      target = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (target[key] = {})) as Record<string, unknown>;
    }
    target[keys[keys.length - 1]!] = taskRun.outputs;
  }
}

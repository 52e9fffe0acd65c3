// What a task type is in the sandbox: its Kestra class name, the JSON schema of its properties
// (used for strict flow validation and for the editor's schema) and, for runnable tasks, the code
// that runs it. Part 2 (the full engine) adds flowable tasks and triggers through the same shape.
import type { Readable } from 'node:stream';
import type { JsonSchema } from '../schema/json-schema';
import type { Execution, TaskRun } from '../engine/model';

export interface TaskLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Everything a running task may use; the engine builds one per task-run attempt. */
export interface TaskRunContext {
  readonly execution: Readonly<Execution>;
  readonly taskRun: Readonly<TaskRun>;
  /** The task's properties as written in the flow (not rendered). */
  readonly task: Readonly<Record<string, unknown>>;
  readonly logger: TaskLogger;
  /** Aborted when the execution is killed. */
  readonly signal: AbortSignal;
  /** Renders one Pebble template in the task run's context. */
  render(template: string): string;
  /** Renders every string inside a value (objects, arrays) in the task run's context. */
  renderValue<T = unknown>(value: unknown): T;
  /** Stores a file in the execution's internal storage and returns its `kestra:///…` URI. */
  putFile(name: string, content: Buffer | Readable): Promise<string>;
}

export interface TaskResult {
  outputs?: Record<string, unknown>;
  /** Defaults to SUCCESS. */
  state?: 'SUCCESS' | 'WARNING' | 'FAILED';
}

export type TaskCategory = 'task' | 'trigger';

export interface TaskDefinition {
  /** Kestra class name, the value of `type:` in YAML. */
  type: string;
  /** Older class names Kestra still accepts for the same plugin. */
  aliases?: string[];
  category: TaskCategory;
  /** Runnable tasks run on a worker; flowable tasks create child task runs (part 2). */
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
  run?(context: TaskRunContext): Promise<TaskResult>;
}

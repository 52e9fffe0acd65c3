// Kestra data as the renderer sees it: plain JSON, normalised by main/kestra from whatever the
// server sent (1.x tenant API, pre-0.23 legacy paths, Enterprise, 2.0 shapes). Fields Kestra omits
// (it serialises non-null only) are optional here too.

export type StateType =
  | 'CREATED'
  | 'SUBMITTED'
  | 'RUNNING'
  | 'PAUSED'
  | 'RESTARTED'
  | 'KILLING'
  | 'SUCCESS'
  | 'WARNING'
  | 'FAILED'
  | 'KILLED'
  | 'CANCELLED'
  | 'QUEUED'
  | 'RETRYING'
  | 'RETRIED'
  | 'SKIPPED'
  | 'BREAKPOINT'
  | 'RESUBMITTED';

export interface StateHistory {
  state: StateType;
  date: string;
}

export interface State {
  current: StateType;
  histories: StateHistory[];
  startDate?: string;
  endDate?: string;
  /** ISO-8601 duration, e.g. "PT2.531S" (only once ended). */
  duration?: string;
}

export interface Label {
  key: string;
  value: string;
}

export interface TaskRunAttempt {
  state: State;
  workerId?: string;
  logFile?: string;
}

export interface TaskRun {
  id: string;
  executionId?: string;
  namespace?: string;
  flowId?: string;
  taskId: string;
  parentTaskRunId?: string;
  /** Iteration value for ForEach / EachSequential children. */
  value?: string;
  attempts?: TaskRunAttempt[];
  outputs?: Record<string, unknown> | null;
  state: State;
  iteration?: number;
  dynamic?: boolean;
}

export interface ExecutionTrigger {
  id: string;
  type: string;
  variables?: Record<string, unknown>;
}

export interface Execution {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  /** Absent in 2.x search results; present for single executions (2.x: without outputs). */
  taskRunList?: TaskRun[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  labels?: Label[];
  variables?: Record<string, unknown>;
  state: State;
  parentId?: string;
  originalId?: string;
  trigger?: ExecutionTrigger;
  deleted?: boolean;
  metadata?: { attemptNumber?: number; originalCreatedDate?: string };
  scheduleDate?: string;
  kind?: string;
  /** The server's UI link, when it sent one (ExecutionResponse.url). */
  url?: string;
}

export type InputType =
  | 'STRING'
  | 'ENUM'
  | 'SELECT'
  | 'INT'
  | 'FLOAT'
  | 'BOOLEAN'
  | 'BOOL'
  | 'DATETIME'
  | 'DATE'
  | 'TIME'
  | 'DURATION'
  | 'FILE'
  | 'JSON'
  | 'URI'
  | 'SECRET'
  | 'ARRAY'
  | 'MULTISELECT'
  | 'YAML'
  | 'EMAIL'
  | 'FORM';

/** A flow input declaration (the keys Kestra serialises; anything else passes through). */
export interface FlowInput {
  id: string;
  type: InputType;
  displayName?: string;
  description?: string;
  required?: boolean;
  defaults?: unknown;
  /** ENUM/SELECT/MULTISELECT choices. */
  values?: string[];
  allowCustomValue?: boolean;
  /** ARRAY item type. */
  itemType?: InputType;
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  validator?: string;
  allowedFileExtensions?: string[];
  [extra: string]: unknown;
}

export interface FlowOutput {
  id: string;
  type: string;
  value?: unknown;
  description?: string;
}

export interface TaskSummary {
  id: string;
  type: string;
  description?: string;
  disabled?: boolean;
  /** Children of flowable tasks, by property name (tasks, then, else, cases…), flattened for display. */
  [extra: string]: unknown;
}

/** A flow as search and get (without source) return it. */
export interface Flow {
  id: string;
  namespace: string;
  revision: number;
  description?: string;
  disabled: boolean;
  deleted: boolean;
  updated?: string;
  labels?: Label[];
  inputs?: FlowInput[];
  outputs?: FlowOutput[];
  tasks?: TaskSummary[];
  errors?: TaskSummary[];
  finally?: TaskSummary[];
  triggers?: TaskSummary[];
  concurrency?: { limit: number; behavior?: 'QUEUE' | 'CANCEL' | 'FAIL' };
}

export interface FlowWithSource extends Flow {
  /** The user's YAML, verbatim. */
  source: string;
}

/** One entry of POST /flows/validate. */
export interface FlowValidation {
  index: number;
  flow?: string;
  namespace?: string;
  /** Present only when invalid: Kestra's message, paths and reasons joined by newlines. */
  constraints?: string;
  /** True when the YAML's `revision` is not last + 1. */
  outdated?: boolean;
  deprecationPaths?: string[];
  warnings?: string[];
  infos?: string[];
}

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export interface LogEntry {
  namespace?: string;
  flowId?: string;
  taskId?: string;
  executionId?: string;
  taskRunId?: string;
  attemptNumber?: number;
  triggerId?: string;
  timestamp: string;
  level: LogLevel;
  message: string;
  thread?: string;
}

export type KvType = 'STRING' | 'NUMBER' | 'BOOLEAN' | 'DATETIME' | 'DATE' | 'DURATION' | 'JSON';

export interface KvEntry {
  namespace: string;
  key: string;
  /** Bumped on every write (1.x calls it `version`, 2.x `revision`). */
  revision?: number;
  description?: string;
  creationDate?: string;
  updateDate?: string;
  expirationDate?: string;
}

export interface KvValue {
  type: KvType;
  value: unknown;
  revision?: number;
  updated?: string;
}

export interface FileAttributes {
  fileName: string;
  type: 'File' | 'Directory';
  size: number;
  /** Epoch milliseconds. */
  lastModifiedTime: number;
  creationTime: number;
}

export interface Paged<T> {
  results: T[];
  total: number;
}

export interface ServerConfigs {
  version: string;
  edition: 'OSS' | 'EE' | string;
  /** How this server's paths are formed, detected from /api/v1/configs. */
  apiForm: 'legacy' | 'tenant' | 'v2';
  tenant?: string;
  isBasicAuthInitialized?: boolean;
  systemNamespace?: string;
  /** True when the server is the console's own sandbox. */
  sandbox?: boolean;
  environment?: { name?: string; color?: string };
}

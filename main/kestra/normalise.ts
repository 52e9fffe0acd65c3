// Raw Kestra JSON (typed from the generated OpenAPI schemas) to the renderer's model. Kestra
// omits nulls and its shapes drift between versions (0.x, 1.x, 2.x), so every reader tolerates
// missing fields, fills the few the renderer relies on, and keeps unknown fields where the model
// allows them.
import type { components } from '../contract/kestra-api';
import type {
  Execution,
  FileAttributes,
  Flow,
  FlowValidation,
  FlowWithSource,
  KvEntry,
  TaskRun,
  KvType,
  KvValue,
  Label,
  LogEntry,
  LogLevel,
  Paged,
  ServerConfigs,
} from '../contract/kestra-model';
import type { ServerCapabilities, TenantSummary } from '../contract/capabilities';

type Schemas = components['schemas'];
export type RawConfiguration = Schemas['MiscController.Configuration'] & { sandbox?: boolean };
export type RawFlow = Schemas['Flow'] & { source?: string };
export type RawExecution = Schemas['Execution'] & { url?: string };
export type RawLogEntry = Schemas['LogEntry'];
export type RawKvEntry = Schemas['KVEntry'];
export type RawKvDetail = Schemas['KVController.KvDetail'];
export type RawFileAttributes = Schemas['FileAttributes'];
export type RawValidation = Schemas['ValidateConstraintViolation'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Thrown by a reader that cannot make sense of an answer. The transport turns it into one
 * KestraError naming the server, its version and the call (see ApiTransport.read).
 */
export class ShapeError extends Error {
  constructor(readonly expected: string) {
    super(`not a readable ${expected}`);
    this.name = 'ShapeError';
  }
}

function shapeError(what: string): ShapeError {
  return new ShapeError(what);
}

/** Kestra serves labels as a list; YAML may have declared a map, and old versions sent one. */
export function normaliseLabels(raw: unknown): Label[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) {
    return raw.filter(isObject).map((l) => ({ key: String(l.key ?? ''), value: l.value === undefined || l.value === null ? '' : String(l.value) }));
  }
  if (isObject(raw)) return Object.entries(raw).map(([key, value]) => ({ key, value: String(value) }));
  return undefined;
}

/** Version and edition as /api/v1/configs reports them ('unknown' / 'OSS' when absent). */
export function versionAndEdition(raw: unknown): { version: string; edition: string } {
  const c = (isObject(raw) ? raw : {}) as RawConfiguration;
  return { version: typeof c.version === 'string' && c.version.trim() ? c.version.trim() : 'unknown', edition: typeof c.edition === 'string' ? c.edition : 'OSS' };
}

export function normaliseConfigs(raw: unknown, capabilities: ServerCapabilities, tenant: string | undefined): ServerConfigs {
  if (!isObject(raw)) throw shapeError('configuration');
  const c = raw as RawConfiguration;
  const environment = isObject(c.environment) ? (c.environment as { name?: string; color?: string }) : undefined;
  const form = capabilities.api.paths === 'legacy' ? 'legacy' : capabilities.api.executionActions === 'actions' ? 'v2' : 'tenant';
  return {
    ...versionAndEdition(raw),
    apiForm: form,
    ...(tenant && form !== 'legacy' ? { tenant } : {}),
    ...(typeof c.isBasicAuthInitialized === 'boolean' ? { isBasicAuthInitialized: c.isBasicAuthInitialized } : {}),
    ...(typeof c.systemNamespace === 'string' ? { systemNamespace: c.systemNamespace } : {}),
    ...(c.sandbox === true ? { sandbox: true } : {}),
    ...(environment && (environment.name || environment.color) ? { environment: { name: environment.name, color: environment.color } } : {}),
  };
}

export function normaliseFlow(raw: unknown): Flow {
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.namespace !== 'string') throw shapeError('flow');
  const f = raw as RawFlow & Record<string, unknown>;
  const { source: _source, labels, tenantId: _tenant, ...rest } = f as Record<string, unknown>;
  return {
    ...(rest as object),
    id: f.id,
    namespace: f.namespace,
    revision: typeof f.revision === 'number' ? f.revision : 0,
    disabled: f.disabled === true,
    deleted: f.deleted === true,
    ...(labels !== undefined ? { labels: normaliseLabels(labels) } : {}),
  } as Flow;
}

export function normaliseFlowWithSource(raw: unknown): FlowWithSource {
  const flow = normaliseFlow(raw);
  const source = (raw as { source?: unknown }).source;
  if (typeof source !== 'string') throw shapeError('flow with its source');
  return { ...flow, source };
}

export function normaliseExecution(raw: unknown): Execution {
  if (!isObject(raw) || typeof raw.id !== 'string') throw shapeError('execution');
  const e = raw as Record<string, unknown>;
  const state = isObject(e.state) ? e.state : { current: 'CREATED', histories: [] };
  const { tenantId: _tenant, labels, taskRunList, ...rest } = e;
  const namespace = String(e.namespace ?? '');
  const flowId = String(e.flowId ?? '');
  return {
    ...(rest as object),
    id: e.id as string,
    namespace,
    flowId,
    flowRevision: typeof e.flowRevision === 'number' ? e.flowRevision : 0,
    state: normaliseState(state),
    ...(labels !== undefined ? { labels: normaliseLabels(labels) } : {}),
    // 2.x task runs drop executionId, namespace and flowId (and outputs): fill the ids from the
    // execution so every version reads the same.
    ...(Array.isArray(taskRunList) ? { taskRunList: taskRunList.map((run) => normaliseTaskRun(run, e.id as string, namespace, flowId)) } : {}),
  } as unknown as Execution;
}

/**
 * An execution of a list page, without its task runs. Nothing the console lists shows them, Kestra
 * 2.x leaves them out of lists, and on 0.x and 1.x one long execution on a page (100,000 task runs
 * are 84 MB) would otherwise cross to the window with every refresh of the list.
 */
export function normaliseExecutionInList(raw: unknown): Execution {
  if (!isObject(raw)) return normaliseExecution(raw);
  const { taskRunList: _runs, ...rest } = raw;
  return normaliseExecution(rest);
}

function normaliseState(state: Record<string, unknown>): Execution['state'] {
  return { ...(state as object), histories: Array.isArray(state.histories) ? state.histories : [] } as Execution['state'];
}

function normaliseTaskRun(raw: unknown, executionId: string, namespace: string, flowId: string): TaskRun {
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.taskId !== 'string') throw shapeError('task run');
  const { tenantId: _tenant, ...rest } = raw;
  const state = isObject(raw.state) ? raw.state : { current: 'CREATED', histories: [] };
  return { executionId, namespace, flowId, ...(rest as object), id: raw.id, taskId: raw.taskId, state: normaliseState(state) } as TaskRun;
}

export function normalisePaged<T>(raw: unknown, item: (value: unknown) => T, what: string): Paged<T> {
  if (!isObject(raw) || !Array.isArray(raw.results)) throw shapeError(`${what} page ({results, total})`);
  return { results: raw.results.map(item), total: typeof raw.total === 'number' ? raw.total : raw.results.length };
}

const LEVELS: readonly LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

export function normaliseLog(raw: unknown): LogEntry {
  if (!isObject(raw)) throw shapeError('log line');
  const l = raw as RawLogEntry & Record<string, unknown>;
  const level = typeof l.level === 'string' && (LEVELS as readonly string[]).includes(l.level.toUpperCase()) ? (l.level.toUpperCase() as LogLevel) : 'INFO';
  const entry: LogEntry = { timestamp: typeof l.timestamp === 'string' ? l.timestamp : new Date(0).toISOString(), level, message: typeof l.message === 'string' ? l.message : '' };
  for (const key of ['namespace', 'flowId', 'taskId', 'executionId', 'taskRunId', 'triggerId', 'thread'] as const) {
    const value = l[key];
    if (typeof value === 'string') entry[key] = value;
  }
  if (typeof l.attemptNumber === 'number') entry.attemptNumber = l.attemptNumber;
  return entry;
}

export function normaliseKvEntry(raw: unknown, namespace?: string): KvEntry {
  if (!isObject(raw) || typeof raw.key !== 'string') throw shapeError('KV entry');
  const k = raw as RawKvEntry & { revision?: unknown };
  // 1.x names the write counter `version`, 2.x `revision`.
  const revision = typeof k.revision === 'number' ? k.revision : typeof k.version === 'number' ? k.version : undefined;
  return {
    namespace: typeof k.namespace === 'string' ? k.namespace : (namespace ?? ''),
    key: k.key!,
    ...(revision !== undefined ? { revision } : {}),
    ...(typeof k.description === 'string' ? { description: k.description } : {}),
    ...(typeof k.creationDate === 'string' ? { creationDate: k.creationDate } : {}),
    ...(typeof k.updateDate === 'string' ? { updateDate: k.updateDate } : {}),
    ...(typeof k.expirationDate === 'string' ? { expirationDate: k.expirationDate } : {}),
  };
}

/** 1.3: KVEntry[]; older: [{namespace, kvEntries: KVEntry[]}]. */
export function normaliseInheritedKv(raw: unknown): KvEntry[] {
  if (!Array.isArray(raw)) throw shapeError('inherited KV list');
  const out: KvEntry[] = [];
  for (const item of raw) {
    if (isObject(item) && Array.isArray(item.kvEntries)) {
      const ns = typeof item.namespace === 'string' ? item.namespace : undefined;
      for (const entry of item.kvEntries) out.push(normaliseKvEntry(entry, ns));
    } else out.push(normaliseKvEntry(item));
  }
  return out;
}

const KV_TYPES: readonly KvType[] = ['STRING', 'NUMBER', 'BOOLEAN', 'DATETIME', 'DATE', 'DURATION', 'JSON'];

export function normaliseKvValue(raw: unknown): KvValue {
  if (!isObject(raw)) throw shapeError('KV value');
  const v = raw as RawKvDetail & Record<string, unknown>;
  const type = typeof v.type === 'string' && (KV_TYPES as readonly string[]).includes(v.type) ? (v.type as KvType) : 'JSON';
  return {
    type,
    value: v.value,
    ...(typeof v.revision === 'number' ? { revision: v.revision } : {}),
    ...(typeof v.updated === 'string' ? { updated: v.updated } : {}),
  };
}

export function normaliseFileAttributes(raw: unknown): FileAttributes {
  if (!isObject(raw)) throw shapeError('file attributes');
  const f = raw as RawFileAttributes;
  return {
    fileName: String(f.fileName ?? ''),
    type: f.type === 'Directory' ? 'Directory' : 'File',
    size: typeof f.size === 'number' ? f.size : 0,
    lastModifiedTime: typeof f.lastModifiedTime === 'number' ? f.lastModifiedTime : 0,
    creationTime: typeof f.creationTime === 'number' ? f.creationTime : 0,
  };
}

export function normaliseValidation(raw: unknown): FlowValidation {
  if (!isObject(raw)) throw shapeError('validation result');
  const v = raw as RawValidation;
  return {
    index: typeof v.index === 'number' ? v.index : 0,
    ...(typeof v.flow === 'string' ? { flow: v.flow } : {}),
    ...(typeof v.namespace === 'string' ? { namespace: v.namespace } : {}),
    ...(typeof v.constraints === 'string' ? { constraints: v.constraints } : {}),
    ...(v.outdated === true ? { outdated: true } : {}),
    ...(Array.isArray(v.deprecationPaths) ? { deprecationPaths: v.deprecationPaths.map(String) } : {}),
    ...(Array.isArray(v.warnings) ? { warnings: v.warnings.map(String) } : {}),
    ...(Array.isArray(v.infos) ? { infos: v.infos.map(String) } : {}),
  };
}

export function asArrayOf<T>(raw: unknown, item: (value: unknown) => T, what: string): T[] {
  if (!Array.isArray(raw)) throw shapeError(`${what} (a list)`);
  return raw.map(item);
}

/** Outputs as the 2.x outputs endpoints serve them: a map of output names to values. */
export function normaliseOutputs(raw: unknown): Record<string, unknown> {
  // A task run without outputs answers an empty body (null) on some servers.
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw shapeError('outputs map');
  return raw;
}

/** One row of the 2.x outputs index: a task run that has outputs. */
export function normaliseOutputInfo(raw: unknown): { taskRunId: string; taskId?: string } {
  if (!isObject(raw) || typeof raw.taskRunId !== 'string') throw shapeError('outputs index entry ({taskId, taskRunId})');
  return { taskRunId: raw.taskRunId, ...(typeof raw.taskId === 'string' ? { taskId: raw.taskId } : {}) };
}

/** `GET /api/v1/me` (Enterprise): the tenants this account may use. */
export function normaliseMeTenants(raw: unknown): TenantSummary[] {
  if (!isObject(raw)) throw shapeError('account (/me)');
  const tenants = Array.isArray(raw.tenants) ? raw.tenants : [];
  return tenants
    .filter((t): t is Record<string, unknown> => isObject(t) && typeof t.id === 'string' && t.id !== '')
    .map((t) => ({ id: t.id as string, ...(typeof t.name === 'string' && t.name ? { name: t.name } : {}) }));
}

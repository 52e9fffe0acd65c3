// The typed Kestra client, one per server. It detects the server's API form from
// GET /api/v1/configs (cached with the version), then offers every operation the panes need.
// Paths come from the generated OpenAPI types through `apiUrl`; nothing else builds URLs.
import type { Readable } from 'node:stream';
import type {
  Execution,
  FileAttributes,
  Flow,
  FlowValidation,
  FlowWithSource,
  KvEntry,
  KvType,
  KvValue,
  Label,
  LogEntry,
  LogLevel,
  Paged,
  ServerConfigs,
  StateType,
} from '../contract/kestra-model';
import type { ExecutionSearchParams, FlowSearchParams, InputValues } from '../contract/methods';
import type { TimeoutSettings, TlsSettings } from '../contract/servers';
import { apiFormForVersion, apiUrl, versionAtLeast, type ApiPath, type ApiTarget, type QueryParams } from './api-paths';
import { KestraError } from './kestra-error';
import { KestraHttp, type CallKind, type Credentials, type HttpMethod, type RequestBody, type RetryPolicy } from './kestra-http';
import { encodeKvValue, checkHeaderText } from './kv-encoding';
import { multipartBody, type MultipartPart } from './multipart';
import { checkExecutionId, checkFlowId, checkKvKey, checkLabel, checkNamespace, checkNamespacePath } from './names';
import {
  asArrayOf,
  normaliseConfigs,
  normaliseExecution,
  normaliseFileAttributes,
  normaliseFlow,
  normaliseFlowWithSource,
  normaliseInheritedKv,
  normaliseKvEntry,
  normaliseKvValue,
  normaliseLog,
  normalisePaged,
  normaliseValidation,
} from './normalise';

export interface KestraClientOptions {
  baseUrl: string;
  /** Tenant override; otherwise `main` on tenant-form servers. */
  tenant?: string;
  timeouts: TimeoutSettings;
  tls?: TlsSettings;
  useEnvironmentProxy?: boolean;
  credentials: () => Promise<Credentials>;
  retry?: Partial<RetryPolicy>;
  transferStallMs?: number;
}

/** A file to send: its size and a way to open it (from disk, or a staged copy). */
export interface UploadSource {
  size: number;
  /** File name for the multipart part (what Kestra sees as the uploaded file's name). */
  name: string;
  open: () => Readable;
}

export interface DownloadStream {
  body: Readable;
  /** From Content-Length, when the server sent one. */
  size?: number;
  contentType?: string;
  /** From Content-Disposition, when the server sent one. */
  fileName?: string;
}

interface Call {
  method: HttpMethod;
  path: ApiPath;
  params?: Record<string, string | number>;
  query?: QueryParams;
  body?: RequestBody;
  headers?: Record<string, string>;
  kind?: CallKind;
  idempotent?: boolean;
  signal?: AbortSignal;
  what: string;
}

interface Detection {
  configs: ServerConfigs;
  target: ApiTarget;
  pluginsHash?: number;
}

function fileNameFromDisposition(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(text);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain form
    }
  }
  return /filename="?([^";]+)"?/i.exec(text)?.[1];
}

/** Multipart form values for execution inputs, the way Kestra's own UI sends them. */
function inputParts(inputs: InputValues | undefined): MultipartPart[] {
  const parts: MultipartPart[] = [];
  for (const [name, value] of Object.entries(inputs ?? {})) {
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value) ? JSON.stringify(value) : typeof value === 'string' ? value : String(value);
    parts.push({ name, value: text });
  }
  return parts;
}

export class KestraClient {
  readonly http: KestraHttp;
  private detection: Promise<Detection> | undefined;
  private detected: Detection | undefined;
  private schemaCache: { key: string; schema: unknown } | undefined;

  constructor(private readonly options: KestraClientOptions) {
    this.http = new KestraHttp({
      baseUrl: options.baseUrl,
      timeouts: options.timeouts,
      tls: options.tls,
      useEnvironmentProxy: options.useEnvironmentProxy,
      credentials: options.credentials,
      retry: options.retry,
      transferStallMs: options.transferStallMs,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  destroy(): Promise<void> {
    return this.http.destroy();
  }

  // ── Detection ────────────────────────────────────────────────────────────────────────────────

  /** Reads /api/v1/configs and decides the API form; cached until `refresh`. */
  detect(signal?: AbortSignal, refresh = false): Promise<Detection> {
    if (refresh || !this.detection) {
      const attempt = this.runDetection(signal).then(
        (d) => {
          this.detected = d;
          return d;
        },
        (error: unknown) => {
          if (this.detection === attempt) this.detection = undefined;
          throw error;
        },
      );
      this.detection = attempt;
    }
    return this.detection;
  }

  private async runDetection(signal?: AbortSignal): Promise<Detection> {
    const global: ApiTarget = { baseUrl: this.options.baseUrl, form: 'tenant', tenant: 'main' };
    let raw: unknown;
    try {
      raw = await this.http.json<unknown>({ method: 'GET', url: apiUrl(global, '/api/v1/configs'), signal, what: 'reading the server configuration' });
    } catch (error) {
      if (!(error instanceof KestraError) || error.data.status !== 404) throw error;
      // Very old servers, or a proxy hiding /configs: probe the tenant route instead.
      raw = undefined;
    }
    let form = apiFormForVersion((raw as { version?: unknown } | undefined)?.version);
    if (raw === undefined) {
      form = (await this.tenantRouteExists(signal)) ? 'tenant' : 'legacy';
    }
    const tenant = form === 'legacy' ? '' : (this.options.tenant ?? 'main');
    const configs = normaliseConfigs(raw ?? { version: 'unknown' }, form, tenant || undefined);
    const pluginsHash = typeof (raw as { pluginsHash?: unknown } | undefined)?.pluginsHash === 'number' ? (raw as { pluginsHash: number }).pluginsHash : undefined;
    return { configs, target: { baseUrl: this.options.baseUrl, form, tenant }, pluginsHash };
  }

  private async tenantRouteExists(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.empty({
        method: 'GET',
        url: apiUrl({ baseUrl: this.options.baseUrl, form: 'tenant', tenant: 'main' }, '/api/v1/{tenant}/flows/search', {}, { size: 1 }),
        signal,
        what: 'probing the API form',
      });
      return true;
    } catch (error) {
      if (error instanceof KestraError && error.data.status === 404) return false;
      throw error;
    }
  }

  /** The last detected configuration, without a request (undefined before the first call). */
  get cachedConfigs(): ServerConfigs | undefined {
    return this.detected?.configs;
  }

  async configs(signal?: AbortSignal, refresh = false): Promise<ServerConfigs> {
    return (await this.detect(signal, refresh)).configs;
  }

  private async url(call: Pick<Call, 'path' | 'params' | 'query' | 'signal'>): Promise<URL> {
    const { target } = await this.detect(call.signal);
    return apiUrl(target, call.path, call.params, call.query);
  }

  private async spec(call: Call) {
    return {
      method: call.method,
      url: await this.url(call),
      body: call.body,
      headers: call.headers,
      kind: call.kind,
      idempotent: call.idempotent,
      signal: call.signal,
      what: call.what,
    };
  }

  private async json<T>(call: Call): Promise<T> {
    return this.http.json<T>(await this.spec(call));
  }

  private async empty(call: Call): Promise<void> {
    return this.http.empty(await this.spec(call));
  }

  private async requireVersion(major: number, minor: number, feature: string, signal?: AbortSignal): Promise<void> {
    const { configs } = await this.detect(signal);
    if (configs.version !== 'unknown' && !versionAtLeast(configs.version, major, minor)) {
      throw new KestraError('validation', `${feature} needs Kestra ${major}.${minor} or later (this server runs ${configs.version}).`);
    }
  }

  /** Opens a body to stream somewhere else (downloads). */
  async openDownload(call: Omit<Call, 'method' | 'kind'>): Promise<DownloadStream> {
    const response = await this.http.open({ ...(await this.spec({ ...call, method: 'GET', kind: 'transfer' })) });
    const length = Number(response.headers['content-length']);
    const type = response.headers['content-type'];
    if (typeof type === 'string' && type.toLowerCase().includes('text/html')) {
      response.body.destroy();
      throw new KestraError('auth', `The server answered ${call.what} with a web page instead of the file: a proxy in front of Kestra probably requires you to sign in.`);
    }
    return {
      body: response.body,
      ...(Number.isFinite(length) && response.headers['content-length'] !== undefined ? { size: length } : {}),
      ...(typeof type === 'string' ? { contentType: type } : {}),
      ...(fileNameFromDisposition(response.headers['content-disposition']) ? { fileName: fileNameFromDisposition(response.headers['content-disposition']) } : {}),
    };
  }

  /** Opens an SSE stream; the caller parses the body. */
  private async openEventStream(path: ApiPath, params: Record<string, string>, query: QueryParams | undefined, signal: AbortSignal, what: string): Promise<Readable> {
    const spec = await this.spec({ method: 'GET', path, params, query, kind: 'stream', signal, what });
    const response = await this.http.open({ ...spec, headers: { accept: 'text/event-stream' } });
    const type = String(response.headers['content-type'] ?? '').toLowerCase();
    if (!type.includes('text/event-stream')) {
      response.body.destroy();
      throw new KestraError(type.includes('text/html') ? 'auth' : 'http', type.includes('text/html') ? `A proxy answered with a web page while ${what}: it probably requires you to sign in.` : `The server did not answer with an event stream while ${what}.`);
    }
    return response.body;
  }

  /** Kestra's execution follow (SSE frames `id: start|progress|end`). */
  openExecutionFollow(executionId: string, signal: AbortSignal): Promise<Readable> {
    return this.openEventStream('/api/v1/{tenant}/executions/{executionId}/follow', { executionId: checkExecutionId(executionId) }, undefined, signal, 'following the execution');
  }

  /** Kestra's log follow: every stored line, then live ones; it never ends by itself. */
  openLogFollow(executionId: string, minLevel: LogLevel | undefined, signal: AbortSignal): Promise<Readable> {
    return this.openEventStream('/api/v1/{tenant}/logs/{executionId}/follow', { executionId: checkExecutionId(executionId) }, { minLevel }, signal, 'following logs');
  }

  // ── Server facts ─────────────────────────────────────────────────────────────────────────────

  async flowSchema(signal?: AbortSignal): Promise<{ schema: unknown; cacheKey: string }> {
    const detection = await this.detect(signal);
    const key = `${detection.configs.version}:${detection.pluginsHash ?? ''}`;
    if (this.schemaCache?.key === key) return { schema: this.schemaCache.schema, cacheKey: key };
    const schema = await this.json<unknown>({ method: 'GET', path: '/api/v1/plugins/schemas/{type}', params: { type: 'flow' }, query: { arrayOf: false }, kind: 'list', signal, what: 'loading the flow schema' });
    if (typeof schema !== 'object' || schema === null) throw new KestraError('http', 'The server sent no flow schema.');
    this.schemaCache = { key, schema };
    return { schema, cacheKey: key };
  }

  async namespaces(q: string | undefined, signal?: AbortSignal): Promise<string[]> {
    const out = new Set<string>();
    const size = 500;
    for (let page = 1; page <= 40; page += 1) {
      const raw = await this.json<unknown>({
        method: 'GET',
        path: '/api/v1/{tenant}/namespaces/search',
        query: { q: q || undefined, page, size, sort: 'id:asc', existing: false },
        kind: 'list',
        signal,
        what: 'listing namespaces',
      });
      const paged = normalisePaged(raw, (n) => String((n as { id?: unknown })?.id ?? ''), 'namespaces');
      for (const id of paged.results) if (id) out.add(id);
      if (paged.results.length < size || out.size >= paged.total) break;
    }
    return [...out].sort();
  }

  // ── Searches: Kestra 1.x filters, or the plain parameters of pre-0.23 servers ────────────────

  private async searchQuery(
    filters: { namespace?: string; q?: string; flowId?: string; states?: StateType[]; labels?: Label[]; startDate?: string; endDate?: string; timeRange?: string },
    paging: { page?: number; size?: number; sort?: string[] },
    signal?: AbortSignal,
  ): Promise<URLSearchParams> {
    const { target } = await this.detect(signal);
    const query = new URLSearchParams();
    query.set('page', String(Math.max(1, Math.trunc(paging.page ?? 1))));
    query.set('size', String(Math.min(1000, Math.max(1, Math.trunc(paging.size ?? 25)))));
    for (const sort of paging.sort ?? []) {
      if (!/^[a-zA-Z.]+:(asc|desc)$/.test(sort)) throw new KestraError('validation', `Invalid sort "${sort.slice(0, 40)}" (use field:asc or field:desc).`);
      query.append('sort', sort);
    }
    const labels = (filters.labels ?? []).map(checkLabel);
    if (target.form === 'legacy') {
      if (filters.namespace) query.set('namespace', filters.namespace);
      if (filters.q) query.set('q', filters.q);
      if (filters.flowId) query.set('flowId', filters.flowId);
      for (const state of filters.states ?? []) query.append('state', state);
      for (const label of labels) query.append('labels', `${label.key}:${label.value}`);
      if (filters.startDate) query.set('startDate', filters.startDate);
      if (filters.endDate) query.set('endDate', filters.endDate);
      if (filters.timeRange) query.set('timeRange', filters.timeRange);
      return query;
    }
    if (filters.namespace) query.set('filters[namespace][PREFIX]', filters.namespace);
    if (filters.q) query.set('filters[q][EQUALS]', filters.q);
    if (filters.flowId) query.set('filters[flowId][EQUALS]', filters.flowId);
    if (filters.states?.length) query.set('filters[state][IN]', filters.states.join(','));
    for (const label of labels) query.append(`filters[labels][EQUALS][${label.key}]`, label.value);
    if (filters.startDate) query.set('filters[startDate][GREATER_THAN_OR_EQUAL_TO]', filters.startDate);
    if (filters.endDate) query.set('filters[endDate][LESS_THAN_OR_EQUAL_TO]', filters.endDate);
    if (filters.timeRange) query.set('filters[timeRange][EQUALS]', filters.timeRange);
    return query;
  }

  // ── Flows ────────────────────────────────────────────────────────────────────────────────────

  async searchFlows(params: FlowSearchParams, signal?: AbortSignal): Promise<Paged<Flow>> {
    const query = await this.searchQuery({ namespace: params.namespace, q: params.q, labels: params.labels }, params, signal);
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/flows/search', query, kind: 'list', signal, what: 'searching flows' });
    return normalisePaged(raw, normaliseFlow, 'flow search');
  }

  async getFlow(namespace: string, id: string, revision: number | undefined, signal?: AbortSignal): Promise<FlowWithSource> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/flows/{namespace}/{id}',
      params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
      query: { source: true, revision },
      signal,
      what: `loading flow ${namespace}.${id}`,
    });
    return normaliseFlowWithSource(raw);
  }

  private yamlBody(source: string): RequestBody {
    if (typeof source !== 'string' || source.trim() === '') throw new KestraError('validation', 'The flow source is empty.');
    // Kestra accepts exactly this type for flow sources (application/yaml is refused).
    return { data: source, contentType: 'application/x-yaml' };
  }

  async createFlow(source: string, signal?: AbortSignal): Promise<FlowWithSource> {
    const raw = await this.json<unknown>({ method: 'POST', path: '/api/v1/{tenant}/flows', body: this.yamlBody(source), signal, what: 'creating the flow' });
    return normaliseFlowWithSource(raw);
  }

  async updateFlow(namespace: string, id: string, source: string, signal?: AbortSignal): Promise<FlowWithSource> {
    const raw = await this.json<unknown>({
      method: 'PUT',
      path: '/api/v1/{tenant}/flows/{namespace}/{id}',
      params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
      body: this.yamlBody(source),
      // Kestra returns the existing revision for an identical source: repeating is harmless.
      idempotent: true,
      signal,
      what: `saving flow ${namespace}.${id}`,
    });
    return normaliseFlowWithSource(raw);
  }

  deleteFlow(namespace: string, id: string, signal?: AbortSignal): Promise<void> {
    return this.empty({ method: 'DELETE', path: '/api/v1/{tenant}/flows/{namespace}/{id}', params: { namespace: checkNamespace(namespace), id: checkFlowId(id) }, idempotent: false, signal, what: `deleting flow ${namespace}.${id}` });
  }

  async validateFlow(source: string, signal?: AbortSignal): Promise<FlowValidation[]> {
    const raw = await this.json<unknown>({ method: 'POST', path: '/api/v1/{tenant}/flows/validate', body: this.yamlBody(source), idempotent: true, signal, what: 'validating the flow' });
    return asArrayOf(raw, normaliseValidation, 'validation');
  }

  async flowRevisions(namespace: string, id: string, signal?: AbortSignal): Promise<FlowWithSource[]> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/flows/{namespace}/{id}/revisions',
      params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
      kind: 'list',
      signal,
      what: `loading revisions of ${namespace}.${id}`,
    });
    return asArrayOf(raw, normaliseFlowWithSource, 'flow revisions');
  }

  // ── Executions ───────────────────────────────────────────────────────────────────────────────

  /**
   * Starts an execution. Never retried automatically: a repeated POST would be a second run.
   * Inputs are multipart text parts; FILE inputs are file parts named after the input.
   */
  async triggerExecution(
    params: { namespace: string; flowId: string; inputs?: InputValues; files?: Record<string, UploadSource>; labels?: Label[]; scheduleDate?: string; revision?: number },
    signal?: AbortSignal,
  ): Promise<Execution> {
    const labels = (params.labels ?? []).map(checkLabel).map((l) => `${l.key}:${l.value}`);
    const parts: MultipartPart[] = inputParts(params.inputs);
    for (const [name, file] of Object.entries(params.files ?? {})) parts.push({ name, filename: file.name, size: file.size, open: file.open });
    const body = parts.length ? multipartBody(parts) : undefined;
    const raw = await this.json<unknown>({
      method: 'POST',
      path: '/api/v1/{tenant}/executions/{namespace}/{id}',
      params: { namespace: checkNamespace(params.namespace), id: checkFlowId(params.flowId) },
      query: { labels, scheduleDate: params.scheduleDate, revision: params.revision },
      body: body ? { stream: body.stream, contentType: body.contentType, length: body.length } : undefined,
      kind: params.files && Object.keys(params.files).length ? 'transfer' : 'api',
      idempotent: false,
      signal,
      what: `starting ${params.namespace}.${params.flowId}`,
    });
    return normaliseExecution(raw);
  }

  async searchExecutions(params: ExecutionSearchParams, signal?: AbortSignal): Promise<Paged<Execution>> {
    const query = await this.searchQuery(
      { namespace: params.namespace, flowId: params.flowId, states: params.states, labels: params.labels, startDate: params.startDate, endDate: params.endDate, timeRange: params.timeRange, q: params.q },
      params,
      signal,
    );
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/executions/search', query, kind: 'list', signal, what: 'searching executions' });
    return normalisePaged(raw, normaliseExecution, 'execution search');
  }

  async getExecution(executionId: string, signal?: AbortSignal): Promise<Execution> {
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/executions/{executionId}', params: { executionId: checkExecutionId(executionId) }, signal, what: 'loading the execution' });
    return normaliseExecution(raw);
  }

  killExecution(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.empty({ method: 'DELETE', path: '/api/v1/{tenant}/executions/{executionId}/kill', params: { executionId: checkExecutionId(executionId) }, idempotent: true, signal, what: 'killing the execution' });
  }

  async restartExecution(executionId: string, signal?: AbortSignal): Promise<Execution> {
    const raw = await this.json<unknown>({ method: 'POST', path: '/api/v1/{tenant}/executions/{executionId}/restart', params: { executionId: checkExecutionId(executionId) }, idempotent: false, signal, what: 'restarting the execution' });
    return normaliseExecution(raw);
  }

  async replayExecution(executionId: string, taskRunId: string | undefined, signal?: AbortSignal): Promise<Execution> {
    const raw = await this.json<unknown>({
      method: 'POST',
      path: '/api/v1/{tenant}/executions/{executionId}/replay',
      params: { executionId: checkExecutionId(executionId) },
      query: { taskRunId: taskRunId ? checkExecutionId(taskRunId) : undefined },
      idempotent: false,
      signal,
      what: 'replaying the execution',
    });
    return normaliseExecution(raw);
  }

  resumeExecution(executionId: string, inputs: InputValues | undefined, files: Record<string, UploadSource> | undefined, signal?: AbortSignal): Promise<void> {
    const parts = inputParts(inputs);
    for (const [name, file] of Object.entries(files ?? {})) parts.push({ name, filename: file.name, size: file.size, open: file.open });
    const body = parts.length ? multipartBody(parts) : undefined;
    return this.empty({
      method: 'POST',
      path: '/api/v1/{tenant}/executions/{executionId}/resume',
      params: { executionId: checkExecutionId(executionId) },
      body: body ? { stream: body.stream, contentType: body.contentType, length: body.length } : undefined,
      idempotent: false,
      signal,
      what: 'resuming the execution',
    });
  }

  pauseExecution(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.empty({ method: 'POST', path: '/api/v1/{tenant}/executions/{executionId}/pause', params: { executionId: checkExecutionId(executionId) }, idempotent: false, signal, what: 'pausing the execution' });
  }

  async changeExecutionStatus(executionId: string, status: StateType, signal?: AbortSignal): Promise<Execution> {
    if (!['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED'].includes(status)) {
      throw new KestraError('validation', 'The new status must be a final state (SUCCESS, WARNING, FAILED, KILLED, CANCELLED or SKIPPED).');
    }
    const raw = await this.json<unknown>({
      method: 'POST',
      path: '/api/v1/{tenant}/executions/{executionId}/change-status',
      params: { executionId: checkExecutionId(executionId) },
      query: { status },
      idempotent: false,
      signal,
      what: 'changing the execution status',
    });
    return normaliseExecution(raw);
  }

  async setExecutionLabels(executionId: string, labels: Label[], signal?: AbortSignal): Promise<Execution> {
    const clean = labels.map(checkLabel);
    const raw = await this.json<unknown>({
      method: 'POST',
      path: '/api/v1/{tenant}/executions/{executionId}/labels',
      params: { executionId: checkExecutionId(executionId) },
      body: { data: JSON.stringify(clean), contentType: 'application/json' },
      idempotent: true,
      signal,
      what: 'setting labels',
    });
    return normaliseExecution(raw);
  }

  deleteExecution(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.empty({
      method: 'DELETE',
      path: '/api/v1/{tenant}/executions/{executionId}',
      params: { executionId: checkExecutionId(executionId) },
      query: { deleteLogs: true, deleteMetrics: true, deleteStorage: true },
      idempotent: true,
      signal,
      what: 'deleting the execution',
    });
  }

  async bulkExecutions(action: 'kill' | 'restart' | 'replay' | 'delete', executionIds: string[], signal?: AbortSignal): Promise<{ count: number }> {
    if (!Array.isArray(executionIds) || executionIds.length === 0) throw new KestraError('validation', 'Select at least one execution.');
    if (executionIds.length > 1000) throw new KestraError('validation', 'At most 1,000 executions at once.');
    const ids = executionIds.map(checkExecutionId);
    const body: RequestBody = { data: JSON.stringify(ids), contentType: 'application/json' };
    const calls: Record<typeof action, Pick<Call, 'method' | 'path' | 'idempotent' | 'query'>> = {
      kill: { method: 'DELETE', path: '/api/v1/{tenant}/executions/kill/by-ids', idempotent: true },
      restart: { method: 'POST', path: '/api/v1/{tenant}/executions/restart/by-ids', idempotent: false },
      replay: { method: 'POST', path: '/api/v1/{tenant}/executions/replay/by-ids', idempotent: false },
      delete: { method: 'DELETE', path: '/api/v1/{tenant}/executions/by-ids', idempotent: true, query: { includeNonTerminated: false, deleteLogs: true, deleteMetrics: true, deleteStorage: true } },
    };
    const call = calls[action];
    if (!call) throw new KestraError('validation', `Unknown bulk action ${String(action)}`);
    const raw = await this.json<{ count?: number }>({ ...call, body, signal, what: `${action} of ${ids.length} execution(s)` });
    return { count: typeof raw?.count === 'number' ? raw.count : 0 };
  }

  private checkStorageUri(uri: string): string {
    if (typeof uri !== 'string' || !uri.startsWith('kestra:///') || uri.length > 4096) throw new KestraError('validation', 'Not an internal storage URI (kestra:///…).');
    return uri;
  }

  openExecutionFile(executionId: string, uri: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.openDownload({
      path: '/api/v1/{tenant}/executions/{executionId}/file',
      params: { executionId: checkExecutionId(executionId) },
      query: { path: this.checkStorageUri(uri) },
      signal,
      what: 'downloading the output file',
    });
  }

  async previewExecutionFile(executionId: string, uri: string, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; truncated: boolean; size?: number }> {
    const limit = Math.min(Math.max(1, Math.trunc(maxBytes)), 10 * 1024 * 1024);
    const metas = await this.json<{ size?: number }>({
      method: 'GET',
      path: '/api/v1/{tenant}/executions/{executionId}/file/metas',
      params: { executionId: checkExecutionId(executionId) },
      query: { path: this.checkStorageUri(uri) },
      signal,
      what: 'reading the output file size',
    }).catch(() => undefined);
    const spec = await this.spec({ method: 'GET', path: '/api/v1/{tenant}/executions/{executionId}/file', params: { executionId }, query: { path: uri }, signal, what: 'previewing the output file' });
    const { text, truncated } = await this.http.text(spec, limit, true);
    return { text, truncated, ...(typeof metas?.size === 'number' ? { size: metas.size } : {}) };
  }

  // ── Logs ─────────────────────────────────────────────────────────────────────────────────────

  async listLogs(executionId: string, minLevel: LogLevel | undefined, taskRunId: string | undefined, signal?: AbortSignal): Promise<LogEntry[]> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/logs/{executionId}',
      params: { executionId: checkExecutionId(executionId) },
      query: { minLevel, taskRunId },
      kind: 'list',
      signal,
      what: 'loading logs',
    });
    return asArrayOf(raw, normaliseLog, 'logs');
  }

  openLogDownload(executionId: string, minLevel: LogLevel | undefined, signal?: AbortSignal): Promise<DownloadStream> {
    return this.openDownload({ path: '/api/v1/{tenant}/logs/{executionId}/download', params: { executionId: checkExecutionId(executionId) }, query: { minLevel }, signal, what: 'downloading logs' });
  }

  // ── KV store ─────────────────────────────────────────────────────────────────────────────────

  async listKv(namespace: string, signal?: AbortSignal): Promise<KvEntry[]> {
    const ns = checkNamespace(namespace);
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/kv', params: { namespace: ns }, kind: 'list', signal, what: 'listing KV keys' });
    return asArrayOf(raw, (e) => normaliseKvEntry(e, ns), 'KV list');
  }

  async inheritedKv(namespace: string, signal?: AbortSignal): Promise<KvEntry[]> {
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/kv/inheritance', params: { namespace: checkNamespace(namespace) }, kind: 'list', signal, what: 'listing inherited KV keys' });
    return normaliseInheritedKv(raw);
  }

  async searchKv(params: { q?: string; namespace?: string; page?: number; size?: number; sort?: string[] }, signal?: AbortSignal): Promise<Paged<KvEntry>> {
    await this.requireVersion(1, 1, 'Searching every namespace’s KV store', signal);
    const query = new URLSearchParams();
    query.set('page', String(Math.max(1, Math.trunc(params.page ?? 1))));
    query.set('size', String(Math.min(1000, Math.max(1, Math.trunc(params.size ?? 25)))));
    for (const sort of params.sort ?? ['key:asc']) {
      if (!/^[a-zA-Z.]+:(asc|desc)$/.test(sort)) throw new KestraError('validation', `Invalid sort "${sort.slice(0, 40)}".`);
      query.append('sort', sort);
    }
    if (params.namespace) query.set('filters[namespace][EQUALS]', checkNamespace(params.namespace));
    if (params.q) query.set('filters[q][EQUALS]', params.q);
    const raw = await this.json<unknown>({ method: 'GET', path: '/api/v1/{tenant}/kv', query, kind: 'list', signal, what: 'searching KV keys' });
    return normalisePaged(raw, (e) => normaliseKvEntry(e), 'KV search');
  }

  async getKv(namespace: string, key: string, signal?: AbortSignal): Promise<KvValue> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}',
      params: { namespace: checkNamespace(namespace), key: checkKvKey(key) },
      signal,
      what: `reading KV key ${key}`,
    });
    return normaliseKvValue(raw);
  }

  putKv(params: { namespace: string; key: string; type: KvType; value: unknown; ttl?: string; description?: string }, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = {};
    if (params.ttl) {
      if (!/^P/.test(params.ttl)) throw new KestraError('validation', 'The expiry (ttl) is an ISO-8601 duration such as PT1H or P7D.', { fieldErrors: [{ path: 'ttl', message: 'ISO-8601 duration' }] });
      headers.ttl = checkHeaderText('ttl', params.ttl);
    }
    if (params.description) headers.description = checkHeaderText('description', params.description);
    return this.empty({
      method: 'PUT',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}',
      params: { namespace: checkNamespace(params.namespace), key: checkKvKey(params.key) },
      body: { data: encodeKvValue(params.type, params.value), contentType: 'text/plain' },
      headers,
      idempotent: true,
      signal,
      what: `saving KV key ${params.key}`,
    });
  }

  async deleteKv(namespace: string, key: string, signal?: AbortSignal): Promise<{ deleted: boolean }> {
    const spec = await this.spec({
      method: 'DELETE',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}',
      params: { namespace: checkNamespace(namespace), key: checkKvKey(key) },
      idempotent: true,
      signal,
      what: `deleting KV key ${key}`,
    });
    const { text } = await this.http.text(spec, 1024);
    return { deleted: text.trim() !== 'false' };
  }

  async deleteKvMany(namespace: string, keys: string[], signal?: AbortSignal): Promise<{ deleted: string[] }> {
    if (!Array.isArray(keys) || keys.length === 0) throw new KestraError('validation', 'Select at least one key.');
    const clean = keys.map(checkKvKey);
    const raw = await this.json<{ keys?: unknown }>({
      method: 'DELETE',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv',
      params: { namespace: checkNamespace(namespace) },
      body: { data: JSON.stringify({ keys: clean }), contentType: 'application/json' },
      idempotent: true,
      signal,
      what: `deleting ${clean.length} KV key(s)`,
    });
    return { deleted: Array.isArray(raw?.keys) ? raw.keys.map(String) : [] };
  }

  // ── Namespace files ──────────────────────────────────────────────────────────────────────────

  async listFiles(namespace: string, path: string | undefined, signal?: AbortSignal): Promise<FileAttributes[]> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files/directory',
      params: { namespace: checkNamespace(namespace) },
      query: { path: path === undefined ? undefined : checkNamespacePath(path, { allowRoot: true }) },
      kind: 'list',
      signal,
      what: 'listing files',
    });
    return asArrayOf(raw, normaliseFileAttributes, 'file list');
  }

  async fileStats(namespace: string, path: string, signal?: AbortSignal): Promise<FileAttributes> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files/stats',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path, { allowRoot: true }) },
      signal,
      what: `reading the size of ${path}`,
    });
    return normaliseFileAttributes(raw);
  }

  /** A namespace file's bytes (at most `maxBytes`: larger files are refused before any download). */
  async readFileBytes(namespace: string, path: string, revision: number | undefined, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Buffer; size: number; path: string }> {
    const clean = checkNamespacePath(path);
    const stats = await this.fileStats(namespace, clean, signal);
    if (stats.type === 'Directory') throw new KestraError('validation', `${clean} is a folder.`);
    if (stats.size > maxBytes) {
      throw new KestraError('validation', `${clean} is ${stats.size} bytes, over the ${maxBytes}-byte limit for reading it here; download it instead.`);
    }
    const spec = await this.spec({
      method: 'GET',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: checkNamespace(namespace) },
      query: { path: clean, revision },
      signal,
      what: `reading ${clean}`,
    });
    return { bytes: await this.http.bytes(spec, maxBytes), size: stats.size, path: clean };
  }

  async readFileText(namespace: string, path: string, revision: number | undefined, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; size: number }> {
    const { bytes, size, path: clean } = await this.readFileBytes(namespace, path, revision, maxBytes, signal);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new KestraError('validation', `${clean} is not UTF-8 text; download it instead.`);
    }
    if (text.includes('\u0000')) throw new KestraError('validation', `${clean} looks like a binary file; download it instead.`);
    return { text, size };
  }

  /**
   * Streams a file into the namespace, then confirms with files/stats that the server holds the
   * full size: only then is it a success. A `.zip` name is never sent unless `extractZip` (Kestra
   * unpacks zips into the namespace root and ignores the path).
   */
  async uploadFile(
    namespace: string,
    path: string,
    source: UploadSource,
    options: { onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal; extractZip?: boolean } = {},
  ): Promise<{ path: string; size: number }> {
    const ns = checkNamespace(namespace);
    const clean = checkNamespacePath(path);
    if (clean.endsWith('/')) throw new KestraError('validation', 'Choose a file name, not a folder.');
    const uploadName = options.extractZip ? source.name : source.name.replace(/\.zip$/i, '.zip.bin');
    const body = multipartBody([{ name: 'fileContent', filename: uploadName || 'upload', size: source.size, open: source.open }], (sent) => options.onProgress?.(sent, source.size));
    await this.empty({
      method: 'POST',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: ns },
      query: { path: clean },
      body: { stream: body.stream, contentType: body.contentType, length: body.length },
      kind: 'transfer',
      idempotent: false,
      signal: options.signal,
      what: `uploading ${clean}`,
    });
    if (options.extractZip) return { path: '/', size: source.size };
    let stats: FileAttributes;
    try {
      stats = await this.fileStats(ns, clean, options.signal);
    } catch (error) {
      if (error instanceof KestraError && error.data.kind === 'cancelled') throw error;
      throw new KestraError('network', `The upload of ${clean} could not be confirmed: ${error instanceof Error ? error.message : 'the server did not answer'}`);
    }
    if (stats.type !== 'File' || stats.size !== source.size) {
      throw new KestraError('network', `The upload of ${clean} is incomplete: the server holds ${stats.size} of ${source.size} bytes.`);
    }
    return { path: clean, size: stats.size };
  }

  makeDirectory(namespace: string, path: string, signal?: AbortSignal): Promise<void> {
    return this.empty({
      method: 'POST',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files/directory',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path) },
      idempotent: true,
      signal,
      what: `creating folder ${path}`,
    });
  }

  moveFile(namespace: string, from: string, to: string, signal?: AbortSignal): Promise<void> {
    return this.empty({
      method: 'PUT',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: checkNamespace(namespace) },
      query: { from: checkNamespacePath(from, { field: 'from' }), to: checkNamespacePath(to, { field: 'to' }) },
      idempotent: false,
      signal,
      what: `moving ${from}`,
    });
  }

  deleteFile(namespace: string, path: string, signal?: AbortSignal): Promise<void> {
    return this.empty({
      method: 'DELETE',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path) },
      idempotent: true,
      signal,
      what: `deleting ${path}`,
    });
  }

  async fileRevisions(namespace: string, path: string, signal?: AbortSignal): Promise<{ revision: number }[]> {
    const raw = await this.json<unknown>({
      method: 'GET',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files/revisions',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path) },
      signal,
      what: `loading revisions of ${path}`,
    });
    return asArrayOf(raw, (r) => ({ revision: Number((r as { revision?: unknown })?.revision ?? 0) }), 'file revisions');
  }

  openFileDownload(namespace: string, path: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.openDownload({ path: '/api/v1/{tenant}/namespaces/{namespace}/files', params: { namespace: checkNamespace(namespace) }, query: { path: checkNamespacePath(path) }, signal, what: `downloading ${path}` });
  }

  openNamespaceExport(namespace: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.openDownload({ path: '/api/v1/{tenant}/namespaces/{namespace}/files/export', params: { namespace: checkNamespace(namespace) }, signal, what: `exporting namespace ${namespace}` });
  }
}

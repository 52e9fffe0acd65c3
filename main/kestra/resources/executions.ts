// Executions: start (never retried), search, read, the actions on one execution (whose routes
// moved under /actions in 2.x: the capability table says which), bulk actions, output files and
// the live follow.
import type { Readable } from 'node:stream';
import type { ApiShape } from '../../contract/capabilities';
import type { Execution, Label, Paged, StateType } from '../../contract/kestra-model';
import type { ExecutionSearchParams, InputValues } from '../../contract/methods';
import type { ApiPath } from '../api-paths';
import type { ApiCall, ApiTransport, DownloadStream } from '../api-transport';
import { KestraError } from '../kestra-error';
import type { RequestBody } from '../kestra-http';
import { multipartBody, type MultipartPart } from '../multipart';
import { checkExecutionId, checkFlowId, checkLabel, checkNamespace } from '../names';
import { normaliseExecution, normaliseExecutionInList, normalisePaged } from '../normalise';
import { searchQuery } from '../search-query';

/** A file to send: its size and a way to open it (from disk, or a staged copy). */
export interface UploadSource {
  size: number;
  /** File name for the multipart part (what Kestra sees as the uploaded file's name). */
  name: string;
  open: () => Readable;
}

type Action = 'kill' | 'restart' | 'replay' | 'resume' | 'pause' | 'changeStatus' | 'labels';

/** Where each single-execution action lives, per API shape (2.x moved them under /actions). */
const ACTION_PATHS: Record<Action, Record<ApiShape['executionActions'], ApiPath>> = {
  kill: { direct: '/api/v1/{tenant}/executions/{executionId}/kill', actions: '/api/v1/{tenant}/executions/{executionId}/actions/kill' },
  restart: { direct: '/api/v1/{tenant}/executions/{executionId}/restart', actions: '/api/v1/{tenant}/executions/{executionId}/actions/restart' },
  replay: { direct: '/api/v1/{tenant}/executions/{executionId}/replay', actions: '/api/v1/{tenant}/executions/{executionId}/actions/replay' },
  resume: { direct: '/api/v1/{tenant}/executions/{executionId}/resume', actions: '/api/v1/{tenant}/executions/{executionId}/actions/resume' },
  pause: { direct: '/api/v1/{tenant}/executions/{executionId}/pause', actions: '/api/v1/{tenant}/executions/{executionId}/actions/pause' },
  changeStatus: { direct: '/api/v1/{tenant}/executions/{executionId}/change-status', actions: '/api/v1/{tenant}/executions/{executionId}/actions/change-status' },
  labels: { direct: '/api/v1/{tenant}/executions/{executionId}/labels', actions: '/api/v1/{tenant}/executions/{executionId}/actions/labels' },
};

const FINAL_STATES: readonly StateType[] = ['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED'];

/** Multipart form values for execution inputs, the way Kestra's own UI sends them. */
function inputParts(inputs: InputValues | undefined, files: Record<string, UploadSource> | undefined): MultipartPart[] {
  const parts: MultipartPart[] = [];
  for (const [name, value] of Object.entries(inputs ?? {})) {
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value) ? JSON.stringify(value) : typeof value === 'string' ? value : String(value);
    parts.push({ name, value: text });
  }
  for (const [name, file] of Object.entries(files ?? {})) parts.push({ name, filename: file.name, size: file.size, open: file.open });
  return parts;
}

function multipart(parts: MultipartPart[]): RequestBody | undefined {
  if (parts.length === 0) return undefined;
  const body = multipartBody(parts);
  return { stream: body.stream, contentType: body.contentType, length: body.length };
}

export function checkStorageUri(uri: string): string {
  if (typeof uri !== 'string' || !uri.startsWith('kestra:///') || uri.length > 4096) throw new KestraError('validation', 'Not an internal storage URI (kestra:///…).');
  return uri;
}

export class ExecutionsResource {
  constructor(private readonly t: ApiTransport) {}

  /** The call for one action on one execution, at the route this server has. */
  private async action(action: Action, executionId: string, call: Omit<ApiCall, 'path' | 'params'>): Promise<ApiCall> {
    const { capabilities } = await this.t.context(call.signal);
    return { ...call, path: ACTION_PATHS[action][capabilities.api.executionActions], params: { executionId: checkExecutionId(executionId) } };
  }

  /**
   * Starts an execution. Never retried automatically: a repeated POST would be a second run.
   * Inputs are multipart text parts; FILE inputs are file parts named after the input.
   */
  trigger(
    params: { namespace: string; flowId: string; inputs?: InputValues; files?: Record<string, UploadSource>; labels?: Label[]; scheduleDate?: string; revision?: number },
    signal?: AbortSignal,
  ): Promise<Execution> {
    const labels = (params.labels ?? []).map(checkLabel).map((l) => `${l.key}:${l.value}`);
    return this.t.read(
      {
        method: 'POST',
        path: '/api/v1/{tenant}/executions/{namespace}/{id}',
        params: { namespace: checkNamespace(params.namespace), id: checkFlowId(params.flowId) },
        query: { labels, scheduleDate: params.scheduleDate, revision: params.revision },
        body: multipart(inputParts(params.inputs, params.files)),
        kind: params.files && Object.keys(params.files).length ? 'transfer' : 'api',
        idempotent: false,
        signal,
        what: `starting ${params.namespace}.${params.flowId}`,
      },
      normaliseExecution,
    );
  }

  async search(params: ExecutionSearchParams, signal?: AbortSignal): Promise<Paged<Execution>> {
    const { capabilities } = await this.t.context(signal);
    const query = searchQuery(
      capabilities.api.search,
      { namespace: params.namespace, flowId: params.flowId, states: params.states, labels: params.labels, startDate: params.startDate, endDate: params.endDate, timeRange: params.timeRange, q: params.q },
      params,
    );
    return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/executions/search', query, kind: 'list', signal, what: 'searching executions' }, (raw) =>
      normalisePaged(raw, normaliseExecutionInList, 'execution search'),
    );
  }

  get(executionId: string, signal?: AbortSignal): Promise<Execution> {
    return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/executions/{executionId}', params: { executionId: checkExecutionId(executionId) }, signal, what: 'loading the execution' }, normaliseExecution);
  }

  async kill(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty(await this.action('kill', executionId, { method: 'DELETE', idempotent: true, signal, what: 'killing the execution' }));
  }

  async restart(executionId: string, signal?: AbortSignal): Promise<Execution> {
    return this.t.read(await this.action('restart', executionId, { method: 'POST', idempotent: false, signal, what: 'restarting the execution' }), normaliseExecution);
  }

  async replay(executionId: string, taskRunId: string | undefined, signal?: AbortSignal): Promise<Execution> {
    const query = { taskRunId: taskRunId ? checkExecutionId(taskRunId) : undefined };
    return this.t.read(await this.action('replay', executionId, { method: 'POST', query, idempotent: false, signal, what: 'replaying the execution' }), normaliseExecution);
  }

  async resume(executionId: string, inputs: InputValues | undefined, files: Record<string, UploadSource> | undefined, signal?: AbortSignal): Promise<void> {
    return this.t.empty(await this.action('resume', executionId, { method: 'POST', body: multipart(inputParts(inputs, files)), idempotent: false, signal, what: 'resuming the execution' }));
  }

  async pause(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty(await this.action('pause', executionId, { method: 'POST', idempotent: false, signal, what: 'pausing the execution' }));
  }

  async changeStatus(executionId: string, status: StateType, signal?: AbortSignal): Promise<Execution> {
    if (!FINAL_STATES.includes(status)) throw new KestraError('validation', 'The new status must be a final state (SUCCESS, WARNING, FAILED, KILLED, CANCELLED or SKIPPED).');
    return this.t.read(await this.action('changeStatus', executionId, { method: 'POST', query: { status }, idempotent: false, signal, what: 'changing the execution status' }), normaliseExecution);
  }

  async setLabels(executionId: string, labels: Label[], signal?: AbortSignal): Promise<Execution> {
    const body: RequestBody = { data: JSON.stringify(labels.map(checkLabel)), contentType: 'application/json' };
    return this.t.read(await this.action('labels', executionId, { method: 'POST', body, idempotent: true, signal, what: 'setting labels' }), normaliseExecution);
  }

  delete(executionId: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty({
      method: 'DELETE',
      path: '/api/v1/{tenant}/executions/{executionId}',
      params: { executionId: checkExecutionId(executionId) },
      query: { deleteLogs: true, deleteMetrics: true, deleteStorage: true },
      idempotent: true,
      signal,
      what: 'deleting the execution',
    });
  }

  async bulk(action: 'kill' | 'restart' | 'replay' | 'delete', executionIds: string[], signal?: AbortSignal): Promise<{ count: number }> {
    if (!Array.isArray(executionIds) || executionIds.length === 0) throw new KestraError('validation', 'Select at least one execution.');
    if (executionIds.length > 1000) throw new KestraError('validation', 'At most 1,000 executions at once.');
    const ids = executionIds.map(checkExecutionId);
    const body: RequestBody = { data: JSON.stringify(ids), contentType: 'application/json' };
    const calls: Record<typeof action, Pick<ApiCall, 'method' | 'path' | 'idempotent' | 'query'>> = {
      kill: { method: 'DELETE', path: '/api/v1/{tenant}/executions/kill/by-ids', idempotent: true },
      restart: { method: 'POST', path: '/api/v1/{tenant}/executions/restart/by-ids', idempotent: false },
      replay: { method: 'POST', path: '/api/v1/{tenant}/executions/replay/by-ids', idempotent: false },
      delete: { method: 'DELETE', path: '/api/v1/{tenant}/executions/by-ids', idempotent: true, query: { includeNonTerminated: false, deleteLogs: true, deleteMetrics: true, deleteStorage: true } },
    };
    const call = calls[action];
    if (!call) throw new KestraError('validation', `Unknown bulk action ${String(action)}`);
    const raw = await this.t.json<{ count?: number }>({ ...call, body, signal, what: `${action} of ${ids.length} execution(s)` });
    return { count: typeof raw?.count === 'number' ? raw.count : 0 };
  }

  openFile(executionId: string, uri: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.t.openDownload({
      path: '/api/v1/{tenant}/executions/{executionId}/file',
      params: { executionId: checkExecutionId(executionId) },
      query: { path: checkStorageUri(uri) },
      signal,
      what: 'downloading the output file',
    });
  }

  async previewFile(executionId: string, uri: string, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; truncated: boolean; size?: number }> {
    const limit = Math.min(Math.max(1, Math.trunc(maxBytes)), 10 * 1024 * 1024);
    const params = { executionId: checkExecutionId(executionId) };
    const query = { path: checkStorageUri(uri) };
    const metas = await this.t
      .json<{ size?: number }>({ method: 'GET', path: '/api/v1/{tenant}/executions/{executionId}/file/metas', params, query, signal, what: 'reading the output file size' })
      .catch(() => undefined);
    const { text, truncated } = await this.t.text({ method: 'GET', path: '/api/v1/{tenant}/executions/{executionId}/file', params, query, signal, what: 'previewing the output file' }, limit, true);
    return { text, truncated, ...(typeof metas?.size === 'number' ? { size: metas.size } : {}) };
  }

  /** Kestra's execution follow (SSE frames `id: start|progress|end`; 0.x sends no `start`). */
  openFollow(executionId: string, signal: AbortSignal): Promise<Readable> {
    return this.t.openEventStream({ path: '/api/v1/{tenant}/executions/{executionId}/follow', params: { executionId: checkExecutionId(executionId) }, signal, what: 'following the execution' });
  }
}

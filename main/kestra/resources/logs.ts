// Logs of an execution: the stored lines, a download of them all, and the live follow. Up to 1.x
// these take `minLevel`/`taskRunId` parameters; 2.x reads `filters[…]` instead (capability
// `api.logFilters`).
import type { Readable } from 'node:stream';
import type { ApiShape } from '../../contract/capabilities';
import type { LogEntry, LogLevel } from '../../contract/kestra-model';
import type { ApiPath, QueryParams } from '../api-paths';
import type { ApiTransport, DownloadStream } from '../api-transport';
import { checkExecutionId } from '../names';
import { asArrayOf, normaliseLog } from '../normalise';

const SEVERITY: Record<LogLevel, number> = { ERROR: 4, WARN: 3, INFO: 2, DEBUG: 1, TRACE: 0 };

function logQuery(style: ApiShape['logFilters'], minLevel: LogLevel | undefined, taskRunId?: string): QueryParams {
  if (style === 'params') return { minLevel, taskRunId };
  const query: Record<string, string | undefined> = {};
  if (minLevel) query['filters[level][EQUALS]'] = minLevel;
  if (taskRunId) query['filters[taskRunId][EQUALS]'] = taskRunId;
  return query;
}

export class LogsResource {
  constructor(private readonly t: ApiTransport) {}

  async list(executionId: string, minLevel: LogLevel | undefined, taskRunId: string | undefined, signal?: AbortSignal): Promise<LogEntry[]> {
    const { capabilities } = await this.t.context(signal);
    const entries = await this.t.read(
      {
        method: 'GET',
        path: '/api/v1/{tenant}/logs/{executionId}',
        params: { executionId: checkExecutionId(executionId) },
        query: logQuery(capabilities.api.logFilters, minLevel, taskRunId ? checkExecutionId(taskRunId) : undefined),
        kind: 'list',
        signal,
        what: 'loading logs',
      },
      (raw) => asArrayOf(raw, normaliseLog, 'log list'),
    );
    // Some servers ignore the level or task-run filter; the answer means the same everywhere.
    return entries.filter((e) => (!minLevel || SEVERITY[e.level] >= SEVERITY[minLevel]) && (!taskRunId || e.taskRunId === taskRunId));
  }

  /** The call for a whole execution's log at or above a level, in this server's parameters. */
  private async allLines(path: ApiPath, executionId: string, minLevel: LogLevel | undefined, signal: AbortSignal | undefined, what: string) {
    const { capabilities } = await this.t.context(signal);
    return { path, params: { executionId: checkExecutionId(executionId) }, query: logQuery(capabilities.api.logFilters, minLevel), signal, what };
  }

  async openDownload(executionId: string, minLevel: LogLevel | undefined, signal?: AbortSignal): Promise<DownloadStream> {
    return this.t.openDownload(await this.allLines('/api/v1/{tenant}/logs/{executionId}/download', executionId, minLevel, signal, 'downloading logs'));
  }

  /** Kestra's log follow: every stored line, then live ones; it never ends by itself. */
  async openFollow(executionId: string, minLevel: LogLevel | undefined, signal: AbortSignal): Promise<Readable> {
    return this.t.openEventStream({ ...(await this.allLines('/api/v1/{tenant}/logs/{executionId}/follow', executionId, minLevel, signal, 'following logs')), signal });
  }
}

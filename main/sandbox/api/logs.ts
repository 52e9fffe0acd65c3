// LogController: an execution's logs as JSON, as a text download (streamed), followed live over SSE
// (stored lines first, then new ones, never ending), and searched.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseDuration } from '../../../shared/iso-duration';
import { LOG_LEVELS, type LogLevel } from '../engine/model';
import { isTerminated } from '../engine/state';
import { badRequest, illegalArgument, invalidQueryFilters } from '../http/http-error';
import { orderBy, parsePaging } from '../http/paging';
import { hasFilterParams, parseFilters, sqlText, type QueryFilter } from '../http/query-filters';
import { queryInt, queryString } from '../http/request';
import { sendEmpty, sendJson } from '../http/respond';
import type { RouteContext, RouteDefinition } from '../http/router';
import { SseStream } from '../http/sse';
import type { ExecutionLogFilter, StoredLog } from '../storage/log-repository';
import type { SandboxServices } from './services';

const PAGE = 5_000;

function parseLevel(value: string | undefined, name = 'minLevel'): LogLevel | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(upper)) throw badRequest(`Failed to convert argument [${name}] for value [${value}] due to: No enum constant org.slf4j.event.Level.${upper}`);
  return upper;
}

function executionFilter(query: URLSearchParams): ExecutionLogFilter {
  const filter: ExecutionLogFilter = {};
  const minLevel = parseLevel(queryString(query, 'minLevel'));
  if (minLevel) filter.minLevel = minLevel;
  const taskRunId = queryString(query, 'taskRunId');
  if (taskRunId) filter.taskRunId = taskRunId;
  const taskId = queryString(query, 'taskId');
  if (taskId) filter.taskId = taskId;
  const attempt = queryInt(query, 'attempt');
  if (attempt !== undefined) filter.attempt = attempt;
  return filter;
}

function legacyLogFilters(query: URLSearchParams): QueryFilter[] {
  const filters: QueryFilter[] = [];
  const add = (field: string, op: QueryFilter['op'], value: string | undefined): void => {
    if (value) filters.push({ field, op, value });
  };
  add('q', 'EQUALS', queryString(query, 'q'));
  add('namespace', 'PREFIX', queryString(query, 'namespace'));
  add('flowId', 'EQUALS', queryString(query, 'flowId'));
  add('triggerId', 'EQUALS', queryString(query, 'triggerId'));
  add('level', 'EQUALS', queryString(query, 'minLevel'));
  add('startDate', 'GREATER_THAN', queryString(query, 'startDate'));
  add('endDate', 'LESS_THAN', queryString(query, 'endDate'));
  add('timeRange', 'EQUALS', queryString(query, 'timeRange'));
  return filters;
}

function searchCriteria(query: URLSearchParams): { where: string[]; params: unknown[] } {
  const filters = hasFilterParams(query) ? parseFilters(query, 'LOG') : legacyLogFilters(query);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: { sql: string; params: unknown[] }): void => {
    where.push(clause.sql);
    params.push(...clause.params);
  };
  for (const filter of filters) {
    switch (filter.field) {
      case 'q':
        add({ sql: filter.op === 'NOT_EQUALS' ? 'instr(lower(message), lower(?)) = 0' : 'instr(lower(message), lower(?)) > 0', params: [filter.value] });
        break;
      case 'namespace':
        add(sqlText(filter, 'namespace'));
        break;
      case 'flowId':
        add(sqlText(filter, 'flow_id'));
        break;
      case 'triggerId':
        add(sqlText(filter, 'trigger_id'));
        break;
      case 'executionId':
        add(sqlText(filter, 'execution_id'));
        break;
      case 'level': {
        const level = parseLevel(filter.value, 'level')!;
        add({ sql: filter.op === 'NOT_EQUALS' ? 'level < ?' : 'level >= ?', params: [LOG_LEVELS.indexOf(level)] });
        break;
      }
      case 'startDate':
      case 'endDate': {
        const ms = Date.parse(filter.value);
        if (Number.isNaN(ms)) throw invalidQueryFilters(`Provided query filters are invalid: Invalid date ${filter.value}`);
        add(sqlText({ ...filter, value: new Date(ms).toISOString() }, 'timestamp'));
        break;
      }
      case 'timeRange': {
        const ms = parseDuration(filter.value);
        if (ms === undefined) throw invalidQueryFilters(`Provided query filters are invalid: Invalid duration ${filter.value}`);
        add({ sql: 'timestamp >= ?', params: [new Date(Date.now() - ms).toISOString()] });
        break;
      }
      case 'scope':
        break;
      default:
        break;
    }
  }
  return { where, params };
}

function formatLine(timestamp: string, level: number, message: string): string {
  return `${timestamp} ${LOG_LEVELS[level] ?? 'INFO'} ${message}`;
}

export function logRoutes(services: SandboxServices): RouteDefinition[] {
  const { engine, views } = services;
  const repository = services.logRepository;

  const download = async (ctx: RouteContext): Promise<void> => {
    const executionId = ctx.params.executionId!;
    const filter = executionFilter(ctx.query);
    const execution = await engine.get(executionId);
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain',
      'Content-Disposition': `attachment; filename="${executionId}.log"`,
    };
    if (!execution || !isTerminated(execution.state.current)) headers['Cache-Control'] = 'no-cache';
    const unfiltered = Object.keys(filter).length === 0;
    // Either call writes the pending lines first.
    let text: { file: string; bytes: number } | undefined;
    if (unfiltered) text = await engine.logTextFile(executionId);
    else await engine.flushLogs();
    if (text) {
      // The text copy is exactly the download: stream the file.
      headers['Content-Length'] = String(text.bytes);
      ctx.res.writeHead(200, headers);
      if (text.bytes === 0) ctx.res.end();
      else await pipeline(createReadStream(text.file, { start: 0, end: text.bytes - 1, highWaterMark: 256 * 1024 }), ctx.res);
      return;
    }
    ctx.res.writeHead(200, headers);
    let after = 0;
    let first = true;
    let closed = false;
    ctx.res.on('close', () => {
      closed = true;
    });
    // Page through the rows: memory stays flat and the event loop stays free between pages.
    while (!closed) {
      const rows = repository.linesAfter(executionId, filter, after, PAGE);
      if (rows.length === 0) break;
      let text = '';
      for (const [seq, timestamp, level, message] of rows) {
        text += `${first ? '' : '\n'}${formatLine(timestamp, level, message)}`;
        first = false;
        after = seq;
      }
      if (!ctx.res.write(text)) await new Promise<void>((resolve) => ctx.res.once('drain', resolve).once('close', resolve));
      if (rows.length < PAGE) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    ctx.res.end();
  };

  const follow = async (ctx: RouteContext): Promise<void> => {
    const executionId = ctx.params.executionId!;
    const filter = executionFilter(ctx.query);
    const sse = new SseStream(ctx.req, ctx.res);
    const queue: StoredLog[] = [];
    let replaying = true;
    let lastSeq = 0;
    let writing = false;
    const minimum = filter.minLevel ? LOG_LEVELS.indexOf(filter.minLevel) : 0;
    const drain = async (): Promise<void> => {
      if (writing || replaying) return;
      writing = true;
      while (queue.length > 0 && !sse.isClosed) {
        const item = queue.shift()!;
        if (item.seq <= lastSeq) continue;
        lastSeq = item.seq;
        await sse.send('progress', views.log(item.entry));
      }
      writing = false;
    };
    const unsubscribe = engine.subscribeLogs(executionId, (entries) => {
      for (const item of entries) if (LOG_LEVELS.indexOf(item.entry.level) >= minimum) queue.push(item);
      void drain();
    });
    sse.onClose(unsubscribe);
    if (services.config.persona.sse.startFrame) await sse.send('start', {});
    await engine.flushLogs();
    while (!sse.isClosed) {
      const page = repository.byExecution(executionId, filter, lastSeq, 1_000);
      for (const item of page) {
        await sse.send('progress', views.log(item.entry));
        lastSeq = item.seq;
      }
      if (page.length < 1_000) break;
    }
    replaying = false;
    await drain();
  };

  return [
    {
      method: 'GET',
      path: 'logs/search',
      handler: (ctx) => {
        const page = parsePaging(ctx.query, 'searchLogs');
        const { where, params } = searchCriteria(ctx.query);
        // Lines written in the same millisecond keep their write order in either direction.
        const tieBreak = page.sort[0]?.direction === 'asc' ? 'seq ASC' : 'seq DESC';
        const order = orderBy(page.sort, { timestamp: 'timestamp', level: 'level', namespace: 'namespace', flowId: 'flow_id' }, tieBreak);
        sendJson(ctx.res, 200, views.logPage(repository.search(where, params, order, page.size, (page.page - 1) * page.size)));
      },
    },
    {
      method: 'GET',
      path: 'logs/{executionId}',
      handler: async (ctx) => {
        const filter = executionFilter(ctx.query);
        await engine.flushLogs();
        const entries: unknown[] = [];
        let after = 0;
        for (;;) {
          const page = repository.byExecution(ctx.params.executionId!, filter, after, PAGE);
          for (const item of page) entries.push(views.log(item.entry));
          if (page.length < PAGE) break;
          after = page[page.length - 1]!.seq;
        }
        sendJson(ctx.res, 200, entries);
      },
    },
    { method: 'GET', path: 'logs/{executionId}/download', handler: download },
    { method: 'GET', path: 'logs/{executionId}/follow', handler: follow },
    {
      method: 'DELETE',
      path: 'logs/{executionId}',
      handler: async (ctx) => {
        await engine.deleteLogs(ctx.params.executionId!, executionFilter(ctx.query));
        sendEmpty(ctx.res, 200);
      },
    },
    {
      method: 'DELETE',
      path: 'logs/{namespace}/{flowId}',
      handler: async (ctx) => {
        const triggerId = queryString(ctx.query, 'triggerId');
        if (ctx.params.namespace === '' || ctx.params.flowId === '') throw illegalArgument('namespace and flowId are required');
        await engine.deleteFlowLogs(ctx.params.namespace!, ctx.params.flowId!, triggerId);
        sendEmpty(ctx.res, 200);
      },
    },
  ];
}

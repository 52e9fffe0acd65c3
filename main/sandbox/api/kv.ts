// KVController: `/namespaces/{namespace}/kv/...` and the global `/kv` list.
import { parseDuration } from '../../../shared/iso-duration';
import { KestraHttpError, illegalArgument, internalError, invalidQueryFilters } from '../http/http-error';
import { orderBy, parsePaging } from '../http/paging';
import { hasFilterParams, parseFilters, sqlText } from '../http/query-filters';
import { readJson, readText, requireMediaType } from '../http/request';
import { sendEmpty, sendJson } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import { parseKvText } from '../kv/kv-value';
import { NAMESPACE_PATTERN } from '../schema/flow-definitions';
import { nowIso } from '../engine/state';
import type { SandboxServices } from './services';

function checkNamespace(namespace: string): void {
  if (!new RegExp(NAMESPACE_PATTERN).test(namespace)) {
    throw new KestraHttpError(422, `Invalid entity: namespace: must match "${NAMESPACE_PATTERN}"`, [{ path: 'namespace', message: `must match "${NAMESPACE_PATTERN}"` }]);
  }
}

export function kvRoutes(services: SandboxServices): RouteDefinition[] {
  const { kv, views } = services;
  return [
    {
      method: 'PUT',
      path: 'namespaces/{namespace}/kv/{key}',
      handler: async (ctx) => {
        // 1.1+ declares text/plain only; JSON is still accepted, as ≤1.0 servers and the docs' curl examples use it.
        requireMediaType(ctx.req, ['text/plain', 'application/json']);
        const namespace = ctx.params.namespace!;
        const key = ctx.params.key!;
        checkNamespace(namespace);
        const body = await readText(ctx.req);
        if (body.length === 0) throw new KestraHttpError(400, 'Bad Request: Required Body [value] not specified');
        const ttlHeader = ctx.req.headers.ttl;
        let ttlMs: number | undefined;
        if (typeof ttlHeader === 'string' && ttlHeader !== '') {
          ttlMs = parseDuration(ttlHeader);
          // Kestra lets Duration.parse fail with a 500 here.
          if (ttlMs === undefined) throw internalError(`Text cannot be parsed to a Duration: ${ttlHeader}`);
          if (ttlMs < 0) throw illegalArgument('ttl cannot be negative');
        }
        const description = typeof ctx.req.headers.description === 'string' ? ctx.req.headers.description : undefined;
        kv.put(namespace, key, parseKvText(body), { ttlMs, description });
        sendEmpty(ctx.res, 200);
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/kv/inheritance',
      handler: (ctx) => {
        sendJson(ctx.res, 200, kv.inherited(ctx.params.namespace!).map(views.kvEntry));
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/kv/{key}',
      handler: (ctx) => {
        const row = kv.getOrThrow(ctx.params.namespace!, ctx.params.key!);
        sendJson(ctx.res, 200, views.kvValue(kv.detail(row)));
      },
    },
    {
      method: 'DELETE',
      path: 'namespaces/{namespace}/kv/{key}',
      handler: (ctx) => {
        sendJson(ctx.res, 200, kv.delete(ctx.params.namespace!, ctx.params.key!));
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/kv',
      handler: (ctx) => {
        sendJson(ctx.res, 200, kv.list(ctx.params.namespace!).map(views.kvEntry));
      },
    },
    {
      method: 'DELETE',
      path: 'namespaces/{namespace}/kv',
      handler: async (ctx) => {
        const body = (await readJson(ctx.req)) as { keys?: unknown } | null;
        const keys = Array.isArray(body?.keys) ? body.keys.map(String) : [];
        const deleted = keys.filter((key) => kv.delete(ctx.params.namespace!, key));
        sendJson(ctx.res, 200, { keys: deleted });
      },
    },
    {
      method: 'GET',
      path: 'kv',
      handler: (ctx) => {
        const page = parsePaging(ctx.query, 'listAllKeys');
        const filters = hasFilterParams(ctx.query) ? parseFilters(ctx.query, 'KV_METADATA') : [];
        const where: string[] = [];
        const params: unknown[] = [];
        for (const filter of filters) {
          let clause: { sql: string; params: unknown[] } | undefined;
          if (filter.field === 'q') {
            clause = { sql: filter.op === 'NOT_EQUALS' ? 'instr(lower(key), lower(?)) = 0' : 'instr(lower(key), lower(?)) > 0', params: [filter.value] };
          } else if (filter.field === 'namespace') clause = sqlText(filter, 'namespace');
          else if (filter.field === 'updated' || filter.field === 'expirationDate') {
            const ms = Date.parse(filter.value);
            if (Number.isNaN(ms)) throw invalidQueryFilters(`Provided query filters are invalid: Invalid date ${filter.value}`);
            clause = sqlText({ ...filter, value: new Date(ms).toISOString() }, filter.field === 'updated' ? 'update_date' : 'expiration_date');
          }
          if (clause) {
            where.push(clause.sql);
            params.push(...clause.params);
          }
        }
        const order = orderBy(page.sort, { key: 'key', name: 'key', namespace: 'namespace', updateDate: 'update_date', updated: 'update_date', expirationDate: 'expiration_date', creationDate: 'creation_date' }, 'namespace ASC, key ASC');
        const { rows, total } = kv.repository.search(where, params, order, page.size, (page.page - 1) * page.size, nowIso());
        sendJson(ctx.res, 200, { results: rows.map(views.kvEntry), total });
      },
    },
  ];
}

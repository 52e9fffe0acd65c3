// FlowController: `/api/v1/main/flows/...` (and the legacy `/api/v1/flows/...`).
import { flowJson, labelsAsList, type StoredFlow } from '../flows/flow-model';
import { assertFlowBody, splitFlowDocuments } from '../flows/flow-service';
import { KestraHttpError, alreadyExists, invalidEntity, notFound } from '../http/http-error';
import { parsePaging, type PageRequest } from '../http/paging';
import { hasFilterParams, matchText, parseFilters, type QueryFilter } from '../http/query-filters';
import { queryBool, queryInt, queryList, queryString, readJson, readText, requireMediaType } from '../http/request';
import { sendEmpty, sendJson } from '../http/respond';
import type { RouteContext, RouteDefinition } from '../http/router';
import { parseMultipartFields } from '../http/multipart';
import { readZipTexts, zipStream } from '../storage/zip';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseLabelParams } from './labels';
import type { SandboxServices } from './services';

interface FlowCriteria {
  filters: QueryFilter[];
}

function legacyCriteria(query: URLSearchParams): QueryFilter[] {
  const filters: QueryFilter[] = [];
  const q = queryString(query, 'q');
  if (q) filters.push({ field: 'q', op: 'EQUALS', value: q });
  const namespace = queryString(query, 'namespace');
  if (namespace) filters.push({ field: 'namespace', op: 'PREFIX', value: namespace });
  const scopes = queryList(query, 'scope', true);
  if (scopes.length === 1) filters.push({ field: 'scope', op: 'EQUALS', value: scopes[0]! });
  for (const label of parseLabelParams(queryList(query, 'labels'))) {
    filters.push({ field: 'labels', op: 'EQUALS', value: label.value, labelKey: label.key });
  }
  return filters;
}

export function criteriaFrom(query: URLSearchParams): FlowCriteria {
  return { filters: hasFilterParams(query) ? parseFilters(query, 'FLOW') : legacyCriteria(query) };
}

function labelMatch(filter: QueryFilter, labels: { key: string; value: string }[]): boolean {
  if (filter.labelKey !== undefined) {
    const label = labels.find((l) => l.key === filter.labelKey);
    const hit = label !== undefined && matchText({ ...filter, op: filter.op === 'NOT_EQUALS' ? 'EQUALS' : filter.op }, label.value);
    return filter.op === 'NOT_EQUALS' ? !hit : hit;
  }
  // `filters[labels][EQUALS]=key:value` form.
  const index = filter.value.indexOf(':');
  const key = index >= 0 ? filter.value.slice(0, index) : filter.value;
  const value = index >= 0 ? filter.value.slice(index + 1) : undefined;
  const hit = labels.some((l) => l.key === key && (value === undefined || l.value === value));
  return filter.op === 'NOT_EQUALS' || filter.op === 'NOT_IN' ? !hit : hit;
}

export function flowMatches(flow: StoredFlow, filters: QueryFilter[], systemNamespace: string): boolean {
  for (const filter of filters) {
    switch (filter.field) {
      case 'q': {
        const needle = filter.value.toLowerCase();
        const hit = flow.id.toLowerCase().includes(needle) || flow.namespace.toLowerCase().includes(needle);
        if (filter.op === 'NOT_EQUALS' ? hit : !hit) return false;
        break;
      }
      case 'namespace':
        if (!matchText(filter, flow.namespace)) return false;
        break;
      case 'flowId':
        if (!matchText(filter, flow.id)) return false;
        break;
      case 'scope': {
        const scope = flow.namespace === systemNamespace ? 'SYSTEM' : 'USER';
        const wanted = filter.value.split(',').map((s) => s.trim().toUpperCase());
        const hit = wanted.includes(scope);
        if (filter.op === 'NOT_EQUALS' ? hit : !hit) return false;
        break;
      }
      case 'labels':
        if (!labelMatch(filter, labelsAsList(flow.document.labels) ?? [])) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

const SORT_KEYS: Record<string, (f: StoredFlow) => string | number> = {
  id: (f) => f.id,
  namespace: (f) => f.namespace,
  revision: (f) => f.revision,
  updated: (f) => f.updated,
};

export function sortAndPage<T extends StoredFlow>(flows: T[], page: PageRequest): { results: T[]; total: number } {
  const orders = page.sort.filter((s) => SORT_KEYS[s.field]);
  const sorted = [...flows].sort((a, b) => {
    for (const order of orders) {
      const key = SORT_KEYS[order.field]!;
      const x = key(a);
      const y = key(b);
      if (x !== y) return (x < y ? -1 : 1) * (order.direction === 'asc' ? 1 : -1);
    }
    return a.namespace === b.namespace ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;
  });
  const start = (page.page - 1) * page.size;
  return { results: sorted.slice(start, start + page.size), total: sorted.length };
}

function fragments(source: string, q: string): string[] {
  const lower = q.toLowerCase();
  return source
    .split('\n')
    .filter((line) => line.toLowerCase().includes(lower))
    .slice(0, 5)
    .map((line) => {
      const index = line.toLowerCase().indexOf(lower);
      return `${line.slice(0, index)}[mark]${line.slice(index, index + q.length)}[/mark]${line.slice(index + q.length)}`;
    });
}

export function flowRoutes(services: SandboxServices): RouteDefinition[] {
  const { flows, flowRepository, config, views } = services;
  const tenant = config.tenant;

  const readFlowBody = async (ctx: RouteContext): Promise<string> => {
    requireMediaType(ctx.req, ['application/x-yaml']);
    const text = await readText(ctx.req);
    assertFlowBody(text);
    return text;
  };

  const allFlows = (): StoredFlow[] => flowRepository.search({ where: [], params: [], orderBy: 'namespace, id' }).flows;

  /** Flows selected by a bulk request: a JSON list of `{namespace, id}` or the search filters. */
  const selectByIds = async (ctx: RouteContext): Promise<StoredFlow[]> => {
    const body = await readJson(ctx.req);
    if (!Array.isArray(body)) throw invalidEntity([{ path: 'ids', message: 'must be a list of {namespace, id}' }]);
    return body
      .map((item) => (item && typeof item === 'object' ? flows.find(String((item as Record<string, unknown>).namespace), String((item as Record<string, unknown>).id)) : undefined))
      .filter((f): f is StoredFlow => f !== undefined);
  };
  const selectByQuery = (ctx: RouteContext): StoredFlow[] => {
    const criteria = criteriaFrom(ctx.query);
    return allFlows().filter((f) => flowMatches(f, criteria.filters, config.systemNamespace));
  };

  return [
    {
      method: 'POST',
      path: 'flows',
      handler: async (ctx) => {
        const source = await readFlowBody(ctx);
        const flow = createFlow(services, source);
        sendJson(ctx.res, 200, views.flow(flowJson(flow, tenant, true)));
      },
    },
    {
      method: 'GET',
      path: 'flows/search',
      handler: (ctx) => {
        const page = parsePaging(ctx.query, 'searchFlows');
        const criteria = criteriaFrom(ctx.query);
        const matching = allFlows().filter((f) => flowMatches(f, criteria.filters, config.systemNamespace));
        const { results, total } = sortAndPage(matching, page);
        sendJson(ctx.res, 200, { results: results.map((f) => views.flow(flowJson(f, tenant, false))), total });
      },
    },
    {
      method: 'GET',
      path: 'flows/source',
      handler: (ctx) => {
        const page = parsePaging(ctx.query, 'searchFlowsBySourceCode');
        const q = queryString(ctx.query, 'q') ?? '';
        const namespace = queryString(ctx.query, 'namespace');
        const matching = allFlows().filter(
          (f) =>
            (!namespace || f.namespace === namespace || f.namespace.startsWith(`${namespace}.`)) &&
            (q === '' || f.source.toLowerCase().includes(q.toLowerCase())),
        );
        const { results, total } = sortAndPage(matching, page);
        sendJson(ctx.res, 200, { results: results.map((f) => ({ model: views.flow(flowJson(f, tenant, false)), fragments: q ? fragments(f.source, q) : [] })), total });
      },
    },
    {
      method: 'GET',
      path: 'flows/distinct-namespaces',
      handler: (ctx) => {
        const q = queryString(ctx.query, 'q')?.toLowerCase();
        sendJson(
          ctx.res,
          200,
          flowRepository.distinctNamespaces().filter((ns) => !q || ns.toLowerCase().includes(q)),
        );
      },
    },
    {
      method: 'POST',
      path: 'flows/validate',
      handler: async (ctx) => {
        const type = requireMediaType(ctx.req, ['application/x-yaml', 'multipart/form-data']);
        if (type === 'multipart/form-data') {
          const parts = await parseMultipartFields(ctx.req, { fileFields: true });
          const reports = parts
            .filter((p) => p.name === 'flows')
            .map((part, index) => flows.validateOne(part.value, index, part.filename));
          sendJson(ctx.res, 200, reports);
          return;
        }
        sendJson(ctx.res, 200, flows.validate(await readText(ctx.req)));
      },
    },
    {
      method: 'POST',
      path: 'flows/bulk',
      handler: async (ctx) => {
        const text = await readFlowBody(ctx);
        const deleteMissing = queryBool(ctx.query, 'delete', true);
        const namespace = queryString(ctx.query, 'namespace');
        sendJson(ctx.res, 200, bulkUpdate(services, text, namespace, deleteMissing));
      },
    },
    {
      method: 'POST',
      path: 'flows/import',
      handler: async (ctx) => {
        requireMediaType(ctx.req, ['multipart/form-data']);
        const failOnError = queryBool(ctx.query, 'failOnError', false);
        const parts = await parseMultipartFields(ctx.req, { fileFields: true });
        const upload = parts.find((p) => p.name === 'fileUpload');
        if (!upload) throw invalidEntity([{ path: 'fileUpload', message: 'must not be null' }]);
        const invalid: string[] = [];
        const sources = upload.filename?.endsWith('.zip') ? (await readZipTexts(upload.buffer)).filter((e) => /\.ya?ml$/i.test(e.name)).map((e) => e.text) : splitFlowDocuments(upload.value);
        for (const source of sources) {
          try {
            flows.createOrUpdate(source.trim());
          } catch (error) {
            if (failOnError) throw error;
            const parsed = flows.parse(source);
            invalid.push(parsed.ok ? `${parsed.flow.namespace}.${parsed.flow.id}` : (source.split('\n').find((l) => l.startsWith('id:'))?.slice(3).trim() ?? 'unknown'));
          }
        }
        sendJson(ctx.res, 200, invalid);
      },
    },
    {
      method: 'POST',
      path: 'flows/export/by-ids',
      handler: async (ctx) => {
        const selected = await selectByIds(ctx);
        await sendFlowsZip(ctx.res, selected);
      },
    },
    {
      method: 'GET',
      path: 'flows/export/by-query',
      handler: async (ctx) => {
        await sendFlowsZip(ctx.res, selectByQuery(ctx));
      },
    },
    ...(['enable', 'disable'] as const).flatMap((action): RouteDefinition[] => [
      {
        method: 'POST',
        path: `flows/${action}/by-ids`,
        handler: async (ctx) => {
          const selected = await selectByIds(ctx);
          for (const flow of selected) flows.setDisabled(flow.namespace, flow.id, action === 'disable');
          sendJson(ctx.res, 200, { count: selected.length });
        },
      },
      {
        method: 'POST',
        path: `flows/${action}/by-query`,
        handler: (ctx) => {
          const selected = selectByQuery(ctx);
          for (const flow of selected) flows.setDisabled(flow.namespace, flow.id, action === 'disable');
          sendJson(ctx.res, 200, { count: selected.length });
        },
      },
    ]),
    {
      method: 'DELETE',
      path: 'flows/delete/by-ids',
      handler: async (ctx) => {
        const selected = await selectByIds(ctx);
        for (const flow of selected) flows.delete(flow.namespace, flow.id);
        sendJson(ctx.res, 200, { count: selected.length });
      },
    },
    {
      method: 'DELETE',
      path: 'flows/delete/by-query',
      handler: (ctx) => {
        const selected = selectByQuery(ctx);
        for (const flow of selected) flows.delete(flow.namespace, flow.id);
        sendJson(ctx.res, 200, { count: selected.length });
      },
    },
    {
      method: 'GET',
      path: 'flows/{namespace}',
      handler: (ctx) => {
        sendJson(
          ctx.res,
          200,
          flowRepository.byNamespace(ctx.params.namespace!).map((f) => views.flow(flowJson(f, tenant, false))),
        );
      },
    },
    {
      method: 'POST',
      path: 'flows/{namespace}',
      handler: async (ctx) => {
        requireMediaType(ctx.req, ['application/x-yaml']);
        const text = await readText(ctx.req);
        const deleteMissing = queryBool(ctx.query, 'delete', true);
        sendJson(ctx.res, 200, bulkUpdate(services, text, ctx.params.namespace!, deleteMissing));
      },
    },
    {
      method: 'GET',
      path: 'flows/{namespace}/{id}',
      handler: (ctx) => {
        const withSource = queryBool(ctx.query, 'source', false);
        const revision = queryInt(ctx.query, 'revision');
        const allowDeleted = queryBool(ctx.query, 'allowDeleted', false);
        const flow = flows.get(ctx.params.namespace!, ctx.params.id!, revision, allowDeleted);
        if (!flow) {
          // Kestra's controller returns null → Micronaut's 404 JSON body.
          throw notFound();
        }
        sendJson(ctx.res, 200, views.flow(flowJson(flow, tenant, withSource)));
      },
    },
    {
      method: 'PUT',
      path: 'flows/{namespace}/{id}',
      handler: async (ctx) => {
        const text = await readFlowBody(ctx);
        const flow = flows.update(ctx.params.namespace!, ctx.params.id!, text);
        sendJson(ctx.res, 200, views.flow(flowJson(flow, tenant, true)));
      },
    },
    {
      method: 'DELETE',
      path: 'flows/{namespace}/{id}',
      handler: (ctx) => {
        flows.delete(ctx.params.namespace!, ctx.params.id!);
        sendEmpty(ctx.res, 204);
      },
    },
    {
      method: 'GET',
      path: 'flows/{namespace}/{id}/revisions',
      handler: (ctx) => {
        const revisions = flowRepository.revisions(ctx.params.namespace!, ctx.params.id!);
        const allowDelete = queryBool(ctx.query, 'allowDelete', false);
        sendJson(
          ctx.res,
          200,
          revisions.filter((r) => allowDelete || !r.deleted).map((f) => views.flow(flowJson(f, tenant, true))),
        );
      },
    },
    {
      method: 'DELETE',
      path: 'flows/{namespace}/{id}/revisions',
      handler: (ctx) => {
        const latest = flowRepository.latest(ctx.params.namespace!, ctx.params.id!);
        if (!latest) {
          sendEmpty(ctx.res, 404);
          return;
        }
        const revisions = queryList(ctx.query, 'revisions', true).map(Number).filter(Number.isInteger);
        flowRepository.deleteRevisions(ctx.params.namespace!, ctx.params.id!, revisions);
        sendEmpty(ctx.res, 204);
      },
    },
    {
      method: 'GET',
      path: 'flows/{namespace}/{id}/tasks/{taskId}',
      handler: (ctx) => {
        const flow = flows.get(ctx.params.namespace!, ctx.params.id!, queryInt(ctx.query, 'revision'));
        const task = flow ? findTask(flow.document, ctx.params.taskId!) : undefined;
        if (!task) {
          throw notFound();
        }
        sendJson(ctx.res, 200, task);
      },
    },
    {
      method: 'GET',
      path: 'flows/{namespace}/{id}/dependencies',
      handler: (ctx) => {
        const flow = flows.find(ctx.params.namespace!, ctx.params.id!);
        const nodes = flow ? [views.owned({ uid: `${tenant}_${flow.namespace}_${flow.id}`, namespace: flow.namespace, id: flow.id, tenantId: tenant })] : [];
        sendJson(ctx.res, 200, { nodes, edges: [] });
      },
    },
  ];
}

async function sendFlowsZip(res: ServerResponse, flows: StoredFlow[]): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment; filename="flows.zip"' });
  await pipeline(zipStream(flows.map((f) => ({ name: `${f.namespace}.${f.id}.yml`, content: f.source }))), res);
}

/** Finds a task anywhere in the flow (nested lists included) by id. */
export function findTask(document: Record<string, unknown>, taskId: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const visit = (value: unknown): void => {
    if (found) return;
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.id === taskId && typeof record.type === 'string') {
        found = record;
        return;
      }
      Object.values(record).forEach(visit);
    }
  };
  for (const key of ['tasks', 'errors', 'finally', 'afterExecution']) visit(document[key]);
  return found;
}

/** `POST /flows/{namespace}` and `/flows/bulk`: create or update every document, delete the others. */
/**
 * FlowController.create: 1.x answers a taken id with 422 `flow.id: Flow id already exists`; 2.x
 * with 409 entity-already-exists ("A flow with id 'x' already exists in namespace 'y'.").
 */
function createFlow(services: SandboxServices, source: string): StoredFlow {
  const { flows } = services;
  try {
    return flows.create(source);
  } catch (error) {
    const duplicate = error instanceof KestraHttpError && error.violations?.some((v) => v.path === 'flow.id' && v.message === 'Flow id already exists');
    if (!duplicate) throw error;
    const { id, namespace } = flows.parseOrThrow(source);
    throw alreadyExists(error, `A flow with id '${id}' already exists in namespace '${namespace}'.`);
  }
}

function bulkUpdate(services: SandboxServices, text: string, namespace: string | undefined, deleteMissing: boolean): unknown[] {
  const { flows, flowRepository, config, views } = services;
  const sources = text.trim() === '' ? [] : text.split('---').map((s) => s.trim()).filter((s) => s.length > 0);
  const documents = sources.map((source) => ({ source, document: flows.parseOrThrow(source) }));
  if (namespace !== undefined) {
    const invalid = documents.filter((d) => d.document.namespace !== namespace);
    if (invalid.length > 0) throw invalidEntity(invalid.map(() => ({ path: 'flow.namespace', message: 'Flow namespace is invalid' })));
  }
  const ids = documents.map((d) => d.document.id);
  if (new Set(ids).size < ids.length) throw invalidEntity([{ path: 'flow.id', message: 'Duplicate flow id' }]);
  const results: StoredFlow[] = [];
  if (deleteMissing) {
    const existing = namespace !== undefined ? flowRepository.byNamespace(namespace) : flowRepository.search({ where: [], params: [], orderBy: 'namespace, id' }).flows;
    for (const flow of existing) {
      if (!ids.includes(flow.id)) results.push(flows.delete(flow.namespace, flow.id));
    }
  }
  for (const { source } of documents) results.push(flows.createOrUpdate(source));
  return results.map((f) => views.flow(flowJson(f, config.tenant, true)));
}

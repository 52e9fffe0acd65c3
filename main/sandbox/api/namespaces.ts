// NamespaceController (OSS): namespaces are virtual, derived from what lives in them (flows, KV,
// namespace files) expanded to every parent, plus the system namespace.
import { parsePaging } from '../http/paging';
import { queryBool, queryString, readJson } from '../http/request';
import { sendJson } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import type { SandboxServices } from './services';

/** `a.b.c` → `a`, `a.b`, `a.b.c`. */
export function withParents(namespace: string): string[] {
  const parts = namespace.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

export function existingNamespaces(services: SandboxServices): Set<string> {
  const names = new Set<string>();
  for (const source of services.namespaceSources) for (const ns of source()) names.add(ns);
  return names;
}

export function allNamespaces(services: SandboxServices): string[] {
  const names = new Set<string>([services.config.systemNamespace]);
  for (const ns of existingNamespaces(services)) for (const parent of withParents(ns)) names.add(parent);
  return [...names].sort();
}

export function namespaceRoutes(services: SandboxServices): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: 'namespaces/search',
      handler: (ctx) => {
        const page = parsePaging(ctx.query, 'searchNamespaces');
        const q = queryString(ctx.query, 'q')?.toLowerCase();
        const existing = queryBool(ctx.query, 'existing', false);
        let names = existing ? [...existingNamespaces(services)].sort() : allNamespaces(services);
        if (q) names = names.filter((n) => n.toLowerCase().includes(q));
        // Only the direction of the sort matters (namespaces sort by id).
        if (page.sort[0]?.direction === 'desc') names.reverse();
        const start = (page.page - 1) * page.size;
        sendJson(ctx.res, 200, { results: names.slice(start, start + page.size).map((id) => ({ id })), total: names.length });
      },
    },
    {
      method: 'POST',
      path: 'namespaces/autocomplete',
      handler: async (ctx) => {
        const body = ((await readJson(ctx.req)) ?? {}) as { q?: string; ids?: string[]; existingOnly?: boolean };
        const q = typeof body.q === 'string' ? body.q.toLowerCase() : undefined;
        const names = body.existingOnly ? [...existingNamespaces(services)].sort() : allNamespaces(services);
        const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
        const matches = names.filter((n) => (!q || n.toLowerCase().includes(q)) && !ids.includes(n));
        sendJson(ctx.res, 200, [...ids, ...matches]);
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{id}',
      handler: (ctx) => {
        sendJson(ctx.res, 200, { id: ctx.params.id });
      },
    },
  ];
}

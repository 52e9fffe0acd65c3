// The request pipeline: authentication, the persona's path forms (global, `/api/v1/{tenant}/…`,
// the tenant-less alias or the pre-0.23 paths), Enterprise RBAC, handler errors → the persona's
// error bodies (JsonError or problem+json).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, authenticateEnterprise, checkAccessToken, isOpenPath, type SandboxAuth } from './auth';
import { KestraHttpError, badRequest, internalError, methodNotAllowed, notFound } from './http-error';
import { sendError } from './respond';
import { RouteTable, splitPath, type Caller, type MatchResult, type RouteDefinition } from './router';
import type { Persona } from '../personas/persona';
import { authorize, requiredPermission, tenantsOf, type Principal } from '../personas/enterprise';

export interface DispatcherOptions {
  /** The Kestra version and edition answered as: path forms, error bodies, open paths, RBAC. */
  persona: Persona;
  auth?: SandboxAuth;
  /** The embedded sandbox's per-launch bearer token (see checkAccessToken). */
  accessToken?: string;
  globalRoutes: RouteDefinition[];
  /** Each served tenant's routes (OSS: `main` only). */
  tenantRoutes: Map<string, RouteDefinition[]>;
  /** Reports unexpected (500) errors. */
  onError?(error: unknown): void;
  /**
   * Host names (without port) accepted in the Host header; undefined accepts any. A sandbox bound
   * to loopback only answers loopback names, so a web page cannot reach it through DNS rebinding.
   */
  allowedHosts?: () => Set<string> | undefined;
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/**
 * A browser sends `Origin` on cross-site requests; the console itself talks to the sandbox from
 * Node (no Origin). Refusing foreign origins keeps web pages from starting executions or reading
 * data on a local sandbox that has no authentication.
 */
function checkBrowserOrigin(req: IncomingMessage, allowedHosts: Set<string> | undefined): void {
  const host = req.headers.host ?? '';
  if (allowedHosts && !allowedHosts.has(hostName(host).toLowerCase())) {
    throw new KestraHttpError(403, `Forbidden: host '${hostName(host)}' is not served by this sandbox`);
  }
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') {
    if (origin === 'null') throw new KestraHttpError(403, 'Forbidden: cross-origin request');
    return;
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new KestraHttpError(403, 'Forbidden: cross-origin request');
  }
  if (originHost.toLowerCase() !== host.toLowerCase()) throw new KestraHttpError(403, 'Forbidden: cross-origin request');
}

export function createDispatcher(options: DispatcherOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { persona } = options;
  const enterprise = persona.edition === 'EE';
  const defaultTenant = persona.tenants[0]!;
  const globals = new RouteTable();
  globals.add(...options.globalRoutes);
  const tables = new Map<string, RouteTable>();
  for (const [tenant, routes] of options.tenantRoutes) {
    const table = new RouteTable();
    table.add(...routes);
    tables.set(tenant, table);
  }
  const anyTable = tables.get(defaultTenant)!;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    checkBrowserOrigin(req, options.allowedHosts?.());
    checkAccessToken(req, url.pathname, options.accessToken);
    let principal: Principal | undefined;
    if (!isOpenPath(url.pathname, persona)) {
      if (enterprise) principal = authenticateEnterprise(req, persona, options.auth);
      else authenticate(req, options.auth, persona);
    }
    if (!url.pathname.startsWith('/api/v1/')) {
      if (url.pathname === '/ping') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('pong');
        return;
      }
      throw new KestraHttpError(404, 'Not Found');
    }
    const segments = splitPath(url.pathname);
    const rest = segments.slice(2);
    const attempts: { result: MatchResult; tenant: string; legacy: boolean }[] = [];

    attempts.push({ result: globals.match(method, segments), tenant: '', legacy: false });
    if (persona.pathForm === 'tenant' && rest.length > 1) {
      const table = tables.get(rest[0]!) ?? anyTable;
      attempts.push({ result: table.match(method, rest.slice(1)), tenant: rest[0]!, legacy: false });
    }
    // Before 0.23 this was the only form; since, OSS aliases it to `main` (TenantAliasingRooter).
    if (persona.pathForm === 'legacy' || !enterprise) attempts.push({ result: anyTable.match(method, rest), tenant: defaultTenant, legacy: true });

    const matched = attempts.find((a) => a.result.kind === 'match');
    if (matched && matched.result.kind === 'match') {
      if (matched.tenant !== '' && !tables.has(matched.tenant)) {
        if (!enterprise) throw badRequest(`Tenant must be '${defaultTenant}' for OSS version`);
        throw notFound(`Tenant '${matched.tenant}' not found`);
      }
      const { route, params } = matched.result.match;
      let caller: Caller | undefined;
      if (principal) {
        if (matched.tenant !== '') authorize(principal, matched.tenant, requiredPermission(method, route.path));
        caller = { name: principal.name, superAdmin: principal.superAdmin, tenants: tenantsOf(persona, principal) };
      }
      await route.handler({ req, res, url, query: url.searchParams, params, tenant: matched.tenant, legacyPath: matched.legacy, caller });
      return;
    }
    const allowed = attempts.flatMap((a) => (a.result.kind === 'method-not-allowed' ? a.result.allowed : []));
    if (allowed.length > 0) throw methodNotAllowed(method, [...new Set(allowed)]);
    throw new KestraHttpError(404, 'Not Found');
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!req.readableEnded) req.resume();
      if (error instanceof KestraHttpError) {
        sendError(req, res, error, persona.errorFormat);
        return;
      }
      // Input nested or sized beyond what any limit above caught (a stack or array length overflow
      // on the caller's data): the request is at fault, not the server.
      if (error instanceof RangeError) {
        if (!req.readableEnded) req.resume();
        sendError(req, res, new KestraHttpError(422, `Invalid entity: the request is too large or too deeply nested to process (${error.message})`));
        return;
      }
      options.onError?.(error);
      sendError(req, res, internalError(error instanceof Error ? error.message : String(error)), persona.errorFormat);
    });
  };
}

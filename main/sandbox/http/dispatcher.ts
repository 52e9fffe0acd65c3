// The request pipeline: authentication, Kestra's path forms (global, `/api/v1/{tenant}/…`, legacy
// alias), handler errors → Kestra JSON errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, checkAccessToken, isOpenPath, type SandboxAuth } from './auth';
import { KestraHttpError, badRequest, internalError, methodNotAllowed } from './http-error';
import { sendError, sendJson } from './respond';
import { RouteTable, splitPath, type MatchResult, type RouteDefinition } from './router';

export interface DispatcherOptions {
  tenant: string;
  legacyOnly: boolean;
  auth?: SandboxAuth;
  /** The embedded sandbox's per-launch bearer token (see checkAccessToken). */
  accessToken?: string;
  globalRoutes: RouteDefinition[];
  tenantRoutes: RouteDefinition[];
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
  const globals = new RouteTable();
  globals.add(...options.globalRoutes);
  const tenantRoutes = new RouteTable();
  tenantRoutes.add(...options.tenantRoutes);

  const notFound = (req: IncomingMessage, res: ServerResponse): void => {
    sendJson(res, 404, { message: 'Not Found', _links: { self: { href: req.url ?? '/', templated: false } } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    checkBrowserOrigin(req, options.allowedHosts?.());
    checkAccessToken(req, url.pathname, options.accessToken);
    if (!isOpenPath(url.pathname)) authenticate(req, options.auth);
    if (!url.pathname.startsWith('/api/v1/')) {
      if (url.pathname === '/ping') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('pong');
        return;
      }
      notFound(req, res);
      return;
    }
    const segments = splitPath(url.pathname);
    const rest = segments.slice(2);
    const attempts: { result: MatchResult; tenant: string; legacy: boolean }[] = [];

    attempts.push({ result: globals.match(method, segments), tenant: '', legacy: false });
    if (!options.legacyOnly && rest.length > 1) {
      attempts.push({ result: tenantRoutes.match(method, rest.slice(1)), tenant: rest[0]!, legacy: false });
    }
    attempts.push({ result: tenantRoutes.match(method, rest), tenant: options.tenant, legacy: true });

    const matched = attempts.find((a) => a.result.kind === 'match');
    if (matched && matched.result.kind === 'match') {
      if (matched.tenant !== '' && matched.tenant !== options.tenant) {
        throw badRequest(`Tenant must be '${options.tenant}' for OSS version`);
      }
      const { route, params } = matched.result.match;
      await route.handler({ req, res, url, query: url.searchParams, params, tenant: matched.tenant, legacyPath: matched.legacy });
      return;
    }
    const allowed = attempts.flatMap((a) => (a.result.kind === 'method-not-allowed' ? a.result.allowed : []));
    if (allowed.length > 0) throw methodNotAllowed(method, [...new Set(allowed)]);
    notFound(req, res);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof KestraHttpError) {
        if (!req.readableEnded) req.resume();
        sendError(req, res, error);
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
      if (!req.readableEnded) req.resume();
      sendError(req, res, internalError(error instanceof Error ? error.message : String(error)));
    });
  };
}

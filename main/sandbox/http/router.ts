// Route tables. Tenant routes are declared relative to `/api/v1/{tenant}/`; global routes
// (`/api/v1/configs`, `/api/v1/plugins/...`) on the full path. Which path forms are served (tenant
// segment, tenant-less alias, pre-0.23 paths) is the dispatcher's part, per persona.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed } from './http-error';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  /** Decoded path parameters. */
  params: Record<string, string>;
  /** Always the server's tenant (`main`) for tenant routes; '' for global routes. */
  tenant: string;
  /** True when the request used the legacy `/api/v1/...` form (no tenant segment). */
  legacyPath: boolean;
  /** Enterprise personas: who is calling (a service account or the configured user). */
  caller?: Caller;
}

/** An authenticated Enterprise caller and the tenants it may use. */
export interface Caller {
  name: string;
  superAdmin: boolean;
  tenants: string[];
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Tenant routes: relative, e.g. `flows/{namespace}/{id}`. Global routes: absolute, `/api/v1/configs`. */
  path: string;
  handler: RouteHandler;
}

interface CompiledRoute extends RouteDefinition {
  segments: { literal?: string; param?: string }[];
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

export type MatchResult = { kind: 'match'; match: RouteMatch } | { kind: 'method-not-allowed'; allowed: string[] } | { kind: 'none' };

function compile(route: RouteDefinition): CompiledRoute {
  const segments = route.path
    .replace(/^\/+/, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      const param = /^\{([a-zA-Z0-9_]+)\}$/.exec(s);
      return param ? { param: param[1]! } : { literal: s };
    });
  return { ...route, segments };
}

/** Literal segments win over parameters, earlier segments first (Micronaut's route ranking). */
function moreSpecific(a: CompiledRoute, b: CompiledRoute): boolean {
  for (let i = 0; i < a.segments.length; i += 1) {
    const aLiteral = a.segments[i]!.literal !== undefined;
    const bLiteral = b.segments[i]?.literal !== undefined;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

export class RouteTable {
  private readonly routes: CompiledRoute[] = [];

  add(...definitions: RouteDefinition[]): void {
    for (const definition of definitions) this.routes.push(compile(definition));
  }

  /** `segments` are already decoded. */
  match(method: string, segments: string[]): MatchResult {
    let best: RouteMatch | undefined;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      let ok = true;
      for (let i = 0; i < segments.length; i += 1) {
        const literal = route.segments[i]!.literal;
        if (literal !== undefined && literal !== segments[i]) {
          ok = false;
          break;
        }
        if (literal === undefined && segments[i] === '') {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      allowed.add(route.method);
      const effective = method === 'HEAD' ? 'GET' : method;
      if (route.method !== effective) continue;
      if (!best || moreSpecific(route, best.route)) {
        const params: Record<string, string> = {};
        route.segments.forEach((s, i) => {
          if (s.param) params[s.param] = segments[i]!;
        });
        best = { route, params };
      }
    }
    if (best) return { kind: 'match', match: best };
    if (allowed.size > 0) return { kind: 'method-not-allowed', allowed: [...allowed] };
    return { kind: 'none' };
  }
}

/** Splits and decodes a path into segments; a malformed escape is a 400, as in Micronaut. */
export function splitPath(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw badRequest(`Malformed path segment: ${segment}`);
    }
  });
}

export function throwForMatch(result: MatchResult, method: string): RouteMatch | undefined {
  if (result.kind === 'match') return result.match;
  if (result.kind === 'method-not-allowed') throw methodNotAllowed(method, result.allowed);
  return undefined;
}

// The only place Kestra URLs are built. Paths are the keys of the generated OpenAPI types
// (main/contract/kestra-api.d.ts, from spec/kestra/openapi.yml, Kestra 1.3), plus the few routes
// other versions have that 1.3 lacks, so a typo is a type error; the server's path form decides
// how `{tenant}` is spelled. Every value placed in a path is one percent-encoded segment, and the
// result must stay on the server's own origin.
import type { paths } from '../contract/kestra-api';
import type { ApiShape } from '../contract/capabilities';
import { KestraError } from './kestra-error';

/**
 * Routes of other Kestra versions, absent from the 1.3 spec the types come from. Which one a server
 * gets is decided by the capability table (main/kestra/capabilities.ts).
 */
type OtherVersionPath =
  // 2.x moved single-execution actions under /actions (kestra-ee.yml 2.0.0, OSS 2.0.3).
  | '/api/v1/{tenant}/executions/{executionId}/actions/kill'
  | '/api/v1/{tenant}/executions/{executionId}/actions/restart'
  | '/api/v1/{tenant}/executions/{executionId}/actions/replay'
  | '/api/v1/{tenant}/executions/{executionId}/actions/resume'
  | '/api/v1/{tenant}/executions/{executionId}/actions/pause'
  | '/api/v1/{tenant}/executions/{executionId}/actions/change-status'
  | '/api/v1/{tenant}/executions/{executionId}/actions/labels'
  // 2.x outputs, served apart from executions: OutputController as released (2.0.2, 2.0.3) …
  | '/api/v1/{tenant}/outputs/tasks/{executionId}/{taskRunId}'
  | '/api/v1/{tenant}/outputs/tasks/{executionId}'
  | '/api/v1/{tenant}/outputs/executions/{executionId}'
  // … and the form of the 2.0 migration guide and the 2.0.0-SNAPSHOT spec.
  | '/api/v1/{tenant}/outputs/{executionId}/{taskRunId}'
  | '/api/v1/{tenant}/outputs/{executionId}'
  // Enterprise: the signed-in account, with the tenants it may use.
  | '/api/v1/me';

export type ApiPath = keyof paths | OtherVersionPath;

export interface ApiTarget {
  /** Base URL of the server (origin plus optional path prefix, no trailing slash). */
  baseUrl: string;
  /** `legacy`: before 0.23, no tenant segment; `tenant`: `/api/v1/{tenant}/…`. */
  paths: ApiShape['paths'];
  tenant: string;
}

type PathParamValue = string | number;
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number | boolean)[];
export type QueryParams = Record<string, QueryValue> | URLSearchParams;

function encodeSegment(name: string, value: PathParamValue): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new KestraError('validation', `Invalid ${name}: "${text.slice(0, 40)}"`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new KestraError('validation', `Invalid ${name}: control characters are not allowed`);
  return encodeURIComponent(text);
}

/** Fills a spec path template: `{tenant}` by the API form, every other `{x}` from `params`. */
export function expandPath(template: ApiPath, target: Pick<ApiTarget, 'paths' | 'tenant'>, params: Record<string, PathParamValue> = {}): string {
  let path: string = template;
  if (path.includes('/{tenant}')) {
    path = target.paths === 'legacy' ? path.replace('/{tenant}', '') : path.replace('{tenant}', encodeSegment('tenant', target.tenant));
  }
  return path.replace(/\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new KestraError('internal', `Missing path parameter ${name}`);
    return encodeSegment(name, value);
  });
}

export function appendQuery(search: URLSearchParams, query: QueryParams | undefined): void {
  if (!query) return;
  if (query instanceof URLSearchParams) {
    for (const [k, v] of query) search.append(k, v);
    return;
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
}

/** The full URL of an API call. Throws if the result would leave the server's origin. */
export function apiUrl(target: ApiTarget, template: ApiPath, params?: Record<string, PathParamValue>, query?: QueryParams): URL {
  const base = new URL(target.baseUrl);
  const url = new URL(base.origin);
  url.pathname = `${base.pathname.replace(/\/$/, '')}${expandPath(template, target, params)}`;
  appendQuery(url.searchParams, query);
  if (url.origin !== base.origin) throw new KestraError('internal', 'Refusing a URL outside the server origin');
  return url;
}

/** A base URL pasted with Kestra's API prefix (…/api/v1) points at the server root. */
export function withoutApiSuffix(pathname: string): string {
  return pathname.replace(/\/api\/v1\/?$/, '');
}

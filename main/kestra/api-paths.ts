// The only place Kestra URLs are built. Paths are the keys of the generated OpenAPI types
// (main/contract/kestra-api.d.ts, from spec/kestra/openapi.yml), so a typo is a type error; the
// server's API form decides how `{tenant}` is spelled. Every value placed in a path is one
// percent-encoded segment, and the result must stay on the server's own origin.
import type { paths } from '../contract/kestra-api';
import { KestraError } from './kestra-error';

export type ApiPath = keyof paths;

/**
 * How a server forms its paths:
 * - legacy: before 0.23, `/api/v1/flows/...` (no tenant segment)
 * - tenant: 0.23–1.x, `/api/v1/{tenant}/...` (OSS: tenant `main`)
 * - v2: Kestra 2.x, tenant paths plus problem+json errors and leaner execution payloads
 */
export type ApiForm = 'legacy' | 'tenant' | 'v2';

export interface ApiTarget {
  /** Base URL of the server (origin plus optional path prefix, no trailing slash). */
  baseUrl: string;
  form: ApiForm;
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
export function expandPath(template: ApiPath, target: Pick<ApiTarget, 'form' | 'tenant'>, params: Record<string, PathParamValue> = {}): string {
  let path: string = template;
  if (path.includes('/{tenant}')) {
    path = target.form === 'legacy' ? path.replace('/{tenant}', '') : path.replace('{tenant}', encodeSegment('tenant', target.tenant));
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

/** Parses "1.3.25", "0.22.4-SNAPSHOT", "v1.0" into numbers; undefined when unreadable. */
export function parseVersion(version: unknown): { major: number; minor: number; patch: number } | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** Decides the API form from the version in /api/v1/configs (tenant form when unknown: every current server). */
export function apiFormForVersion(version: unknown): ApiForm {
  const parsed = parseVersion(version);
  if (!parsed) return 'tenant';
  if (parsed.major >= 2) return 'v2';
  if (parsed.major === 0 && parsed.minor < 23) return 'legacy';
  return 'tenant';
}

/** True when the server is at least major.minor. */
export function versionAtLeast(version: unknown, major: number, minor: number): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return true;
  return parsed.major > major || (parsed.major === major && parsed.minor >= minor);
}

// Authentication modes of the sandbox: none, Kestra OSS basic auth (header or the UI's BASIC_AUTH
// cookie), or an Enterprise-style API token (`Authorization: Bearer <token>`).
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { KestraHttpError } from './http-error';

export type SandboxAuth = { username: string; password: string } | { bearerToken: string };

/** Paths Kestra serves without credentials (configs, ping, webhooks, anything outside /api/v1). */
export function isOpenPath(pathname: string): boolean {
  if (!pathname.startsWith('/api/v1/')) return true;
  if (pathname === '/api/v1/configs' || pathname === '/api/v1/basicAuthValidationErrors') return true;
  return /^\/api\/v1\/(?:[^/]+\/)?executions\/webhook\//.test(pathname);
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time regardless of length.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

function decodeBasic(encoded: string): { user: string; password: string } | undefined {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * The embedded Local sandbox's per-launch token (only the console's main process knows it): every
 * request but `/ping` and webhooks must carry `Authorization: Bearer <token>`. Unlike `auth`, it is
 * not a Kestra persona: the sandbox still answers as the OSS version it plays.
 */
export function checkAccessToken(req: IncomingMessage, pathname: string, token: string | undefined): void {
  if (token === undefined || pathname === '/ping' || /^\/api\/v1\/(?:[^/]+\/)?executions\/webhook\//.test(pathname)) return;
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (match && sameSecret(match[1]!.trim(), token)) return;
  throw new KestraHttpError(401, 'Unauthorized: this sandbox belongs to a Kestra Console session', undefined, true, { 'WWW-Authenticate': 'Bearer' });
}

/** Throws 401 (empty body, `WWW-Authenticate`) unless the request carries the configured credentials. */
export function authenticate(req: IncomingMessage, auth: SandboxAuth | undefined): void {
  if (!auth) return;
  const header = req.headers.authorization ?? '';
  if ('bearerToken' in auth) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match && sameSecret(match[1]!.trim(), auth.bearerToken)) return;
    throw new KestraHttpError(401, 'Unauthorized', undefined, true, { 'WWW-Authenticate': 'Bearer' });
  }
  const basic = /^Basic\s+(.+)$/i.exec(header)?.[1] ?? cookie(req, 'BASIC_AUTH');
  const credentials = basic ? decodeBasic(basic.trim()) : undefined;
  if (credentials && sameSecret(credentials.user, auth.username) && sameSecret(credentials.password, auth.password)) return;
  // Kestra leaves the header out when the request comes from its own login page.
  const fromLogin = (req.headers.referer ?? '').endsWith('/login');
  throw new KestraHttpError(401, 'Unauthorized', undefined, true, fromLogin ? {} : { 'WWW-Authenticate': 'Basic' });
}

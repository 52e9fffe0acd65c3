// Authentication modes of the sandbox: none, Kestra OSS basic auth (header or the UI's BASIC_AUTH
// cookie), or an Enterprise-style API token (`Authorization: Bearer <token>`). Which paths are open
// and how a 401 reads depend on the persona; Enterprise personas resolve the caller for RBAC.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { KestraHttpError } from './http-error';
import type { Persona } from '../personas/persona';
import { principalOfToken, principalOfUser, type Principal } from '../personas/enterprise';

export type SandboxAuth = { username: string; password: string } | { bearerToken: string };

/**
 * Paths Kestra serves without credentials: anything outside /api/v1, webhooks, the setup-page
 * probes, and `/api/v1/configs` where the version opens it (0.24 and 1.x; 2.x opens
 * `/api/v1/configs/login` instead).
 */
export function isOpenPath(pathname: string, persona?: Pick<Persona, 'auth'>): boolean {
  if (!pathname.startsWith('/api/v1/')) return true;
  const path = pathname.replace(/\/+/g, '/');
  if (path === '/api/v1/configs') return persona?.auth.configsOpen ?? true;
  if (path === '/api/v1/configs/login' || path === '/api/v1/basicAuthValidationErrors') return true;
  return /^\/api\/v1\/(?:[^/]+\/)?executions\/webhook\//.test(path);
}

export function sameSecret(a: string, b: string): boolean {
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

function basicCredentials(req: IncomingMessage, allowCookie: boolean): { user: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(.+)$/i.exec(header)?.[1] ?? (allowCookie ? cookie(req, 'BASIC_AUTH') : undefined);
  return basic ? decodeBasic(basic.trim()) : undefined;
}

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

function unauthorized(challenge: string | undefined): KestraHttpError {
  return new KestraHttpError(401, 'Unauthorized', undefined, true, challenge ? { 'WWW-Authenticate': challenge } : {});
}

/** Throws 401 (empty body, `WWW-Authenticate`) unless the request carries the configured credentials. */
export function authenticate(req: IncomingMessage, auth: SandboxAuth | undefined, persona?: Pick<Persona, 'auth'>): void {
  if (!auth) return;
  if ('bearerToken' in auth) {
    const token = bearer(req);
    if (token !== undefined && sameSecret(token, auth.bearerToken)) return;
    throw unauthorized('Bearer');
  }
  const credentials = basicCredentials(req, persona?.auth.cookie ?? true);
  if (credentials && sameSecret(credentials.user, auth.username) && sameSecret(credentials.password, auth.password)) return;
  // Kestra leaves the header out when the request comes from its own login page.
  const fromLogin = (req.headers.referer ?? '').split('?')[0]!.endsWith('/login');
  throw unauthorized(fromLogin ? undefined : (persona?.auth.basicChallenge ?? 'Basic'));
}

/**
 * Enterprise: the service account behind a bearer token, or the configured user behind basic
 * auth. A bare `--token` (SandboxAuth bearer) acts as a superadmin token. Throws 401 otherwise.
 */
export function authenticateEnterprise(req: IncomingMessage, persona: Persona, auth: SandboxAuth | undefined): Principal {
  const enterprise = persona.enterprise!;
  const token = bearer(req);
  if (token !== undefined) {
    const principal = principalOfToken(enterprise, token, sameSecret);
    if (principal) return principal;
    if (auth && 'bearerToken' in auth && sameSecret(token, auth.bearerToken)) return { name: 'sandbox-token', superAdmin: true, grants: { '*': {} } };
  }
  const credentials = basicCredentials(req, persona.auth.cookie);
  const user = enterprise.user ?? (auth && 'username' in auth ? { username: auth.username, password: auth.password } : undefined);
  if (credentials && user && sameSecret(credentials.user, user.username) && sameSecret(credentials.password, user.password)) {
    return principalOfUser({ ...enterprise, user })!;
  }
  throw unauthorized('Bearer');
}

// The one error the client throws. It is built from whatever the server (or the network) did:
// Kestra's Micronaut JSON errors, RFC 9457 problem+json (Kestra 2.x), an HTML page from a proxy,
// an empty 401, a reset socket, a refused certificate. Its text never carries a secret: every
// message passes through `redact` with the secrets of the request that failed.
import type { ConsoleErrorData, ConsoleErrorKind, FieldError } from '../contract/result';
import { ConsoleError } from '../ipc/console-error';

export class KestraError extends ConsoleError {
  constructor(kind: ConsoleErrorKind, message: string, extra: Omit<ConsoleErrorData, 'kind' | 'message'> = {}) {
    super(kind, message, extra);
    this.name = 'KestraError';
  }
}

const MAX_DETAIL = 2_000;

/** How a secret can come back in a server's text: as sent, re-cased, base64'd, URL- or JSON-encoded. */
function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const text of [secret, secret.toUpperCase(), secret.toLowerCase()]) {
    const base64 = Buffer.from(text).toString('base64');
    const url = encodeURIComponent(text);
    forms.add(text);
    forms.add(base64);
    forms.add(base64.replace(/=+$/, ''));
    forms.add(Buffer.from(text).toString('base64url'));
    forms.add(url);
    forms.add(url.replace(/%20/g, '+'));
    forms.add(encodeURI(text));
    forms.add(JSON.stringify(text).slice(1, -1));
  }
  return [...forms].filter((form) => form.length >= 3);
}

/**
 * Removes every occurrence of the given secrets from a text, in any letter case and in their
 * usual encodings (base64 and base64url, with or without padding; URL and form encoding; JSON
 * escapes). Callers pass the header values they sent too (`Basic <base64 of user:password>`).
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = secrets.filter((secret) => typeof secret === 'string' && secret.length >= 3).flatMap(secretForms);
  if (forms.length === 0 || text === '') return text;
  // Longest first, so a form that contains another is removed whole.
  const pattern = [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|');
  return text.replace(new RegExp(pattern, 'giu'), '••••');
}

function redactData(data: ConsoleErrorData, secrets: readonly string[]): ConsoleErrorData {
  if (secrets.length === 0) return data;
  const r = (s: string | undefined): string | undefined => (s === undefined ? undefined : redact(s, secrets));
  return {
    ...data,
    message: r(data.message)!,
    ...(data.detail !== undefined ? { detail: r(data.detail) } : {}),
    ...(data.location !== undefined ? { location: r(data.location) } : {}),
    ...(data.fieldErrors ? { fieldErrors: data.fieldErrors.map((f) => ({ message: r(f.message)!, ...(f.path ? { path: r(f.path) } : {}) })) } : {}),
  };
}

export function redactError(error: KestraError, secrets: readonly string[]): KestraError {
  const data = redactData(error.data, secrets);
  const { kind, message, ...extra } = data;
  return new KestraError(kind, message, extra);
}

function clip(text: string, max = MAX_DETAIL): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), if any. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Access denied',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Too large',
  415: 'Unsupported content type',
  422: 'Invalid',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

function kindForStatus(status: number): ConsoleErrorKind {
  if (status === 401) return 'auth';
  // Signed in, but RBAC refuses: never a login failure.
  if (status === 403) return 'forbidden';
  if (status === 422) return 'validation';
  return 'http';
}

export interface ResponseFacts {
  status: number;
  contentType: string;
  body: string;
  retryAfter?: string;
  /** What the console was doing, e.g. "loading flows". */
  what: string;
  wwwAuthenticate?: string;
}

/** Builds the error for a non-2xx answer (or a 2xx answer that is not what we asked for). */
export function errorFromResponse(facts: ResponseFacts): KestraError {
  const { status, contentType, body, what } = facts;
  const retryAfterSeconds = parseRetryAfter(facts.retryAfter);
  const extra: Omit<ConsoleErrorData, 'kind' | 'message'> = { status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  const statusText = STATUS_TEXT[status] ?? `HTTP ${status}`;
  const type = contentType.toLowerCase();

  if (type.includes('text/html')) {
    // A reverse proxy or SSO gateway answered instead of Kestra (often a login page).
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]?.trim();
    if (status < 400 || status === 401 || status === 403) {
      return new KestraError('auth', `The server answered ${what} with a web page${title ? ` ("${clip(title, 120)}")` : ''} instead of Kestra data: a proxy in front of Kestra probably requires you to sign in.`, extra);
    }
    return new KestraError(kindForStatus(status), `${statusText} while ${what}: a proxy in front of Kestra answered with a web page${title ? ` ("${clip(title, 120)}")` : ''}.`, extra);
  }

  if (type.includes('json') && body.trim() !== '') {
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object') {
      if (type.includes('problem+json') || (typeof parsed.title === 'string' && typeof parsed.status === 'number')) {
        // Kestra 2.x: RFC 9457 problem details.
        const detail = typeof parsed.detail === 'string' ? parsed.detail : undefined;
        const title = typeof parsed.title === 'string' ? parsed.title : statusText;
        const fieldErrors: FieldError[] = asArray(parsed.errors as Record<string, unknown>[] | undefined)
          .filter((e) => e && typeof e === 'object')
          .map((e) => ({
            message: clip(String(e.detail ?? e.message ?? '')),
            ...(typeof e.path === 'string' ? { path: e.path } : typeof e.pointer === 'string' ? { path: e.pointer } : {}),
          }));
        return new KestraError(kindForStatus(status), clip(detail ? `${title}: ${detail}` : title), {
          ...extra,
          title: clip(title, 200),
          ...(detail ? { detail: clip(detail) } : {}),
          ...(fieldErrors.length ? { fieldErrors } : {}),
        });
      }
      // Kestra 1.x / Micronaut JsonError: {message, _embedded: {errors: [{message, path}] | {…}}}
      const message = typeof parsed.message === 'string' ? parsed.message : undefined;
      const embedded = (parsed._embedded as { errors?: unknown } | undefined)?.errors;
      const fieldErrors: FieldError[] = asArray(embedded as Record<string, unknown>[] | Record<string, unknown> | undefined)
        .filter((e) => e && typeof e === 'object')
        .map((e) => ({ message: clip(String(e.message ?? '')), ...(typeof e.path === 'string' ? { path: e.path } : {}) }));
      // Bulk endpoints: {message, invalids: [{message, invalidValue, propertyPath}]}
      for (const invalid of asArray(parsed.invalids as Record<string, unknown>[] | undefined)) {
        if (invalid && typeof invalid === 'object') {
          fieldErrors.push({ message: clip(String(invalid.message ?? '')), ...(typeof invalid.propertyPath === 'string' ? { path: invalid.propertyPath } : {}) });
        }
      }
      if (message) {
        return new KestraError(kindForStatus(status), clip(message), { ...extra, detail: clip(message), ...(fieldErrors.length ? { fieldErrors } : {}) });
      }
    }
  }

  if (status === 401) {
    const scheme = facts.wwwAuthenticate?.split(/\s/)[0];
    return new KestraError('auth', `The server requires authentication${scheme ? ` (${scheme})` : ''}: check the username and password or token of this server.`, extra);
  }
  if (status === 403) return new KestraError('forbidden', `Your account lacks permission for ${what}.`, extra);
  if (status === 404) return new KestraError('http', `Not found while ${what}.`, extra);
  if (status === 503 && retryAfterSeconds !== undefined) {
    return new KestraError('http', `The server is unavailable; it asks to retry in ${retryAfterSeconds} s.`, extra);
  }
  if (status < 300) {
    // A success status with something that is not Kestra's JSON: not an error of the server's own
    // saying ("HTTP 200" would read as if 200 were the fault). Whatever it sent is in the details.
    return new KestraError('http', `While ${what}, the server answered ${status} with something that is not Kestra data (${type || 'no content type'}): check that this address is a Kestra server's API.`, {
      ...extra,
      ...(body.trim() ? { detail: clip(body.trim()) } : {}),
    });
  }
  const text = type.startsWith('text/plain') && body.trim() ? `: ${clip(body.trim(), 300)}` : '';
  return new KestraError(kindForStatus(status), `${statusText} (${status}) while ${what}${text}.`, { ...extra, ...(text ? { detail: clip(body.trim()) } : {}) });
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'KC_PIN_MISMATCH',
]);

function codeOf(error: unknown): string | undefined {
  // undici wraps socket and TLS errors; the most telling code may sit on a `cause`.
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes.find((c) => TLS_CODES.has(c) || /^E[A-Z_]+$/.test(c)) ?? codes[0];
}

/** Maps a thrown network/TLS/timeout error to a KestraError. `origin` names the server in messages. */
export function errorFromException(error: unknown, what: string, origin: string): KestraError {
  if (error instanceof KestraError) return error;
  const code = codeOf(error);
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return new KestraError('cancelled', 'Cancelled');
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new KestraError('timeout', `Could not connect to ${origin} in time while ${what}.`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new KestraError('timeout', `${origin} did not answer in time while ${what}.`);
  if (code === 'UND_ERR_BODY_TIMEOUT') return new KestraError('timeout', `${origin} stopped sending data while ${what}.`);
  if (code && TLS_CODES.has(code)) {
    if (code === 'KC_PIN_MISMATCH') {
      return new KestraError('tls', `The certificate of ${origin} does not match the pinned fingerprint: it changed, or someone is intercepting the connection.`);
    }
    if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
      return new KestraError('tls', `${origin} presents a self-signed certificate. Add its CA certificate or pin its fingerprint in the server settings.`);
    }
    if (code === 'CERT_HAS_EXPIRED') return new KestraError('tls', `The certificate of ${origin} has expired.`);
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new KestraError('tls', `The certificate of ${origin} is for another host name.`);
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') return new KestraError('tls', `TLS handshake with ${origin} failed (is it really an https server?).`);
    return new KestraError('tls', `The certificate of ${origin} is not trusted (${code}). Add its CA certificate or pin its fingerprint.`);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new KestraError('network', `${origin} refused the connection while ${what}: is the server running?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new KestraError('network', `The host of ${origin} could not be found while ${what}.`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new KestraError('network', `The connection to ${origin} was cut while ${what}.`);
    case 'ETIMEDOUT':
      return new KestraError('timeout', `The connection to ${origin} timed out while ${what}.`);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return new KestraError('network', `${origin} is not reachable from this machine (${code}).`);
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return new KestraError('network', `The transfer with ${origin} ended early while ${what}.`);
    default:
      return new KestraError('network', `Network error while ${what} with ${origin}${code ? ` (${code})` : ''}.`);
  }
}

/** Error codes after which a GET may be tried again. */
export function isRetryableNetworkError(error: KestraError): boolean {
  return error.data.kind === 'network' && !/could not be found/.test(error.message);
}

// The request engine under the Kestra client, one per server. It attaches credentials only to the
// server's exact origin, follows redirects by hand (same origin only), applies a timeout per kind
// of call, cancels on the caller's signal, retries idempotent calls with backoff honouring
// Retry-After, and turns every failure into a KestraError with no secret in its text.
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { AuthKind, TimeoutSettings, TlsSettings } from '../contract/servers';
import { errorFromException, errorFromResponse, isRetryableNetworkError, KestraError, redactError } from './kestra-error';
import { createServerDispatcher } from './server-dispatcher';
import { ConsoleError } from '../ipc/console-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * - api: an ordinary call (headers within `requestMs`, whole call within twice that)
 * - list: a search or listing that may be slow on a big server (twice the api budget)
 * - stream: SSE; no deadline and no idle limit (Kestra sends no heartbeat), only the headers timeout
 * - transfer: upload/download; no deadline, but a stall (no bytes moving) ends it
 */
export type CallKind = 'api' | 'list' | 'stream' | 'transfer';

export interface Credentials {
  authKind: AuthKind;
  username?: string;
  secret?: string;
}

export type RequestBody =
  | { data: string | Uint8Array; contentType: string }
  /** A body read once from a stream (uploads); never replayed, so never retried or redirected. */
  | { stream: () => Readable; contentType: string; length?: number };

export interface RequestSpec {
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  body?: RequestBody;
  kind?: CallKind;
  /** May be sent again after a network error or 429/502/503/504. Default: GET only. Never for execution starts. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** What the console was doing, for messages: "loading flows". */
  what: string;
  /** Accept the response whatever its status (the caller reads it); default: 2xx only. */
  acceptStatus?: (status: number) => boolean;
}

export interface KestraResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** Where the answer finally came from (after same-origin redirects). */
  url: URL;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is reported to the user instead of waited for. */
  maxRetryAfterSeconds: number;
}

export interface KestraHttpOptions {
  baseUrl: string;
  timeouts: TimeoutSettings;
  tls?: TlsSettings;
  useEnvironmentProxy?: boolean;
  /** Looked up per request, so a changed secret applies at once and none is cached here. */
  credentials: () => Promise<Credentials>;
  retry?: Partial<RetryPolicy>;
  /** Stall limit for transfers (no byte moving), default 60 s. */
  transferStallMs?: number;
  /** Reuse a dispatcher (tests); otherwise one is built from the TLS settings. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterSeconds: 30 };
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const MAX_ERROR_BODY = 64 * 1024;
export const MAX_JSON_BODY = 256 * 1024 * 1024;

function header(headers: KestraResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads at most `max` bytes of a body as UTF-8; the rest is discarded. */
export async function readLimited(body: Readable, max: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > max) {
      chunks.push(chunk.subarray(0, max - size));
      size = max;
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  if (truncated) body.destroy();
  return { text: Buffer.concat(chunks, size).toString('utf8'), truncated };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

class DeadlineError extends Error {
  constructor() {
    super('deadline');
    this.name = 'DeadlineError';
  }
}

export class KestraHttp {
  readonly origin: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: KestraHttpOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      createServerDispatcher({ tls: options.tls ?? {}, connectTimeoutMs: options.timeouts.connectMs, useEnvironmentProxy: options.useEnvironmentProxy ?? true });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  get timeouts(): TimeoutSettings {
    return this.options.timeouts;
  }

  /** Lets in-flight requests (and open streams) finish, then releases the connections. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close().catch(() => undefined);
  }

  /** Ends everything now: in-flight requests and open streams fail (console shutdown). */
  async destroy(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy().catch(() => undefined);
  }

  private deadlineMs(kind: CallKind): number | undefined {
    if (kind === 'api') return this.options.timeouts.requestMs * 2;
    if (kind === 'list') return this.options.timeouts.requestMs * 4;
    return undefined;
  }

  private authorization(credentials: Credentials): string | undefined {
    if (!credentials.secret) return undefined;
    if (credentials.authKind === 'basic') return `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.secret}`).toString('base64')}`;
    if (credentials.authKind === 'bearer') return `Bearer ${credentials.secret}`;
    return undefined;
  }

  /**
   * Sends a request and hands the (2xx, or accepted) response to `consume`, all under one deadline
   * and one cancellation signal. With `keepOpen` the caller's signal stays wired to the response
   * after `consume` returns (streams and downloads read the body later).
   */
  private async run<T>(spec: RequestSpec, consume: (response: KestraResponse) => Promise<T>, keepOpen = false): Promise<T> {
    const kind = spec.kind ?? 'api';
    const idempotent = spec.idempotent ?? spec.method === 'GET';
    const deadline = this.deadlineMs(kind);
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort(spec.signal?.reason);
    if (spec.signal?.aborted) throw new KestraError('cancelled', 'Cancelled');
    spec.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = deadline ? setTimeout(() => controller.abort(new DeadlineError()), deadline) : undefined;
    let secrets: string[] = [];
    let settled = false;
    try {
      const credentials = await this.options.credentials();
      // Everything that could echo back: the secret itself and the exact header value we send.
      const auth = this.authorization(credentials);
      secrets = [credentials.secret, auth, auth?.split(' ')[1]].filter((v): v is string => typeof v === 'string' && v !== '');
      for (let attempt = 0; ; attempt += 1) {
        let response: KestraResponse;
        try {
          response = await this.sendFollowingRedirects(spec, kind, credentials, controller.signal);
        } catch (error) {
          const failure = this.failure(error, spec, controller.signal, deadline);
          if (idempotent && attempt < this.retry.maxRetries && isRetryableNetworkError(failure) && !controller.signal.aborted) {
            await sleep(this.backoff(attempt), controller.signal);
            continue;
          }
          throw failure;
        }
        const ok = (response.status >= 200 && response.status < 300) || spec.acceptStatus?.(response.status) === true;
        if (ok) {
          const value = await consume(response);
          settled = true;
          // An open body keeps the caller's cancel wired until it closes, then lets go of the
          // signal: a log follow reconnecting for hours would otherwise pile listeners on it.
          if (keepOpen) response.body.once('close', () => spec.signal?.removeEventListener('abort', onCallerAbort));
          return value;
        }
        const error = await this.responseError(response, spec.what);
        if (!RETRY_STATUSES.has(response.status) || !idempotent || attempt >= this.retry.maxRetries) throw error;
        // Retry: honour Retry-After when it fits the budget, else back off exponentially.
        const waitSeconds = error.data.retryAfterSeconds;
        if (waitSeconds !== undefined && waitSeconds > this.retry.maxRetryAfterSeconds) throw error;
        await sleep(waitSeconds !== undefined ? waitSeconds * 1000 : this.backoff(attempt), controller.signal);
      }
    } catch (error) {
      throw redactError(this.failure(error, spec, controller.signal, deadline), secrets);
    } finally {
      if (timer) clearTimeout(timer);
      if (!keepOpen || !settled) spec.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /**
   * Opens a response whose body the caller reads (SSE, downloads). Cancelling the caller's signal
   * later destroys the body. Use only for `stream` and `transfer` calls.
   */
  open(spec: RequestSpec): Promise<KestraResponse> {
    return this.run(spec, async (response) => response, true);
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private failure(error: unknown, spec: RequestSpec, signal: AbortSignal, deadline: number | undefined): KestraError {
    if (error instanceof KestraError) return error;
    if (error instanceof ConsoleError) {
      // e.g. the vault could not produce the credentials: keep its kind and words.
      const { kind, message, ...extra } = error.data;
      return new KestraError(kind, message, extra);
    }
    if (signal.aborted) {
      if (signal.reason instanceof DeadlineError) {
        return new KestraError('timeout', `${this.origin} did not answer within ${Math.round((deadline ?? 0) / 1000)} s while ${spec.what}.`);
      }
      return new KestraError('cancelled', 'Cancelled');
    }
    return errorFromException(error, spec.what, this.origin);
  }

  private async responseError(response: KestraResponse, what: string): Promise<KestraError> {
    let text: string;
    try {
      text = (await readLimited(response.body, MAX_ERROR_BODY)).text;
    } catch {
      text = '';
    }
    return errorFromResponse({
      status: response.status,
      contentType: header(response.headers, 'content-type') ?? '',
      body: text,
      retryAfter: header(response.headers, 'retry-after'),
      wwwAuthenticate: header(response.headers, 'www-authenticate'),
      what,
    });
  }

  private async sendFollowingRedirects(spec: RequestSpec, kind: CallKind, credentials: Credentials, signal: AbortSignal): Promise<KestraResponse> {
    let url = spec.url;
    let method = spec.method;
    let body = spec.body;
    const auth = this.authorization(credentials);
    for (let hop = 0; ; hop += 1) {
      if (url.origin !== this.origin) throw new KestraError('internal', 'Refusing to send a request outside the server origin');
      const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
      // Credentials go to this server's exact origin (scheme, host, port) and nowhere else.
      if (auth && url.origin === this.origin) headers.authorization = auth;
      let payload: string | Uint8Array | Readable | undefined;
      if (body) {
        headers['content-type'] = body.contentType;
        if ('data' in body) payload = body.data;
        else {
          payload = body.stream();
          if (body.length !== undefined) headers['content-length'] = String(body.length);
        }
      }
      const stall = Math.max(this.options.transferStallMs ?? 60_000, 1_000);
      const response = await request(url, {
        method,
        headers,
        body: payload,
        dispatcher: this.dispatcher,
        signal,
        // Transfers move big bodies: larger buffers mean fewer, larger chunks through JS.
        ...(kind === 'transfer' ? { highWaterMark: 1024 * 1024 } : {}),
        headersTimeout: kind === 'transfer' ? Math.max(stall, this.options.timeouts.requestMs) : this.options.timeouts.requestMs * (kind === 'list' ? 2 : 1),
        bodyTimeout: kind === 'stream' ? 0 : kind === 'transfer' ? stall : this.options.timeouts.requestMs * (kind === 'list' ? 2 : 1),
      });
      const result: KestraResponse = { status: response.statusCode, headers: response.headers, body: response.body, url };
      if (![301, 302, 303, 307, 308].includes(response.statusCode)) return result;

      const location = header(response.headers, 'location');
      response.body.resume();
      response.body.on('error', () => undefined);
      if (!location) throw new KestraError('http', `The server answered ${response.statusCode} without a Location while ${spec.what}.`, { status: response.statusCode });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new KestraError('redirect', `The server redirected to an invalid address while ${spec.what}.`, { status: response.statusCode });
      }
      next.username = '';
      next.password = '';
      if (next.origin !== this.origin) {
        // Never follow: the other origin would receive our credentials (or a downgrade to http).
        throw new KestraError(
          'redirect',
          `The server redirected to another address (${next.origin}) while ${spec.what}. The console does not follow it, so your credentials stay with ${this.origin}. If the server moved, update its URL.`,
          { status: response.statusCode, location: `${next.origin}${next.pathname}` },
        );
      }
      if (hop >= MAX_REDIRECTS) throw new KestraError('redirect', `Too many redirects while ${spec.what}.`, { status: response.statusCode });
      const keepsMethod = response.statusCode === 307 || response.statusCode === 308;
      if (!keepsMethod && (response.statusCode === 303 || method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      if (body && 'stream' in body) {
        throw new KestraError('redirect', `The server redirected an upload (${response.statusCode}); it was not sent again.`, { status: response.statusCode, location: `${next.origin}${next.pathname}` });
      }
      url = next;
    }
  }

  /** A JSON answer, parsed. A 2xx answer that is not JSON (a proxy's login page) is an error. */
  json<T>(spec: RequestSpec): Promise<T> {
    return this.run(spec, async (response) => {
      const text = await this.readBody(response, spec, MAX_JSON_BODY);
      const type = (header(response.headers, 'content-type') ?? '').toLowerCase();
      if (!type.includes('json')) {
        if (text.trim() === '') return undefined as T;
        throw errorFromResponse({ status: response.status, contentType: type, body: text, what: spec.what });
      }
      try {
        return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
      } catch {
        throw new KestraError('http', `The server sent unreadable JSON while ${spec.what}.`, { status: response.status });
      }
    });
  }

  /** A text answer (at most `max` bytes, else an error unless `truncate`). */
  text(spec: RequestSpec, max = MAX_JSON_BODY, truncate = false): Promise<{ text: string; truncated: boolean; contentType: string }> {
    return this.run(spec, async (response) => {
      const contentType = (header(response.headers, 'content-type') ?? '').toLowerCase();
      if (contentType.includes('text/html')) {
        const page = await this.readBody(response, spec, MAX_ERROR_BODY, true);
        throw errorFromResponse({ status: response.status, contentType, body: page, what: spec.what });
      }
      const { text, truncated } = await readLimited(response.body, truncate ? max : max + 1);
      if (truncated && !truncate) throw new KestraError('http', `The server's answer is too large while ${spec.what}.`);
      return { text, truncated, contentType };
    });
  }

  /** Raw bytes of an answer (at most `max`, else an error). */
  bytes(spec: RequestSpec, max: number): Promise<Buffer> {
    return this.run(spec, async (response) => {
      const contentType = (header(response.headers, 'content-type') ?? '').toLowerCase();
      if (contentType.includes('text/html')) {
        const page = await this.readBody(response, spec, MAX_ERROR_BODY, true);
        throw errorFromResponse({ status: response.status, contentType, body: page, what: spec.what });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > max) {
          response.body.destroy();
          throw new KestraError('http', `The server's answer is too large while ${spec.what}.`);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks, size);
    });
  }

  /** A call whose answer body does not matter (beyond not being a proxy's login page). */
  empty(spec: RequestSpec): Promise<void> {
    return this.run(spec, async (response) => {
      const type = (header(response.headers, 'content-type') ?? '').toLowerCase();
      if (type.includes('text/html')) {
        const text = await this.readBody(response, spec, MAX_ERROR_BODY, true);
        throw errorFromResponse({ status: response.status, contentType: type, body: text, what: spec.what });
      }
      await response.body.dump({ limit: 1024 * 1024 }).catch(() => undefined);
    });
  }

  private async readBody(response: KestraResponse, spec: RequestSpec, max: number, truncate = false): Promise<string> {
    const { text, truncated } = await readLimited(response.body, truncate ? max : max + 1);
    if (truncated && !truncate) throw new KestraError('http', `The server's answer is too large while ${spec.what}.`);
    return text;
  }
}

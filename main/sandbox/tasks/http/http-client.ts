// The one HTTP client of the sandbox's tasks (Request, Download, notifications, the HTTP trigger),
// on undici. Bounded: a connect timeout, a read-idle timeout, a response size cap the caller reads
// with, http(s) only, and redirects followed by hand so a `Location` can never lead to a `file:` or
// other non-HTTP URL (nor carry credentials to another origin).
import { Agent, ProxyAgent, request, type Dispatcher, type FormData } from 'undici';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';

export const HTTP_LIMITS = Object.freeze({
  connectTimeoutMs: 30_000,
  /** Longest wait for response headers, and longest silence while reading the body. */
  readIdleTimeoutMs: 5 * 60_000,
  maxRedirects: 10,
  /** `Request` keeps the body in memory (and in the outputs): Kestra's default maxContentLength. */
  maxResponseBytes: 10 * 1024 * 1024,
  /** `Download` streams to internal storage. */
  maxDownloadBytes: 1024 * 1024 * 1024,
});

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type HttpBody = string | Buffer | FormData;

export interface HttpCall {
  url: string;
  method: string;
  headers: Record<string, string | string[]>;
  body?: HttpBody;
  connectTimeoutMs?: number;
  readIdleTimeoutMs?: number;
  followRedirects?: boolean;
  /** Trust any TLS certificate (options.ssl.insecureTrustAllCertificates). */
  insecure?: boolean;
  proxy?: { url: string; username?: string; password?: string };
  signal: AbortSignal;
}

export interface HttpResult {
  status: number;
  /** Header name (lower case) → values. */
  headers: Record<string, string[]>;
  /** The URL that answered, after redirects. */
  url: string;
  body: Readable;
}

const agents = new Map<string, Dispatcher>();

function dispatcherFor(call: HttpCall): Dispatcher {
  const connectTimeout = call.connectTimeoutMs ?? HTTP_LIMITS.connectTimeoutMs;
  const key = JSON.stringify([connectTimeout, call.insecure === true, call.proxy ?? null]);
  let dispatcher = agents.get(key);
  if (!dispatcher) {
    const connect = { timeout: connectTimeout, ...(call.insecure ? { rejectUnauthorized: false } : {}) };
    dispatcher = call.proxy
      ? new ProxyAgent({
          uri: call.proxy.url,
          connect,
          ...(call.proxy.username !== undefined ? { token: `Basic ${Buffer.from(`${call.proxy.username}:${call.proxy.password ?? ''}`).toString('base64')}` } : {}),
        })
      : new Agent({ connect });
    agents.set(key, dispatcher);
  }
  return dispatcher;
}

/** Only http and https: a `file:`, `data:`, `ftp:`… URL is refused with a message that says so. */
export function checkHttpUrl(text: string, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Invalid ${what} '${text}': not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Refusing the ${what} '${text}': only http and https URLs are allowed`);
  return url;
}

function headerMap(headers: Record<string, string | string[] | undefined>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  return result;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends the request, following redirects when asked (http(s) only, at most HTTP_LIMITS.maxRedirects). */
export async function httpCall(call: HttpCall): Promise<HttpResult> {
  let url = checkHttpUrl(call.url);
  let method = call.method.toUpperCase();
  let body = call.body;
  let headers = { ...call.headers };
  for (let hop = 0; ; hop += 1) {
    const response = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body: body as Dispatcher.DispatchOptions['body'],
      dispatcher: dispatcherFor(call),
      signal: call.signal,
      headersTimeout: call.readIdleTimeoutMs ?? HTTP_LIMITS.readIdleTimeoutMs,
      bodyTimeout: call.readIdleTimeoutMs ?? HTTP_LIMITS.readIdleTimeoutMs,
    });
    const location = response.headers.location;
    if (call.followRedirects !== false && REDIRECTS.has(response.statusCode) && typeof location === 'string') {
      response.body.resume();
      if (hop >= HTTP_LIMITS.maxRedirects) throw new Error(`Too many redirects (more than ${HTTP_LIMITS.maxRedirects}) from '${call.url}'`);
      const next = checkHttpUrl(new URL(location, url).toString(), 'redirect to');
      if (next.origin !== url.origin) {
        // Credentials are for the origin they were given to.
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|cookie|proxy-authorization)$/i.test(name)));
      }
      if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(type|length)$/i.test(name)));
      }
      url = next;
      continue;
    }
    return { status: response.statusCode, headers: headerMap(response.headers), url: url.toString(), body: response.body };
  }
}

/** Reads a whole body, failing past `maxBytes`. */
export async function readCapped(body: Readable, maxBytes: number, hint: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`The response is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB${hint}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A pass-through that counts bytes and fails past `maxBytes`. */
export function sizeLimit(maxBytes: number, onSize: (size: number) => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      onSize(size);
      if (size > maxBytes) done(new Error(`The download is larger than the sandbox's limit of ${Math.round(maxBytes / (1024 * 1024))} MiB`));
      else done(null, chunk);
    },
  });
}

/** `Authorization` from Kestra's `options.auth` (BASIC, BEARER) or the deprecated basicAuthUser/Password. */
export function authorizationHeader(options: Record<string, unknown> | undefined): string | undefined {
  if (!options) return undefined;
  const auth = options.auth as Record<string, unknown> | undefined;
  const type = String(auth?.type ?? '').toUpperCase();
  if (type === 'BASIC' || (!auth && options.basicAuthUser !== undefined)) {
    const user = String(auth?.username ?? options.basicAuthUser ?? '');
    const password = String(auth?.password ?? options.basicAuthPassword ?? '');
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  if (type === 'BEARER') return `Bearer ${String(auth?.token ?? '')}`;
  return undefined;
}

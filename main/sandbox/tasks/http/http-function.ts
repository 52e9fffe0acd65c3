// Kestra's Pebble `http()` function (HttpFunction): `http(uri, method?, query?, body?, contentType?,
// headers?, options?, accept?)` calls an HTTP endpoint while a template renders and returns the
// response body (JSON read into maps and lists, anything else as text). Pebble rendering is
// synchronous, so the call runs on a worker thread while the caller waits on an Atomics slot: the
// engine is blocked for at most the call's timeout (30 s by default), as a Kestra executor thread is.
// Bounded like the HTTP tasks: http(s) only, redirects checked, 10 MiB of response.
import { Worker } from 'node:worker_threads';
import { stringify as yamlStringify } from 'yaml';
import type { HostFunction } from '../../pebble';
import { parseDuration } from '../../../../shared/iso-duration';
import { authorizationHeader, checkHttpUrl, HTTP_LIMITS } from './http-client';

const DEFAULT_TIMEOUT_MS = 30_000;
const HEADER_BYTES = 8;

// Plain JavaScript run by the worker: fetch with manual redirects (http and https only), the body
// capped, the answer written as JSON into the shared buffer, then the slot flipped and notified.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ call, buffer }) => {
  const state = new Int32Array(buffer, 0, 2);
  const data = new Uint8Array(buffer, ${HEADER_BYTES});
  let answer;
  try {
    let url = new URL(call.url);
    let method = call.method;
    let body = call.body === null ? undefined : call.body;
    let headers = call.headers;
    const signal = AbortSignal.timeout(call.timeoutMs);
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (call.followRedirects && [301, 302, 303, 307, 308].includes(response.status) && location) {
        if (hop >= ${HTTP_LIMITS.maxRedirects}) throw new Error('Too many redirects');
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error("Refusing the redirect to '" + next + "': only http and https URLs are allowed");
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method !== 'GET' && method !== 'HEAD')) { method = 'GET'; body = undefined; }
        url = next;
        continue;
      }
      const chunks = [];
      let size = 0;
      if (response.body) {
        for await (const chunk of response.body) {
          size += chunk.length;
          if (size > call.maxBytes) throw new Error('The response is larger than ' + Math.round(call.maxBytes / 1048576) + ' MiB');
          chunks.push(Buffer.from(chunk));
        }
      }
      answer = { status: response.status, statusText: response.statusText, contentType: response.headers.get('content-type') || '', text: Buffer.concat(chunks).toString('utf8') };
      break;
    }
  } catch (error) {
    answer = { error: (error && error.cause && error.cause.message) ? error.message + ': ' + error.cause.message : String(error && error.message || error) };
  }
  let bytes = Buffer.from(JSON.stringify(answer));
  if (bytes.length > data.length) bytes = Buffer.from(JSON.stringify({ error: 'The response is too large' }));
  data.set(bytes);
  state[1] = bytes.length;
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

let worker: Worker | undefined;

function httpWorker(): Worker {
  if (!worker) {
    worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('error', () => (worker = undefined));
    worker.on('exit', () => (worker = undefined));
  }
  return worker;
}

interface SyncCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  followRedirects: boolean;
  timeoutMs: number;
  maxBytes: number;
}

type SyncAnswer = { status: number; statusText: string; contentType: string; text: string } | { error: string };

/** Runs one call on the worker and waits for its answer (never longer than its timeout + 1 s). */
export function syncHttp(call: SyncCall): SyncAnswer {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + call.maxBytes + 64 * 1024);
  const state = new Int32Array(buffer, 0, 2);
  httpWorker().postMessage({ call, buffer });
  const waited = Atomics.wait(state, 0, 0, call.timeoutMs + 1_000);
  if (waited === 'timed-out') return { error: `No answer within ${call.timeoutMs} ms` };
  const bytes = new Uint8Array(buffer, HEADER_BYTES, state[1]);
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as SyncAnswer;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The `http` host function; `allowed()` says whether this sandbox lets templates make requests. */
export function httpFunction(allowed: () => boolean): HostFunction {
  return {
    args: ['uri', 'method', 'query', 'body', 'contentType', 'headers', 'options', 'accept'],
    call(args) {
      if (args.uri === undefined || args.uri === null) throw new Error("The 'http' function expects an argument 'uri'.");
      if (!allowed()) throw new Error("The 'http' function is disabled in this sandbox (it was started with HTTP off).");
      const url = checkHttpUrl(String(args.uri));
      for (const [key, value] of Object.entries(record(args.query) ?? {})) url.searchParams.append(key, String(value));
      const method = String(args.method ?? 'GET').toUpperCase();
      const contentType = String(args.contentType ?? 'application/json');
      const options = record(args.options) ?? {};
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(record(args.headers) ?? {})) headers[key] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
      headers.Accept = String(args.accept ?? 'application/json');
      let body: string | null = null;
      if (args.body !== undefined && args.body !== null) {
        headers['Content-Type'] = contentType;
        if (typeof args.body === 'string') body = args.body;
        else if (/ya?ml/.test(contentType)) body = yamlStringify(args.body);
        else if (/json/.test(contentType)) body = JSON.stringify(args.body);
        else throw new Error(`Unsupported content type ${contentType}`);
      }
      const authorization = authorizationHeader(options);
      if (authorization) headers.Authorization = authorization;
      const timeout = record(options.timeout);
      const readTimeout = parseDuration(String(timeout?.readIdleTimeout ?? options.readTimeout ?? options.readIdleTimeout ?? '')) ?? DEFAULT_TIMEOUT_MS;
      const answer = syncHttp({
        url: url.toString(),
        method,
        headers,
        body,
        followRedirects: options.followRedirects === undefined || options.followRedirects === true || options.followRedirects === 'true',
        timeoutMs: Math.min(readTimeout, 5 * 60_000),
        maxBytes: HTTP_LIMITS.maxResponseBytes,
      });
      if ('error' in answer) throw new Error(`Failed to execute HTTP request: ${answer.error}`);
      if (answer.status >= 400) throw new Error(`Failed to execute HTTP Request, server respond with status ${answer.status} : ${answer.statusText}`);
      if (/json/i.test(answer.contentType) && answer.text.trim() !== '') {
        try {
          return JSON.parse(answer.text) as unknown;
        } catch {
          return answer.text;
        }
      }
      return answer.text;
    },
  };
}

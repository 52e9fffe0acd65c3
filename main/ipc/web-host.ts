// Web transport: serves the built renderer and the handler table over HTTP on 127.0.0.1.
// Every API request must carry the per-launch token and, when the browser sends one, our own
// Origin; the Host header must name this loopback listener (no DNS rebinding).
// Time limits: headers must arrive within `headersMs`; a refused request (no token, foreign Origin
// or Host, wrong method) is answered and its connection closed, its body never read; a socket that
// idles for `idleMs` is closed, and a JSON body must arrive within `bodyMs`. Only authenticated
// requests get unlimited time: transfers (upload, stage, download, streams, download waits) from
// the start, and calls once their body is in while the console works on the answer.
//   POST /rpc/<method>            {params, requestId} -> Result           (the handler table)
//   POST /rpc/cancel              {requestId}
//   POST /stream/<name>           {params} -> text/event-stream of `batch` and one `end` event
//   POST /upload?params=<json>    body: the file, streamed on to Kestra   -> Result<UploadResult>
//   POST /upload/outcome          {uploadId} -> the Result of that upload, when its answer was lost
//                                 (a failed upload is answered and its connection closed, so the
//                                 browser may see a reset instead of the answer)
//   POST /stage?name=&size=       body: the file, kept in a private temp  -> Result<LocalFileRef>
//   POST /download/prepare        {method, params, suggestedName} -> Result<{ticket}>
//   GET  /download/<ticket>       the file as an attachment (the one-time ticket is the credential)
//   POST /download/wait/<ticket>  -> Result<{bytes}> once that download finished or failed
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { LocalFileRef } from '../contract/transfer';
import type { UploadResult } from '../contract/methods';
import type { Result } from '../contract/result';
import { WEB_TOKEN_HEADER } from '../contract/channels';
import { ConsoleError, toErrorData } from './console-error';
import { dispatch, InFlightCalls, type ConsoleApi } from './handler-table';
import { runStream, type StreamTable } from './stream-table';

export const DOWNLOAD_METHODS = ['logs.download', 'files.download', 'files.export', 'executions.downloadFile', 'fleet.exportPlan'] as const;

export interface WebUploadParams {
  serverId: string;
  namespace: string;
  path: string;
  uploadId?: string;
  extractZip?: boolean;
}

/** What the web host needs from the console besides the tables. */
export interface WebHostServices extends ConsoleApi {
  streams: StreamTable;
  /** Streams a request body to Kestra as a namespace file, confirmed by files/stats. */
  uploadBody(params: WebUploadParams, file: { name: string; size: number; body: Readable }, signal: AbortSignal): Promise<UploadResult>;
  /** Keeps a request body in a private staging file (execution input files). */
  stageBody(file: { name: string; size?: number; body: Readable }, signal: AbortSignal): Promise<LocalFileRef>;
  /** Opens the server stream behind a download method; `failure` names what went wrong mid-body. */
  openDownload(
    method: (typeof DOWNLOAD_METHODS)[number],
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ body: Readable; size?: number; contentType?: string; suggestedName: string; failure(error: unknown, signal?: AbortSignal): ConsoleError }>;
}

export interface WebHostLimits {
  /** Longest a request may take to send its headers. */
  headersMs: number;
  /** Longest a socket may stay silent, except under an authenticated transfer or call. */
  idleMs: number;
  /** Longest an authenticated call may take to send its JSON body. */
  bodyMs: number;
}

export const DEFAULT_WEB_HOST_LIMITS: WebHostLimits = { headersMs: 15_000, idleMs: 30_000, bodyMs: 60_000 };

export interface WebHostOptions {
  services: WebHostServices;
  /** Folder holding the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
  /** Shorter limits for tests. */
  limits?: Partial<WebHostLimits>;
}

export interface RunningWebHost {
  /** Origin only, e.g. http://127.0.0.1:5123 */
  origin: string;
  /** The URL to open: origin plus the token the page picks up. */
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_RPC_BODY_BYTES = 8 * 1024 * 1024;
const TICKET_TTL_MS = 60_000;
/** How long the outcome of a failed upload waits for the bridge to ask for it. */
const OUTCOME_TTL_MS = 5 * 60_000;
const STREAM_HEARTBEAT_MS = 15_000;
/** The one caller of the web host (whoever holds its token): file handles are issued to it. */
export const WEB_OWNER = 'web';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Same policy as the Electron window: no inline or eval'd script, workers from our own origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function tokensEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const API_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...API_HEADERS });
  res.end(text);
}

/**
 * Answers a request the host will not serve and closes its connection without reading the body: a
 * 200 MiB body after a 403 is not read to its end.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string): void {
  answerAndClose(req, res, status, { message });
}

/** Sends a JSON answer, then closes the connection instead of reading the rest of the body. */
function answerAndClose(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) {
    req.socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), Connection: 'close', ...API_HEADERS });
  res.end(text, () => req.socket.destroy());
}

/** The JSON body of a call: at most MAX_RPC_BODY_BYTES, all of it within `deadlineMs`. */
async function readJsonBody(req: http.IncomingMessage, deadlineMs: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => req.destroy(new Error('The request body did not arrive in time')), deadlineMs);
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_RPC_BODY_BYTES) throw new Error('Request body too large');
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A filename safe in a Content-Disposition header (ASCII fallback plus RFC 5987 UTF-8 form). */
function contentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').slice(0, 200) || 'download';
  const ascii = clean.replace(/[^\u0020-\u007e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

/**
 * The request body as a stream the upload may destroy (undici does when the server resets) without
 * destroying the request: the browser then still gets our answer instead of a reset connection
 * (which it would report as the console host going away, and we as a cancel).
 */
function shielded(req: http.IncomingMessage): Readable {
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  req.pipe(body);
  req.once('error', (error) => body.destroy(error));
  req.once('aborted', () => body.destroy(new ConsoleError('cancelled', 'Cancelled')));
  body.once('close', () => req.unpipe(body));
  return body;
}

interface Ticket {
  method: (typeof DOWNLOAD_METHODS)[number];
  params: Record<string, unknown>;
  suggestedName: string;
  expires: number;
  used: boolean;
  done: Promise<Result<{ bytes: number }>>;
  settle(result: Result<{ bytes: number }>): void;
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const { services } = options;
  const limits: WebHostLimits = { ...DEFAULT_WEB_HOST_LIMITS, ...options.limits };

  /** An authenticated request may take as long as it needs; the socket's idle limit returns after it. */
  function unlimited(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.socket.setTimeout(0);
    res.once('finish', () => {
      if (!req.socket.destroyed) req.socket.setTimeout(limits.idleMs);
    });
  }
  const inFlight = new InFlightCalls();
  const staticRoot = path.resolve(options.staticDir);
  const tickets = new Map<string, Ticket>();
  /** Failed uploads' answers by upload id, for a browser that saw the connection close instead. */
  const outcomes = new Map<string, { result: Result<UploadResult>; expires: number }>();
  const liveStreams = new Set<AbortController>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      sendJson(res, 400, { message: 'Bad path' });
      return;
    }
    const file = path.resolve(staticRoot, `.${relative}`);
    if (!file.startsWith(staticRoot + path.sep)) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    let stats;
    try {
      stats = statSync(file);
    } catch {
      stats = undefined;
    }
    if (!stats?.isFile()) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': type,
      'Content-Length': stats.size,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY; // eng-disable CSP_GLOBAL_CHECK: the policy is the constant above (default-src 'none', no unsafe-eval), which the checker cannot evaluate through a variable
      headers['Referrer-Policy'] = 'no-referrer';
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  function apiRequestAllowed(req: http.IncomingMessage): boolean {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) return false;
    return tokensEqual(req.headers[WEB_TOKEN_HEADER] as string | undefined, token);
  }

  /** An AbortSignal that fires when the client goes away before we answered. */
  function clientSignal(req: http.IncomingMessage, res: http.ServerResponse): AbortController {
    const controller = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) controller.abort();
    };
    res.on('close', onClose);
    req.on('aborted', () => controller.abort());
    return controller;
  }

  async function handleRpc(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { params?: unknown; requestId?: unknown };
    try {
      body = (await readJsonBody(req, limits.bodyMs)) as typeof body;
    } catch {
      refuse(req, res, 400, 'Invalid JSON body');
      return;
    }
    // The body is in: the call may take as long as its handler needs (a transfer to Kestra).
    unlimited(req, res);
    if (name === 'cancel') {
      if (typeof body?.requestId === 'string') inFlight.cancel(WEB_OWNER, body.requestId);
      sendJson(res, 200, { ok: true, data: null });
      return;
    }
    const requestId = typeof body?.requestId === 'string' ? body.requestId : randomBytes(8).toString('hex');
    const signal = inFlight.begin(WEB_OWNER, requestId);
    // A closed connection means the page went away or aborted its fetch.
    res.on('close', () => {
      if (!res.writableFinished) inFlight.cancel(WEB_OWNER, requestId);
    });
    let method: string;
    try {
      method = decodeURIComponent(name);
    } catch {
      method = name;
    }
    const result = await dispatch(services, method, body?.params ?? {}, { signal, owner: WEB_OWNER });
    inFlight.end(WEB_OWNER, requestId);
    sendJson(res, 200, result);
  }

  async function handleStream(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { params?: unknown };
    try {
      body = (await readJsonBody(req, limits.bodyMs)) as typeof body;
    } catch {
      refuse(req, res, 400, 'Invalid JSON body');
      return;
    }
    unlimited(req, res);
    const controller = clientSignal(req, res);
    liveStreams.add(controller);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Connection: 'keep-alive' });
    res.flushHeaders();
    // Comments keep idle connections open through anything in between, and reveal a gone client.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
    const write = (text: string): void | Promise<void> => {
      if (res.destroyed) return;
      if (res.write(text)) return;
      return new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    };
    let streamName: string;
    try {
      streamName = decodeURIComponent(name);
    } catch {
      streamName = name;
    }
    const error = await runStream(services.streams, streamName, body?.params ?? {}, { deliver: (events) => write(`event: batch\ndata: ${JSON.stringify(events)}\n\n`) }, controller.signal);
    clearInterval(heartbeat);
    liveStreams.delete(controller);
    if (!res.destroyed) {
      res.write(`event: end\ndata: ${JSON.stringify(error ? { error } : {})}\n\n`);
      res.end();
    }
  }

  function queryJson(url: URL, key: string): Record<string, unknown> {
    const raw = url.searchParams.get(key);
    if (!raw) throw new ConsoleError('validation', `Missing ${key}`);
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConsoleError('validation', `${key} must be an object`);
    return parsed as Record<string, unknown>;
  }

  async function handleUpload(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const controller = clientSignal(req, res);
    let uploadId: string | undefined;
    try {
      const params = queryJson(url, 'params') as unknown as WebUploadParams & { name?: string };
      uploadId = typeof params.uploadId === 'string' && params.uploadId.length <= 200 ? params.uploadId : undefined;
      const size = Number(req.headers['content-length']);
      if (!Number.isSafeInteger(size) || size < 0) throw new ConsoleError('validation', 'The upload must declare its size (Content-Length).');
      const name = typeof params.name === 'string' ? params.name : path.posix.basename(String(params.path ?? 'upload'));
      const data = await services.uploadBody(params, { name, size, body: shielded(req) }, controller.signal);
      sendJson(res, 200, { ok: true, data });
    } catch (error) {
      const result: Result<UploadResult> = { ok: false, error: toErrorData(error) };
      if (uploadId) {
        for (const [id, kept] of outcomes) if (kept.expires < Date.now()) outcomes.delete(id);
        outcomes.set(uploadId, { result, expires: Date.now() + OUTCOME_TTL_MS });
      }
      // The browser may still be sending gigabytes: answer and close rather than read them all.
      answerAndClose(req, res, 200, result);
    }
  }

  async function handleStage(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const controller = clientSignal(req, res);
    try {
      const declared = Number(req.headers['content-length']);
      const data = await services.stageBody({ name: url.searchParams.get('name') ?? 'file', size: Number.isSafeInteger(declared) ? declared : undefined, body: req }, controller.signal);
      sendJson(res, 200, { ok: true, data });
    } catch (error) {
      answerAndClose(req, res, 200, { ok: false, error: toErrorData(error) });
    }
  }

  async function handleUploadOutcome(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { uploadId?: unknown };
    try {
      body = (await readJsonBody(req, limits.bodyMs)) as typeof body;
    } catch {
      refuse(req, res, 400, 'Invalid JSON body');
      return;
    }
    const kept = typeof body?.uploadId === 'string' ? outcomes.get(body.uploadId) : undefined;
    sendJson(res, 200, kept?.result ?? { ok: false, error: { kind: 'network', message: 'The upload was cut before the console host could answer it.' } });
  }

  function sweepTickets(now = Date.now()): void {
    for (const [id, ticket] of tickets) {
      if (ticket.expires < now && !ticket.used) {
        tickets.delete(id);
        ticket.settle({ ok: false, error: { kind: 'cancelled', message: 'The download was not started in time.' } });
      }
    }
  }

  async function handlePrepareDownload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { method?: unknown; params?: unknown; suggestedName?: unknown };
    try {
      body = (await readJsonBody(req, limits.bodyMs)) as typeof body;
    } catch {
      refuse(req, res, 400, 'Invalid JSON body');
      return;
    }
    sweepTickets();
    const method = body?.method;
    if (!(DOWNLOAD_METHODS as readonly unknown[]).includes(method) || typeof body.params !== 'object' || body.params === null) {
      sendJson(res, 200, { ok: false, error: { kind: 'validation', message: 'Unknown download.' } });
      return;
    }
    const id = randomBytes(24).toString('base64url');
    let settle!: (result: Result<{ bytes: number }>) => void;
    const done = new Promise<Result<{ bytes: number }>>((resolve) => (settle = resolve));
    tickets.set(id, {
      method: method as Ticket['method'],
      params: body.params as Record<string, unknown>,
      suggestedName: typeof body.suggestedName === 'string' ? body.suggestedName : 'download',
      expires: Date.now() + TICKET_TTL_MS,
      used: false,
      done,
      settle,
    });
    sendJson(res, 200, { ok: true, data: { ticket: id } });
  }

  async function handleDownload(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ticket = tickets.get(id);
    if (!ticket || ticket.used || ticket.expires < Date.now()) {
      refuse(req, res, 404, 'This download link expired; start the download again.');
      return;
    }
    ticket.used = true;
    unlimited(req, res);
    const controller = clientSignal(req, res);
    let bytes = 0;
    let download: Awaited<ReturnType<WebHostServices['openDownload']>> | undefined;
    try {
      const opened = await services.openDownload(ticket.method, ticket.params, controller.signal);
      download = opened;
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': contentDisposition(ticket.suggestedName || opened.suggestedName),
        ...(opened.size !== undefined ? { 'Content-Length': opened.size } : {}),
        ...API_HEADERS,
      });
      // With a known size nothing counts in the hot path; otherwise count what passes.
      if (opened.size === undefined) opened.body.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await new Promise<void>((resolve, reject) => {
        opened.body.once('error', reject);
        res.once('close', () => (res.writableFinished ? resolve() : reject(new ConsoleError('cancelled', 'The browser stopped the download.'))));
        opened.body.pipe(res);
      });
      // A body shorter than its Content-Length errors in undici, so a finished pipe is the full size.
      if (opened.size !== undefined) bytes = opened.size;
      ticket.settle({ ok: true, data: { bytes } });
    } catch (error) {
      // Cut the response so the browser marks the file as failed instead of complete.
      res.destroy();
      ticket.settle({ ok: false, error: toErrorData(download ? download.failure(error, controller.signal) : error) });
    } finally {
      setTimeout(() => tickets.delete(id), TICKET_TTL_MS).unref();
    }
  }

  async function handleWaitDownload(id: string, res: http.ServerResponse): Promise<void> {
    const ticket = tickets.get(id);
    if (!ticket) {
      sendJson(res, 200, { ok: false, error: { kind: 'validation', message: 'Unknown download.' } });
      return;
    }
    sendJson(res, 200, await ticket.done);
  }

  const server = http.createServer({ headersTimeout: limits.headersMs, requestTimeout: 0, connectionsCheckingInterval: Math.min(limits.headersMs, 30_000) }, (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://web-host');
    } catch {
      refuse(req, res, 400, 'Bad request');
      return;
    }
    if (!allowedHosts.has(req.headers.host ?? '')) {
      refuse(req, res, 421, 'Misdirected request');
      return;
    }
    const pathname = url.pathname;
    if (req.method === 'GET' && pathname.startsWith('/download/')) {
      void handleDownload(pathname.slice('/download/'.length), req, res);
      return;
    }
    const api = pathname.startsWith('/rpc/') || pathname.startsWith('/stream/') || pathname === '/upload' || pathname === '/upload/outcome' || pathname === '/stage' || pathname.startsWith('/download/');
    if (api) {
      if (req.method !== 'POST') {
        refuse(req, res, 405, 'Method not allowed');
        return;
      }
      if (!apiRequestAllowed(req)) {
        refuse(req, res, 403, 'Forbidden');
        return;
      }
      if (pathname.startsWith('/rpc/')) void handleRpc(pathname.slice('/rpc/'.length), req, res);
      else if (pathname.startsWith('/stream/')) void handleStream(pathname.slice('/stream/'.length), req, res);
      else if (pathname === '/upload') {
        unlimited(req, res);
        void handleUpload(url, req, res);
      } else if (pathname === '/upload/outcome') void handleUploadOutcome(req, res);
      else if (pathname === '/stage') {
        unlimited(req, res);
        void handleStage(url, req, res);
      } else if (pathname === '/download/prepare') void handlePrepareDownload(req, res);
      else if (pathname.startsWith('/download/wait/')) {
        unlimited(req, res);
        void handleWaitDownload(pathname.slice('/download/wait/'.length), res);
      } else refuse(req, res, 404, 'Not Found');
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(pathname, res);
      return;
    }
    refuse(req, res, 405, 'Method not allowed');
  });
  // Every socket idles at most `idleMs`, unless an authenticated request lifted the limit.
  server.setTimeout(limits.idleMs, (socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        inFlight.cancelOwner(WEB_OWNER);
        for (const stream of liveStreams) stream.abort();
        for (const ticket of tickets.values()) ticket.settle({ ok: false, error: { kind: 'cancelled', message: 'The console is shutting down.' } });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

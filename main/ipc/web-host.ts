// Web transport: serves the built renderer and the handler table over HTTP on 127.0.0.1.
// Every API request must carry the per-launch token and, when the browser sends one, our own
// Origin; the Host header must name this loopback listener (no DNS rebinding).
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WEB_TOKEN_HEADER } from '../contract/channels';
import { dispatch, InFlightCalls, type HandlerTable } from './handler-table';

export interface WebHostOptions {
  table: HandlerTable;
  /** Folder holding the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
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
const WEB_OWNER = 'web';

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

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RPC_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const inFlight = new InFlightCalls();
  const staticRoot = path.resolve(options.staticDir);
  let origin = '';
  let allowedHosts = new Set<string>();

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
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
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  function apiRequestAllowed(req: http.IncomingMessage): boolean {
    if (!allowedHosts.has(req.headers.host ?? '')) return false;
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return false;
    return tokensEqual(req.headers[WEB_TOKEN_HEADER] as string | undefined, token);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://web-host');
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendJson(res, 421, { message: 'Misdirected request' });
      return;
    }
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { message: 'Method not allowed' });
        return;
      }
      if (!apiRequestAllowed(req)) {
        sendJson(res, 403, { message: 'Forbidden' });
        return;
      }
      void handleRpc(url.pathname.slice('/rpc/'.length), req, res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(url.pathname, res);
      return;
    }
    sendJson(res, 405, { message: 'Method not allowed' });
  });

  async function handleRpc(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { params?: unknown; requestId?: unknown };
    try {
      body = (await readJsonBody(req)) as typeof body;
    } catch {
      sendJson(res, 400, { message: 'Invalid JSON body' });
      return;
    }
    if (name === 'cancel') {
      if (typeof body.requestId === 'string') inFlight.cancel(WEB_OWNER, body.requestId);
      sendJson(res, 200, { ok: true, data: null });
      return;
    }
    const requestId = typeof body.requestId === 'string' ? body.requestId : randomBytes(8).toString('hex');
    const signal = inFlight.begin(WEB_OWNER, requestId);
    // A closed connection means the page went away or aborted its fetch.
    res.on('close', () => {
      if (!res.writableFinished) inFlight.cancel(WEB_OWNER, requestId);
    });
    const result = await dispatch(options.table, decodeURIComponent(name), body.params ?? {}, { signal });
    inFlight.end(WEB_OWNER, requestId);
    if (!res.destroyed) sendJson(res, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        inFlight.cancelOwner(WEB_OWNER);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Writing responses the way Kestra's Micronaut server does: JSON bodies with null fields left out by
// the model builders, empty bodies where Kestra returns `HttpResponse.ok()` / `noContent()`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KestraHttpError } from './http-error';
import { problemOf } from './problem';

/** Micronaut `JsonError` (Kestra ≤ 1.x) or RFC 9457 problem details (Kestra 2.x). */
export type ErrorFormat = 'json-error' | 'problem-json';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A pre-serialised JSON body (cached schemas, hot read paths). */
export function sendJsonText(res: ServerResponse, status: number, text: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Kestra's JsonError body for a failed request. */
export function errorBody(req: IncomingMessage, error: KestraHttpError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    message: error.message,
    _links: { self: { href: req.url ?? '/', templated: false } },
  };
  if (error.violations && error.violations.length > 0) {
    body._embedded = {
      errors: error.violations.map((v) => (v.path ? { message: v.message, path: v.path } : { message: v.message })),
    };
  }
  return body;
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: KestraHttpError, format: ErrorFormat = 'json-error'): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (format === 'problem-json') {
    const problem = problemOf(req, error);
    const text = JSON.stringify(problem);
    const headers = req.method === 'HEAD' ? {} : { 'Content-Type': 'application/problem+json', 'Content-Length': String(Buffer.byteLength(text)) };
    res.writeHead(problem.status, { ...error.headers, ...headers });
    res.end(req.method === 'HEAD' ? undefined : text);
    return;
  }
  if (error.legacyBody !== undefined) {
    sendJson(res, error.status, error.legacyBody, error.headers);
    return;
  }
  if (error.emptyBody) {
    sendEmpty(res, error.status, error.headers);
    return;
  }
  sendJson(res, error.status, errorBody(req, error), error.headers);
}

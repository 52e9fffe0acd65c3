// Reading request bodies and query values with Kestra's error statuses and messages.
import type { IncomingMessage } from 'node:http';
import { KestraHttpError, badRequest, invalidEntity, payloadTooLarge, unsupportedMediaType } from './http-error';
import { parseJsonText } from './limits';

/** Bodies that are parsed in memory (YAML, JSON, KV values). Files are streamed instead. */
export const MAX_IN_MEMORY_BODY = 16 * 1024 * 1024;

/** The media type without parameters, lower-cased; undefined when absent. */
export function mediaType(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  if (!header) return undefined;
  return header.split(';')[0]!.trim().toLowerCase() || undefined;
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** 415 unless the request's media type is one of `allowed`. */
export function requireMediaType(req: IncomingMessage, allowed: string[]): string {
  const type = mediaType(req);
  if (!type || !allowed.includes(type)) throw unsupportedMediaType(req.headers['content-type']);
  return type;
}

export async function readBody(req: IncomingMessage, limit = MAX_IN_MEMORY_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw payloadTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw payloadTooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readText(req: IncomingMessage, limit = MAX_IN_MEMORY_BODY): Promise<string> {
  return (await readBody(req, limit)).toString('utf8');
}

/** Drains an unread body so the connection can be reused. */
export function discardBody(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}

export function queryString(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

export function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null) throw badRequest(`Required QueryValue [${name}] not specified`);
  return value;
}

function conversionError(name: string, value: string, reason: string): KestraHttpError {
  return badRequest(`Failed to convert argument [${name}] for value [${value}] due to: ${reason}`);
}

export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const value = queryString(query, name);
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) throw conversionError(name, value, `For input string: "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2147483647) throw conversionError(name, value, `For input string: "${value}"`);
  return n;
}

export function queryBool(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = queryString(query, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw conversionError(name, value, `Invalid boolean value: ${value}`);
}

/** Repeated and comma-separated values (`?labels=a:b&labels=c:d`, `?state=A,B`). */
export function queryList(query: URLSearchParams, name: string, splitCommas = false): string[] {
  const values = query.getAll(name).filter((v) => v !== '');
  return splitCommas ? values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean) : values;
}

export function queryMin(name: string, operation: string, value: number | undefined, min: number): void {
  if (value !== undefined && value < min) {
    throw invalidEntity([{ path: `${operation}.${name}`, message: `must be greater than or equal to ${min}` }]);
  }
}

/** JSON request bodies (KV bulk delete, labels, task-run state). Unknown properties are ignored, as in Kestra. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof KestraHttpError) throw error;
    throw new KestraHttpError(422, `Invalid json: ${(error as Error).message}`);
  }
}

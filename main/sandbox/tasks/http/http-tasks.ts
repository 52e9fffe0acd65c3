// io.kestra.plugin.core.http.Request and Download (AbstractHttp's properties, Kestra 1.x; the old
// `io.kestra.plugin.fs.http.*` names are aliases). Request keeps the response body (≤ 10 MiB) in its
// outputs; Download streams it to internal storage (≤ 1 GiB). Both send through http-client.ts.
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import { FormData } from 'undici';
import { durationSchema, withDefault, type JsonSchema } from '../../schema/json-schema';
import { parseDuration } from '../../../../shared/iso-duration';
import type { TaskDefinition, TaskRunContext } from '../task-definition';
import { openReferencedFile } from '../storage/file-references';
import { HTTP_LIMITS, authorizationHeader, httpCall, readCapped, sizeLimit, type HttpBody, type HttpResult } from './http-client';

const dynamicDuration = (title: string): JsonSchema => ({ ...durationSchema(), title, $dynamic: true });

/** io.kestra.core.http.client.configurations.HttpConfiguration, as Kestra 1.x reads `options`. */
export const HTTP_OPTIONS_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'The HTTP request options',
  properties: {
    timeout: {
      type: 'object',
      title: 'The timeout configuration.',
      properties: { connectTimeout: dynamicDuration('The time allowed to establish a connection to the server before failing.'), readIdleTimeout: dynamicDuration('The time allowed for a read connection to remain idle before closing it.') },
    },
    proxy: {
      type: 'object',
      title: 'The proxy configuration.',
      properties: {
        type: { type: 'string', enum: ['DIRECT', 'HTTP', 'SOCKS'], $dynamic: true },
        address: { type: 'string', $dynamic: true },
        port: { type: 'integer', $dynamic: true },
        username: { type: 'string', $dynamic: true },
        password: { type: 'string', $dynamic: true },
      },
    },
    auth: {
      type: 'object',
      title: 'The authentification to use.',
      properties: {
        type: { type: 'string', enum: ['BASIC', 'BEARER', 'DIGEST'] },
        username: { type: 'string', $dynamic: true },
        password: { type: 'string', $dynamic: true },
        token: { type: 'string', $dynamic: true },
      },
      required: ['type'],
    },
    ssl: { type: 'object', title: 'The SSL request options', properties: { insecureTrustAllCertificates: { type: 'boolean', $dynamic: true } } },
    followRedirects: { ...withDefault({ type: 'boolean' }, true), title: 'Whether redirects should be followed automatically.', $dynamic: true },
    allowFailed: { ...withDefault({ type: 'boolean' }, false), title: 'If true, allow a failed response code (response code >= 400)', $dynamic: true },
    defaultCharset: { ...withDefault({ type: 'string' }, 'UTF-8'), title: 'The default charset for the request.', $dynamic: true },
    logs: { type: 'array', title: 'The enabled log.', items: { type: 'string', enum: ['REQUEST_HEADERS', 'REQUEST_BODY', 'RESPONSE_HEADERS', 'RESPONSE_BODY'] } },
    connectTimeout: { ...durationSchema(), $deprecated: true },
    readTimeout: { ...durationSchema(), $deprecated: true },
    proxyType: { type: 'string', enum: ['DIRECT', 'HTTP', 'SOCKS'], $deprecated: true },
    proxyAddress: { type: 'string', $deprecated: true },
    proxyPort: { type: 'integer', $deprecated: true },
    proxyUsername: { type: 'string', $deprecated: true },
    proxyPassword: { type: 'string', $deprecated: true },
    basicAuthUser: { type: 'string', $deprecated: true },
    basicAuthPassword: { type: 'string', $deprecated: true },
    logLevel: { type: 'string', enum: ['ALL', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF', 'NOT_SPECIFIED'], $deprecated: true },
    readIdleTimeout: { ...durationSchema(), $deprecated: true },
    connectionPoolIdleTimeout: { ...durationSchema(), $deprecated: true },
    maxContentLength: { type: 'integer', $deprecated: true },
  },
};

/** AbstractHttp's properties (HttpInterface). */
export function httpProperties(): Record<string, JsonSchema> {
  return {
    uri: { type: 'string', title: 'The fully-qualified URI that points to the HTTP destination', $dynamic: true },
    method: { ...withDefault({ type: 'string' }, 'GET'), title: 'The HTTP method to use', $dynamic: true },
    body: { type: 'string', title: 'The full body as a string', $dynamic: true },
    formData: { type: 'object', title: 'The form data to be send', $dynamic: true },
    contentType: { ...withDefault({ type: 'string' }, 'application/json'), title: 'The request content type', $dynamic: true },
    headers: { type: 'object', title: 'The headers to pass to the request', additionalProperties: { type: 'string' }, $dynamic: true },
    options: HTTP_OPTIONS_SCHEMA,
    sslOptions: { type: 'object', title: 'The SSL request options (deprecated: use `options.ssl`)', $deprecated: true, properties: { insecureTrustAllCertificates: { type: 'boolean' } } },
    allowFailed: { type: 'boolean', title: 'If true, allow a failed response code (deprecated: use `options.allowFailed`)', $deprecated: true, $dynamic: true },
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function durationMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = parseDuration(String(value));
  if (ms === undefined) throw new Error(`Invalid duration '${String(value)}'`);
  return ms;
}

export function assertHttpAllowed(context: TaskRunContext): void {
  if (context.services?.host && !context.services.host.http) {
    throw new Error('HTTP tasks are disabled in this sandbox (it was started with HTTP off): the task would make an outgoing request. Start the sandbox with HTTP allowed to run it.');
  }
}

interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: HttpBody;
  options: Record<string, unknown>;
  allowFailed: boolean;
  logs: Set<string>;
}

/** AbstractHttp.request(): the rendered request (body, form data, headers, auth). */
export async function prepareRequest(context: TaskRunContext): Promise<PreparedRequest> {
  const task = context.task;
  const options = context.renderValue<Record<string, unknown> | undefined>(task.options) ?? {};
  const url = context.render(String(task.uri ?? '')).replace(/ /g, '%20');
  if (url === '') throw new Error("'uri' must not be empty");
  const method = context.render(String(task.method ?? 'GET')).toUpperCase();
  const contentType = task.contentType === undefined || task.contentType === null ? 'application/json' : context.render(String(task.contentType));
  const headers: Record<string, string> = {};
  let body: HttpBody | undefined;
  const formData = record(typeof task.formData === 'string' ? context.renderTyped(task.formData) : context.renderValue(task.formData));
  if (formData && Object.keys(formData).length > 0) {
    if (contentType === 'multipart/form-data') {
      const form = new FormData();
      for (const [key, value] of Object.entries(formData)) {
        const file = record(value);
        if (typeof value === 'string' && value.startsWith('kestra://')) {
          form.append(key, new Blob([await readCapped(openReferencedFile(context, value), HTTP_LIMITS.maxResponseBytes * 10, '')]), value.split('/').pop());
        } else if (file && typeof file.name === 'string' && typeof file.content === 'string') {
          form.append(key, new Blob([await readCapped(openReferencedFile(context, file.content), HTTP_LIMITS.maxResponseBytes * 10, '')]), file.name);
        } else form.append(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      body = form;
    } else {
      body = new URLSearchParams(Object.entries(formData).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
  } else if (task.body !== undefined && task.body !== null) {
    body = typeof task.body === 'string' ? context.render(task.body) : JSON.stringify(context.renderValue(task.body));
    headers['content-type'] = contentType;
  } else if (contentType) {
    headers['content-type'] = contentType;
  }
  for (const [name, value] of Object.entries(context.renderValue<Record<string, unknown> | undefined>(task.headers) ?? {})) {
    if (value !== null && value !== undefined) headers[name] = String(value);
  }
  const authorization = authorizationHeader(options);
  if (authorization && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.authorization = authorization;
  const allowFailed = isTrue(options.allowFailed) || isTrue(typeof task.allowFailed === 'string' ? context.render(task.allowFailed) : task.allowFailed);
  return { url, method, headers, body, options, allowFailed, logs: new Set(Array.isArray(options.logs) ? options.logs.map(String) : []) };
}

/** Sends a prepared request with the options' timeouts, redirects, TLS and proxy settings. */
export async function send(context: TaskRunContext, prepared: PreparedRequest, signal: AbortSignal): Promise<HttpResult> {
  const { options } = prepared;
  const timeout = record(options.timeout);
  const proxy = record(options.proxy);
  const proxyAddress = proxy?.address ?? options.proxyAddress;
  const proxyType = String(proxy?.type ?? options.proxyType ?? 'HTTP').toUpperCase();
  if (proxyAddress !== undefined && proxyType === 'SOCKS') context.logger.warn('SOCKS proxies are not supported by the sandbox: the request goes out directly.');
  if (prepared.logs.has('REQUEST_HEADERS')) context.logger.debug(`Request headers: ${JSON.stringify(prepared.headers)}`);
  if (prepared.logs.has('REQUEST_BODY') && typeof prepared.body === 'string') context.logger.debug(`Request body: ${prepared.body}`);
  const result = await httpCall({
    url: prepared.url,
    method: prepared.method,
    headers: prepared.headers,
    body: prepared.body,
    connectTimeoutMs: durationMs(timeout?.connectTimeout ?? options.connectTimeout),
    readIdleTimeoutMs: durationMs(timeout?.readIdleTimeout ?? options.readTimeout ?? options.readIdleTimeout),
    followRedirects: options.followRedirects === undefined ? true : isTrue(options.followRedirects),
    insecure: isTrue(record(options.ssl)?.insecureTrustAllCertificates) || isTrue(record(context.task.sslOptions)?.insecureTrustAllCertificates),
    ...(proxyAddress !== undefined && proxyType !== 'DIRECT' && proxyType !== 'SOCKS'
      ? {
          proxy: {
            url: `http://${String(proxyAddress)}:${String(proxy?.port ?? options.proxyPort ?? 8080)}`,
            ...(proxy?.username ?? options.proxyUsername ? { username: String(proxy?.username ?? options.proxyUsername), password: String(proxy?.password ?? options.proxyPassword ?? '') } : {}),
          },
        }
      : {}),
    signal,
  });
  if (prepared.logs.has('RESPONSE_HEADERS')) context.logger.debug(`Response ${result.status} headers: ${JSON.stringify(result.headers)}`);
  if (result.status >= 400 && !prepared.allowFailed) {
    result.body.resume();
    throw new Error(`Failed http request with response code '${result.status}'`);
  }
  return result;
}

export const requestTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.http.Request',
  aliases: ['io.kestra.plugin.fs.http.Request'],
  category: 'task',
  kind: 'runnable',
  title: 'Make an HTTP API request to a specified URL and store the response as an output.',
  markdownDescription:
    'The response body is kept in the `body` output (at most 10 MiB in the sandbox: use `Download` for larger payloads). A response code >= 400 fails the task unless `options.allowFailed` is true. Redirects are followed (http and https only).',
  examples: [
    {
      title: 'Send a JSON payload and use the response.',
      code: 'id: http_post\nnamespace: company.team\n\ntasks:\n  - id: send_data\n    type: io.kestra.plugin.core.http.Request\n    uri: https://dummyjson.com/products/add\n    method: POST\n    contentType: application/json\n    body: \'{"title": "Kestra Pen"}\'\n  - id: print_status\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ outputs.send_data.code }} {{ outputs.send_data.body }}"',
    },
  ],
  properties: {
    ...httpProperties(),
    encryptBody: { ...withDefault({ type: 'boolean' }, false), title: 'If true, the HTTP response body will be automatically encrypted and decrypted in the outputs.', $dynamic: true },
  },
  required: ['uri'],
  outputs: {
    uri: { type: 'string', format: 'uri', title: 'The URL of the current request' },
    code: { type: 'integer', title: 'The status code of the response' },
    headers: { type: 'object', title: 'The headers of the response' },
    body: { title: 'The body of the response' },
  },
  async run(context) {
    assertHttpAllowed(context);
    const prepared = await prepareRequest(context);
    const result = await send(context, prepared, context.signal);
    const bytes = await readCapped(result.body, HTTP_LIMITS.maxResponseBytes, ': use io.kestra.plugin.core.http.Download for large payloads');
    const body = bytes.length === 0 && prepared.method === 'HEAD' ? null : bytes.toString('utf8');
    if (prepared.logs.has('RESPONSE_BODY')) context.logger.debug(`Response body: ${body ?? ''}`);
    if (isTrue(context.task.encryptBody)) context.logger.warn('encryptBody: the sandbox keeps the response in the `body` output (it has no encryption key for outputs).');
    return { outputs: { uri: result.url, code: result.status, headers: result.headers, ...(body !== null ? { body } : {}) } };
  },
};

/** Download's file name: the Content-Disposition filename (its last path segment), else a random name with the URI's extension. */
export function downloadFileName(url: string, disposition: string | undefined): string {
  if (disposition) {
    let name: string | undefined;
    for (const part of disposition.split(';').map((p) => p.trim())) {
      if (part.startsWith('filename*')) {
        const value = part.slice(part.indexOf('=') + 1);
        name = decodeURIComponent(value.slice(value.lastIndexOf("'") + 1).replace(/^"|"$/g, ''));
      } else if (part.startsWith('filename') && name === undefined) name = part.slice(part.indexOf('=') + 1).replace(/^"|"$/g, '');
    }
    const base = name?.split(/[\\/]/).pop()?.replace(/[\0]/g, '');
    if (base && base !== '.' && base !== '..') return base;
  }
  const pathname = new URL(url).pathname;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  const extension = dot >= 0 ? last.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  return `${randomBytes(8).toString('hex')}${extension}`;
}

export const downloadTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.http.Download',
  aliases: ['io.kestra.plugin.fs.http.Download'],
  category: 'task',
  kind: 'runnable',
  title: 'Download a file from an HTTP server.',
  markdownDescription: "This task connects to a HTTP server and copies a file to Kestra's internal storage (at most 1 GiB in the sandbox).",
  examples: [{ title: 'Download a CSV file.', code: 'id: download\nnamespace: company.team\n\ntasks:\n  - id: extract\n    type: io.kestra.plugin.core.http.Download\n    uri: https://huggingface.co/datasets/kestra/datasets/raw/main/csv/orders.csv' }],
  properties: {
    ...httpProperties(),
    failOnEmptyResponse: { ...withDefault({ type: 'boolean' }, true), title: 'Should the task fail when downloading an empty file.', $dynamic: true },
    saveAs: { type: 'string', title: 'The name of the stored file (instead of the server-given or a random one).', $dynamic: true },
  },
  required: ['uri'],
  outputs: {
    uri: { type: 'string', format: 'uri', title: "The URL of the downloaded file on Kestra's internal storage." },
    code: { type: 'integer', title: 'The status code of the response.' },
    length: { type: 'integer', title: 'The content-length of the response.' },
    headers: { type: 'object', title: 'The headers of the response.' },
  },
  async run(context) {
    assertHttpAllowed(context);
    const prepared = await prepareRequest(context);
    const result = await send(context, prepared, context.signal);
    let size = 0;
    const saveAs = context.task.saveAs === undefined || context.task.saveAs === null ? undefined : context.render(String(context.task.saveAs)).split(/[\\/]/).pop();
    const name = saveAs && saveAs !== '.' && saveAs !== '..' ? saveAs : downloadFileName(result.url, result.headers['content-disposition']?.[0]);
    // pipeline, not pipe: past the cap the response body is destroyed too (its connection released).
    const limited = pipeline(result.body, sizeLimit(HTTP_LIMITS.maxDownloadBytes, (n) => (size = n)), () => undefined);
    const uri = await context.putFile(name, limited);
    const declared = result.headers['content-length']?.[0];
    if (declared !== undefined && Number(declared) !== size && prepared.method !== 'HEAD') throw new Error(`Invalid size, got ${size}, expected ${declared}`);
    if (size === 0) {
      const failOnEmpty = context.task.failOnEmptyResponse === undefined || context.task.failOnEmptyResponse === null ? true : isTrue(context.render(String(context.task.failOnEmptyResponse)));
      if (failOnEmpty && !prepared.allowFailed) throw new Error('No response from server');
      context.logger.warn(`File '${prepared.url}' is empty`);
    }
    context.logger.debug(`File '${prepared.url}' downloaded with size '${size}'`);
    return { outputs: { uri, code: result.status, length: size, headers: result.headers } };
  },
};

export const HTTP_TASKS: readonly TaskDefinition[] = [requestTask, downloadTask];

// What every resource of the client shares: the request engine (KestraHttp), the server's detected
// context (configs, capability table, path form and tenant, cached until refreshed), and the call
// helpers that turn a typed path into a request and an answer into the renderer's model. Two
// translations happen only here: an answer the console cannot read becomes one error naming the
// server, its version and the call; a 403 becomes "your account lacks permission … on …".
import type { Readable } from 'node:stream';
import type { FeatureId, ServerCapabilities } from '../contract/capabilities';
import type { ServerConfigs } from '../contract/kestra-model';
import { apiUrl, type ApiPath, type ApiTarget, type QueryParams } from './api-paths';
import { deriveCapabilities } from './capabilities';
import { KestraError } from './kestra-error';
import { KestraHttp, type CallKind, type HttpMethod, type KestraHttpOptions, type RequestBody } from './kestra-http';
import { normaliseConfigs, ShapeError, versionAndEdition } from './normalise';

export interface KestraClientOptions extends Omit<KestraHttpOptions, 'dispatcher'> {
  /** The server's name in the console, for messages ("Prod EU (Kestra 2.0.3) answered …"). */
  serverName?: string;
  /** Tenant override; otherwise `main` on tenant-form servers. */
  tenant?: string;
}

export interface ApiCall {
  method: HttpMethod;
  path: ApiPath;
  params?: Record<string, string | number>;
  query?: QueryParams;
  body?: RequestBody;
  headers?: Record<string, string>;
  kind?: CallKind;
  idempotent?: boolean;
  signal?: AbortSignal;
  /** What the console was doing, for messages: "listing KV keys". */
  what: string;
}

/** Everything detection learns about a server. */
export interface ServerContext {
  configs: ServerConfigs;
  capabilities: ServerCapabilities;
  target: ApiTarget;
  pluginsHash?: number;
}

export interface DownloadStream {
  body: Readable;
  /** From Content-Length, when the server sent one. */
  size?: number;
  contentType?: string;
  /** From Content-Disposition, when the server sent one. */
  fileName?: string;
}

function fileNameFromDisposition(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(text);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain form
    }
  }
  return /filename="?([^";]+)"?/i.exec(text)?.[1];
}

export class ApiTransport {
  readonly http: KestraHttp;
  private detection: Promise<ServerContext> | undefined;
  private detected: ServerContext | undefined;

  constructor(private readonly options: KestraClientOptions) {
    const { serverName: _name, tenant: _tenant, ...http } = options;
    this.http = new KestraHttp(http);
  }

  /** How messages name this server. */
  get serverName(): string {
    return this.options.serverName ?? this.http.origin;
  }

  /** The last detected context, without a request (undefined before the first call). */
  get cached(): ServerContext | undefined {
    return this.detected;
  }

  // ── Detection ────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads /api/v1/configs and derives the capability table; cached until `refresh`. A refresh (a
   * health check) does not hold up the calls made meanwhile: they use the context last detected,
   * as they would have a moment before; only calls with nothing detected yet wait for it.
   */
  context(signal?: AbortSignal, refresh = false): Promise<ServerContext> {
    if (refresh || !this.detection) {
      const attempt = this.detect(signal).then(
        (context) => {
          this.detected = context;
          return context;
        },
        (error: unknown) => {
          if (this.detection === attempt) this.detection = undefined;
          throw error;
        },
      );
      this.detection = attempt;
      return attempt;
    }
    return this.detected ? Promise.resolve(this.detected) : this.detection;
  }

  private async detect(signal?: AbortSignal): Promise<ServerContext> {
    const global: ApiTarget = { baseUrl: this.options.baseUrl, paths: 'tenant', tenant: 'main' };
    let raw: unknown;
    let probedPaths: ApiTarget['paths'] | undefined;
    try {
      raw = await this.http.json<unknown>({ method: 'GET', url: apiUrl(global, '/api/v1/configs'), signal, what: 'reading the server configuration' });
    } catch (error) {
      if (!(error instanceof KestraError) || error.data.status !== 404) throw error;
      // Very old servers, or a proxy hiding /configs: probe the tenant route instead.
      probedPaths = (await this.tenantRouteExists(signal)) ? 'tenant' : 'legacy';
      raw = { version: 'unknown' };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new KestraError('http', `${this.serverName} answered GET /api/v1/configs with something that is not a Kestra configuration. Is this a Kestra server?`);
    }
    const { version, edition } = versionAndEdition(raw);
    const capabilities = deriveCapabilities({ version, edition, ...(probedPaths ? { probedPaths } : {}), ...(this.options.tenant ? { tenant: this.options.tenant } : {}) });
    const tenant = capabilities.api.paths === 'legacy' ? '' : (this.options.tenant ?? 'main');
    const configs = normaliseConfigs(raw, capabilities, tenant || undefined);
    const pluginsHash = (raw as { pluginsHash?: unknown }).pluginsHash;
    return {
      configs,
      capabilities,
      target: { baseUrl: this.options.baseUrl, paths: capabilities.api.paths, tenant },
      ...(typeof pluginsHash === 'number' ? { pluginsHash } : {}),
    };
  }

  private async tenantRouteExists(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.empty({
        method: 'GET',
        url: apiUrl({ baseUrl: this.options.baseUrl, paths: 'tenant', tenant: 'main' }, '/api/v1/{tenant}/flows/search', {}, { size: 1 }),
        signal,
        what: 'probing the API form',
      });
      return true;
    } catch (error) {
      if (error instanceof KestraError && error.data.status === 404) return false;
      throw error;
    }
  }

  /** Refuses, before any request, a feature this server's version or edition lacks. */
  async requireFeature(feature: FeatureId, signal?: AbortSignal): Promise<ServerContext> {
    const context = await this.context(signal);
    const status = context.capabilities.features[feature];
    if (!status.available) throw new KestraError('unsupported', status.reason ?? 'This server does not have this feature.');
    return context;
  }

  // ── Calls ────────────────────────────────────────────────────────────────────────────────────

  private async spec(call: ApiCall) {
    const { target } = await this.context(call.signal);
    return {
      method: call.method,
      url: apiUrl(target, call.path, call.params, call.query),
      body: call.body,
      headers: call.headers,
      kind: call.kind,
      idempotent: call.idempotent,
      signal: call.signal,
      what: call.what,
    };
  }

  /** Runs a request, rewriting a 403 into words about permissions (never a login failure). */
  private async run<T>(call: ApiCall, send: (spec: Awaited<ReturnType<ApiTransport['spec']>>) => Promise<T>): Promise<T> {
    const spec = await this.spec(call);
    try {
      return await send(spec);
    } catch (error) {
      throw this.permissionError(error, call);
    }
  }

  private permissionError(error: unknown, call: ApiCall): unknown {
    if (!(error instanceof KestraError) || error.data.status !== 403 || error.data.kind === 'auth') return error;
    const tenant = this.detected?.target.tenant;
    const where = [
      typeof call.params?.namespace === 'string' ? `namespace ${call.params.namespace}` : undefined,
      tenant && this.detected?.configs.edition === 'EE' ? `tenant ${tenant}` : undefined,
      this.serverName,
    ].filter(Boolean);
    const { kind: _kind, message: _message, ...extra } = error.data;
    const server = error.data.detail ?? (error.data.title && error.data.title !== 'Forbidden' ? error.data.title : undefined);
    return new KestraError('forbidden', `Your account lacks permission for ${call.what} on ${where.join(', ')}. Ask an administrator for the role that allows it.`, {
      ...extra,
      ...(server ? { detail: server } : {}),
    });
  }

  /** A JSON answer, as sent. Prefer `read`, which also checks its shape. */
  json<T>(call: ApiCall): Promise<T> {
    return this.run(call, (spec) => this.http.json<T>(spec));
  }

  /**
   * A JSON answer read into the model. An answer the reader cannot make sense of is one clear error
   * naming the server, its version and the call; nothing else in the pane is affected.
   */
  async read<T>(call: ApiCall, reader: (raw: unknown) => T): Promise<T> {
    const raw = await this.json<unknown>(call);
    try {
      return reader(raw);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      const version = this.detected?.configs.version;
      const pathname = new URL((await this.spec(call)).url).pathname;
      throw new KestraError(
        'http',
        `${this.serverName} (Kestra ${version && version !== 'unknown' ? version : 'of unknown version'}) answered ${call.method} ${pathname} (${call.what}) with data the console cannot read: expected ${/^[aeiou]/i.test(error.expected) ? 'an' : 'a'} ${error.expected}.`,
        { detail: `${call.method} ${call.path}` },
      );
    }
  }

  empty(call: ApiCall): Promise<void> {
    return this.run(call, (spec) => this.http.empty(spec));
  }

  text(call: ApiCall, max?: number, truncate = false): Promise<{ text: string; truncated: boolean; contentType: string }> {
    return this.run(call, (spec) => this.http.text(spec, max, truncate));
  }

  bytes(call: ApiCall, max: number): Promise<Buffer> {
    return this.run(call, (spec) => this.http.bytes(spec, max));
  }

  /** Opens a body to stream somewhere else (downloads). */
  openDownload(call: Omit<ApiCall, 'method' | 'kind'>): Promise<DownloadStream> {
    return this.run({ ...call, method: 'GET', kind: 'transfer' }, async (spec) => {
      const response = await this.http.open(spec);
      const length = Number(response.headers['content-length']);
      const type = response.headers['content-type'];
      if (typeof type === 'string' && type.toLowerCase().includes('text/html')) {
        response.body.destroy();
        throw new KestraError('auth', `The server answered ${call.what} with a web page instead of the file: a proxy in front of Kestra probably requires you to sign in.`);
      }
      const fileName = fileNameFromDisposition(response.headers['content-disposition']);
      return {
        body: response.body,
        ...(Number.isFinite(length) && response.headers['content-length'] !== undefined ? { size: length } : {}),
        ...(typeof type === 'string' ? { contentType: type } : {}),
        ...(fileName ? { fileName } : {}),
      };
    });
  }

  /** Opens an SSE stream; the caller parses the body. */
  openEventStream(call: Omit<ApiCall, 'method' | 'kind'> & { signal: AbortSignal }): Promise<Readable> {
    return this.run({ ...call, method: 'GET', kind: 'stream' }, async (spec) => {
      const response = await this.http.open({ ...spec, headers: { accept: 'text/event-stream' } });
      const type = String(response.headers['content-type'] ?? '').toLowerCase();
      if (!type.includes('text/event-stream')) {
        response.body.destroy();
        if (type.includes('text/html')) throw new KestraError('auth', `A proxy answered with a web page while ${call.what}: it probably requires you to sign in.`);
        throw new KestraError('http', `The server did not answer with an event stream while ${call.what}.`);
      }
      return response.body;
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  destroy(): Promise<void> {
    return this.http.destroy();
  }
}

// The local Kestra-compatible server: storage in `dataDir`, the Kestra API over HTTP as the chosen
// persona (version and edition, main/sandbox/personas) answers it.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { configRoutes } from './api/configs';
import { flowRoutes } from './api/flows';
import { namespaceRoutes } from './api/namespaces';
import { pluginRoutes } from './api/plugins';
import type { SandboxConfig, SandboxServices } from './api/services';
import type { SandboxAuth } from './http/auth';
import { createDispatcher } from './http/dispatcher';
import { RequestPacer } from './http/request-pacer';
import { DataDirLock } from './storage/data-dir-lock';
import type { TaskDefinition } from './tasks/task-definition';
import { executionRoutes } from './api/executions';
import { logRoutes } from './api/logs';
import { kvRoutes } from './api/kv';
import { nowIso } from './engine/state';
import { webhookRoutes } from './triggers/webhook-routes';
import { namespaceFileRoutes } from './api/namespace-files';
import type { RouteDefinition } from './http/router';
import { DEFAULT_PERSONA, PERSONAS, parsePersonaId, resolvePersona, type Edition, type EnterpriseOptions, type Persona, type PersonaId } from './personas';
import { personaGlobalRoutes, personaTenantRoutes } from './personas/routes';
import { createViews } from './personas/views';
import { tenantRoutesEE } from './api/tenants';
import { EngineThread } from './engine-thread/engine-client';
import { loadTaskModules, openTenantStores } from './tenant-stores';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  /** Basic auth (Kestra OSS) or an Enterprise-style API token; none by default. */
  auth?: SandboxAuth;
  /** The Kestra version to answer as (`0.22`, `0.24`, `1.3`, `2.0`; full versions accepted). Default 1.3. */
  kestraVersion?: PersonaId | string;
  /** `EE` serves Enterprise tenants, API tokens and RBAC (see personas/enterprise.ts). Default OSS. */
  edition?: Edition;
  /** Enterprise tenants, tokens and user; defaults from `defaultEnterprise()`. */
  enterprise?: Partial<EnterpriseOptions>;
  /**
   * The console's per-launch token for its embedded Local sandbox: required as a bearer token on
   * every request but /ping and webhooks; does not change the version or edition it answers as.
   */
  accessToken?: string;
  /** @deprecated Same as `kestraVersion: '0.22'` (only the pre-0.23 paths). */
  legacyOnly?: boolean;
  /**
   * More task types (tests, and embedders that bring their own plugins): modules (absolute paths or
   * URLs) that export `tasks`, a list of TaskDefinitions. Modules rather than objects because both
   * the API thread (validation, schemas) and the engine thread (runs) register them.
   */
  taskModules?: string[];
  /**
   * Which local capabilities tasks may use (see "Safety" in main/sandbox/README.md): script tasks start
   * local processes, HTTP tasks make outgoing requests. Default: both on, unless the environment
   * says `KESTRA_SANDBOX_SCRIPTS=off` / `KESTRA_SANDBOX_HTTP=off`.
   */
  allow?: { scripts?: boolean; http?: boolean };
}

/** `off`, `false`, `0` or `no` in the environment turn a capability off. */
function allowedByEnvironment(value: string | undefined): boolean {
  return !/^(off|false|0|no)$/i.test(value?.trim() ?? '');
}

export interface RunningSandbox {
  url: string;
  port: number;
  dataDir: string;
  /** What the sandbox answers as: version, edition, tenants (and, for EE, the tokens). */
  persona: Persona;
  close(): Promise<void>;
}

/** The Kestra 1.3-compatible version the sandbox reports by default. */
export const SANDBOX_KESTRA_VERSION = PERSONAS['1.3'].version;
/** Reported by the 0.22 persona (`legacyOnly`): a server from before tenant paths (0.23). */
export const SANDBOX_LEGACY_VERSION = PERSONAS['0.22'].version;

export function personaOf(options: Pick<SandboxOptions, 'kestraVersion' | 'edition' | 'enterprise' | 'legacyOnly' | 'auth'>): Persona {
  // KESTRA_SANDBOX_VERSION lets a host that starts the sandbox for you (web mode's Local sandbox,
  // `KESTRA_SANDBOX_VERSION=2.0 npm run web`) pick the version without a new option on its path.
  const requested = options.kestraVersion ?? (options.legacyOnly ? '0.22' : (process.env.KESTRA_SANDBOX_VERSION ?? DEFAULT_PERSONA));
  const id = parsePersonaId(requested);
  if (!id) throw new Error(`Unknown Kestra version '${requested}' (sandbox personas: ${Object.keys(PERSONAS).join(', ')})`);
  const edition = options.edition ?? 'OSS';
  if (edition === 'EE' && options.auth && 'bearerToken' in options.auth && !options.enterprise) {
    // The CLI's `--token`: one superadmin token, on the tenants the persona defaults to.
    return resolvePersona(id, edition, { tokens: [] });
  }
  return resolvePersona(id, edition, options.enterprise);
}

interface TenantStack {
  services: SandboxServices;
  routes: RouteDefinition[];
  close(): void;
}

/** What one tenant serves over HTTP, over its stores under `dir`; its engine runs on the engine thread. */
function openTenant(tenant: string, dir: string, persona: Persona, options: SandboxOptions, extraTasks: TaskDefinition[], engine: EngineThread): TenantStack {
  const stores = openTenantStores(tenant, dir, { thread: 'api', extraTasks, allow: allowed(options) });
  const config: SandboxConfig = {
    tenant,
    persona,
    version: persona.version,
    edition: persona.edition,
    systemNamespace: 'system',
    auth: options.auth,
    legacyOnly: persona.pathForm === 'legacy',
    dataDir: dir,
    baseUrl: '',
    uuid: randomUUID(),
  };
  const { db, registry, flowRepository, flows, executionRepository, logRepository, storage, secrets, kv, files, renderOptions } = stores;
  const client = engine.client(tenant);
  // A flow saved here is read by the engine from SQLite at once; its schedules and triggers are
  // re-armed on the engine thread.
  flows.onChange((event) => client.flowChanged(event));
  const services: SandboxServices = {
    config,
    views: createViews(persona),
    db,
    registry,
    flowRepository,
    flows,
    namespaceSources: [() => flowRepository.distinctNamespaces(), () => kv.repository.namespaces(nowIso()), () => files.namespaces()],
    executionRepository,
    engine: client,
    logRepository,
    storage,
    secrets,
    kv,
    files,
    engineRenderOptions: renderOptions,
  };
  const tenantRoutes = [...flowRoutes(services), ...namespaceRoutes(services), ...executionRoutes(services), ...logRoutes(services), ...kvRoutes(services), ...namespaceFileRoutes(services), ...webhookRoutes(services)];
  return {
    services,
    routes: personaTenantRoutes(persona, tenantRoutes, services),
    close: () => db.close(),
  };
}

function allowed(options: SandboxOptions): { scripts: boolean; http: boolean } {
  return {
    scripts: options.allow?.scripts ?? allowedByEnvironment(process.env.KESTRA_SANDBOX_SCRIPTS),
    http: options.allow?.http ?? allowedByEnvironment(process.env.KESTRA_SANDBOX_HTTP),
  };
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const persona = personaOf(options);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const lock = DataDirLock.acquire(options.dataDir);
  const stacks: TenantStack[] = [];
  let engine: EngineThread | undefined;
  try {
    const taskModules = options.taskModules ?? [];
    const extraTasks = await loadTaskModules(taskModules);
    // OSS keeps its one tenant at the top of the data directory; Enterprise tenants each get a folder.
    const tenants = persona.tenants.map((tenant) => ({ tenant, dir: persona.edition === 'OSS' ? options.dataDir : path.join(options.dataDir, 'tenants', tenant) }));
    // The engine runs on a thread of its own (engine-thread/, README "Threads"): this one only serves HTTP.
    engine = new EngineThread({ tenants, baseUrl: '', taskModules, allow: allowed(options) });
    for (const { tenant, dir } of tenants) stacks.push(openTenant(tenant, dir, persona, options, extraTasks, engine));
    const first = stacks[0]!.services;
    const globalRoutes = [...configRoutes(first), ...pluginRoutes(first), ...(persona.edition === 'EE' ? tenantRoutesEE(persona) : [])];
    const dispatch = createDispatcher({
      persona,
      auth: options.auth,
      accessToken: options.accessToken,
      globalRoutes: personaGlobalRoutes(persona, globalRoutes, first),
      tenantRoutes: new Map(stacks.map((stack) => [stack.services.config.tenant, stack.routes])),
      onError: (error) => console.error('[sandbox] request failed:', error),
      allowedHosts: () => allowedHosts,
    });
    // Reads are answered at once; writes are paced while the engine works for the API (http/request-pacer.ts).
    const started = engine;
    const pacer = new RequestPacer(() => started.busy);
    // Idle keep-alive sockets are left to the client to close (it is told `timeout=30`): a server
    // that closes first races a client that reuses the socket after a busy moment (ECONNRESET).
    const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => pacer.admit(req.method, () => dispatch(req, res)));
    const host = options.host ?? '127.0.0.1';
    const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
    // Bound to loopback: only loopback names in Host (DNS-rebinding guard). Bound elsewhere: any.
    const allowedHosts = loopback ? new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]) : undefined;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    for (const stack of stacks) stack.services.config.baseUrl = url;
    try {
      // Resolves once every tenant's engine has recovered its executions.
      await engine.start(url);
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      dataDir: options.dataDir,
      persona,
      close: () => {
        closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        })
          .then(() => started.close())
          .then(() => {
            for (const stack of stacks) stack.close();
          })
          .then(() => lock.release());
        return closing;
      },
    };
  } catch (error) {
    await engine?.close();
    for (const stack of stacks) stack.close();
    lock.release();
    throw error;
  }
}

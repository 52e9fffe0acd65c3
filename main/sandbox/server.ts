// The local Kestra-compatible server: storage in `dataDir`, the Kestra API over HTTP as the chosen
// persona (version and edition, main/sandbox/personas) answers it.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { configRoutes } from './api/configs';
import { flowRoutes } from './api/flows';
import { namespaceRoutes } from './api/namespaces';
import { pluginRoutes } from './api/plugins';
import type { SandboxConfig, SandboxServices } from './api/services';
import { FlowService } from './flows/flow-service';
import type { SandboxAuth } from './http/auth';
import { createDispatcher } from './http/dispatcher';
import { SandboxDatabase } from './storage/database';
import { DataDirLock } from './storage/data-dir-lock';
import { FlowRepository } from './storage/flow-repository';
import { createDefaultRegistry } from './tasks/registry';
import type { TaskDefinition } from './tasks/task-definition';
import { executionRoutes } from './api/executions';
import { logRoutes } from './api/logs';
import { ExecutionEngine } from './engine/execution-engine';
import { LogService } from './engine/log-service';
import { SecretBox } from './engine/secret-box';
import { ExecutionRepository } from './storage/execution-repository';
import { InternalStorage } from './storage/internal-storage';
import { LogRepository } from './storage/log-repository';
import { LogTextFiles } from './storage/log-text-files';
import { kvRoutes } from './api/kv';
import { KvStore } from './kv/kv-store';
import { KvRepository } from './storage/kv-repository';
import { nowIso } from './engine/state';
import { secretsFromEnvironment, type RenderOptions } from './pebble';
import { ScheduleTriggers } from './triggers/schedule-triggers';
import { webhookRoutes } from './triggers/webhook-routes';
import { namespaceFileRoutes } from './api/namespace-files';
import { NamespaceFileStore } from './files/namespace-file-store';
import { normalizeFilePath } from './files/namespace-path';
import { readFileSync } from 'node:fs';
import type { RouteDefinition } from './http/router';
import { DEFAULT_PERSONA, PERSONAS, parsePersonaId, resolvePersona, type Edition, type EnterpriseOptions, type Persona, type PersonaId } from './personas';
import { personaGlobalRoutes, personaTenantRoutes } from './personas/routes';
import { createViews } from './personas/views';
import { tenantRoutesEE } from './api/tenants';

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
  /** More task types to register (tests, and embedders that bring their own plugins). */
  extraTasks?: TaskDefinition[];
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
  start(): void;
  close(): Promise<void>;
}

/** Everything one tenant owns: its database, storage, engine and routes, under `dir`. */
function openTenant(tenant: string, dir: string, persona: Persona, options: SandboxOptions, opened: { close(): void }[]): TenantStack {
  // The data folder holds flows, KV values and files in plaintext: this user's only.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const db = new SandboxDatabase(path.join(dir, 'sandbox.db'));
  opened.push(db);
  for (const file of ['sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']) {
    if (existsSync(path.join(dir, file))) chmodSync(path.join(dir, file), 0o600);
  }
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
  const registry = createDefaultRegistry();
  for (const task of options.extraTasks ?? []) registry.register(task);
  const flowRepository = new FlowRepository(db);
  const flows = new FlowService(flowRepository, registry);
  const executionRepository = new ExecutionRepository(db);
  const logs = new LogService(new LogRepository(db, config.tenant), new LogTextFiles(db, dir), db);
  const storage = new InternalStorage(dir);
  const secrets = new SecretBox(dir);
  const kv = new KvStore(new KvRepository(db));
  const files = new NamespaceFileStore(db, dir);
  const renderOptions: RenderOptions = {
    functions: {
      kv: (key, namespace) => kv.value(namespace, key),
      read: (filePath, request) =>
        request.kind === 'internal-storage'
          ? readFileSync(storage.file(InternalStorage.pathOf(filePath) ?? filePath), 'utf8')
          : files.readText(request.namespace ?? '', normalizeFilePath(filePath)),
      secret: secretsFromEnvironment(process.env),
    },
    extraFunctions: {
      // Kestra's errorLogs(): the ERROR lines of the current execution (for errors branches).
      errorLogs: {
        args: [],
        call: (_args, variables) => {
          const executionId = (variables.execution as { id?: unknown } | undefined)?.id;
          if (typeof executionId !== 'string') return [];
          logs.flush();
          return logs.repository.byExecution(executionId, { minLevel: 'ERROR' }).map((stored) => stored.entry);
        },
      },
    },
  };
  const engine = new ExecutionEngine({
    tenantId: config.tenant,
    db,
    executions: executionRepository,
    logs,
    flows,
    registry,
    storage,
    secrets,
    services: { kv, namespaceFiles: files, storage, flows },
    renderOptions,
    baseUrl: () => config.baseUrl,
  });
  const services: SandboxServices = {
    config,
    views: createViews(persona),
    db,
    registry,
    flowRepository,
    flows,
    namespaceSources: [() => flowRepository.distinctNamespaces(), () => kv.repository.namespaces(nowIso()), () => files.namespaces()],
    executionRepository,
    engine,
    logs,
    storage,
    secrets,
    kv,
    files,
    engineRenderOptions: renderOptions,
  };

  const tenantRoutes = [...flowRoutes(services), ...namespaceRoutes(services), ...executionRoutes(services), ...logRoutes(services), ...kvRoutes(services), ...namespaceFileRoutes(services), ...webhookRoutes(services)];
  let schedules: ScheduleTriggers | undefined;
  return {
    services,
    routes: personaTenantRoutes(persona, tenantRoutes, services),
    start: () => {
      engine.recover();
      schedules = new ScheduleTriggers({ flows, flowRepository, engine, registry, secrets, renderOptions });
      schedules.start();
    },
    close: async () => {
      schedules?.stop();
      await engine.close();
      db.close();
    },
  };
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const persona = personaOf(options);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const lock = DataDirLock.acquire(options.dataDir);
  const opened: { close(): void }[] = [];
  try {
    // OSS keeps its one tenant at the top of the data directory; Enterprise tenants each get a folder.
    const stacks = persona.tenants.map((tenant) =>
      openTenant(tenant, persona.edition === 'OSS' ? options.dataDir : path.join(options.dataDir, 'tenants', tenant), persona, options, opened),
    );
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
    const server = http.createServer({ keepAliveTimeout: 5_000 }, dispatch);
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
    for (const stack of stacks) {
      stack.services.config.baseUrl = url;
      stack.start();
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
          .then(() => Promise.all(stacks.map((stack) => stack.close())))
          .then(() => lock.release());
        return closing;
      },
    };
  } catch (error) {
    for (const item of opened) item.close();
    lock.release();
    throw error;
  }
}

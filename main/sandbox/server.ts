// The local Kestra-compatible server: storage in `dataDir`, the Kestra 1.x OSS API over HTTP.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
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
import type { TaskDefinition, TaskHost } from './tasks/task-definition';
import { taskHostFunctions } from './tasks/host-functions';
import { HttpTriggers } from './tasks/http/http-trigger';
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
import { FlowTriggers } from './triggers/flow-triggers';
import { RequestPacer } from './engine/request-pacer';
import { webhookRoutes } from './triggers/webhook-routes';
import { namespaceFileRoutes } from './api/namespace-files';
import { NamespaceFileStore } from './files/namespace-file-store';
import { normalizeFilePath } from './files/namespace-path';
import { readFileSync } from 'node:fs';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  /** Basic auth (Kestra OSS) or an Enterprise-style API token; none by default. */
  auth?: SandboxAuth;
  /** Serve only the pre-0.23 paths (`/api/v1/flows/...`) and report a 0.22 version. */
  legacyOnly?: boolean;
  /** More task types to register (tests, and embedders that bring their own plugins). */
  extraTasks?: TaskDefinition[];
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
  close(): Promise<void>;
}

/** The Kestra 1.3-compatible version the sandbox reports, so clients pick the tenant path form. */
export const SANDBOX_KESTRA_VERSION = '1.3.25';
/** Reported in `legacyOnly` mode: a server from before tenant paths (0.23). */
export const SANDBOX_LEGACY_VERSION = '0.22.6';

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  mkdirSync(options.dataDir, { recursive: true });
  const lock = DataDirLock.acquire(options.dataDir);
  let db: SandboxDatabase | undefined;
  try {
    db = new SandboxDatabase(path.join(options.dataDir, 'sandbox.db'));
    const config: SandboxConfig = {
      tenant: 'main',
      version: options.legacyOnly ? SANDBOX_LEGACY_VERSION : SANDBOX_KESTRA_VERSION,
      edition: options.auth && 'bearerToken' in options.auth ? 'EE' : 'OSS',
      systemNamespace: 'system',
      auth: options.auth,
      legacyOnly: options.legacyOnly ?? false,
      dataDir: options.dataDir,
      baseUrl: '',
      uuid: randomUUID(),
    };
    const registry = createDefaultRegistry();
    for (const task of options.extraTasks ?? []) registry.register(task);
    const flowRepository = new FlowRepository(db);
    const flows = new FlowService(flowRepository, registry);
    const executionRepository = new ExecutionRepository(db);
    const logs = new LogService(new LogRepository(db, config.tenant), new LogTextFiles(db, options.dataDir), db);
    const storage = new InternalStorage(options.dataDir);
    const secrets = new SecretBox(options.dataDir);
    const kv = new KvStore(new KvRepository(db));
    const files = new NamespaceFileStore(db, options.dataDir);
    const taskHost: TaskHost = {
      cacheDir: path.join(options.dataDir, 'cache'),
      scripts: options.allow?.scripts ?? allowedByEnvironment(process.env.KESTRA_SANDBOX_SCRIPTS),
      http: options.allow?.http ?? allowedByEnvironment(process.env.KESTRA_SANDBOX_HTTP),
    };
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
        ...taskHostFunctions({ storage, files, httpAllowed: () => taskHost.http }),
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
      services: { kv, namespaceFiles: files, storage, flows, host: taskHost },
      renderOptions,
      baseUrl: () => config.baseUrl,
    });
    const services: SandboxServices = {
      config,
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

    const dispatch = createDispatcher({
      tenant: config.tenant,
      legacyOnly: config.legacyOnly,
      auth: options.auth,
      globalRoutes: [...configRoutes(services), ...pluginRoutes(services)],
      tenantRoutes: [...flowRoutes(services), ...namespaceRoutes(services), ...executionRoutes(services), ...logRoutes(services), ...kvRoutes(services), ...namespaceFileRoutes(services), ...webhookRoutes(services)],
      onError: (error) => console.error('[sandbox] request failed:', error),
      allowedHosts: () => allowedHosts,
    });
    // Reads are answered at once; writes are paced while the engine is busy (engine/request-pacer.ts).
    const pacer = new RequestPacer(() => engine.busy);
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
    config.baseUrl = url;
    engine.recover();
    const schedules = new ScheduleTriggers({ flows, flowRepository, engine, registry, secrets, renderOptions });
    schedules.start();
    const flowTriggers = new FlowTriggers({ flows, flowRepository, engine, registry, secrets, renderOptions });
    flowTriggers.start();
    const httpTriggers = new HttpTriggers({ flows, flowRepository, engine, registry, renderOptions, allowed: () => taskHost.http });
    httpTriggers.start();
    const database = db;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      dataDir: options.dataDir,
      close: () => {
        closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        })
          .then(() => {
            schedules.stop();
            flowTriggers.stop();
            httpTriggers.stop();
          })
          .then(() => engine.close())
          .then(() => {
            database.close();
            lock.release();
          });
        return closing;
      },
    };
  } catch (error) {
    db?.close();
    lock.release();
    throw error;
  }
}

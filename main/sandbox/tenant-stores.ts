// What one tenant stores, opened the same way on both of the sandbox's threads: the API thread and
// the engine thread each hold their own SQLite connection to the same WAL database (reads never
// block each other; writes take turns), and the same file stores.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlowService } from './flows/flow-service';
import { NamespaceFileStore } from './files/namespace-file-store';
import { normalizeFilePath } from './files/namespace-path';
import { KvStore } from './kv/kv-store';
import { secretsFromEnvironment, type RenderOptions } from './pebble';
import { SecretBox } from './engine/secret-box';
import { SandboxDatabase } from './storage/database';
import { ExecutionRepository } from './storage/execution-repository';
import { FlowRepository } from './storage/flow-repository';
import { InternalStorage } from './storage/internal-storage';
import { KvRepository } from './storage/kv-repository';
import { LogRepository } from './storage/log-repository';
import { taskHostFunctions } from './tasks/host-functions';
import { createDefaultRegistry, type TaskRegistry } from './tasks/registry';
import type { TaskDefinition, TaskHost } from './tasks/task-definition';

export interface TenantStores {
  tenant: string;
  dir: string;
  db: SandboxDatabase;
  registry: TaskRegistry;
  flowRepository: FlowRepository;
  flows: FlowService;
  executionRepository: ExecutionRepository;
  logRepository: LogRepository;
  storage: InternalStorage;
  secrets: SecretBox;
  kv: KvStore;
  files: NamespaceFileStore;
  taskHost: TaskHost;
  /** Pebble host services: kv(), read(), secret(), http(), file functions, errorLogs(). */
  renderOptions: RenderOptions;
}

export interface TenantStoreOptions {
  /**
   * The API thread opens the stores first and owns the start-up clean-up (interrupted uploads); the
   * engine thread, which opens them after (and again after a crash), must not remove files in use.
   */
  thread: 'api' | 'engine';
  extraTasks: TaskDefinition[];
  allow: { scripts: boolean; http: boolean };
  /** Called before errorLogs() reads log rows (the engine thread writes its pending lines). */
  beforeLogRead?: () => void;
}

/**
 * Task types from modules (`startSandbox({ taskModules })`): each module exports `tasks`, a list of
 * TaskDefinitions. Modules, not objects, because both threads must register them.
 */
export async function loadTaskModules(modules: readonly string[]): Promise<TaskDefinition[]> {
  const definitions: TaskDefinition[] = [];
  for (const specifier of modules) {
    const url = path.isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier;
    const loaded = (await import(url)) as { tasks?: unknown };
    if (!Array.isArray(loaded.tasks)) throw new Error(`Task module ${specifier} does not export a 'tasks' list`);
    definitions.push(...(loaded.tasks as TaskDefinition[]));
  }
  return definitions;
}

export function openTenantStores(tenant: string, dir: string, options: TenantStoreOptions): TenantStores {
  // The data folder holds flows, KV values and files in plaintext: this user's only.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const db = new SandboxDatabase(path.join(dir, 'sandbox.db'));
  try {
    for (const file of ['sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']) {
      if (existsSync(path.join(dir, file))) chmodSync(path.join(dir, file), 0o600);
    }
    const registry = createDefaultRegistry();
    for (const task of options.extraTasks) registry.register(task);
    const flowRepository = new FlowRepository(db);
    const logRepository = new LogRepository(db, tenant);
    const storage = new InternalStorage(dir);
    const kv = new KvStore(new KvRepository(db));
    const files = new NamespaceFileStore(db, dir, options.thread === 'api');
    const taskHost: TaskHost = { cacheDir: path.join(dir, 'cache'), scripts: options.allow.scripts, http: options.allow.http };
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
            options.beforeLogRead?.();
            return logRepository.byExecution(executionId, { minLevel: 'ERROR' }).map((stored) => stored.entry);
          },
        },
      },
    };
    return {
      tenant,
      dir,
      db,
      registry,
      flowRepository,
      flows: new FlowService(flowRepository, registry),
      executionRepository: new ExecutionRepository(db),
      logRepository,
      storage,
      secrets: new SecretBox(dir),
      kv,
      files,
      taskHost,
      renderOptions,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

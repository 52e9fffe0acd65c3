// What the API modules share: configuration, storage and domain services. Built once per server.
import type { SandboxAuth } from '../http/auth';
import type { FlowService } from '../flows/flow-service';
import type { SandboxDatabase } from '../storage/database';
import type { FlowRepository } from '../storage/flow-repository';
import type { TaskRegistry } from '../tasks/registry';
import type { EngineClient } from '../engine-thread/engine-client';
import type { LogRepository } from '../storage/log-repository';
import type { SecretBox } from '../engine/secret-box';
import type { ExecutionRepository } from '../storage/execution-repository';
import type { InternalStorage } from '../storage/internal-storage';
import type { KvStore } from '../kv/kv-store';
import type { NamespaceFileStore } from '../files/namespace-file-store';
import type { RenderOptions } from '../pebble';
import type { Persona } from '../personas/persona';
import type { PersonaViews } from '../personas/views';

export interface SandboxConfig {
  /** Tenant these services belong to (Kestra OSS: always `main`; Enterprise: one per tenant). */
  tenant: string;
  /** The Kestra version and edition the sandbox answers as. */
  persona: Persona;
  version: string;
  edition: 'OSS' | 'EE';
  systemNamespace: string;
  auth?: SandboxAuth;
  /** Serve only the pre-0.23 paths (`/api/v1/flows/...`): the 0.22 persona. */
  legacyOnly: boolean;
  dataDir: string;
  /** Set once listening: `http://127.0.0.1:port`. */
  baseUrl: string;
  uuid: string;
}

/** A source of namespaces that exist because something lives in them (flows, KV, files). */
export type NamespaceSource = () => Iterable<string>;

export interface SandboxServices {
  config: SandboxConfig;
  /** How the persona serialises executions, KV values and tenant-owned objects. */
  views: PersonaViews;
  db: SandboxDatabase;
  registry: TaskRegistry;
  flowRepository: FlowRepository;
  flows: FlowService;
  namespaceSources: NamespaceSource[];
  executionRepository: ExecutionRepository;
  /** The execution engine, on the engine thread: every call is a message (engine-thread/protocol.ts). */
  engine: EngineClient;
  /** Log rows as committed (ask `engine.flushLogs()` first for lines still pending). */
  logRepository: LogRepository;
  storage: InternalStorage;
  secrets: SecretBox;
  kv: KvStore;
  files: NamespaceFileStore;
  /** Pebble host services (kv(), read(), secret()) for expressions rendered outside a task. */
  engineRenderOptions?: RenderOptions;
}

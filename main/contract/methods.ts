// The handler table's contract: every method takes one options object and resolves to
// Result<T>. Main implements the table once (main/ipc/handler-table.ts); Electron's ipcMain and the
// web host both serve it. The renderer imports this file with `import type` only.
//
// Every method about server data takes `serverId`; main looks up the profile, attaches the
// credentials and builds the URL. The renderer never sends a URL or a secret, except when it
// creates or edits a server (`secret`, write-only).
import type {
  Execution,
  FileAttributes,
  Flow,
  FlowValidation,
  FlowWithSource,
  KvEntry,
  KvType,
  KvValue,
  Label,
  LogEntry,
  LogLevel,
  Paged,
  ServerConfigs,
  StateType,
} from './kestra-model';
import type { ServerCapabilities, TenantList } from './capabilities';
import type { AuthKind, Environment, SafetyPolicy, ServerView, TimeoutSettings, TlsSettings } from './servers';
import type { Confirmation } from './method-policy';
import type { DownloadResult, DownloadTarget, LocalFileRef, LocalFolderRef } from './transfer';

type Empty = Record<string, never>;
type OnServer<T = unknown> = { serverId: string } & T;

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  platform: string;
}

export interface VaultStatus {
  kind: 'keychain' | 'safe-storage' | 'memory';
  /** False when secrets last only for this session. */
  persistent: boolean;
  /** Why the console fell back, in words for the user. */
  reason?: string;
}

export interface AppStatus {
  vault: VaultStatus;
  /** Set when servers.json could not be read and was set aside. */
  registryProblem?: string;
  localSandbox: { state: 'starting' | 'running' | 'failed' | 'disabled'; url?: string; error?: string };
}

/** What a user fills in to add or edit a server. */
export interface ServerInput {
  name: string;
  url: string;
  tenant?: string;
  authKind: AuthKind;
  username?: string;
  color: string;
  environment: Environment;
  environmentLabel?: string;
  policy: SafetyPolicy;
  tls: TlsSettings;
  timeouts?: Partial<TimeoutSettings>;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface ConnectionCheck {
  id: 'reachability' | 'tls' | 'version' | 'api-form' | 'credentials';
  status: CheckStatus;
  message: string;
}

export interface ConnectionReport {
  checks: ConnectionCheck[];
  configs?: ServerConfigs;
  /** SHA-256 fingerprint of the certificate the server presented (https only), to pin it. */
  certificateSha256?: string;
}

export interface ServerHealth {
  serverId: string;
  status: 'up' | 'down' | 'auth-failed' | 'tls-failed';
  version?: string;
  edition?: string;
  latencyMs?: number;
  checkedAt: string;
  message?: string;
}

export interface FlowSearchParams {
  namespace?: string;
  q?: string;
  labels?: Label[];
  page?: number;
  size?: number;
  /** e.g. ['id:asc'] */
  sort?: string[];
}

export interface ExecutionSearchParams {
  namespace?: string;
  flowId?: string;
  states?: StateType[];
  /** ISO date-times. */
  startDate?: string;
  endDate?: string;
  /** ISO duration back from now, e.g. PT24H. */
  timeRange?: string;
  labels?: Label[];
  q?: string;
  page?: number;
  size?: number;
  /** e.g. ['state.startDate:desc'] */
  sort?: string[];
}

/** One value per input id; FILE inputs go in `files`. */
export type InputValues = Record<string, string | number | boolean | string[] | null>;

export interface TriggerParams {
  namespace: string;
  flowId: string;
  inputs?: InputValues;
  files?: Record<string, LocalFileRef>;
  labels?: Label[];
  scheduleDate?: string;
  revision?: number;
}

export interface BulkResult {
  count: number;
}

export interface KvPutParams {
  namespace: string;
  key: string;
  type: KvType;
  /** The value in the type's natural form: a string for STRING/DATE/DATETIME/DURATION, number, boolean, or any JSON value. */
  value: unknown;
  /** ISO-8601 duration, e.g. PT1H. */
  ttl?: string;
  description?: string;
}

export interface UploadResult {
  path: string;
  /** Size the server reports after the upload (files/stats). */
  size: number;
}

export interface ConsoleMethods {
  // The console itself
  'app.info': { params: Empty; result: AppInfo };
  'app.status': { params: Empty; result: AppStatus };
  /** Opens an https link in the system browser (allow-listed in main). */
  'app.openExternal': { params: { url: string }; result: null };

  // The window's own state (open tabs, each pane's place, unsaved drafts), kept in the app's data
  // folder so it survives a restart. Never a secret. Text the renderer wrote, by key.
  'ui.loadState': { params: Empty; result: Record<string, string> };
  /** Keeps (or, with null, forgets) one key's text; at most 6 MB. */
  'ui.saveState': { params: { key: string; value: string | null }; result: null };

  // Server registry
  'servers.list': { params: Empty; result: ServerView[] };
  'servers.create': { params: { input: ServerInput; secret?: string }; result: ServerView };
  /** Turning off `policy.readOnly` or `policy.confirmDestructive` needs `confirmation` (the server's name). */
  'servers.update': { params: { serverId: string; input: Partial<ServerInput> } & Confirmation; result: ServerView };
  'servers.delete': { params: { serverId: string } & Confirmation; result: null };
  'servers.reorder': { params: { serverIds: string[] }; result: ServerView[] };
  /** Write-only: the secret is stored in the vault; only hasCredentials comes back. */
  'servers.setSecret': { params: { serverId: string; secret: string }; result: ServerView };
  'servers.clearSecret': { params: { serverId: string }; result: ServerView };
  /** Tests a saved server, or a draft before saving (with its secret, which is not stored). */
  'servers.testConnection': { params: { serverId: string } | { input: ServerInput; secret?: string }; result: ConnectionReport };
  'servers.health': { params: { serverId: string }; result: ServerHealth };
  /** A JSON document of server profiles, never with secrets. */
  'servers.export': { params: { serverIds?: string[] }; result: { json: string } };
  'servers.import': { params: { json: string }; result: { added: ServerView[]; skipped: string[] } };

  // Server facts
  'kestra.configs': { params: OnServer; result: ServerConfigs };
  /** The flow JSON schema for the editor; `cacheKey` changes with the server's version. */
  'kestra.flowSchema': { params: OnServer; result: { schema: unknown; cacheKey: string } };
  /** What this server's version and edition can do (main/kestra/capabilities.ts); panes gate on it. */
  'kestra.capabilities': { params: OnServer; result: ServerCapabilities };
  /** Tenants the account may use (Enterprise), for a saved server or a draft in the server dialog. */
  'kestra.tenants': { params: { serverId: string } | { input: ServerInput; secret?: string }; result: TenantList };

  // Namespaces
  'namespaces.list': { params: OnServer<{ q?: string }>; result: string[] };

  // Flows
  'flows.search': { params: OnServer<FlowSearchParams>; result: Paged<Flow> };
  'flows.get': { params: OnServer<{ namespace: string; id: string; revision?: number }>; result: FlowWithSource };
  'flows.create': { params: OnServer<{ source: string }>; result: FlowWithSource };
  'flows.update': { params: OnServer<{ namespace: string; id: string; source: string }>; result: FlowWithSource };
  'flows.delete': { params: OnServer<{ namespace: string; id: string } & Confirmation>; result: null };
  'flows.validate': { params: OnServer<{ source: string }>; result: FlowValidation[] };
  'flows.revisions': { params: OnServer<{ namespace: string; id: string }>; result: FlowWithSource[] };

  // Executions
  'executions.trigger': { params: OnServer<TriggerParams>; result: Execution };
  'executions.search': { params: OnServer<ExecutionSearchParams>; result: Paged<Execution> };
  'executions.get': { params: OnServer<{ executionId: string }>; result: Execution };
  'executions.kill': { params: OnServer<{ executionId: string } & Confirmation>; result: null };
  'executions.restart': { params: OnServer<{ executionId: string }>; result: Execution };
  'executions.replay': { params: OnServer<{ executionId: string; taskRunId?: string }>; result: Execution };
  'executions.resume': { params: OnServer<{ executionId: string; inputs?: InputValues; files?: Record<string, LocalFileRef> }>; result: null };
  'executions.pause': { params: OnServer<{ executionId: string }>; result: null };
  'executions.changeStatus': { params: OnServer<{ executionId: string; status: StateType } & Confirmation>; result: Execution };
  'executions.setLabels': { params: OnServer<{ executionId: string; labels: Label[] }>; result: Execution };
  'executions.delete': { params: OnServer<{ executionId: string } & Confirmation>; result: null };
  'executions.bulk': {
    params: OnServer<{ action: 'kill' | 'restart' | 'replay' | 'delete'; executionIds: string[] } & Confirmation>;
    result: BulkResult;
  };
  /** Downloads an output file (kestra:///… URI) of an execution. */
  'executions.downloadFile': { params: OnServer<{ executionId: string; uri: string; target: DownloadTarget }>; result: DownloadResult };
  /** One task run's outputs (2.x serves them apart from the execution; older servers from inside it). */
  'executions.taskRunOutputs': { params: OnServer<{ executionId: string; taskRunId: string }>; result: Record<string, unknown> };
  /** Ids of the task runs that have outputs; null when the server offers no such list. */
  'executions.outputsIndex': { params: OnServer<{ executionId: string }>; result: string[] | null };
  /** The flow's declared outputs of an execution. */
  'executions.flowOutputs': { params: OnServer<{ executionId: string }>; result: Record<string, unknown> };
  /** First bytes of an output file, as text, for preview. */
  'executions.previewFile': { params: OnServer<{ executionId: string; uri: string; maxBytes?: number }>; result: { text: string; truncated: boolean; size?: number } };

  // Logs
  'logs.list': { params: OnServer<{ executionId: string; minLevel?: LogLevel; taskRunId?: string }>; result: LogEntry[] };
  /** The full log streamed to disk by main. */
  'logs.download': { params: OnServer<{ executionId: string; minLevel?: LogLevel; target: DownloadTarget }>; result: DownloadResult };

  // KV store
  'kv.list': { params: OnServer<{ namespace: string }>; result: KvEntry[] };
  /** Keys of parent namespaces visible from this one (nearest parent wins). */
  'kv.inherited': { params: OnServer<{ namespace: string }>; result: KvEntry[] };
  /** Every namespace's keys, paged (1.1+). */
  'kv.search': { params: OnServer<{ q?: string; namespace?: string; page?: number; size?: number; sort?: string[] }>; result: Paged<KvEntry> };
  'kv.get': { params: OnServer<{ namespace: string; key: string }>; result: KvValue };
  'kv.put': { params: OnServer<KvPutParams>; result: null };
  'kv.delete': { params: OnServer<{ namespace: string; key: string } & Confirmation>; result: { deleted: boolean } };
  'kv.deleteMany': { params: OnServer<{ namespace: string; keys: string[] } & Confirmation>; result: { deleted: string[] } };

  // Namespace files
  'files.list': { params: OnServer<{ namespace: string; path?: string }>; result: FileAttributes[] };
  'files.stats': { params: OnServer<{ namespace: string; path: string }>; result: FileAttributes };
  /** Text content (UTF-8) for the editor; refuses files over `maxBytes` (default 5 MB). */
  'files.readText': { params: OnServer<{ namespace: string; path: string; revision?: number; maxBytes?: number }>; result: { text: string; size: number } };
  /** Raw bytes, base64-encoded (syncing to a local folder, comparing content); refuses files over `maxBytes` (default 16 MB, at most 64 MB). */
  'files.readBytes': { params: OnServer<{ namespace: string; path: string; maxBytes?: number }>; result: { base64: string; size: number } };
  'files.writeText': { params: OnServer<{ namespace: string; path: string; text: string }>; result: UploadResult };
  /**
   * Streams a local file to the namespace. Electron passes a path; web mode streams the body (the
   * web bridge does that). Resolves only after files/stats shows the full size.
   */
  'files.upload': {
    params: OnServer<{
      namespace: string;
      path: string;
      source: LocalFileRef;
      /** Progress of this upload is published on `transfers.progress` under this id. */
      uploadId?: string;
      /**
       * Kestra unpacks an uploaded `.zip` into the namespace root (ignoring `path`). Off by
       * default: the zip is stored as a file at `path`. Ask the user before turning it on.
       */
      extractZip?: boolean;
    }>;
    result: UploadResult;
  };
  'files.mkdir': { params: OnServer<{ namespace: string; path: string }>; result: null };
  'files.move': { params: OnServer<{ namespace: string; from: string; to: string }>; result: null };
  'files.delete': { params: OnServer<{ namespace: string; path: string } & Confirmation>; result: null };
  'files.revisions': { params: OnServer<{ namespace: string; path: string }>; result: { revision: number }[] };
  'files.download': { params: OnServer<{ namespace: string; path: string; target: DownloadTarget }>; result: DownloadResult };
  /** The whole namespace as a zip. */
  'files.export': { params: OnServer<{ namespace: string; target: DownloadTarget }>; result: DownloadResult };

  // Local folders (Electron): only the folder the user chose in main's dialog, only inside it
  /** Opens main's folder dialog; the chosen folder as a handle of this window, or null when dismissed. */
  'local.pickFolder': { params: Empty; result: { folder: LocalFolderRef; name: string } | null };
  /** Streams a namespace file into the chosen folder at `relativePath` (folders created, written atomically). */
  'local.saveFile': { params: OnServer<{ namespace: string; path: string; folder: LocalFolderRef; relativePath: string; transferId?: string }>; result: DownloadResult };
  /** Deletes a file of the chosen folder (mirroring a namespace folder down). */
  'local.removeFile': { params: { folder: LocalFolderRef; relativePath: string } & Confirmation; result: null };
}

export type MethodName = keyof ConsoleMethods;
export type MethodParams<M extends MethodName> = ConsoleMethods[M]['params'];
export type MethodResult<M extends MethodName> = ConsoleMethods[M]['result'];

/** Options every call accepts besides its params. */
export interface CallOptions {
  /** Lets the caller cancel with `cancel(requestId)`; the bridge fills one in when omitted. */
  requestId?: string;
}

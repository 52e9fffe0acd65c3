// What one Kestra server can do, as the renderer sees it. Main derives it from the server's
// version and edition (main/kestra/capabilities.ts, the one table); panes ask it through
// `kestra.capabilities` (renderer/lib/capabilities.ts) and hide or disable what the server lacks,
// with the reason in words. The renderer imports this file with `import type` only.

/** Every feature that some Kestra versions or editions lack. */
export const FEATURE_IDS = [
  /** KV keys visible from parent namespaces (`GET …/kv/inheritance`, 1.0+). */
  'kv.inheritance',
  /** One search over every namespace's KV store (`GET …/kv`, 1.1+). */
  'kv.search',
  /** Namespace file history: list revisions and read an old one (1.2+). */
  'files.revisions',
  /** Tenants the signed-in account can use (`GET /api/v1/me`, Enterprise). */
  'tenants.list',
  /** Service-account and user API tokens as bearer tokens (Enterprise; open source has basic auth only). */
  'auth.apiTokens',
] as const;

export type FeatureId = (typeof FEATURE_IDS)[number];

export interface FeatureStatus {
  available: boolean;
  /** When unavailable: why, in words a user can act on ("Needs Kestra ≥ 1.2; this server runs 0.24.3."). */
  reason?: string;
  /** The first Kestra version that has it, when a version gates it. */
  since?: string;
  /** Set when only that edition has it. */
  edition?: 'EE';
}

/**
 * How this server's API is shaped: what the client sends and how it reads the answers. The renderer
 * reads a few of these (outputs, task runs in lists); the rest documents what main does.
 */
export interface ApiShape {
  /** `/api/v1/flows/…` before 0.23, `/api/v1/{tenant}/flows/…` since. */
  paths: 'legacy' | 'tenant';
  /** Search filters as `filters[field][OP]=` (1.0+) or the plain parameters older servers read. */
  search: 'filters' | 'params';
  /** Single-execution actions at `/executions/{id}/kill` (≤ 1.x) or `/executions/{id}/actions/kill` (2.x). */
  executionActions: 'direct' | 'actions';
  /** A namespace's KV keys from `GET …/namespaces/{ns}/kv` (≤ 1.x) or from the KV search (2.x removed the former). */
  kvList: 'namespace' | 'search';
  /** Task-run outputs inside the execution (≤ 1.x) or from the outputs endpoints, per task run (2.x). */
  taskRunOutputs: 'inline' | 'endpoint';
  /** Whether execution search results carry their task runs (2.x sends execution-level fields only). */
  taskRunsInLists: boolean;
  /** Log list/follow/download take `minLevel`/`taskRunId` (≤ 1.x) or `filters[…]` (2.x). */
  logFilters: 'params' | 'filters';
  /** Namespace search takes `q` (≤ 1.x) or `filters[q]` (2.x). */
  namespaceSearch: 'q' | 'filters';
  /** Error bodies: Micronaut JSON errors (≤ 1.x) or RFC 9457 problem details (2.x). */
  errors: 'json-error' | 'problem';
  /** What a duplicate flow id answers: 422 (≤ 1.x) or 409 (2.x). */
  duplicateFlowStatus: 409 | 422;
  /** Whether SSE streams open with an `id: start` frame (1.x+; 0.x sends none). */
  sseStartFrame: boolean;
}

export interface ServerCapabilities {
  /** The version the server reports, or 'unknown'. */
  version: string;
  edition: 'OSS' | 'EE';
  /** The Kestra line whose behaviour applies, e.g. "0.22", "1.3", "2.0". */
  basis: string;
  /**
   * Set when the version is unknown or newer than any this console knows: the console uses the
   * newest capabilities it knows and says so once.
   */
  warning?: string;
  features: Record<FeatureId, FeatureStatus>;
  api: ApiShape;
}

/** A tenant the signed-in account may use (Enterprise). */
export interface TenantSummary {
  id: string;
  name?: string;
}

export interface TenantList {
  /** False when the server offers no list (open source, or an account that may not read it). */
  listed: boolean;
  tenants: TenantSummary[];
  /** Why there is no list, when there is none. */
  reason?: string;
}

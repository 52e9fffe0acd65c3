// The fleet: every server at a glance, promotion between two servers, and drift across all of
// them. Main does the work that needs several requests per server (counts, inventories, plans,
// writes with their stale checks); the renderer asks one server at a time, so a dead or slow
// server never holds the others back. The renderer imports this file with `import type` only.
import type { KvType, Label, StateType } from './kestra-model';
import type { ServerHealth } from './methods';
import type { ConsoleErrorData } from './result';

/** How far back the overview looks. */
export type FleetWindow = '1h' | '24h' | '7d';

/** One execution in the fleet's lists: only what a row shows and what opening it needs. */
export interface FleetExecutionRow {
  id: string;
  namespace: string;
  flowId: string;
  state: StateType;
  startDate?: string;
  endDate?: string;
  labels?: Label[];
}

/** One server's line in the overview, for the chosen window. */
export interface FleetSummary {
  window: FleetWindow;
  /** Started in the window and running now. */
  running: number;
  /** Started in the window and failed (FAILED). */
  failed: number;
  /** Started in the window and paused now. */
  paused: number;
  /** The newest failure (FAILED) started in the window. */
  lastFailure?: FleetExecutionRow;
  /** ISO time main computed it. */
  computedAt: string;
}

/** Executions started per time bucket, by state group (oldest bucket first). */
export interface FleetActivity {
  window: FleetWindow;
  /** ISO start of the first bucket. */
  start: string;
  bucketMs: number;
  buckets: { success: number; failed: number; other: number }[];
  computedAt: string;
}

export interface FleetFailuresParams {
  window: FleetWindow;
  /** Terminal failure states to list; default FAILED and KILLED. */
  states?: StateType[];
  namespace?: string;
  flowId?: string;
  /** 1-based. */
  page?: number;
  /** At most 1000. */
  size?: number;
}

/** One server's news on the overview stream: whichever parts just arrived. */
export interface FleetWatchEvent {
  serverId: string;
  health?: ServerHealth;
  /** From the capability table. */
  version?: { version: string; edition: 'OSS' | 'EE' };
  summary?: FleetSummary;
  /** Why the counts could not be read this time (the last summary, if any, still stands). */
  summaryError?: ConsoleErrorData;
  activity?: FleetActivity;
}

// ── Drift ────────────────────────────────────────────────────────────────────────────────────

/** One namespace on one server, as the drift matrix compares it (hashes and sizes, not content). */
export interface NamespaceInventory {
  /** Flow id → SHA-256 of its source (line endings and trailing blanks normalised). */
  flows: Record<string, string>;
  /** File path ("/dir/a.py") → size in bytes, as the server's listing gives it. */
  files: Record<string, number>;
  /** KV keys (values are not read). */
  kv: string[];
  /** What could not be read (e.g. "files: 403 …"); the parts that were read are still compared. */
  errors?: string[];
}

export interface ServerInventory {
  /** Namespace → inventory; a namespace the server does not have is absent. */
  namespaces: Record<string, NamespaceInventory>;
  computedAt: string;
}

// ── Promotion ────────────────────────────────────────────────────────────────────────────────

/** What a promotion takes from the source. */
export type PromotionSelection =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'flows'; namespace: string; flowIds: string[] };

export type PlanItemStatus = 'new' | 'changed' | 'identical';

interface PlanItemBase {
  /** Unique in the plan: `flow:ns/id`, `file:ns:/path`, `kv:ns/key`. */
  key: string;
  namespace: string;
  /** Why it is in the plan (selected, a subflow of …, read by …). */
  reasons: string[];
}

export interface FlowPlanItem extends PlanItemBase {
  kind: 'flow';
  id: string;
  status: PlanItemStatus;
  /** The source's YAML, exactly what the apply writes. */
  source: string;
  sourceHash: string;
  /** The target when the plan was made (absent: the flow did not exist there). */
  target?: { revision: number; hash: string; source: string };
  /** Keys of the flows it calls (Subflow, ForEachItem), written before it. */
  dependsOn: string[];
}

export interface FilePlanItem extends PlanItemBase {
  kind: 'file';
  path: string;
  status: PlanItemStatus;
  /** The source file when the plan was made (the apply refuses a source that changed since). */
  size: number;
  lastModified: number;
  target?: { size: number; lastModified: number };
}

export interface KvPlanItem extends PlanItemBase {
  kind: 'kv';
  kvKey: string;
  /** On the source (the type when it was read); absent when the source does not have the key. */
  source?: { type?: KvType };
  /** present: same type on both; type-differs: both have it with other types; missing: not on the target. */
  status: 'present' | 'missing' | 'type-differs' | 'missing-on-both';
  target?: { type?: KvType; inheritedFrom?: string };
  /** Flows whose expressions name it. */
  usedBy: string[];
}

export type PlanItem = FlowPlanItem | FilePlanItem | KvPlanItem;

export interface PlanProblem {
  kind: 'cycle' | 'missing-subflow' | 'missing-kv' | 'dynamic-reference' | 'invalid-flow' | 'target-only-subflow';
  message: string;
  /** Plan item keys (or `flow:ns/id` of flows outside the plan) it concerns. */
  items: string[];
}

export interface PromotionPlan {
  /** Main keeps the plan under this id for the apply (a few recent plans per session). */
  id: string;
  createdAt: string;
  source: { serverId: string; name: string };
  target: { serverId: string; name: string };
  selection: PromotionSelection;
  /** Write order: files, then KV keys, then flows with subflows before their callers. */
  items: PlanItem[];
  /** `secret('…')` names the flows use: never copied, they must exist on the target. */
  secrets: { name: string; usedBy: string[] }[];
  problems: PlanProblem[];
}

/** The outcome of one item of an apply or a rollback. */
export interface PromoteItemResult {
  key: string;
  outcome:
    | 'written' // fully written (and confirmed)
    | 'unchanged' // identical on the target: nothing sent
    | 'skipped' // a KV value the user did not tick
    | 'stale' // the target changed since the plan: nothing written
    | 'source-changed' // the source changed since the plan: nothing written
    | 'failed' // refused or failed; `written` says whether it landed
    | 'unknown'; // the server stopped answering: whether it landed could not be checked
  message?: string;
  /** For failed: the server confirmed the item is untouched (false) or fully written (true). */
  written?: boolean;
  error?: { kind: string; message: string; status?: number };
  /** Flow overwritten: the revision it had before (the rollback restores it). */
  previousRevision?: number;
  /** Flow written: the revision it has now. */
  revision?: number;
  /** Stale flow: the target's current source, for the diff. */
  currentSource?: string;
}

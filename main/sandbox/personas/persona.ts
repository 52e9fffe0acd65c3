// A persona is the Kestra version (and edition) the sandbox answers as. Each version is one table of
// traits (personas/v*.ts) read by the shared handlers through the views and the dispatcher; no
// handler tests a version string. The traits were read from Kestra's source and docs at that
// version; each persona file names its sources.
import type { RouteContext, RouteDefinition } from '../http/router';
import type { SandboxServices } from '../api/services';

export const PERSONA_IDS = ['0.22', '0.24', '1.3', '2.0'] as const;
export type PersonaId = (typeof PERSONA_IDS)[number];
export type Edition = 'OSS' | 'EE';

/** A route of the 1.3 table, named `METHOD path` with the path relative to `/api/v1/{tenant}/`. */
export type RouteKey = `${RouteDefinition['method']} ${string}`;

export interface PersonaTraits {
  id: PersonaId;
  /** What `/api/v1/configs` reports. */
  version: string;
  /** One line for `--help`, logs and the docs. */
  summary: string;
  /** `legacy`: `/api/v1/...` only (before 0.23). `tenant`: `/api/v1/{tenant}/...` (OSS also aliases `/api/v1/...` to `main`). */
  pathForm: 'legacy' | 'tenant';
  /** Micronaut `JsonError` (`{message, _links, _embedded.errors}`) or RFC 9457 `application/problem+json` (2.x). */
  errorFormat: 'json-error' | 'problem-json';
  auth: {
    /** `/api/v1/configs` answers without credentials when basic auth is on. */
    configsOpen: boolean;
    /** `WWW-Authenticate` value of a basic-auth 401. */
    basicChallenge: string;
    /** The UI's `BASIC_AUTH` cookie is accepted as credentials. */
    cookie: boolean;
  };
  sse: {
    /** Execution and log follow streams begin with an `id: start` frame. */
    startFrame: boolean;
  };
  executions: {
    /** Executions, task runs, logs and flows carry `tenantId`. */
    tenantId: boolean;
    /** `state.duration` is serialised for running states too (first → last history, or now). */
    durationWhileRunning: boolean;
    /** Task runs keep `outputs`, `executionId`, `namespace`, `flowId`; executions keep `outputs` and `deleted`. */
    inlineOutputs: boolean;
    /** Search and list results carry `taskRunList`. */
    taskRunsInLists: boolean;
    /** State.Type has SUBMITTED and RESUBMITTED (1.0+); before, a task run went CREATED → RUNNING. */
    submittedStates: boolean;
  };
  logs: {
    /** LogEntry carries `deleted: false` (≤0.x soft-deleted logs; gone from the 1.x model). */
    deletedField: boolean;
    /** `GET logs/search` answers CursorOrOffsetPagedResults (`type: OFFSET|CURSOR`, `nextCursor`) in 2.x. */
    cursorPages: boolean;
  };
  flows: {
    /** AbstractFlow carries `draft` (2.0: draft revisions). */
    draftField: boolean;
  };
  kv: {
    /** `GET …/kv/{key}`: `{type, value}` (0.x) or `{type, value, revision, updated}` (1.x+). */
    detail: 'typed-value' | 'kv-detail';
    /** KV entries: file attributes (0.x), metadata with `version` (1.x) or with `revision` (2.x). */
    entry: 'file' | 'metadata-version' | 'metadata-revision';
  };
  me: {
    /** MeController: `superAdmin` (≤1.x) or `instanceOwner` (2.x renamed Super Admin to Instance Owner). */
    ownerField: 'superAdmin' | 'instanceOwner';
  };
  routes: {
    /** Routes of the 1.3 table this version does not have. */
    removed: RouteKey[];
    /** Routes served at another path (relative, like the 1.3 ones). */
    moved: Partial<Record<RouteKey, string>>;
    /** Route groups only this version has. */
    extra: ((services: SandboxServices) => RouteDefinition[])[];
    /** Global routes only this version has (absolute paths). */
    extraGlobal: ((services: SandboxServices) => RouteDefinition[])[];
  };
  /** Where the traits come from (kept with the code; spec/kestra/SOURCE.md has the data files). */
  sources: string[];
}

/** The Enterprise layer: tenants, API tokens and the permissions behind them. */
export interface EnterpriseOptions {
  /** Tenants served; the first is the default. Never `main` unless asked for. */
  tenants: string[];
  tokens: EnterpriseToken[];
  /** A user who may log in with basic auth (EE accepts basic auth for users). */
  user?: { username: string; password: string; superAdmin?: boolean };
}

export type Permission = 'FLOW' | 'EXECUTION' | 'NAMESPACE' | 'KVSTORE' | 'SECRET';
export type Action = 'CREATE' | 'READ' | 'UPDATE' | 'DELETE';

export interface EnterpriseToken {
  /** The bearer token itself. */
  token: string;
  /** Service-account name (shown in `/api/v1/me`). */
  name: string;
  superAdmin?: boolean;
  /** tenant → granted permission/actions; `*` means every tenant. */
  grants: Record<string, Partial<Record<Permission, Action[]>>>;
}

export interface Persona extends PersonaTraits {
  edition: Edition;
  /** Tenants served: `['main']` for OSS. */
  tenants: string[];
  enterprise?: EnterpriseOptions;
}

export type { RouteContext };

// The one capability table: what a Kestra server of a given version and edition can do, and how
// its API is shaped. Every version difference the client or a pane needs lives here, as data,
// never as `if (version …)` in the resources. Sources (read at the matching versions):
// - kestra-io/kestra controllers at v0.20.7 (no tenant segment, no KV inheritance, no file
//   revisions, KV PUT takes JSON or text), API.md §1–§8 for 0.23–1.3;
// - kestra-io/client-sdk `kestra-ee.yml` history: `kv/inheritance` from 1.0, `GET /kv` from 1.1,
//   `files/revisions` from 1.2;
// - Kestra 2.0: the migration guides (execution API response, problem details), the 2.0 spec
//   (`/executions/{id}/actions/*`, no `GET …/namespaces/{ns}/kv`, `filters` on logs and namespace
//   search, KVEntry `revision` instead of `version`) and OutputController (`/outputs/tasks/…`).
import type { ApiShape, FeatureId, FeatureStatus, ServerCapabilities } from '../contract/capabilities';
import { FEATURE_IDS } from '../contract/capabilities';

interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** The newest Kestra line this table describes; anything newer is treated as it, with a warning. */
export const NEWEST_KNOWN: Version = { major: 2, minor: 0, patch: 0 };
const NEWEST_LABEL = `${NEWEST_KNOWN.major}.${NEWEST_KNOWN.minor}`;

/** Parses "1.3.25", "0.22.4-SNAPSHOT", "v1.0", "2.0.3-ee"; undefined when unreadable. */
export function parseVersion(version: unknown): Version | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

function atLeast(v: Version, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** A version gate: the feature needs Kestra ≥ since. */
interface VersionGate {
  since: [number, number];
}
/** An edition gate: only that edition has the feature. */
interface EditionGate {
  edition: 'EE';
}

const FEATURE_GATES: Record<FeatureId, VersionGate | EditionGate> = {
  'kv.inheritance': { since: [1, 0] },
  'kv.search': { since: [1, 1] },
  'files.revisions': { since: [1, 2] },
  'tenants.list': { edition: 'EE' },
  'auth.apiTokens': { edition: 'EE' },
};

/** The API shape of a version (the rows of the table, newest last). */
function apiShapeFor(v: Version, paths: ApiShape['paths']): ApiShape {
  const v1 = atLeast(v, 1, 0);
  const v2 = atLeast(v, 2, 0);
  return {
    paths,
    search: v1 ? 'filters' : 'params',
    executionActions: v2 ? 'actions' : 'direct',
    kvList: v2 ? 'search' : 'namespace',
    taskRunOutputs: v2 ? 'endpoint' : 'inline',
    taskRunsInLists: !v2,
    logFilters: v2 ? 'filters' : 'params',
    namespaceSearch: v2 ? 'filters' : 'q',
    errors: v2 ? 'problem' : 'json-error',
    duplicateFlowStatus: v2 ? 409 : 422,
    sseStartFrame: v1,
  };
}

export interface CapabilityInput {
  /** The version from /api/v1/configs ('unknown' when the server did not say). */
  version: string;
  /** The edition from /api/v1/configs (anything but "EE" is open source). */
  edition: string;
  /**
   * Set when detection saw the path form directly (no readable version: /configs missing, so the
   * client probed the tenant route).
   */
  probedPaths?: ApiShape['paths'];
  /** A tenant chosen in the server's profile (Enterprise servers of any version use tenant paths then). */
  tenant?: string;
}

/** Derives a server's capabilities from its version and edition. Never refuses: unknown means newest. */
export function deriveCapabilities(input: CapabilityInput): ServerCapabilities {
  const edition = input.edition === 'EE' ? 'EE' : 'OSS';
  const parsed = parseVersion(input.version);
  let basis: Version;
  let warning: string | undefined;
  if (!parsed) {
    // No readable version: a server that hides /configs, or a build with an odd version string.
    // Legacy paths seen by the probe mean a pre-0.23 server; otherwise assume the newest.
    basis = input.probedPaths === 'legacy' ? { major: 0, minor: 22, patch: 0 } : NEWEST_KNOWN;
    warning =
      input.version === 'unknown'
        ? `This server did not report its Kestra version; the console treats it as Kestra ${input.probedPaths === 'legacy' ? '0.22' : NEWEST_LABEL} and some panes may not match it.`
        : `This server reports version “${input.version.slice(0, 40)}”, which the console cannot read; it is treated as Kestra ${NEWEST_LABEL}.`;
  } else if (parsed.major > NEWEST_KNOWN.major) {
    basis = NEWEST_KNOWN;
    warning = `Kestra ${input.version} is newer than this console knows (up to ${NEWEST_KNOWN.major}.x); it uses the ${NEWEST_LABEL} behaviour, and anything that changed since may not work.`;
  } else {
    basis = parsed;
  }
  const legacyByVersion = !atLeast(basis, 0, 23) && !(edition === 'EE' && input.tenant);
  const paths: ApiShape['paths'] = input.probedPaths ?? (legacyByVersion ? 'legacy' : 'tenant');
  const shownVersion = parsed ? input.version : 'an unknown version';

  const features = {} as Record<FeatureId, FeatureStatus>;
  for (const id of FEATURE_IDS) {
    const gate = FEATURE_GATES[id];
    if ('since' in gate) {
      const [major, minor] = gate.since;
      const since = `${major}.${minor}`;
      features[id] = atLeast(basis, major, minor)
        ? { available: true, since }
        : { available: false, since, reason: `Needs Kestra ≥ ${since}; this server runs ${shownVersion}.` };
    } else {
      features[id] =
        edition === gate.edition ? { available: true, edition: gate.edition } : { available: false, edition: gate.edition, reason: 'Only Kestra Enterprise has this; this server runs the open-source edition.' };
    }
  }
  return {
    version: input.version,
    edition,
    basis: `${basis.major}.${basis.minor}`,
    ...(warning ? { warning } : {}),
    features,
    api: apiShapeFor(basis, paths),
  };
}

/** The sentence a caller throws when a server lacks a feature (the same words the panes show). */
export function unavailableReason(capabilities: ServerCapabilities, feature: FeatureId): string | undefined {
  const status = capabilities.features[feature];
  return status.available ? undefined : status.reason;
}

// The overview and the drift matrix, one server per call: counts of running, failed and paused
// executions in the window (and the newest failure), executions per time bucket for the
// sparkline, the failures list as compact rows, and a namespace inventory made of what the server
// already gives cheaply (flow sources from one export, file sizes from listings, KV keys).
import type { FleetActivity, FleetExecutionRow, FleetFailuresParams, FleetSummary, FleetWindow, NamespaceInventory, ServerInventory } from '../../contract/fleet';
import type { Execution, Paged, StateType } from '../../contract/kestra-model';
import { ConsoleError } from '../../ipc/console-error';
import type { KestraClient } from '../../kestra/kestra-client';
import { checkNamespace } from '../../kestra/names';
import { exportFlows, mapLimit, walkFiles } from './fleet-io';
import { sourceHash } from './plan-builder';

export const WINDOW_MS: Record<FleetWindow, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
const BUCKETS = 12;
const MAX_EXPORT_ROOTS = 8;
export const FAILURE_STATES: readonly StateType[] = ['FAILED', 'KILLED'];
const ALLOWED_FAILURE_STATES: readonly StateType[] = ['FAILED', 'KILLED', 'WARNING', 'CANCELLED'];

export function checkWindow(window: unknown): FleetWindow {
  if (window !== '1h' && window !== '24h' && window !== '7d') throw new ConsoleError('validation', 'The window is 1h, 24h or 7d.');
  return window;
}

export function executionRow(execution: Execution): FleetExecutionRow {
  return {
    id: execution.id,
    namespace: execution.namespace,
    flowId: execution.flowId,
    state: execution.state.current,
    ...(execution.state.startDate ? { startDate: execution.state.startDate } : {}),
    ...(execution.state.endDate ? { endDate: execution.state.endDate } : {}),
    ...(execution.labels?.length ? { labels: execution.labels } : {}),
  };
}

function since(window: FleetWindow, now: number): string {
  return new Date(now - WINDOW_MS[window]).toISOString();
}

/** How many executions match (one row asked for: the total is what counts). */
async function count(client: KestraClient, states: StateType[] | undefined, startDate: string, signal?: AbortSignal, sort?: string[]): Promise<Paged<Execution>> {
  return client.executions.search({ ...(states ? { states } : {}), startDate, page: 1, size: 1, ...(sort ? { sort } : {}) }, signal);
}

export async function fleetSummary(client: KestraClient, window: FleetWindow, signal?: AbortSignal): Promise<FleetSummary> {
  const start = since(checkWindow(window), Date.now());
  const [running, failed, paused] = await Promise.all([
    count(client, ['RUNNING'], start, signal),
    count(client, ['FAILED'], start, signal, ['state.endDate:desc']),
    count(client, ['PAUSED'], start, signal),
  ]);
  const last = failed.results[0];
  return {
    window,
    running: running.total,
    failed: failed.total,
    paused: paused.total,
    ...(last ? { lastFailure: executionRow(last) } : {}),
    computedAt: new Date().toISOString(),
  };
}

/**
 * Executions started per bucket. Kestra filters on "started at or after" only, so each series is
 * counted from every bucket's start to now and the buckets are the differences.
 */
export async function fleetActivity(client: KestraClient, window: FleetWindow, signal?: AbortSignal): Promise<FleetActivity> {
  const now = Date.now();
  const bucketMs = WINDOW_MS[checkWindow(window)] / BUCKETS;
  const first = now - BUCKETS * bucketMs;
  const groups: (StateType[] | undefined)[] = [undefined, ['FAILED', 'KILLED'], ['SUCCESS', 'WARNING']];
  const queries = groups.flatMap((states) => Array.from({ length: BUCKETS }, (_, index) => ({ states, from: new Date(first + index * bucketMs).toISOString() })));
  const totals = await mapLimit(queries, 6, async ({ states, from }) => (await count(client, states, from, signal)).total, signal);
  const series = (group: number): number[] => {
    const counts = totals.slice(group * BUCKETS, (group + 1) * BUCKETS);
    return counts.map((value, index) => Math.max(0, value - (counts[index + 1] ?? 0)));
  };
  const [all, failed, success] = [series(0), series(1), series(2)];
  return {
    window,
    start: new Date(first).toISOString(),
    bucketMs,
    buckets: all.map((total, index) => ({ failed: failed[index]!, success: success[index]!, other: Math.max(0, total - failed[index]! - success[index]!) })),
    computedAt: new Date().toISOString(),
  };
}

export async function fleetFailures(client: KestraClient, params: FleetFailuresParams, signal?: AbortSignal): Promise<Paged<FleetExecutionRow>> {
  const window = checkWindow(params.window);
  const states = params.states?.length ? params.states : [...FAILURE_STATES];
  if (!states.every((state) => ALLOWED_FAILURE_STATES.includes(state))) throw new ConsoleError('validation', `Failure states are ${ALLOWED_FAILURE_STATES.join(', ')}.`);
  const page = await client.executions.search(
    {
      states,
      startDate: since(window, Date.now()),
      ...(params.namespace ? { namespace: checkNamespace(params.namespace) } : {}),
      ...(params.flowId ? { flowId: params.flowId } : {}),
      page: params.page ?? 1,
      size: Math.min(1000, Math.max(1, params.size ?? 500)),
      sort: ['state.startDate:desc'],
    },
    signal,
  );
  return { results: page.results.map(executionRow), total: page.total };
}

/** The longest dotted prefix all these namespaces share ('' when none): `a.b.c`, `a.b.d` → `a.b`. */
export function commonNamespacePrefix(namespaces: readonly string[]): string {
  if (namespaces.length === 0) return '';
  let parts = namespaces[0]!.split('.');
  for (const namespace of namespaces.slice(1)) {
    const other = namespace.split('.');
    let same = 0;
    while (same < parts.length && same < other.length && parts[same] === other[same]) same += 1;
    parts = parts.slice(0, same);
  }
  return parts.join('.');
}

/** Keys read in one go, at most this many (past it, one listing per namespace costs less). */
const KV_SWEEP_MAX = 10_000;
const KV_SWEEP_PAGE = 1_000;

/**
 * Every KV key under the namespaces' common prefix, from the global KV search (Kestra 1.1+): a
 * page or two instead of one listing per namespace. Undefined when the server lacks the search,
 * the namespaces share no prefix, or there are more keys under it than KV_SWEEP_MAX.
 */
async function sweepKvKeys(client: KestraClient, namespaces: readonly string[], signal?: AbortSignal): Promise<Map<string, string[]> | undefined> {
  const prefix = commonNamespacePrefix(namespaces);
  if (namespaces.length < 2 || !prefix) return undefined;
  const { features } = await client.server.capabilities(signal);
  if (!features['kv.search'].available) return undefined;
  const keys = new Map<string, string[]>(namespaces.map((namespace) => [namespace, []]));
  for (let page = 1; ; page += 1) {
    const found = await client.kv.search({ namespace: prefix, namespaceMatch: 'PREFIX', page, size: KV_SWEEP_PAGE }, signal);
    if (found.total > KV_SWEEP_MAX) return undefined;
    for (const entry of found.results) keys.get(entry.namespace)?.push(entry.key);
    if (found.results.length < KV_SWEEP_PAGE || page * KV_SWEEP_PAGE >= found.total) return keys;
  }
}

/** The fewest namespaces whose prefix exports cover all of these (a.b is inside a). */
export function coveringRoots(namespaces: readonly string[]): string[] {
  const sorted = [...new Set(namespaces)].sort();
  const roots: string[] = [];
  for (const namespace of sorted) {
    if (!roots.some((root) => namespace === root || namespace.startsWith(`${root}.`))) roots.push(namespace);
  }
  return roots;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Flow source hashes, file sizes and KV keys of each namespace. Flows come from as few export
 * zips as cover the namespaces (one request per root, not one per flow); KV keys from the global
 * KV search where the server has it (1.1+), else one listing per namespace; files from listings.
 * A part that cannot be read is named in `errors`; the rest still counts.
 */
export async function fleetInventory(client: KestraClient, namespaces: readonly string[], signal?: AbortSignal): Promise<ServerInventory> {
  if (!Array.isArray(namespaces) || namespaces.length > 2000) throw new ConsoleError('validation', 'Give at most 2,000 namespaces.');
  const wanted = new Set(namespaces.map(checkNamespace));
  // KV keys of every namespace at once where the server can, beside the flows' export (a failure
  // falls back to the listings).
  const sweeping = sweepKvKeys(client, [...wanted], signal).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    return undefined;
  });
  // Handled here too: when the export below throws first (a cancel), nobody awaits it.
  sweeping.catch(() => undefined);
  const flowsByNamespace = new Map<string, Record<string, string>>();
  let flowError: string | undefined;
  let firstError: unknown;
  try {
    const roots = coveringRoots([...wanted]);
    // Many unrelated namespaces: one export of everything beats one request per namespace.
    const exports = roots.length > MAX_EXPORT_ROOTS ? [await exportFlows(client, undefined, signal)] : await mapLimit(roots, 4, (root) => exportFlows(client, root, signal), signal);
    for (const flow of exports.flat()) {
      if (!wanted.has(flow.namespace)) continue;
      const flows = flowsByNamespace.get(flow.namespace) ?? {};
      flows[flow.id] = sourceHash(flow.source);
      flowsByNamespace.set(flow.namespace, flows);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    firstError = error;
    flowError = `flows: ${message(error)}`;
  }

  const swept = await sweeping;

  const result: Record<string, NamespaceInventory> = {};
  let partsRead = 0;
  await mapLimit(
    [...wanted],
    6,
    async (namespace) => {
      const errors: string[] = flowError ? [flowError] : [];
      const [files, kv] = await Promise.all([
        walkFiles(client, namespace, signal).catch((error: unknown) => {
          if (signal?.aborted) throw error;
          errors.push(`files: ${message(error)}`);
          return [];
        }),
        swept
          ? swept.get(namespace)!.map((key) => ({ key }))
          : client.kv.list(namespace, signal).catch((error: unknown) => {
              if (signal?.aborted) throw error;
              errors.push(`KV: ${message(error)}`);
              return [];
            }),
      ]);
      partsRead += 2 - (errors.length - (flowError ? 1 : 0));
      const flows = flowsByNamespace.get(namespace) ?? {};
      // A namespace with nothing in it is one this server does not have.
      if (Object.keys(flows).length === 0 && files.length === 0 && kv.length === 0 && errors.length === 0) return;
      result[namespace] = {
        flows,
        files: Object.fromEntries(files.map((file) => [file.path, file.size])),
        kv: kv.map((entry) => entry.key).sort(),
        ...(errors.length ? { errors } : {}),
      };
    },
    signal,
  );
  // Nothing could be read at all: the server is down or refuses us; say so as the call's error.
  if (firstError && partsRead === 0 && wanted.size > 0) throw firstError;
  return { namespaces: result, computedAt: new Date().toISOString() };
}

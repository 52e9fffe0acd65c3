// The fleet's one write path, and its commands. Every write the fleet sends is here: bulk restart,
// replay and kill across servers (each server's own safety policy: read-only servers are skipped,
// confirming servers ask for their typed name), a promotion plan applied item by item, and the
// rollback of the flows it overwrote. Main judges each call again; these only shape the dialogs.
import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { PlanItem, PromoteItemResult, PromotionPlan } from '../../../main/contract/fleet';
import type { Confirmation } from '../../../main/contract/method-policy';
import type { ServerView } from '../../../main/contract/servers';
import { confirmAction, confirmDestructive } from '../../components/confirm';
import { describeError } from '../../components/error-view';
import { notify } from '../../components/toasts';
import { defineView, type ConsoleAction } from '../../lib/actions';
import { call, saveToDisk } from '../../lib/call';
import { formatCount, plural } from '../../lib/format';
import { useLayout } from '../../lib/layout-store';
import { runMutation } from '../../lib/mutations';
import { kestraKeys } from '../../lib/query-keys';
import { writePolicy } from '../../lib/servers';
import { fleetKeys } from './fleet-queries';
import { runPromotion, type RunResult } from './lib/promotion-run';

export type FleetBulkAction = 'restart' | 'replay' | 'kill';

/** After executions changed on a server: its execution lists and its fleet counts are stale. */
function invalidateExecutions(client: QueryClient, serverId: string): Promise<void> {
  return Promise.all([client.invalidateQueries({ queryKey: kestraKeys.executions(serverId) }), client.invalidateQueries({ queryKey: fleetKeys.all(serverId) })]).then(() => undefined);
}

export const fleetExecutionsBulk = mutationOptions({
  mutationKey: ['fleet', 'executions-bulk'],
  mutationFn: ({ serverId, action, executionIds, confirmation }: { serverId: string; action: FleetBulkAction; executionIds: string[] } & Confirmation) =>
    call('executions.bulk', { serverId, action, executionIds, confirmation }),
  onSettled: (_data, _error, { serverId }, _result, { client }) => invalidateExecutions(client, serverId),
});

export const fleetPromote = mutationOptions({
  mutationKey: ['fleet', 'promote'],
  mutationFn: (params: { serverId: string; planId: string; itemKey: string; copyValue: boolean } & Confirmation) => call('fleet.promote', params),
});

export const fleetRollback = mutationOptions({
  mutationKey: ['fleet', 'rollback'],
  mutationFn: (params: { serverId: string; planId: string; itemKey: string } & Confirmation) => call('fleet.rollback', params),
});

const VERBS: Record<FleetBulkAction, { title: string; done: string; danger: boolean }> = {
  restart: { title: 'Restart', done: 'Restarted', danger: false },
  replay: { title: 'Replay', done: 'Replayed', danger: false },
  kill: { title: 'Kill', done: 'Killed', danger: true },
};

export interface BulkOutcome {
  serverId: string;
  /** How many the server acted on, or why it did not. */
  count?: number;
  skipped?: string;
  error?: string;
}

/**
 * Restarts, replays or kills executions spread over several servers, one bulk call per server
 * (at most 1,000 ids each). A read-only server is skipped and named; a confirming server asks for
 * its typed name on its own; the others are confirmed together.
 */
export async function bulkAcrossServers(queryClient: QueryClient, servers: readonly ServerView[], rows: readonly { serverId: string; id: string }[], action: FleetBulkAction): Promise<BulkOutcome[]> {
  const verb = VERBS[action];
  const byServer = new Map<string, string[]>();
  for (const row of rows) byServer.set(row.serverId, [...(byServer.get(row.serverId) ?? []), row.id]);
  const outcomes: BulkOutcome[] = [];
  const plain: ServerView[] = [];
  const guarded: ServerView[] = [];
  for (const serverId of byServer.keys()) {
    const server = servers.find((candidate) => candidate.id === serverId);
    if (!server) continue;
    const policy = writePolicy(server);
    if (!policy.canWrite) outcomes.push({ serverId, skipped: policy.reason });
    else if (policy.confirmByName) guarded.push(server);
    else plain.push(server);
  }
  const describe = (list: ServerView[]): string => list.map((server) => `${server.name} (${byServer.get(server.id)!.length})`).join(', ');
  const go: { server: ServerView; confirmation?: string }[] = [];
  if (plain.length > 0) {
    const total = plain.reduce((sum, server) => sum + byServer.get(server.id)!.length, 0);
    const ok = await confirmAction({
      title: `${verb.title} ${plural(total, 'execution')}`,
      message: `${verb.title} on ${describe(plain)}.`,
      confirmLabel: `${verb.title} ${formatCount(total)}`,
      danger: verb.danger,
    });
    if (ok) go.push(...plain.map((server) => ({ server })));
  }
  for (const server of guarded) {
    const ids = byServer.get(server.id)!;
    const confirmed = await confirmDestructive({
      title: `${verb.title} ${plural(ids.length, 'execution')} on ${server.name}`,
      message: `${server.name} asks for confirmation before this.`,
      confirmLabel: `${verb.title} ${formatCount(ids.length)}`,
      danger: verb.danger,
      server,
    });
    if (confirmed) go.push({ server, ...confirmed });
  }
  await Promise.all(
    go.map(async ({ server, confirmation }) => {
      const ids = byServer.get(server.id)!;
      let count = 0;
      try {
        for (let start = 0; start < ids.length; start += 1000) {
          const result = await runMutation(queryClient, fleetExecutionsBulk, { serverId: server.id, action, executionIds: ids.slice(start, start + 1000), ...(confirmation ? { confirmation } : {}) });
          count += result.count;
        }
        outcomes.push({ serverId: server.id, count });
      } catch (error) {
        outcomes.push({ serverId: server.id, count, error: describeError(error) });
      }
    }),
  );
  const name = (serverId: string): string => servers.find((server) => server.id === serverId)?.name ?? serverId;
  for (const outcome of outcomes) {
    if (outcome.skipped) notify({ kind: 'warning', title: `${name(outcome.serverId)}: not ${verb.done.toLowerCase()}`, message: outcome.skipped });
    else if (outcome.error) notify({ kind: 'error', title: `${verb.title} on ${name(outcome.serverId)} failed`, message: outcome.error });
    else notify({ kind: 'success', title: `${verb.done} ${plural(outcome.count ?? 0, 'execution')} on ${name(outcome.serverId)}` });
  }
  return outcomes;
}

/** What the plan will do, in words, for the confirmation. */
export function planSummary(plan: PromotionPlan, copy: ReadonlySet<string>): string {
  const flows = plan.items.filter((item) => item.kind === 'flow');
  const count = (status: string, kind: PlanItem['kind']) => plan.items.filter((item) => item.kind === kind && 'status' in item && item.status === status).length;
  const parts = [
    `${plural(count('new', 'flow'), 'new flow')}`,
    `${plural(count('changed', 'flow'), 'changed flow')} (each keeps its previous revision)`,
    `${plural(count('new', 'file') + count('changed', 'file'), 'file')}`,
    `${plural(copy.size, 'KV value')}`,
  ];
  return `${parts.join(', ')} will be written to ${plan.target.name}; ${plural(flows.length - count('new', 'flow') - count('changed', 'flow'), 'identical flow')} stay as they are.`;
}

export interface PromotionProgress {
  done: number;
  total: number;
  current?: PlanItem;
  results: RunResult[];
}

/**
 * Applies a plan to its target: the typed confirmation on a production (confirming) target, then
 * item by item in the plan's order (main checks each against the target first). Cancelling stops
 * between items. Resolves undefined when the user did not confirm.
 */
export async function applyPromotion(
  queryClient: QueryClient,
  plan: PromotionPlan,
  target: ServerView,
  options: { copy: ReadonlySet<string>; signal: AbortSignal; onProgress(progress: PromotionProgress): void },
): Promise<RunResult[] | undefined> {
  const policy = writePolicy(target);
  if (!policy.canWrite) {
    notify({ kind: 'warning', title: 'Promotion refused', message: policy.reason });
    return undefined;
  }
  const confirmed = await confirmDestructive({
    title: `Promote to ${target.name}`,
    message: planSummary(plan, options.copy),
    confirmLabel: 'Promote',
    danger: false,
    server: target,
  });
  if (!confirmed) return undefined;
  const results: RunResult[] = [];
  try {
    return await runPromotion(plan, {
      signal: options.signal,
      concurrency: 6,
      onStart: (item) => options.onProgress({ done: results.length, total: plan.items.length, current: item, results: [...results] }),
      onResult: (result, done, total) => {
        results.push(result);
        options.onProgress({ done, total, results: [...results] });
      },
      promote: (item): Promise<PromoteItemResult> => runMutation(queryClient, fleetPromote, { serverId: target.id, planId: plan.id, itemKey: item.key, copyValue: options.copy.has(item.key), ...confirmed }),
    });
  } finally {
    // Flows, files and keys may have changed on the target: let every view of it read again.
    await queryClient.invalidateQueries({ queryKey: kestraKeys.server(target.id) });
  }
}

/** Puts back the previous revision of every flow the promotion overwrote (and removes those it created, when asked). */
export async function rollbackPromotion(queryClient: QueryClient, plan: PromotionPlan, target: ServerView, keys: readonly string[]): Promise<PromoteItemResult[] | undefined> {
  if (keys.length === 0) return [];
  const confirmed = await confirmDestructive({
    title: `Roll back ${plural(keys.length, 'flow')} on ${target.name}`,
    message: `Each flow gets back the text it had before the promotion, as a new revision; a flow the promotion created is removed. A flow changed since the promotion is left alone.`,
    confirmLabel: 'Roll back',
    server: target,
  });
  if (!confirmed) return undefined;
  const results: PromoteItemResult[] = [];
  try {
    for (const itemKey of keys) {
      try {
        results.push(await runMutation(queryClient, fleetRollback, { serverId: target.id, planId: plan.id, itemKey, ...confirmed }));
      } catch (error) {
        results.push({ key: itemKey, outcome: 'failed', message: describeError(error) });
      }
    }
  } finally {
    await queryClient.invalidateQueries({ queryKey: kestraKeys.server(target.id) });
  }
  return results;
}

/** Saves the plan as a JSON file (main's save dialog, or a browser download in web mode). */
export async function exportPlan(plan: PromotionPlan): Promise<void> {
  try {
    const what = plan.selection.kind === 'namespace' ? plan.selection.namespace : `${plan.selection.namespace}-flows`;
    const name = `promotion-${what}-to-${plan.target.name}.json`.replace(/[^\w.-]+/g, '_');
    const result = await saveToDisk('fleet.exportPlan', { serverId: plan.target.serverId, planId: plan.id }, name);
    if (result.saved) notify({ kind: 'success', title: 'Plan exported', message: result.path ? `Saved to ${result.path}.` : undefined });
  } catch (error) {
    notify({ kind: 'error', title: 'Could not export the plan', message: describeError(error) });
  }
}

/** The overview while it is shown: its failures list reloads from here. */
export const fleetOverviewView = defineView<{ refresh(): void }>('fleet-overview');

/** The fleet's commands (palette and shortcuts); the fleet module registers them when it loads. */
export const FLEET_ACTIONS: ConsoleAction[] = [
  {
    id: 'fleet.refresh',
    label: 'Refresh the fleet overview',
    group: 'Fleet',
    shortcut: 'Mod+Alt+R',
    keywords: ['reload', 'servers', 'failures'],
    isAvailable: () => useLayout.getState().view === 'fleet' && useLayout.getState().fleetTab === 'overview',
    perform: async (context) => {
      fleetOverviewView.current()?.refresh();
      await context.queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'kestra' && query.queryKey[2] === 'fleet' && query.queryKey[3] !== 'inventory' });
    },
  },
];

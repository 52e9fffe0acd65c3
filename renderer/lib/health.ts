// Health that tells the truth. A server's health (rail dot, status bar) comes from `servers.health`
// probes, and also from every other call: a call that fails because the server failed
// (unreachable, too slow, TLS or credentials refused, a gateway with nothing behind it) marks the
// server at once, and a call that works on a server marked down asks for a probe at once. A
// failing server is probed again with backoff (2 s, 4 s, 8 s … up to a minute); a healthy one
// every 30 s. While the fleet overview is shown, its stream already reads every server's health
// on its own schedule: the probes pause, and what the stream reads lands here (`reportHealth`), so
// the rail and the overview never ask each server twice.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { ServerHealth } from '../../main/contract/methods';
import type { ConsoleErrorData } from '../../main/contract/result';
import { call, onCallSettled } from './call';
import { useLayout } from './layout-store';
import { kestraKeys } from './query-keys';

export const UP_PROBE_MS = 30_000;
const BACKOFF_MS = [2_000, 4_000, 8_000, 16_000, 30_000, 60_000];

/** How long to wait before probing again after `failures` failed probes in a row (0: healthy). */
export function probeDelay(failures: number): number {
  return failures <= 0 ? UP_PROBE_MS : BACKOFF_MS[Math.min(failures, BACKOFF_MS.length) - 1]!;
}

/** Failed probes (or calls) in a row, per server, and when the server was first seen failing. */
interface HealthTracking {
  failures: Record<string, number>;
  downSince: Record<string, number>;
}

export const useHealthTracking = create<HealthTracking>(() => ({ failures: {}, downSince: {} }));

function noteHealth(serverId: string, status: ServerHealth['status'], at: number): void {
  useHealthTracking.setState((state) => {
    if (status === 'up') {
      if (!state.failures[serverId] && !state.downSince[serverId]) return state;
      const { [serverId]: _failures, ...failures } = state.failures;
      const { [serverId]: _since, ...downSince } = state.downSince;
      return { failures, downSince };
    }
    return {
      failures: { ...state.failures, [serverId]: (state.failures[serverId] ?? 0) + 1 },
      downSince: state.downSince[serverId] ? state.downSince : { ...state.downSince, [serverId]: at },
    };
  });
}

/** The health a failed call implies, or undefined when the failure says nothing about the server (a 404, a refused input, an RBAC 403). */
export function healthFromError(error: Pick<ConsoleErrorData, 'kind' | 'status'>): ServerHealth['status'] | undefined {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return 'down';
    case 'tls':
      return 'tls-failed';
    case 'auth':
    case 'keychain':
      return 'auth-failed';
    case 'http':
      return error.status !== undefined && error.status >= 502 && error.status <= 504 ? 'down' : undefined;
    default:
      return undefined;
  }
}

export function healthQueryOptions(serverId: string) {
  return {
    queryKey: kestraKeys.health(serverId),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<ServerHealth> => {
      try {
        const health = await call('servers.health', { serverId }, { signal });
        noteHealth(serverId, health.status, Date.now());
        return health;
      } catch (error) {
        if (!signal.aborted) noteHealth(serverId, 'down', Date.now());
        throw error;
      }
    },
    refetchInterval: (): number => probeDelay(useHealthTracking.getState().failures[serverId] ?? 0),
    refetchIntervalInBackground: true,
    staleTime: 1_000,
    retry: false,
  };
}

/** Whether the fleet overview is on screen: its stream (fleet.watch) reads every server's health. */
function useFleetOverviewShown(): boolean {
  return useLayout((state) => state.view === 'fleet' && state.fleetTab === 'overview');
}

/** A server's live health (observing it keeps the probes going, unless the fleet overview reads it). */
export function useServerHealth(serverId: string | undefined) {
  const fleetReads = useFleetOverviewShown();
  return useQuery({ ...healthQueryOptions(serverId ?? ''), enabled: !!serverId && !fleetReads });
}

/** A health read elsewhere (the fleet overview's stream, a row's Refresh) becomes the server's health. */
export function reportHealth(client: QueryClient, health: ServerHealth): void {
  noteHealth(health.serverId, health.status, Date.now());
  client.setQueryData<ServerHealth>(kestraKeys.health(health.serverId), health);
}

/** Whether what is shown from this server may be outdated because the server is failing now. */
export function isFailing(health: ServerHealth | undefined): boolean {
  return !!health && health.status !== 'up';
}

/** Marks a server failing from a call's error, keeping what the last probe knew (version, edition). */
export function markFailing(client: QueryClient, serverId: string, status: Exclude<ServerHealth['status'], 'up'>, message: string, at = Date.now()): void {
  const key = kestraKeys.health(serverId);
  const previous = client.getQueryData<ServerHealth>(key);
  if (previous?.status === status && previous.message === message) return;
  noteHealth(serverId, status, at);
  client.setQueryData<ServerHealth>(key, {
    serverId,
    status,
    message,
    checkedAt: new Date(at).toISOString(),
    ...(previous?.version ? { version: previous.version } : {}),
    ...(previous?.edition ? { edition: previous.edition } : {}),
  });
}

/** Calls that probe on their own terms (their failure is shown where they were asked). */
const NOT_HEALTH_EVIDENCE = new Set(['servers.health', 'servers.testConnection', 'kestra.tenants']);

/** Lets every call's outcome mark its server's health (the shell installs it once). */
export function installHealthMarking(client: QueryClient): () => void {
  return onCallSettled((method, params, error) => {
    const serverId = (params as { serverId?: unknown } | null | undefined)?.serverId;
    if (typeof serverId !== 'string' || NOT_HEALTH_EVIDENCE.has(method)) return;
    if (error) {
      const status = healthFromError(error);
      if (status && status !== 'up') markFailing(client, serverId, status, error.message);
      return;
    }
    // It answered: a server marked failing is probed now rather than at its next backoff step.
    const current = client.getQueryData<ServerHealth>(kestraKeys.health(serverId));
    const state = client.getQueryState(kestraKeys.health(serverId));
    if (isFailing(current) && state?.fetchStatus !== 'fetching') void client.invalidateQueries({ queryKey: kestraKeys.health(serverId), exact: true });
  });
}

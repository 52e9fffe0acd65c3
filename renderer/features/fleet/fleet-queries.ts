// The fleet's server data: one query per server, so each row, column and cell answers on its own
// and a dead or slow server never holds the others back. Keys live under each server's root
// (['kestra', serverId, 'fleet', …]): refreshing a server refreshes its fleet data too.
import type { FleetWindow } from '../../../main/contract/fleet';
import { call } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';

export const fleetKeys = {
  all: (serverId: string) => [...kestraKeys.server(serverId), 'fleet'] as const,
  summary: (serverId: string, window: FleetWindow) => [...kestraKeys.server(serverId), 'fleet', 'summary', window] as const,
  activity: (serverId: string, window: FleetWindow) => [...kestraKeys.server(serverId), 'fleet', 'activity', window] as const,
  inventory: (serverId: string, namespaces: readonly string[]) => [...kestraKeys.server(serverId), 'fleet', 'inventory', namespaces.join(',')] as const,
};

/** Running, failed and paused counts with the newest failure, polled every 15 s while shown. */
export function summaryQueryOptions(serverId: string, window: FleetWindow) {
  return {
    queryKey: fleetKeys.summary(serverId, window),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('fleet.summary', { serverId, window }, { signal }),
    refetchInterval: 15_000,
    staleTime: 10_000,
    retry: 1,
  };
}

/** The sparkline's buckets: many small counts, so polled less often. */
export function activityQueryOptions(serverId: string, window: FleetWindow) {
  return {
    queryKey: fleetKeys.activity(serverId, window),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('fleet.activity', { serverId, window }, { signal }),
    refetchInterval: 60_000,
    staleTime: 30_000,
    retry: 1,
  };
}

export function inventoryQueryOptions(serverId: string, namespaces: readonly string[]) {
  return {
    queryKey: fleetKeys.inventory(serverId, namespaces),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('fleet.inventory', { serverId, namespaces: [...namespaces] }, { signal }),
    staleTime: Infinity,
    retry: false,
  };
}

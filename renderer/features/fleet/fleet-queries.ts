// The fleet's server data: one query per server, so each drift column answers on its own and a
// dead or slow server never holds the others back (the overview's rows come from main's
// `fleet.watch` stream instead). Keys live under each server's root (['kestra', serverId,
// 'fleet', …]): refreshing a server refreshes its fleet data too.
import { call } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';

export const fleetKeys = {
  all: (serverId: string) => [...kestraKeys.server(serverId), 'fleet'] as const,
  inventory: (serverId: string, namespaces: readonly string[]) => [...kestraKeys.server(serverId), 'fleet', 'inventory', namespaces.join(',')] as const,
};

export function inventoryQueryOptions(serverId: string, namespaces: readonly string[]) {
  return {
    queryKey: fleetKeys.inventory(serverId, namespaces),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('fleet.inventory', { serverId, namespaces: [...namespaces] }, { signal }),
    staleTime: Infinity,
    retry: false,
  };
}

// Server profiles in the renderer: the saved list (react-query), lookups, labels and the write
// policy every pane honours (read-only servers hide or disable writes).
import { useQuery } from '@tanstack/react-query';
import type { ServerView } from '../../main/contract/servers';
import { call } from './call';
import { consoleKeys, kestraKeys } from './query-keys';

export function serversQueryOptions() {
  return {
    queryKey: consoleKeys.servers(),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('servers.list', {}, { signal }),
    staleTime: 60_000,
  };
}

export function useServers() {
  return useQuery(serversQueryOptions());
}

export function useServer(serverId: string | undefined): ServerView | undefined {
  const servers = useServers();
  return serverId ? servers.data?.find((server) => server.id === serverId) : undefined;
}

/** The server's configs (version, edition, API form), cached for the session. */
export function configsQueryOptions(serverId: string) {
  return {
    queryKey: kestraKeys.configs(serverId),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('kestra.configs', { serverId }, { signal }),
    staleTime: 5 * 60_000,
  };
}

export const ENVIRONMENT_LABELS: Record<ServerView['environment'], string> = {
  development: 'Development',
  staging: 'Staging',
  production: 'Production',
  custom: 'Custom',
};

export function environmentLabel(server: Pick<ServerView, 'environment' | 'environmentLabel'>): string {
  if (server.environment === 'custom') return server.environmentLabel?.trim() || 'Custom';
  return ENVIRONMENT_LABELS[server.environment];
}

export function isProduction(server: Pick<ServerView, 'environment'>): boolean {
  return server.environment === 'production';
}

export interface WritePolicy {
  /** False on a read-only server: hide or disable every write. */
  canWrite: boolean;
  /** Why writes are off, for a disabled control's title. */
  reason?: string;
  /** Destructive actions must be confirmed by typing the server's name. */
  confirmByName: boolean;
}

export function writePolicy(server: ServerView | undefined): WritePolicy {
  if (!server) return { canWrite: false, reason: 'No server selected', confirmByName: false };
  if (server.policy.readOnly) return { canWrite: false, reason: `${server.name} is read-only (its safety policy)`, confirmByName: server.policy.confirmDestructive };
  return { canWrite: true, confirmByName: server.policy.confirmDestructive };
}

/** Why writes are refused on this server, or undefined when they are allowed (an action's `disabledReason`). */
export function writeBlockedReason(server: ServerView | undefined): string | undefined {
  const policy = writePolicy(server);
  return policy.canWrite ? undefined : policy.reason;
}

/** Initials for a server chip: "Local sandbox" → "LS", "prod-eu" → "PE". */
export function serverInitials(name: string): string {
  const words = name.trim().split(/[\s\-_.]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0]!.charAt(0) + words[1]!.charAt(0) : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

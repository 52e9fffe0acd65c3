// Query-key roots. Every piece of server data lives under ['kestra', serverId, ...] so switching
// servers never mixes caches; console-level data (servers, app info) lives under ['console', ...].
// Features add their own keys below the server root (e.g. [...kestraKeys.server(id), 'kv', ns]).
export const consoleKeys = {
  all: ['console'] as const,
  appInfo: () => ['console', 'app-info'] as const,
  appStatus: () => ['console', 'app-status'] as const,
  servers: () => ['console', 'servers'] as const,
};

export const kestraKeys = {
  server: (serverId: string) => ['kestra', serverId] as const,
  health: (serverId: string) => ['kestra', serverId, 'health'] as const,
  configs: (serverId: string) => ['kestra', serverId, 'configs'] as const,
  capabilities: (serverId: string) => ['kestra', serverId, 'capabilities'] as const,
  flowSchema: (serverId: string) => ['kestra', serverId, 'flow-schema'] as const,
  namespaces: (serverId: string) => ['kestra', serverId, 'namespaces'] as const,
  flows: (serverId: string) => ['kestra', serverId, 'flows'] as const,
  executions: (serverId: string) => ['kestra', serverId, 'executions'] as const,
};

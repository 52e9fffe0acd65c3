// Query-key roots. Every piece of server data lives under ['kestra', serverId, ...] so switching
// servers never mixes caches; console-level data (servers, app info) lives under ['console', ...].
export const consoleKeys = {
  all: ['console'] as const,
  appInfo: () => ['console', 'app-info'] as const,
  servers: () => ['console', 'servers'] as const,
};

export const kestraKeys = {
  server: (serverId: string) => ['kestra', serverId] as const,
};

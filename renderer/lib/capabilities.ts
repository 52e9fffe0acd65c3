// What a server can do, for every pane: main derives the capability table from the server's
// version and edition (`kestra.capabilities`); panes hide or disable what a server lacks and say
// why ("Needs Kestra ≥ 1.2; this server runs 0.24.0."), instead of meeting a raw 404. A server of
// an unknown or newer version still works with the newest behaviour the console knows; the
// console says so once per server.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FeatureId, ServerCapabilities } from '../../main/contract/capabilities';
import { notify } from '../components/toasts';
import { call } from './call';
import { kestraKeys } from './query-keys';

export function capabilitiesQueryOptions(serverId: string) {
  return {
    queryKey: kestraKeys.capabilities(serverId),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<ServerCapabilities> => call('kestra.capabilities', { serverId }, { signal }),
    staleTime: 5 * 60_000,
  };
}

/** Servers whose version warning has been shown this session. */
const warned = new Set<string>();

/** The server's capability table (and, once per server, its version warning). */
export function useCapabilities(serverId: string | undefined) {
  const query = useQuery({ ...capabilitiesQueryOptions(serverId ?? ''), enabled: !!serverId });
  const warning = query.data?.warning;
  useEffect(() => {
    if (!serverId || !warning || warned.has(serverId)) return;
    warned.add(serverId);
    notify({ kind: 'warning', title: 'Unrecognised Kestra version', message: warning });
  }, [serverId, warning]);
  return query;
}

export interface FeatureGate {
  available: boolean;
  /** Why not, in words (only when unavailable). */
  reason?: string;
  /**
   * True until the table has loaded: callers keep the control disabled without a reason. A table
   * that failed to load is not pending: the server is unreachable, and the pane's own queries say so.
   */
  pending: boolean;
}

export function featureGate(capabilities: { data?: ServerCapabilities; isError?: boolean }, feature: FeatureId): FeatureGate {
  if (!capabilities.data) return { available: false, pending: !capabilities.isError };
  const status = capabilities.data.features[feature];
  return status.available ? { available: true, pending: false } : { available: false, reason: status.reason, pending: false };
}

/** Whether a server has a feature; while the table loads, not yet (and no reason). */
export function useFeature(serverId: string | undefined, feature: FeatureId): FeatureGate {
  return featureGate(useCapabilities(serverId), feature);
}

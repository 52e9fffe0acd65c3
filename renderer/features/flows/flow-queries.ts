// Server data for the flows pane, as react-query options under ['kestra', serverId, 'flows', ...]
// (the writes and what they invalidate are in actions/flow-mutations.ts).
import { keepPreviousData } from '@tanstack/react-query';
import type { Execution, Label, StateType } from '../../../main/contract/kestra-model';
import { call } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';

export const PAGE_SIZE = 100;

export const flowKeys = {
  all: (serverId: string) => kestraKeys.flows(serverId),
  list: (serverId: string, namespace: string | undefined, q: string, labels: Label[] = []) =>
    [...kestraKeys.flows(serverId), 'list', namespace ?? '*', q, labels.map((label) => `${label.key}:${label.value}`).join(',')] as const,
  flow: (serverId: string, namespace: string, id: string) => [...kestraKeys.flows(serverId), 'flow', namespace, id] as const,
  revisions: (serverId: string, namespace: string, id: string) => [...kestraKeys.flows(serverId), 'flow', namespace, id, 'revisions'] as const,
  lastExecutions: (serverId: string, namespace: string | undefined) => [...kestraKeys.executions(serverId), 'latest-by-flow', namespace ?? '*'] as const,
};

/** Splits the list's search box: "key:value" words are label filters, the rest free text. */
export function parseFlowQuery(text: string): { q: string; labels: Label[] } {
  const labels: Label[] = [];
  const words: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const match = /^([^:\s]+):(.+)$/.exec(word);
    if (match) labels.push({ key: match[1]!, value: match[2]! });
    else words.push(word);
  }
  return { q: words.join(' '), labels };
}

export function flowListInfiniteOptions(serverId: string, namespace: string | undefined, q: string, labels: Label[] = []) {
  return {
    queryKey: flowKeys.list(serverId, namespace, q, labels),
    queryFn: ({ pageParam, signal }: { pageParam: number; signal: AbortSignal }) =>
      call(
        'flows.search',
        { serverId, namespace, q: q || undefined, labels: labels.length ? labels : undefined, page: pageParam, size: PAGE_SIZE, sort: ['id:asc'] },
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (last: { results: unknown[]; total: number }, pages: { results: unknown[] }[]) => {
      const loaded = pages.reduce((sum, page) => sum + page.results.length, 0);
      return loaded < last.total && last.results.length > 0 ? pages.length + 1 : undefined;
    },
    placeholderData: keepPreviousData,
    staleTime: 15_000,
    // Flows change behind our back (other users, CI): keep a shown list reasonably current.
    refetchInterval: 60_000,
  };
}

export function flowSourceOptions(serverId: string, namespace: string, id: string) {
  return {
    queryKey: flowKeys.flow(serverId, namespace, id),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('flows.get', { serverId, namespace, id }, { signal }),
    staleTime: 10_000,
  };
}

export function revisionsOptions(serverId: string, namespace: string, id: string) {
  return {
    queryKey: flowKeys.revisions(serverId, namespace, id),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('flows.revisions', { serverId, namespace, id }, { signal }),
    staleTime: 10_000,
  };
}

/** The latest execution of each flow in a namespace (one search, newest first). */
export function lastExecutionsOptions(serverId: string, namespace: string | undefined) {
  return {
    queryKey: flowKeys.lastExecutions(serverId, namespace),
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      const page = await call('executions.search', { serverId, namespace, size: 200, sort: ['state.startDate:desc'] }, { signal });
      const latest = new Map<string, { state: StateType; date?: string; id: string }>();
      for (const execution of page.results as Execution[]) {
        const key = `${execution.namespace}/${execution.flowId}`;
        if (!latest.has(key)) latest.set(key, { state: execution.state.current, date: execution.state.startDate, id: execution.id });
      }
      return latest;
    },
    staleTime: 15_000,
    refetchInterval: 30_000,
    retry: false,
  };
}

export function flowSchemaOptions(serverId: string) {
  return {
    queryKey: kestraKeys.flowSchema(serverId),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('kestra.flowSchema', { serverId }, { signal }),
    // The schema changes only with the server's plugins/version; main returns a cacheKey for that.
    staleTime: 60 * 60_000,
    gcTime: 2 * 60 * 60_000,
  };
}

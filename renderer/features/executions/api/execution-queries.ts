// Server data of the executions pane as react-query options (keys under
// ['kestra', serverId, 'executions', ...]), one function per API operation.
import type { Paged, Execution, FlowWithSource } from '../../../../main/contract/kestra-model';
import { call } from '../../../lib/call';
import { kestraKeys } from '../../../lib/query-keys';
import { isRunning } from '../../../lib/states';
import { filterKey, toSearchParams, type ExecutionFilter, type SortSpec } from '../list/execution-filter';

export const PAGE_SIZE = 100;
/** How long a finished execution is shown without being read again (writes invalidate it at once). */
export const FINISHED_STALE_MS = 60_000;

export const executionKeys = {
  all: (serverId: string) => kestraKeys.executions(serverId),
  search: (serverId: string) => [...kestraKeys.executions(serverId), 'search'] as const,
  searchFilter: (serverId: string, filter: ExecutionFilter, sort: SortSpec) => [...kestraKeys.executions(serverId), 'search', filterKey(filter, sort)] as const,
  searchPage: (serverId: string, filter: ExecutionFilter, sort: SortSpec, page: number, size: number) =>
    [...kestraKeys.executions(serverId), 'search', filterKey(filter, sort), size, page] as const,
  detail: (serverId: string, executionId: string) => [...kestraKeys.executions(serverId), 'detail', executionId] as const,
  /** The flow revision an execution ran (immutable, so cached for long). */
  flow: (serverId: string, namespace: string, flowId: string, revision: number) =>
    [...kestraKeys.executions(serverId), 'flow', namespace, flowId, revision] as const,
  preview: (serverId: string, executionId: string, uri: string) => [...kestraKeys.executions(serverId), 'preview', executionId, uri] as const,
  /** Outputs served apart from the execution (Kestra 2.x). */
  outputs: (serverId: string, executionId: string) => [...kestraKeys.executions(serverId), 'outputs', executionId] as const,
};

export function searchPageQueryOptions(serverId: string, filter: ExecutionFilter, sort: SortSpec, page: number, size = PAGE_SIZE) {
  return {
    queryKey: executionKeys.searchPage(serverId, filter, sort, page, size),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<Paged<Execution>> =>
      call('executions.search', { serverId, ...toSearchParams(filter, sort, page, size) }, { signal }),
    staleTime: 5_000,
  };
}

export function executionQueryOptions(serverId: string, executionId: string) {
  return {
    queryKey: executionKeys.detail(serverId, executionId),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<Execution> => call('executions.get', { serverId, executionId }, { signal }),
    // A finished execution changes through a write, which invalidates it: it is not read again on
    // every mount or server switch (an execution of 100,000 task runs is 84 MB each time).
    staleTime: (query: { state: { data?: Execution } }) => (query.state.data && !isRunning(query.state.data.state.current) ? FINISHED_STALE_MS : 2_000),
  };
}

export function executionFlowQueryOptions(serverId: string, namespace: string, flowId: string, revision: number) {
  return {
    queryKey: executionKeys.flow(serverId, namespace, flowId, revision),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<FlowWithSource> => call('flows.get', { serverId, namespace, id: flowId, revision }, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30 * 60_000,
  };
}

export function filePreviewQueryOptions(serverId: string, executionId: string, uri: string) {
  return {
    queryKey: executionKeys.preview(serverId, executionId, uri),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('executions.previewFile', { serverId, executionId, uri, maxBytes: 256 * 1024 }, { signal }),
    staleTime: 60_000,
  };
}

/**
 * One task run's outputs (2.x serves them apart). A finished task run's outputs never change, so
 * they are kept for the session; a running one's are re-read when asked again.
 */
export function taskRunOutputsQueryOptions(serverId: string, executionId: string, taskRunId: string, finished: boolean) {
  return {
    queryKey: [...executionKeys.outputs(serverId, executionId), 'task-run', taskRunId, finished] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => call('executions.taskRunOutputs', { serverId, executionId, taskRunId }, { signal }),
    staleTime: finished ? Number.POSITIVE_INFINITY : 2_000,
    gcTime: 30 * 60_000,
  };
}

/** The task runs that have outputs, per execution state (a running execution gains some). */
export function outputsIndexQueryOptions(serverId: string, executionId: string, stateKey: string) {
  return {
    queryKey: [...executionKeys.outputs(serverId, executionId), 'index', stateKey] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => call('executions.outputsIndex', { serverId, executionId }, { signal }),
    staleTime: 2_000,
  };
}

/** The flow's declared outputs, once the execution has ended. */
export function flowOutputsQueryOptions(serverId: string, executionId: string) {
  return {
    queryKey: [...executionKeys.outputs(serverId, executionId), 'flow'] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => call('executions.flowOutputs', { serverId, executionId }, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  };
}

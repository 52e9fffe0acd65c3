// Keeps the execution in the react-query cache live through main's `executions.follow` stream
// (Kestra's SSE: start, progress…, end) while it runs. A restart brings a finished execution back to
// life, so a follow that ended is opened again when the cached execution turns non-terminal.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ConsoleErrorData } from '../../../../main/contract/result';
import { subscribe } from '../../../lib/call';
import { isRunning } from '../../../lib/states';
import { executionKeys } from './execution-queries';

export type FollowStatus = 'connecting' | 'live' | 'ended' | 'error' | 'unavailable';

export interface ExecutionFollow {
  status: FollowStatus;
  error?: ConsoleErrorData;
  /** Opens the follow again (after an error). */
  retry(): void;
}

export function useExecutionFollow(serverId: string, executionId: string, execution: Execution | undefined): ExecutionFollow {
  const queryClient = useQueryClient();
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ key: string; status: FollowStatus; error?: ConsoleErrorData }>({ key: '', status: 'connecting' });
  const key = `${serverId}\u0000${executionId}\u0000${generation}`;
  const current = state.key === key ? state : { key, status: 'connecting' as FollowStatus };

  // A follow that ended while the execution is live again (restart, or it never ended): reopen.
  const live = execution ? isRunning(execution.state.current) : false;
  if (current.status === 'ended' && live) setGeneration((g) => g + 1);

  useEffect(() => {
    // Only a running execution is followed: a finished one's follow would only send it once more
    // (an execution of 100,000 task runs is 84 MB), on every mount and server switch. The follow
    // opens once the execution is read and running, or turns running again (a restart).
    if (!live) return;
    let stop: (() => void) | undefined;
    let closed = false;
    const set = (status: FollowStatus, error?: ConsoleErrorData): void => {
      if (!closed) setState(error ? { key, status, error } : { key, status });
    };
    try {
      stop = subscribe(
        'executions.follow',
        { serverId, executionId },
        {
          onEvents(events) {
            // Kestra's `start` frame carries an execution with defaults only: never cache it.
            const latest = [...events].reverse().find((event) => event.phase !== 'start');
            if (latest) queryClient.setQueryData(executionKeys.detail(serverId, executionId), latest.execution);
            set(latest?.phase === 'end' ? 'ended' : 'live');
          },
          onEnd(error) {
            set(error ? 'error' : 'ended', error);
          },
        },
      );
    } catch {
      // This bridge has no live streams: the caller polls instead.
      queueMicrotask(() => set('unavailable'));
    }
    return () => {
      closed = true;
      stop?.();
    };
  }, [key, live, serverId, executionId, queryClient]);

  return { ...current, retry: () => setGeneration((g) => g + 1) };
}

// Feeds a LogStore from main's `logs.follow` stream (stored lines first, then live ones, in compact
// column batches). Kestra never ends a log stream, and lines keep arriving for a moment after an
// execution ends (and a replay of a million stored lines takes a while), so the follow is closed
// only once the execution is over AND the stream has been quiet for a few seconds. A restart
// reopens it on a fresh store (the server replays everything).
//
// Without live streams (an older bridge), it falls back to `logs.list`, polled while running.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogEntry } from '../../../../main/contract/kestra-model';
import type { ConsoleErrorData } from '../../../../main/contract/result';
import { call, subscribe } from '../../../lib/call';
import { errorData } from '../../../components/error-view';
import { LogStore } from '../logs/log-store';

/** Quiet time after the execution ended before the follow is closed. */
export const QUIET_CLOSE_MS = 3_000;
const POLL_MS = 3_000;

export type LogFollowStatus = 'idle' | 'loading' | 'live' | 'complete' | 'error' | 'polling';

export interface LogFollow {
  store: LogStore;
  status: LogFollowStatus;
  error?: ConsoleErrorData;
  retry(): void;
}

/** LogEntry objects (logs.list) into the store's columns, skipping the first `skip` entries. */
export function appendEntries(store: LogStore, entries: LogEntry[], skip: number, taskRefs: Map<string, number>): void {
  const timestamps: number[] = [];
  const levels: string[] = [];
  const refs: number[] = [];
  const messages: string[] = [];
  const newTasks: { taskId: string; taskRunId: string; attemptNumber?: number }[] = [];
  for (let i = skip; i < entries.length; i += 1) {
    const entry = entries[i]!;
    timestamps.push(Date.parse(entry.timestamp) || 0);
    levels.push(entry.level);
    messages.push(entry.message);
    if (!entry.taskRunId) {
      refs.push(-1);
      continue;
    }
    const key = `${entry.taskRunId}\u0001${entry.attemptNumber ?? ''}`;
    let ref = taskRefs.get(key);
    if (ref === undefined) {
      ref = taskRefs.size;
      taskRefs.set(key, ref);
      newTasks.push({
        taskId: entry.taskId ?? '',
        taskRunId: entry.taskRunId,
        ...(entry.attemptNumber !== undefined ? { attemptNumber: entry.attemptNumber } : {}),
      });
    }
    refs.push(ref);
  }
  store.appendBatch({ firstIndex: skip, timestamps, levels: levels as LogEntry['level'][], taskRefs: refs, messages, newTasks });
}

export function useLogFollow(serverId: string, executionId: string, options: { enabled: boolean; executionLive: boolean }): LogFollow {
  const { enabled, executionLive } = options;
  const [generation, setGeneration] = useState(0);
  const store = useMemo(
    () => new LogStore(),
    // A new store per execution and per (re)follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [serverId, executionId, generation],
  );
  const key = `${serverId}\u0000${executionId}\u0000${generation}`;
  const [state, setState] = useState<{ key: string; status: LogFollowStatus; error?: ConsoleErrorData }>({ key: '', status: 'idle' });
  const current = state.key === key ? state : { key, status: (enabled ? 'loading' : 'idle') as LogFollowStatus };
  const liveRef = useRef(executionLive);
  useEffect(() => {
    liveRef.current = executionLive;
  });

  // A follow that completed while the execution runs again (restart): start over.
  if (current.status === 'complete' && executionLive) setGeneration((g) => g + 1);

  useEffect(() => {
    if (!enabled) return;
    let closed = false;
    let stop: (() => void) | undefined;
    let lastActivity = performance.now();
    const set = (status: LogFollowStatus, error?: ConsoleErrorData): void => {
      if (!closed) setState(error ? { key, status, error } : { key, status });
    };
    const finish = (): void => {
      stop?.();
      stop = undefined;
      set('complete');
    };
    // Closes the follow once the execution is over and the stream has gone quiet.
    const watchdog = setInterval(() => {
      if (stop && !liveRef.current && performance.now() - lastActivity > QUIET_CLOSE_MS) finish();
    }, 500);

    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (taskRefs: Map<string, number>, held: number): Promise<void> => {
      try {
        const entries = await call('logs.list', { serverId, executionId });
        if (closed) return;
        if (entries.length > held) appendEntries(store, entries, held, taskRefs);
        const total = Math.max(held, entries.length);
        if (liveRef.current) {
          set('polling');
          pollTimer = setTimeout(() => void poll(taskRefs, total), POLL_MS);
        } else set('complete');
      } catch (error) {
        set('error', errorData(error));
      }
    };

    try {
      stop = subscribe(
        'logs.follow',
        { serverId, executionId },
        {
          onEvents(batches) {
            lastActivity = performance.now();
            for (const batch of batches) store.appendBatch(batch);
            set('live');
          },
          onEnd(error) {
            stop = undefined;
            if (error) set('error', error);
            else set('complete');
          },
        },
      );
      queueMicrotask(() => {
        if (!closed && stop) set('live');
      });
    } catch {
      void poll(new Map(), 0);
    }
    return () => {
      closed = true;
      clearInterval(watchdog);
      if (pollTimer) clearTimeout(pollTimer);
      stop?.();
    };
  }, [key, enabled, serverId, executionId, store]);

  return { store, ...current, retry: () => setGeneration((g) => g + 1) };
}

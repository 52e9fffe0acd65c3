// The stream table: execution follow, log follow and transfer progress.
import type { Execution, LogEntry, StateType } from '../../contract/kestra-model';
import type { StreamTable } from '../../ipc/stream-table';
import { ConsoleError } from '../../ipc/console-error';
import { followWithReconnect, type FollowTuning, type SseFrame } from '../../kestra/event-stream';
import { KestraError } from '../../kestra/kestra-error';
import { LogBatchBuilder, LogDeduplicator } from '../../kestra/log-stream';
import { checkExecutionId } from '../../kestra/names';
import { normaliseExecution, normaliseLog } from '../../kestra/normalise';
import type { ClientPool } from '../client-pool';
import type { TransferService } from '../transfers';

export type { FollowTuning } from '../../kestra/event-stream';

const TERMINAL: ReadonlySet<StateType> = new Set(['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED', 'RESUBMITTED']);
const MAX_LINES_PER_BATCH = 1_000;

function phaseOf(frame: SseFrame): 'start' | 'progress' | 'end' | undefined {
  const tag = frame.id ?? frame.event;
  return tag === 'start' || tag === 'progress' || tag === 'end' ? tag : undefined;
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** Every stream but the fleet's (main/app/fleet/fleet-watch.ts). */
export function createStreamHandlers(clients: ClientPool, transfers: TransferService, tuning?: FollowTuning): Omit<StreamTable, 'fleet.watch'> {
  return {
    'executions.follow': async ({ serverId, executionId }, sink, signal) => {
      const id = checkExecutionId(executionId);
      const client = await clients.get(serverId);
      let started = false;
      await followWithReconnect({
        what: 'following the execution',
        signal,
        tuning,
        open: (s) => client.executions.openFollow(id, s),
        onFrame: (frame) => {
          const phase = phaseOf(frame) ?? 'progress';
          const raw = parseJson(frame.data);
          if (!raw || typeof raw !== 'object') return;
          let execution: Execution;
          try {
            execution = normaliseExecution(raw);
          } catch {
            return;
          }
          // A reconnect starts with another `start`; the renderer hears it once.
          if (phase === 'start') {
            if (started) return;
            started = true;
          }
          sink.push({ phase, execution });
          return phase === 'end' ? 'end' : undefined;
        },
        // Kestra closes the stream without `end` when the execution is unknown, and a cut
        // connection looks the same: ask the server where the execution stands.
        onInterrupted: async (_clean, s) => {
          const execution = await client.executions.get(id, s);
          if (TERMINAL.has(execution.state.current)) {
            sink.push({ phase: 'end', execution });
            return 'stop';
          }
          return 'reconnect';
        },
      });
    },

    'logs.follow': async ({ serverId, executionId, minLevel }, sink, signal) => {
      const id = checkExecutionId(executionId);
      const client = await clients.get(serverId);
      const dedup = new LogDeduplicator();
      const builder = new LogBatchBuilder();
      let pending: LogEntry[] = [];
      const emit = async (): Promise<void> => {
        while (pending.length > 0) {
          const lines = pending.slice(0, MAX_LINES_PER_BATCH);
          pending = pending.slice(MAX_LINES_PER_BATCH);
          sink.push(builder.build(lines), lines.length);
        }
        // Slow down reading when the renderer is behind.
        await sink.drained();
      };
      await followWithReconnect({
        what: 'following logs',
        signal,
        tuning,
        open: (s) => client.logs.openFollow(id, minLevel, s),
        onConnect: () => dedup.newConnection(),
        onFrame: (frame) => {
          if (phaseOf(frame) === 'start') return;
          const raw = parseJson(frame.data);
          if (!raw || typeof raw !== 'object') return;
          const entry = normaliseLog(raw);
          if (dedup.accept(entry)) pending.push(entry);
        },
        afterChunk: emit,
        // Kestra never ends a log stream; a server that closed it cleanly after the execution
        // finished has nothing more to send.
        onInterrupted: async (clean, s) => {
          await emit();
          if (!clean) return 'reconnect';
          try {
            const execution = await client.executions.get(id, s);
            return TERMINAL.has(execution.state.current) ? 'stop' : 'reconnect';
          } catch (error) {
            if (error instanceof KestraError && error.data.status === 404) throw error;
            return 'reconnect';
          }
        },
      });
      await emit();
    },

    'transfers.progress': async ({ transferId }, sink, signal) => {
      if (typeof transferId !== 'string' || transferId === '' || transferId.length > 200) throw new ConsoleError('validation', 'transferId is required');
      await new Promise<void>((resolve) => {
        const stop = transfers.progress.subscribe(transferId, (progress) => {
          if (progress === 'end') {
            stop();
            resolve();
          } else sink.push(progress);
        });
        signal.addEventListener(
          'abort',
          () => {
            stop();
            resolve();
          },
          { once: true },
        );
      });
    },
  };
}

// Live streams from main to the renderer. Main batches events (at most ~50 ms or ~1,000 items per
// batch) so a fast server cannot flood the renderer with messages.
import type { Execution, LogLevel } from './kestra-model';
import type { TransferProgress } from './transfer';
import type { FleetWatchEvent, FleetWindow } from './fleet';

type OnServer<T> = { serverId: string } & T;

/**
 * Log lines in columns, not one object per line: the renderer appends the columns to compact
 * typed storage. Lines arrive in server order, de-duplicated across reconnects.
 */
export interface LogBatch {
  /** Index of this batch's first line in the stream (0-based); lets the renderer detect gaps. */
  firstIndex: number;
  /** Epoch milliseconds per line. */
  timestamps: number[];
  levels: LogLevel[];
  /** Index into `tasks` (the stream's dictionary of task runs so far), or -1 for execution-level lines. */
  taskRefs: number[];
  messages: string[];
  /** Task runs first seen in this batch, appended to the stream's dictionary in order. */
  newTasks: { taskId: string; taskRunId: string; attemptNumber?: number }[];
}

export interface ConsoleStreams {
  /** Kestra's execution follow: start, progress…, end. Reconnects by itself; ends after `end`. */
  'executions.follow': {
    params: OnServer<{ executionId: string }>;
    event: { phase: 'start' | 'progress' | 'end'; execution: Execution };
  };
  /** Stored lines, then live ones. Kestra never ends this stream: unsubscribe when the execution ends. */
  'logs.follow': {
    params: OnServer<{ executionId: string; minLevel?: LogLevel }>;
    event: LogBatch;
  };
  /**
   * The fleet overview's rows: main reads each server on its own schedule (health, version and
   * edition, counts, then the sparkline) and sends each answer as it lands, so one connection
   * serves every row and a slow server delays only its own events.
   */
  'fleet.watch': {
    params: { serverIds: string[]; window: FleetWindow; intervalMs?: number };
    event: FleetWatchEvent;
  };
  /** Progress of an upload or download started with this transfer id. */
  'transfers.progress': {
    params: { transferId: string };
    event: TransferProgress;
  };
}

export type StreamName = keyof ConsoleStreams;
export type StreamParams<S extends StreamName> = ConsoleStreams[S]['params'];
export type StreamEvent<S extends StreamName> = ConsoleStreams[S]['event'];

// Entry of the sandbox's engine thread (a worker_threads Worker started by engine-client.ts; bundled
// as out/main/sandbox-engine.js, see electron.vite.config.ts).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { serveEngine } from './engine-host';
import type { EngineThreadData, FromEngine, ToEngine } from './protocol';

/**
 * Under load the engine thread is runnable all the time. At equal priority the kernel shares the
 * cores fairly between it and whatever else runs, so the API thread — asleep between requests —
 * can still wait a whole time slice for a CPU when a request arrives on a busy machine. A lower
 * priority (nice 10) for this thread only makes the kernel prefer the API thread (and the rest of
 * the desktop) the moment it wakes; the engine still gets every idle cycle. Linux names a thread by
 * its id (/proc/thread-self → /proc/<pid>/task/<tid>) and setpriority() applies to that thread
 * alone. Elsewhere (or when refused) the thread keeps its priority: it is an optimisation only.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(path.basename(readlinkSync('/proc/thread-self')));
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // No /proc, or not allowed: keep the default priority.
  }
}

if (!parentPort) throw new Error('engine-thread/worker-entry.ts runs as a worker thread');
const port = parentPort;
lowerThreadPriority();
// A failure to open (database, task modules) rejects: the worker ends with that error, which the
// client reports as the start failure.
void serveEngine(workerData as EngineThreadData, {
  on: (event, listener) => port.on(event, listener as (message: ToEngine) => void),
  postMessage: (message: FromEngine) => port.postMessage(message),
});

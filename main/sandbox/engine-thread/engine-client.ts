// The API thread's side of the engine thread: starts the Worker, turns `EngineCalls` into messages
// with ids and their answers into promises, fans the engine's committed changes out to the
// followers here (SSE streams, waiters), and reports a dead engine instead of letting requests hang.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FlowEvent } from '../flows/flow-service';
import { KestraHttpError } from '../http/http-error';
import type { Execution } from '../engine/model';
import type { StoredLog } from '../storage/log-repository';
import { ENGINE_METHODS, fromWireError, type Channel, type EngineCalls, type EngineMethod, type EngineThreadData, type FromEngine, type ToEngine } from './protocol';

/** The engine's calls as the API thread sees them: every answer arrives later. */
export type EngineClient = {
  [M in EngineMethod]: (...args: Parameters<EngineCalls[M]>) => Promise<Awaited<ReturnType<EngineCalls[M]>>>;
} & {
  /** Committed changes of one execution. Returns an unsubscribe function. */
  subscribe(executionId: string, listener: (execution: Execution) => void): () => void;
  /** Stored log lines of one execution, as they are written. Returns an unsubscribe function. */
  subscribeLogs(executionId: string, listener: (logs: StoredLog[]) => void): () => void;
  /** A flow saved or deleted here: the engine's schedules and triggers follow it. */
  flowChanged(event: FlowEvent): void;
};

/** A crashed engine is started again, unless it crashes this often (then every call fails). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
/** How long close() waits for the engine to finish (its own grace periods are 2 s + 2 s). */
const CLOSE_TIMEOUT_MS = 15_000;

function engineUnavailable(detail: string): KestraHttpError {
  return new KestraHttpError(503, `Service Unavailable: ${detail}`);
}

/**
 * How to start the worker: from the bundled `sandbox-engine.js` in a build (next to the entry that
 * bundled this module, or one folder up from a shared chunk), or from the TypeScript source when
 * this runs from sources (tests, `npm run sandbox`, web mode). Node 20 does not apply an inherited
 * `--import tsx` to a worker's entry, so a source worker is a small script that imports the entry
 * through tsx's API. `execArgv` is explicit: inherited flags such as `--input-type=module` (a
 * `node -e` host) are refused for a worker.
 */
function workerSource(): { source: string; eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
    const entry = pathToFileURL(path.join(path.dirname(here), 'worker-entry.ts')).href;
    return { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`, eval: true };
  }
  for (const dir of [path.dirname(here), path.dirname(path.dirname(here))]) {
    const file = path.join(dir, 'sandbox-engine.js');
    if (existsSync(file)) return { source: file, eval: false };
  }
  throw new Error(`The sandbox's engine thread entry (sandbox-engine.js) is missing next to ${here}`);
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The engine thread of one sandbox process (every tenant's engine runs in it). */
export class EngineThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private nextCallId = 1;
  private readonly events = new EventEmitter();
  /** Followed `tenant\0channel\0id` keys and their listener counts here (sent again to a restarted engine). */
  private readonly followed = new Map<string, number>();
  private readonly restarts: number[] = [];
  /** Why calls fail now (the engine is restarting, down for good, or closing); undefined while it runs. */
  private down: string | undefined;
  private closing: Promise<void> | undefined;
  private readonly clients = new Map<string, EngineClient>();

  /** Clients can be handed out at once; calls are answered once `start` has run. */
  constructor(private readonly data: EngineThreadData) {
    this.events.setMaxListeners(0);
  }

  /**
   * Starts the engine thread (synchronously: calls made from now on are queued for it); resolves
   * once it has recovered its executions and answers calls.
   */
  start(baseUrl: string): Promise<void> {
    this.data.baseUrl = baseUrl;
    return this.spawn();
  }

  private spawn(): Promise<void> {
    const entry = workerSource();
    const worker = new Worker(entry.source, { eval: entry.eval, workerData: this.data, execArgv: [] });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      let failure: Error | undefined;
      worker.on('message', (message: FromEngine) => {
        if (message.type === 'ready') {
          ready = true;
          resolve();
        } else this.receive(message);
      });
      worker.on('error', (error) => {
        failure = error;
        console.error('[sandbox] the engine thread failed:', error);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        if (!ready) {
          const error = failure ?? new Error(`The sandbox's engine thread stopped while starting (exit code ${code})`);
          this.down = `the sandbox's execution engine could not start (${error.message})`;
          this.failPending(this.down);
          reject(error);
          return;
        }
        if (this.closing) return;
        this.crashed(failure ? failure.message : `exit code ${code}`);
      });
    });
  }

  private receive(message: FromEngine): void {
    switch (message.type) {
      case 'result':
      case 'error': {
        const call = this.pending.get(message.callId);
        if (!call) return;
        this.pending.delete(message.callId);
        if (message.type === 'result') call.resolve(message.value);
        else call.reject(fromWireError(message.error));
        return;
      }
      case 'event':
        this.events.emit(`${message.tenant}\0${message.channel}\0${message.id}`, message.payload);
        return;
      default:
        return;
    }
  }

  /** The engine died: fail what waits on it, then start it again (it recovers the executions). */
  private crashed(reason: string): void {
    const detail = `the sandbox's execution engine stopped unexpectedly (${reason})`;
    console.error(`[sandbox] ${detail}`);
    this.failPending(`${detail}; it is restarting, retry in a moment.`);
    const now = Date.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      this.down = `${detail}, ${MAX_RESTARTS + 1} times within a minute; restart the sandbox.`;
      console.error(`[sandbox] ${this.down}`);
      return;
    }
    this.restarts.push(now);
    this.down = `${detail}; it is restarting, retry in a moment.`;
    this.spawn().then(
      () => {
        this.down = undefined;
        for (const key of this.followed.keys()) {
          const [tenant, channel, id] = key.split('\0') as [string, Channel, string];
          this.post({ type: 'subscribe', tenant, channel, id });
        }
      },
      (error: unknown) => {
        this.down = `${detail}, and could not be started again (${error instanceof Error ? error.message : String(error)}); restart the sandbox.`;
        console.error(`[sandbox] ${this.down}`);
      },
    );
  }

  private failPending(detail: string): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(engineUnavailable(detail));
  }

  private post(message: ToEngine): void {
    if (!this.worker) throw new Error("The sandbox's engine thread is not started");
    this.worker.postMessage(message);
  }

  private call(tenant: string, method: EngineMethod, args: unknown[]): Promise<unknown> {
    if (this.down) return Promise.reject(engineUnavailable(this.down));
    const callId = this.nextCallId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      this.post({ type: 'call', callId, tenant, method, args });
    });
  }

  private follow<T>(tenant: string, channel: Channel, id: string, listener: (payload: T) => void): () => void {
    const key = `${tenant}\0${channel}\0${id}`;
    this.events.on(key, listener);
    // The engine thread is told once per followed key, however many followers share it here.
    const count = this.followed.get(key) ?? 0;
    this.followed.set(key, count + 1);
    if (count === 0 && !this.down) this.post({ type: 'subscribe', tenant, channel, id });
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.events.off(key, listener);
      const left = (this.followed.get(key) ?? 1) - 1;
      if (left > 0) {
        this.followed.set(key, left);
        return;
      }
      this.followed.delete(key);
      if (!this.down && !this.closing) this.post({ type: 'unsubscribe', tenant, channel, id });
    };
  }

  /** Whether calls wait for the engine's answer (the request pacer holds back writes meanwhile). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** The calls of one tenant's engine. */
  client(tenant: string): EngineClient {
    let client = this.clients.get(tenant);
    if (!client) {
      const methods = Object.fromEntries(Object.keys(ENGINE_METHODS).map((method) => [method, (...args: unknown[]) => this.call(tenant, method as EngineMethod, args)]));
      client = {
        ...(methods as { [M in EngineMethod]: EngineClient[M] }),
        subscribe: (executionId, listener) => this.follow(tenant, 'execution', executionId, listener),
        subscribeLogs: (executionId, listener) => this.follow(tenant, 'logs', executionId, listener),
        flowChanged: (event) => {
          if (!this.down) this.post({ type: 'flow-changed', tenant, event });
        },
      };
      this.clients.set(tenant, client);
    }
    return client;
  }

  /**
   * Stops the engine: running executions get its grace period, the rest keep their last saved state
   * and are recovered on the next start. Calls still waiting then fail (503).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      if (!this.down) {
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (message: FromEngine) => {
            if (message.type === 'closed') resolve();
          });
        });
        this.post({ type: 'close' });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
        clearTimeout(timer);
      }
      this.down = 'the sandbox is stopping';
      this.failPending(this.down);
      await worker.terminate();
    })();
    return this.closing;
  }
}

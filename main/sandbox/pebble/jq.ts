// The `jq` filter's engine: the real jq (jqlang 1.7, C compiled to WebAssembly by the `jq-web`
// package; see README.md for why this one). Pebble renders synchronously, so jq runs in a worker
// thread and the caller blocks on Atomics.wait until the worker answers: a runaway expression
// (`[range(1e9)]`, `repeat(.)`) is cut at `timeoutMs` and the worker replaced, instead of freezing
// the sandbox. jq-web's environment is emscripten's fake one (no host variables, no files).
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export class JqError extends Error {}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
const reply = workerData.port;
require(workerData.jqPath).then((jq) => {
  parentPort.on('message', ({ id, input, expression }) => {
    let answer;
    const warn = console.warn;
    let stderr = '';
    // jq-web prints jq's stderr (debug, stderr builtins) through console.warn on success.
    console.warn = (...parts) => { stderr += parts.filter((p) => typeof p === 'string' && !p.startsWith('%c')).join(' ') + '\\n'; };
    try {
      answer = { id, stdout: jq.raw(input, expression, ['-c']) || '', stderr };
    } catch (error) {
      answer = { id, error: String((error && error.stderr) || (error && error.message) || error) };
    } finally {
      console.warn = warn;
    }
    reply.postMessage(answer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}, (error) => {
  Atomics.store(signal, 1, 2);
  Atomics.notify(signal, 0);
});
`;

interface Answer {
  id: number;
  stdout?: string;
  stderr?: string;
  error?: string;
}

class JqWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private nextId = 1;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const jqPath = createRequire(import.meta.url).resolve('jq-web');
    // execArgv: [] so the host's flags (`--input-type=module` would make this CommonJS source an ES
    // module) never change how the worker's source is read.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { signal: this.signal.buffer, port: port2, jqPath }, transferList: [port2] });
    // The worker must not keep the sandbox process alive.
    this.worker.unref();
    this.port.unref();
  }

  /** Runs jq on a JSON text; the answer's stdout holds one compact JSON value per line. */
  run(input: string, expression: string, timeoutMs: number, startupMs: number): Answer {
    const id = this.nextId++;
    this.worker.postMessage({ id, input, expression });
    const deadline = Date.now() + (Atomics.load(this.signal, 1) === 1 ? timeoutMs : startupMs);
    for (;;) {
      const counter = Atomics.load(this.signal, 0);
      const answer = receiveMessageOnPort(this.port)?.message as Answer | undefined;
      if (answer?.id === id) return answer;
      if (answer) continue;
      if (Atomics.load(this.signal, 1) === 2) throw new JqError('The jq engine (jq-web) could not be loaded');
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      // Wakes when the worker answers (it bumps the counter), or re-checks every 50 ms.
      Atomics.wait(this.signal, 0, counter, Math.min(remaining, 50));
    }
    throw new JqError(`The jq expression took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
  }

  terminate(): void {
    void this.worker.terminate();
    this.port.close();
  }
}

let worker: JqWorker | undefined;

/** Starts the worker ahead of the first call (it loads and compiles the WebAssembly once). */
export function warmUpJq(): void {
  worker ??= new JqWorker();
}

/** Stops the worker (tests; the sandbox lets it die with the process). */
export function stopJq(): void {
  worker?.terminate();
  worker = undefined;
}

/**
 * Applies `expression` to a JSON text and returns every output as JSON text (jq `-c`), in order.
 * Throws JqError with jq's own message on a compile or runtime error.
 */
export function runJq(inputJson: string, expression: string, options: { timeoutMs?: number } = {}): string[] {
  warmUpJq();
  let answer: Answer;
  try {
    answer = worker!.run(inputJson, expression, options.timeoutMs ?? 10_000, 30_000);
  } catch (error) {
    // A stuck or broken worker is replaced; the next call gets a fresh one.
    stopJq();
    throw error;
  }
  if (answer.error !== undefined) throw new JqError(answer.error.replace(/^Non-zero exit code: \d+\n?/, '').trim() || 'jq failed');
  return answer.stdout!.split('\n').filter((line) => line.length > 0);
}

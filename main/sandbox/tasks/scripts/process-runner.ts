// Runs one script process the way Kestra's Process task runner does: detached in its own process
// group (a kill or `timeout` signals the whole tree, SIGKILL after a grace period), every stdout line
// logged at INFO and every stderr line at ERROR (Kestra ≥ 0.21), `::{"outputs":…}::`,
// `::{"logs":…}::` and `::{"metrics":…}::` lines read as commands. Bounded: at most
// `MAX_PROCESSES` at once, lines cut at `MAX_LINE_BYTES`, at most `MAX_LOG_LINES` logged per task,
// and `vars` refused past `MAX_VARS_BYTES`.
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { LogLevel } from '../../engine/model';
import type { TaskLogger } from '../task-definition';
import { SCRIPT_LIMITS } from './script-limits';

/** Kestra's PluginUtilsService pattern: a whole line `::{json}::`. */
const COMMAND_LINE = /^::(\{.*\})::$/;
const LEVELS: LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = this.waiting.indexOf(go);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
        };
        const go = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(go);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}

/** Script processes running at once; more task runs wait for a slot. */
const processes = new Semaphore(Math.max(4, os.cpus().length * 2));

/** What the script reported besides its log lines. */
export interface ProcessSink {
  vars: Record<string, unknown>;
  /** Bytes of JSON accumulated in `vars` (bounded by MAX_VARS_BYTES). */
  varsBytes: number;
  metrics: { name: string; type: string; value: number; tags?: Record<string, unknown> }[];
  stderrLines: number;
  loggedLines: number;
}

export function newSink(): ProcessSink {
  return { vars: {}, varsBytes: 0, metrics: [], stderrLines: 0, loggedLines: 0 };
}

/**
 * Reads one output line: a `::{…}::` command (outputs, logs, metrics) or a plain line to log.
 * Returns true for a plain line. Throws when the outputs grow past the cap.
 */
export function consumeLine(line: string, stderr: boolean, logger: TaskLogger, vars: Record<string, unknown>, sink?: ProcessSink): boolean {
  const match = COMMAND_LINE.exec(line.trim());
  if (!match) {
    if (stderr) logger.error(line);
    else logger.info(line);
    return true;
  }
  let command: { outputs?: Record<string, unknown>; logs?: { level?: string; message?: string }[]; metrics?: unknown[] };
  try {
    command = JSON.parse(match[1]!) as typeof command;
  } catch (error) {
    logger.warn(`Invalid outputs '${(error as Error).message}'`);
    return false;
  }
  if (command.outputs && typeof command.outputs === 'object') {
    if (sink) {
      sink.varsBytes += match[1]!.length;
      if (sink.varsBytes > SCRIPT_LIMITS.maxVarsBytes) {
        throw new Error(`The script's outputs exceed ${SCRIPT_LIMITS.maxVarsBytes / (1024 * 1024)} MiB; write large results to a file and list it in outputFiles`);
      }
    }
    Object.assign(vars, command.outputs);
  }
  for (const entry of command.logs ?? []) {
    const level = String(entry.level ?? 'INFO').toUpperCase() as LogLevel;
    const method = (LEVELS.includes(level) ? level : 'INFO').toLowerCase() as Lowercase<LogLevel>;
    logger[method](String(entry.message ?? ''));
  }
  if (sink && Array.isArray(command.metrics)) {
    for (const metric of command.metrics) {
      if (metric === null || typeof metric !== 'object') continue;
      const m = metric as Record<string, unknown>;
      const value = Number(m.value);
      if (typeof m.name === 'string' && Number.isFinite(value)) {
        sink.metrics.push({ name: m.name, type: String(m.type ?? 'counter'), value, ...(m.tags && typeof m.tags === 'object' ? { tags: m.tags as Record<string, unknown> } : {}) });
      }
    }
  }
  return false;
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Splits a stream into lines without ever holding more than `maxBytes` of one line: a longer line
 * is cut there (the rest, up to the newline, is dropped) and marked.
 */
export function readLines(stream: Readable, maxBytes: number, onLine: (line: string) => void, onEnd: () => void): void {
  const decoder = new StringDecoder('utf8');
  let current = '';
  let skipping = false;
  const emit = (line: string, cut: boolean): void => onLine(cut ? `${line} […line cut at ${maxBytes} bytes]` : line.replace(/\r$/, ''));
  stream.on('data', (chunk: Buffer) => {
    let text = decoder.write(chunk);
    while (text.length > 0) {
      const newline = text.indexOf('\n');
      const piece = newline >= 0 ? text.slice(0, newline) : text;
      text = newline >= 0 ? text.slice(newline + 1) : '';
      if (!skipping) {
        current += piece;
        if (current.length > maxBytes) {
          emit(current.slice(0, maxBytes), true);
          current = '';
          skipping = newline < 0;
          continue;
        }
      } else if (newline >= 0) {
        skipping = false;
        continue;
      }
      if (newline >= 0) {
        emit(current, false);
        current = '';
      }
    }
  });
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    current += decoder.end();
    if (current.length > 0 && !skipping) emit(current, false);
    current = '';
    onEnd();
  };
  stream.once('end', finish);
  stream.once('close', finish);
  stream.once('error', finish);
}

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Called on abort (besides signalling the process group), e.g. to remove a container. */
  onKill?: () => void;
}

/** Runs the process to its end; resolves with the exit code, rejects on abort or spawn failure. */
export async function runProcess(spec: ProcessSpec, signal: AbortSignal, logger: TaskLogger, sink: ProcessSink): Promise<number> {
  const release = await processes.acquire(signal);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      logger.debug(`Starting command with pid ${child.pid} [${[spec.command, ...spec.args].join(' ')}]`);
      let escalation: NodeJS.Timeout | undefined;
      let failure: Error | undefined;
      const onAbort = (): void => {
        killGroup(child.pid, 'SIGTERM');
        spec.onKill?.();
        escalation = setTimeout(() => killGroup(child.pid, 'SIGKILL'), SCRIPT_LIMITS.killGraceMs);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      let open = 2;
      let exitCode: number | null | undefined;
      const settle = (): void => {
        if (open > 0 || exitCode === undefined) return;
        signal.removeEventListener('abort', onAbort);
        if (escalation) clearTimeout(escalation);
        // Orphans left by the script (background jobs) go with the task.
        killGroup(child.pid, 'SIGKILL');
        if (failure) reject(failure);
        else if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : new Error('Killed'));
        else resolve(exitCode ?? 1);
      };
      const onLine = (stderr: boolean) => (line: string) => {
        if (failure) return;
        try {
          // `::{…}::` commands are always read; plain lines are logged up to the cap.
          if (COMMAND_LINE.test(line.trim())) {
            consumeLine(line, stderr, logger, sink.vars, sink);
            return;
          }
          sink.loggedLines += 1;
          if (stderr) sink.stderrLines += 1;
          if (sink.loggedLines <= SCRIPT_LIMITS.maxLogLines) consumeLine(line, stderr, logger, sink.vars, sink);
          else if (sink.loggedLines === SCRIPT_LIMITS.maxLogLines + 1) logger.warn(`More than ${SCRIPT_LIMITS.maxLogLines} lines of output: the rest is not logged.`);
        } catch (error) {
          failure = error as Error;
          onAbort();
        }
      };
      readLines(child.stdout!, SCRIPT_LIMITS.maxLineBytes, onLine(false), () => {
        open -= 1;
        settle();
      });
      readLines(child.stderr!, SCRIPT_LIMITS.maxLineBytes, onLine(true), () => {
        open -= 1;
        settle();
      });
      child.on('error', (error) => {
        failure ??= new Error(`Unable to start '${spec.command}': ${error.message}`);
        exitCode = null;
        settle();
      });
      child.on('exit', (code, exitSignal) => {
        exitCode = code ?? (exitSignal ? 128 + (os.constants.signals[exitSignal] ?? 0) : 1);
        settle();
      });
    });
  } finally {
    release();
  }
}

// io.kestra.plugin.scripts.shell.Commands with the Process task runner: the commands run in a real
// `/bin/sh` (or the given interpreter) in a fresh temporary working directory, in their own process
// group so a kill or `timeout` stops the whole tree. Namespace files are copied in when
// `namespaceFiles.enabled`, `inputFiles` are written, every stdout line is logged at INFO and every
// stderr line at ERROR (Kestra ≥ 0.21), `::{"outputs":{…}}::` lines become the `vars` output (and
// `::{"logs":[…]}::` log lines), `outputFiles` globs are stored in internal storage, a non-zero exit
// code fails the task.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import type { LogLevel } from '../../engine/model';
import { withDefault } from '../../schema/json-schema';
import type { TaskDefinition, TaskLogger, TaskRunContext } from '../task-definition';
import { globToRegExp, listFiles, matchesAny } from './glob';

/** Kestra's PluginUtilsService pattern: a whole line `::{json}::`. */
const COMMAND_LINE = /^::(\{.*\})::$/;
const KILL_GRACE_MS = 2_000;
/** Shell processes running at once; more task runs wait SUBMITTED-like for a slot. */
const MAX_PROCESSES = Math.max(4, os.cpus().length * 2);

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

const processes = new Semaphore(MAX_PROCESSES);

function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw new Error(`'${name}' must be a list of strings`);
  return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

const LEVELS: LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

/** Reads one output line: a `::{…}::` command (outputs, logs) or a plain line to log (returns true). */
export function consumeLine(line: string, stderr: boolean, logger: TaskLogger, vars: Record<string, unknown>): boolean {
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
  if (command.outputs && typeof command.outputs === 'object') Object.assign(vars, command.outputs);
  for (const entry of command.logs ?? []) {
    const level = String(entry.level ?? 'INFO').toUpperCase() as LogLevel;
    const method = (LEVELS.includes(level) ? level : 'INFO').toLowerCase() as Lowercase<LogLevel>;
    logger[method](String(entry.message ?? ''));
  }
  return false;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function copyNamespaceFiles(context: TaskRunContext, workingDir: string): Promise<number> {
  const config = context.task.namespaceFiles as Record<string, unknown> | undefined;
  if (!config || !(config.enabled === true || config.enabled === 'true')) return 0;
  const store = context.services?.namespaceFiles;
  if (!store) throw new Error('Namespace files are not available');
  const include = stringList(config.include, 'namespaceFiles.include').map((p) => globToRegExp(context.render(p)));
  const exclude = stringList(config.exclude, 'namespaceFiles.exclude').map((p) => globToRegExp(context.render(p)));
  const namespaces = config.namespaces === undefined ? [context.execution.namespace] : stringList(config.namespaces, 'namespaceFiles.namespaces').map((n) => context.render(n));
  let copied = 0;
  for (const namespace of namespaces) {
    for (const file of store.files(namespace)) {
      const relative = file.path.replace(/^\/+/, '');
      if (include.length > 0 && !matchesAny(relative, include)) continue;
      if (matchesAny(relative, exclude)) continue;
      const target = path.join(workingDir, ...relative.split('/'));
      if (!target.startsWith(workingDir + path.sep)) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(store.blobPath(namespace, file.path), target);
      copied += 1;
    }
  }
  return copied;
}

async function writeInputFiles(context: TaskRunContext, workingDir: string, extra: Record<string, unknown>): Promise<void> {
  let raw = context.task.inputFiles;
  if (raw === undefined || raw === null) return;
  if (typeof raw === 'string') {
    const rendered = context.render(raw, extra);
    try {
      raw = JSON.parse(rendered);
    } catch {
      throw new Error('inputFiles must be a map of file names to contents (or a JSON string of one)');
    }
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('inputFiles must be a map of file names to contents');
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const target = path.resolve(workingDir, name);
    if (!target.startsWith(workingDir + path.sep)) throw new Error(`Invalid input file name '${name}'`);
    await mkdir(path.dirname(target), { recursive: true });
    const content = typeof value === 'string' ? context.render(value, extra) : JSON.stringify(value);
    if (content.startsWith('kestra:///')) await pipeline(context.readFile(content), createWriteStream(target));
    else await writeFile(target, content);
  }
}

interface ProcessSink {
  vars: Record<string, unknown>;
  stderrLines: number;
}

async function runProcess(context: TaskRunContext, interpreter: string[], script: string, workingDir: string, env: Record<string, string>, sink: ProcessSink): Promise<number> {
  const release = await processes.acquire(context.signal);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(interpreter[0]!, [...interpreter.slice(1), script], {
        cwd: workingDir,
        env: { ...process.env, ...env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      context.logger.debug(`Starting command with pid ${child.pid} [${[...interpreter, script].join(' ')}]`);
      let escalation: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        killGroup(child.pid, 'SIGTERM');
        escalation = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
      };
      if (context.signal.aborted) onAbort();
      else context.signal.addEventListener('abort', onAbort, { once: true });
      const streams = [
        { stream: child.stdout!, stderr: false },
        { stream: child.stderr!, stderr: true },
      ];
      let open = streams.length;
      let exitCode: number | null | undefined;
      let spawnError: Error | undefined;
      const settle = (): void => {
        if (open > 0 || exitCode === undefined) return;
        context.signal.removeEventListener('abort', onAbort);
        if (escalation) clearTimeout(escalation);
        // Orphans left by the script (background jobs) go with the task.
        killGroup(child.pid, 'SIGKILL');
        if (spawnError) reject(spawnError);
        else if (context.signal.aborted) reject(context.signal.reason instanceof Error ? context.signal.reason : new Error('Killed'));
        else resolve(exitCode ?? 1);
      };
      for (const { stream, stderr } of streams) {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (line) => {
          if (consumeLine(line, stderr, context.logger, sink.vars) && stderr) sink.stderrLines += 1;
        });
        lines.on('close', () => {
          open -= 1;
          settle();
        });
      }
      child.on('error', (error) => {
        spawnError = new Error(`Unable to start '${interpreter[0]}': ${error.message}`);
        exitCode = null;
        settle();
      });
      child.on('exit', (code, signal) => {
        exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1);
        settle();
      });
    });
  } finally {
    release();
  }
}

async function storeOutputFiles(context: TaskRunContext, workingDir: string, extra: Record<string, unknown>): Promise<Record<string, string>> {
  const patterns = stringList(context.task.outputFiles, 'outputFiles').map((p) => globToRegExp(context.render(p, extra)));
  if (patterns.length === 0) return {};
  const stored: Record<string, string> = {};
  for (const relative of listFiles(workingDir)) {
    if (!matchesAny(relative, patterns)) continue;
    stored[relative] = await context.putFile(relative, createReadStream(path.join(workingDir, ...relative.split('/'))));
  }
  return stored;
}

export const shellCommandsTask: TaskDefinition = {
  type: 'io.kestra.plugin.scripts.shell.Commands',
  category: 'task',
  kind: 'runnable',
  title: 'Execute shell commands.',
  markdownDescription:
    'Runs the commands with a local shell (the Process task runner) in a temporary working directory, available as `{{ workingDir }}`. Every line written to stdout is logged at INFO, every line written to stderr at ERROR. A line `::{"outputs":{"key":"value"}}::` sets `outputs.<task>.vars.key`. A non-zero exit code fails the task.',
  examples: [
    {
      title: 'Run shell commands and set an output.',
      code: 'id: shell\nnamespace: company.team\n\ntasks:\n  - id: commands\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands:\n      - echo "Hello from $(uname -s)"\n      - echo \'::{"outputs":{"answer":42}}::\'\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "The answer is {{ outputs.commands.vars.answer }}"',
    },
    {
      title: 'Use namespace files and keep a generated file.',
      code: 'id: shell_files\nnamespace: company.team\n\ntasks:\n  - id: report\n    type: io.kestra.plugin.scripts.shell.Commands\n    namespaceFiles:\n      enabled: true\n    outputFiles:\n      - "*.csv"\n    commands:\n      - sh scripts/report.sh > report.csv',
    },
  ],
  properties: {
    commands: { type: 'array', items: { type: 'string' }, minItems: 1, title: 'The commands to run.', $dynamic: true },
    beforeCommands: { type: 'array', items: { type: 'string' }, title: 'A list of commands that will run before the `commands`, allowing to set up the environment.', $dynamic: true },
    interpreter: {
      ...withDefault({ type: 'array', items: { type: 'string' }, minItems: 1 }, ['/bin/sh', '-c']),
      title: 'Which interpreter to use.',
      markdownDescription: 'Default value is : `["/bin/sh", "-c"]`',
    },
    env: { type: 'object', title: 'Additional environment variables for the current process.', additionalProperties: { type: 'string' }, $dynamic: true },
    failFast: {
      ...withDefault({ type: 'boolean' }, true),
      title: 'Fail the task on the first command with a non-zero status.',
      markdownDescription: 'If set to `false` all commands will be executed one after the other. The final state of task execution is determined by the last command.',
    },
    warningOnStdErr: { type: 'boolean', title: 'Set the task state to WARNING if any stderr is emitted (deprecated).', $deprecated: true },
    namespaceFiles: {
      type: 'object',
      title: 'Inject namespace files.',
      markdownDescription: 'Inject namespace files to this task. When enabled, it will, by default, load all namespace files into the working directory. However, you can use the `include` or `exclude` properties to limit which namespace files will be injected.',
      properties: {
        enabled: withDefault({ type: 'boolean' }, true),
        include: { type: 'array', items: { type: 'string' }, $dynamic: true },
        exclude: { type: 'array', items: { type: 'string' }, $dynamic: true },
        namespaces: { type: 'array', items: { type: 'string' }, $dynamic: true },
        ifExists: { type: 'string', enum: ['OVERWRITE', 'FAIL', 'WARN', 'IGNORE'] },
        folderPerNamespace: withDefault({ type: 'boolean' }, false),
      },
    },
    inputFiles: {
      title: 'The files to create on the working directory, as a map of file name to content (or a JSON string of one).',
      $dynamic: true,
      anyOf: [{ type: 'object' }, { type: 'string' }],
    },
    outputFiles: { type: 'array', items: { type: 'string' }, title: 'The files from the working directory to save to the internal storage (glob patterns).', $dynamic: true },
    taskRunner: {
      type: 'object',
      title: 'The task runner to use.',
      markdownDescription: 'The sandbox runs every script with the `io.kestra.plugin.core.runner.Process` task runner.',
      properties: { type: { type: 'string' } },
      additionalProperties: true,
    },
    containerImage: { ...withDefault({ type: 'string' }, 'ubuntu'), title: 'The task runner container image, only used if the task runner is container-based.', $dynamic: true },
    targetOS: { ...withDefault({ type: 'string', enum: ['LINUX', 'WINDOWS', 'AUTO'] }, 'AUTO'), title: 'The target operating system where the script will run.' },
    outputDirectory: { type: 'boolean', title: 'Whether to setup the output directory mechanism (deprecated).', $deprecated: true },
    runner: { type: 'string', enum: ['PROCESS', 'DOCKER'], title: 'The runner type (deprecated: use `taskRunner`).', $deprecated: true },
    docker: { type: 'object', title: 'Docker options (deprecated: use `taskRunner`).', $deprecated: true, additionalProperties: true },
  },
  required: ['commands'],
  outputs: {
    vars: { type: 'object', title: 'The value extracted from the output of the executed `commands`.' },
    exitCode: { type: 'integer', title: 'The exit code of the entire flow execution.' },
    outputFiles: { type: 'object', title: "The output files' URIs in Kestra's internal storage.", additionalProperties: { type: 'string', format: 'uri' } },
  },
  async run(context) {
    const task = context.task;
    const runnerType = task.taskRunner && typeof task.taskRunner === 'object' ? String((task.taskRunner as Record<string, unknown>).type ?? '') : '';
    if (runnerType && !/runner\.Process$/.test(runnerType)) {
      context.logger.warn(`The sandbox runs scripts with the Process task runner; '${runnerType}' is not available and is ignored.`);
    }
    const workingDir = await mkdtemp(path.join(os.tmpdir(), 'kestra-sandbox-task-'));
    try {
      const extra = { workingDir, outputDir: workingDir };
      const copied = await copyNamespaceFiles(context, workingDir);
      if (copied > 0) context.logger.debug(`Copied ${copied} namespace file(s) into the working directory`);
      await writeInputFiles(context, workingDir, extra);
      const interpreter = stringList(task.interpreter ?? ['/bin/sh', '-c'], 'interpreter');
      if (interpreter.length === 0) throw new Error('interpreter must not be empty');
      const commands = stringList(task.commands, 'commands').map((c) => context.render(c, extra));
      const before = stringList(task.beforeCommands, 'beforeCommands').map((c) => context.render(c, extra));
      const failFast = task.failFast === undefined || task.failFast === null ? true : task.failFast === true || task.failFast === 'true';
      const isShell = /(^|\/)(sh|bash|dash|zsh|ksh)$/.test(interpreter[0]!);
      const script = [...(failFast && isShell ? ['set -e'] : []), ...before, ...commands].join('\n');
      const env: Record<string, string> = { WORKING_DIR: workingDir, OUTPUT_DIR: workingDir };
      if (task.env && typeof task.env === 'object') {
        for (const [key, value] of Object.entries(context.renderValue<Record<string, unknown>>(task.env, extra))) env[key] = value === null || value === undefined ? '' : String(value);
      }
      const sink: ProcessSink = { vars: {}, stderrLines: 0 };
      const exitCode = await runProcess(context, interpreter, script, workingDir, env, sink);
      if (exitCode !== 0) throw new Error(`Command failed with exit code ${exitCode}`);
      const outputFiles = await storeOutputFiles(context, workingDir, extra);
      const warn = (task.warningOnStdErr === true || task.warningOnStdErr === 'true') && sink.stderrLines > 0;
      return {
        outputs: { vars: sink.vars, exitCode, ...(Object.keys(outputFiles).length > 0 ? { outputFiles } : {}) },
        ...(warn ? { state: 'WARNING' as const } : {}),
      };
    } finally {
      await rm(workingDir, { recursive: true, force: true });
    }
  },
};

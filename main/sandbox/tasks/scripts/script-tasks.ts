// The script tasks of Kestra's plugin-scripts: shell, Python and Node, each as `Script` (an inline
// script) and `Commands` (a list of commands). They share AbstractExecScript's properties
// (beforeCommands, env, interpreter, failFast, namespaceFiles, inputFiles, outputFiles, taskRunner,
// containerImage, …) and one runner: a working directory (a fresh one, or the one a WorkingDirectory
// parent shares), namespace and input files written in, the commands run by the chosen task runner
// (task-runners.ts), `::{…}::` lines read, `outputFiles` stored, a non-zero exit code failing the task.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { withDefault, type JsonSchema } from '../../schema/json-schema';
import type { TaskDefinition, TaskResult, TaskRunContext } from '../task-definition';
import { newSink, runProcess } from './process-runner';
import { pythonEnvironment, requirementsToInstall } from './python-environment';
import { copyNamespaceFiles, localizeStorageUris, openWorkingDirectory, renderedList, storeOutputFiles, writeInputFiles } from './script-files';
import { prependPath, scriptHelpers } from './script-helpers';
import { SCRIPT_LIMITS } from './script-limits';
import { chooseRunner, containerName, dockerRunArgs, ensureImage } from './task-runners';

type Language = 'shell' | 'python' | 'node';

interface ScriptFlavor {
  language: Language;
  mode: 'script' | 'commands';
  defaultImage: string;
}

/** AbstractExecScript's properties (Kestra 1.x), shared by every script task. */
function execScriptProperties(defaultImage: string): Record<string, JsonSchema> {
  return {
    beforeCommands: { type: 'array', items: { type: 'string' }, title: 'A list of commands that will run before the `commands`, allowing to set up the environment e.g. `pip install -r requirements.txt`.', $dynamic: true },
    env: { type: 'object', title: 'Additional environment variables for the current process.', additionalProperties: { type: 'string' }, $dynamic: true },
    interpreter: {
      ...withDefault({ type: 'array', items: { type: 'string' }, minItems: 1 }, ['/bin/sh', '-c']),
      title: 'Which interpreter to use.',
      markdownDescription: 'Default value is : `["/bin/sh", "-c"]`',
      $dynamic: true,
    },
    failFast: {
      ...withDefault({ type: 'boolean' }, true),
      title: 'Fail the task on the first command with a non-zero status.',
      markdownDescription: 'If set to `false` all commands will be executed one after the other. The final state of task execution is determined by the last command.',
      $dynamic: true,
    },
    warningOnStdErr: { ...withDefault({ type: 'boolean' }, true), title: 'Whether to set the task state to `WARNING` when any `stdErr` output is detected.', $dynamic: true },
    namespaceFiles: {
      type: 'object',
      title: 'Inject namespace files.',
      markdownDescription: 'Inject namespace files to this task. When enabled, it will, by default, load all namespace files into the working directory. However, you can use the `include` or `exclude` properties to limit which namespace files will be injected.',
      properties: {
        enabled: { ...withDefault({ type: 'boolean' }, true), $dynamic: true },
        include: { type: 'array', items: { type: 'string' }, $dynamic: true },
        exclude: { type: 'array', items: { type: 'string' }, $dynamic: true },
        namespaces: { type: 'array', items: { type: 'string' }, $dynamic: true },
        ifExists: { ...withDefault({ type: 'string', enum: ['OVERWRITE', 'FAIL', 'WARN', 'IGNORE'] }, 'OVERWRITE'), $dynamic: true },
        folderPerNamespace: { ...withDefault({ type: 'boolean' }, false), $dynamic: true },
      },
    },
    inputFiles: {
      title: 'The files to create on the working directory, as a map of file name to content (or a JSON string of one).',
      $dynamic: true,
      anyOf: [{ type: 'object' }, { type: 'string' }],
    },
    outputFiles: { type: 'array', items: { type: 'string' }, title: 'The files from the working directory to save to the internal storage (glob patterns).', $dynamic: true },
    outputDirectory: { type: 'boolean', title: 'Whether to setup the output directory mechanism (deprecated: use `outputFiles`).', $deprecated: true, $dynamic: true },
    targetOS: { ...withDefault({ type: 'string', enum: ['LINUX', 'WINDOWS', 'AUTO'] }, 'AUTO'), title: 'The target operating system where the script will run.', $dynamic: true },
    taskRunner: {
      type: 'object',
      title: 'The task runner to use.',
      markdownDescription:
        'In the sandbox, `io.kestra.plugin.core.runner.Process` runs a local process; `io.kestra.plugin.scripts.runner.docker.Docker` uses the local Docker engine when one answers and runs as a local process otherwise.',
      properties: { type: { type: 'string' } },
      required: ['type'],
      additionalProperties: true,
    },
    containerImage: { ...withDefault({ type: 'string' }, defaultImage), title: 'The task runner container image, only used if the task runner is container-based.', $dynamic: true },
    runner: { type: 'string', enum: ['PROCESS', 'DOCKER'], title: 'The runner type (deprecated: use `taskRunner`).', $deprecated: true },
    docker: { type: 'object', title: 'Docker options (deprecated: use `taskRunner`).', $deprecated: true, additionalProperties: true },
  };
}

/** AbstractPythonExecScript's own properties. */
const PYTHON_PROPERTIES: Record<string, JsonSchema> = {
  dependencies: {
    type: 'array',
    items: { type: 'string' },
    title: 'Python packages to install before the script runs.',
    markdownDescription: 'The sandbox installs them with pip into a virtual environment cached per flow (requirements the host Python already satisfies need no network).',
    $dynamic: true,
  },
  pythonVersion: { type: 'string', title: 'The Python version (the sandbox uses the host interpreter).', $dynamic: true },
  dependencyCacheEnabled: { ...withDefault({ type: 'boolean' }, true), title: 'Whether to cache the installed dependencies.', $dynamic: true },
  packageManager: { ...withDefault({ type: 'string', enum: ['UV', 'PIP'] }, 'UV'), title: 'The package manager used to install dependencies (the sandbox uses pip).', $dynamic: true },
};

const SCRIPT_OUTPUTS: Record<string, JsonSchema> = {
  vars: { type: 'object', title: 'The value extracted from the output of the executed `commands`.' },
  exitCode: { type: 'integer', title: 'The exit code of the entire flow execution.' },
  outputFiles: { type: 'object', title: "The output files' URIs in Kestra's internal storage.", additionalProperties: { type: 'string', format: 'uri' } },
};

const SCRIPT_EXTENSIONS: Record<Language, string> = { shell: '.sh', python: '.py', node: '.js' };

function isTrue(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  return value === true || value === 'true';
}

function hostOf(context: TaskRunContext): { cacheDir: string; scripts: boolean } {
  return context.services?.host ?? { cacheDir: path.join(os.tmpdir(), 'kestra-sandbox-cache'), scripts: true };
}

/** The body given to the interpreter: `set -e` (failFast, shell interpreters), beforeCommands, then the commands. */
export function scriptBody(interpreter: string[], failFast: boolean, before: string[], commands: string[]): string {
  const isShell = /(^|\/)(sh|bash|dash|zsh|ksh|ash)$/.test(interpreter[0] ?? '');
  return [...(failFast && isShell ? ['set -e'] : []), ...before, ...commands].join('\n');
}

async function runScriptTask(context: TaskRunContext, flavor: ScriptFlavor): Promise<TaskResult> {
  const host = hostOf(context);
  if (!host.scripts) {
    throw new Error('Script tasks are disabled in this sandbox (it was started with scripts off): the task would run a local process. Start the sandbox with scripts allowed to run it.');
  }
  const task = context.task;
  const workingDir = await openWorkingDirectory(context);
  // A task run that reaches here without a timeout of its own is still bounded.
  const deadline = task.timeout === undefined || task.timeout === null ? AbortSignal.timeout(SCRIPT_LIMITS.defaultTimeoutMs) : undefined;
  const signal = deadline ? AbortSignal.any([context.signal, deadline]) : context.signal;
  // `{{ outputDir }}`: every file written there becomes an output file (Kestra's output directory).
  const outputDir = path.join(workingDir.path, `outputs-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(outputDir);
    const extra = { workingDir: workingDir.path, outputDir };
    const copied = await copyNamespaceFiles(context, task.namespaceFiles, workingDir.path);
    if (copied > 0) context.logger.debug(`Copied ${copied} namespace file(s) into the working directory`);
    await writeInputFiles(context, task.inputFiles, workingDir.path, extra);

    const interpreter = renderedList(context, task.interpreter ?? ['/bin/sh', '-c'], 'interpreter');
    if (interpreter.length === 0) throw new Error('interpreter must not be empty');
    const localFiles = new Map<string, string>();
    const localize = (text: string): Promise<string> => localizeStorageUris(context, text, workingDir.path, localFiles);
    const before = await Promise.all(renderedList(context, task.beforeCommands, 'beforeCommands', extra).map(localize));
    let commands: string[];
    if (flavor.mode === 'commands') {
      commands = await Promise.all(renderedList(context, task.commands, 'commands', extra).map(localize));
    } else {
      const script = await localize(context.render(String(task.script ?? ''), extra));
      if (script.trim() === '') throw new Error("'script' must not be empty");
      if (flavor.language === 'shell') commands = [script];
      else {
        const file = path.join(workingDir.path, `${randomBytes(8).toString('hex')}${SCRIPT_EXTENSIONS[flavor.language]}`);
        await writeFile(file, script);
        commands = [`${flavor.language === 'python' ? 'python' : 'node'} ${file}`];
      }
    }
    const failFast = isTrue(typeof task.failFast === 'string' ? context.render(task.failFast) : task.failFast, true);
    const dependencies = flavor.language === 'python' ? renderedList(context, task.dependencies, 'dependencies', extra) : [];

    const env: Record<string, string> = { WORKING_DIR: workingDir.path, OUTPUT_DIR: outputDir };
    if (flavor.language === 'python') Object.assign(env, { PYTHONUNBUFFERED: 'true', PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' });
    if (task.env && typeof task.env === 'object') {
      for (const [key, value] of Object.entries(context.renderValue<Record<string, unknown>>(task.env, extra))) env[key] = value === null || value === undefined ? '' : String(value);
    }
    const runner = await chooseRunner(task, (value) => context.renderValue(value, extra), flavor.defaultImage, context.logger);
    const sink = newSink();
    const runInContainer = async (image: string, runnerOptions: Record<string, unknown>): Promise<number> => {
      // In a container the dependencies are installed by the container's pip, at each run.
      const install = requirementsToInstall(dependencies).install.map((r) => `'${r.replace(/'/g, `'\\''`)}'`);
      const body = scriptBody(interpreter, failFast, [...(install.length > 0 ? [`pip install -q ${install.join(' ')}`] : []), ...before], commands);
      const name = containerName(context.taskRun.id);
      const args = dockerRunArgs({ name, image, workingDir: workingDir.path, env, runnerOptions, command: [...interpreter, body] });
      await ensureImage(image, runnerOptions, context.logger, signal);
      context.logger.info(`Running in a Docker container from the image '${image}'.`);
      return runProcess(
        {
          command: 'docker',
          args,
          cwd: workingDir.path,
          env: { ...process.env } as Record<string, string>,
          onKill: () => execFile('docker', ['rm', '-f', name], () => undefined),
        },
        signal,
        context.logger,
        sink,
      );
    };
    const runLocally = async (): Promise<number> => {
      const body = scriptBody(interpreter, failFast, before, commands);
      const helpers = scriptHelpers(host.cacheDir);
      const processEnv: Record<string, string> = { ...(process.env as Record<string, string>) };
      let pathVar = prependPath(helpers.binPath, processEnv.PATH);
      if (dependencies.length > 0) {
        const { provided } = requirementsToInstall(dependencies);
        if (provided.length > 0) context.logger.debug(`'${provided.join("', '")}' is provided by the sandbox's built-in kestra helper.`);
        const environment = await pythonEnvironment({
          cacheDir: host.cacheDir,
          namespace: context.execution.namespace,
          flowId: context.execution.flowId,
          dependencies,
          python: pythonCommand(pathVar),
          logger: context.logger,
          signal,
        });
        pathVar = prependPath(environment.bin, pathVar);
        processEnv.VIRTUAL_ENV = environment.root;
      }
      Object.assign(processEnv, {
        PATH: pathVar,
        PYTHONPATH: prependPath(helpers.pythonPath, processEnv.PYTHONPATH),
        NODE_PATH: prependPath(helpers.nodePath, processEnv.NODE_PATH),
        ...env,
      });
      return runProcess({ command: interpreter[0]!, args: [...interpreter.slice(1), body], cwd: workingDir.path, env: processEnv }, signal, context.logger, sink);
    };
    let exitCode: number;
    try {
      exitCode = runner.kind === 'docker' ? await runInContainer(runner.image, runner.options) : await runLocally();
    } catch (error) {
      if (deadline?.aborted && !context.signal.aborted) {
        throw new Error(`The script ran longer than ${SCRIPT_LIMITS.defaultTimeoutMs / 60_000} minutes, the sandbox's limit for script tasks without a timeout: set the task's timeout to allow more`, { cause: error });
      }
      throw error;
    }
    for (const metric of sink.metrics) context.logger.debug(`Metric ${metric.type} ${metric.name} = ${metric.value}`);
    if (exitCode !== 0) throw new Error(`Command failed with exit code ${exitCode}`);
    const outputFiles = {
      ...(await storeOutputFiles(context, ['**'], outputDir)),
      ...(await storeOutputFiles(context, renderedList(context, task.outputFiles, 'outputFiles', extra), workingDir.path)),
    };
    // Kestra's default is true: a line on stderr ends the task in WARNING (flows set it to false).
    const warn = isTrue(typeof task.warningOnStdErr === 'string' ? context.render(task.warningOnStdErr) : task.warningOnStdErr, true) && sink.stderrLines > 0;
    return {
      outputs: { vars: sink.vars, exitCode, ...(Object.keys(outputFiles).length > 0 ? { outputFiles } : {}) },
      ...(warn ? { state: 'WARNING' as const } : {}),
    };
  } finally {
    // In a shared WorkingDirectory the next tasks should not see this task's output directory.
    if (!workingDir.owned) await rm(outputDir, { recursive: true, force: true });
    await workingDir.dispose();
  }
}

/** `python3` when the PATH has it (the venv is created with it), else `python`. */
function pythonCommand(searchPath: string): string {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of ['python3', 'python']) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return 'python3';
}

function scriptTask(options: {
  type: string;
  aliases?: string[];
  title: string;
  markdownDescription: string;
  flavor: ScriptFlavor;
  examples: { title: string; code: string }[];
}): TaskDefinition {
  const { flavor } = options;
  const own: Record<string, JsonSchema> =
    flavor.mode === 'commands'
      ? { commands: { type: 'array', items: { type: 'string' }, minItems: 1, title: 'The commands to run.', $dynamic: true } }
      : { script: { type: 'string', minLength: 1, title: 'The inline script content.', markdownDescription: 'This property is intended for the script file\'s content as a (multiline) string, not a path to a file. To run a command from a file such as `python myscript.py`, use the `Commands` task instead.', $dynamic: true } };
  return {
    type: options.type,
    ...(options.aliases ? { aliases: options.aliases } : {}),
    category: 'task',
    kind: 'runnable',
    title: options.title,
    markdownDescription: options.markdownDescription,
    examples: options.examples,
    properties: { ...execScriptProperties(flavor.defaultImage), ...(flavor.language === 'python' ? PYTHON_PROPERTIES : {}), ...own },
    required: [flavor.mode === 'commands' ? 'commands' : 'script'],
    outputs: SCRIPT_OUTPUTS,
    run: (context) => runScriptTask(context, flavor),
  };
}

const RUNS_LOCALLY =
  'In the sandbox the task runs as a local process in a temporary working directory, available as `{{ workingDir }}` (the Docker task runner uses a local Docker engine when one answers). Every line written to stdout is logged at INFO, every line written to stderr at ERROR. A line `::{"outputs":{"key":"value"}}::` sets `outputs.<task>.vars.key`. A non-zero exit code fails the task.';

export const shellCommandsTask = scriptTask({
  type: 'io.kestra.plugin.scripts.shell.Commands',
  title: 'Execute one or more shell commands.',
  markdownDescription: RUNS_LOCALLY,
  flavor: { language: 'shell', mode: 'commands', defaultImage: 'ubuntu' },
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
});

export const shellScriptTask = scriptTask({
  type: 'io.kestra.plugin.scripts.shell.Script',
  title: 'Execute a shell script.',
  markdownDescription: RUNS_LOCALLY,
  flavor: { language: 'shell', mode: 'script', defaultImage: 'ubuntu' },
  examples: [{ title: 'Run an inline shell script.', code: 'id: shell_script\nnamespace: company.team\n\ntasks:\n  - id: script\n    type: io.kestra.plugin.scripts.shell.Script\n    script: |\n      for i in 1 2 3; do echo "line $i"; done' }],
});

export const pythonScriptTask = scriptTask({
  type: 'io.kestra.plugin.scripts.python.Script',
  title: 'Execute a Python script.',
  markdownDescription: `${RUNS_LOCALLY} \`from kestra import Kestra\` works without installing anything: \`Kestra.outputs({...})\`, \`Kestra.counter(...)\`, \`Kestra.timer(...)\`, \`Kestra.logger()\`.`,
  flavor: { language: 'python', mode: 'script', defaultImage: 'python:3.13-slim' },
  examples: [
    {
      title: 'Compute a value in Python and use it downstream.',
      code: 'id: python_script\nnamespace: company.team\n\ntasks:\n  - id: compute\n    type: io.kestra.plugin.scripts.python.Script\n    taskRunner:\n      type: io.kestra.plugin.core.runner.Process\n    script: |\n      from kestra import Kestra\n      Kestra.outputs({"total": sum(range(10))})\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "Total: {{ outputs.compute.vars.total }}"',
    },
  ],
});

export const pythonCommandsTask = scriptTask({
  type: 'io.kestra.plugin.scripts.python.Commands',
  title: 'Execute Python commands (e.g. `python main.py`).',
  markdownDescription: RUNS_LOCALLY,
  flavor: { language: 'python', mode: 'commands', defaultImage: 'python:3.13-slim' },
  examples: [
    {
      title: 'Run a Python file from the namespace files.',
      code: 'id: python_commands\nnamespace: company.team\n\ntasks:\n  - id: main\n    type: io.kestra.plugin.scripts.python.Commands\n    namespaceFiles:\n      enabled: true\n    commands:\n      - python main.py',
    },
  ],
});

export const nodeScriptTask = scriptTask({
  type: 'io.kestra.plugin.scripts.node.Script',
  title: 'Execute a Node.js script.',
  markdownDescription: `${RUNS_LOCALLY} \`require('@kestra-io/libs')\` works without installing anything.`,
  flavor: { language: 'node', mode: 'script', defaultImage: 'node' },
  examples: [{ title: 'Run inline JavaScript.', code: "id: node_script\nnamespace: company.team\n\ntasks:\n  - id: script\n    type: io.kestra.plugin.scripts.node.Script\n    script: |\n      const Kestra = require('@kestra-io/libs');\n      Kestra.outputs({ ok: true });" }],
});

export const nodeCommandsTask = scriptTask({
  type: 'io.kestra.plugin.scripts.node.Commands',
  title: 'Execute Node.js commands (e.g. `node main.js`).',
  markdownDescription: RUNS_LOCALLY,
  flavor: { language: 'node', mode: 'commands', defaultImage: 'node' },
  examples: [{ title: 'Run a JavaScript file from the namespace files.', code: 'id: node_commands\nnamespace: company.team\n\ntasks:\n  - id: main\n    type: io.kestra.plugin.scripts.node.Commands\n    namespaceFiles:\n      enabled: true\n    commands:\n      - node main.js' }],
});

export const SCRIPT_TASKS: readonly TaskDefinition[] = [shellCommandsTask, shellScriptTask, pythonScriptTask, pythonCommandsTask, nodeScriptTask, nodeCommandsTask];

// io.kestra.plugin.core.flow.WorkingDirectory: its tasks share one working directory, so a script
// can read what the previous one wrote (a git clone, a download, a generated file). Namespace files,
// `inputFiles` and the cached files are written in before the first task; `outputFiles` are stored
// after the last one (`outputs.<id>.outputFiles`) and, with `cache`, the matching files are kept for
// the next execution until `ttl`. io.kestra.plugin.core.storage.LocalFiles (deprecated) writes
// `inputs` into that directory and stores its `outputs` globs.
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDuration } from '../../../../shared/iso-duration';
import { durationSchema, type JsonSchema } from '../../schema/json-schema';
import { asTasks, branchesOf, branchProperties, taskList } from '../core/flow/task-lists';
import type { TaskDefinition, TaskRunContext } from '../task-definition';
import { globToRegExp, listFiles, matchesAny } from '../scripts/glob';
import { copyNamespaceFiles, openWorkingDirectory, registerSharedDirectory, releaseSharedDirectory, renderedList, storeOutputFiles, writeInputFiles } from '../scripts/script-files';

const NAMESPACE_FILES_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'Inject namespace files.',
  properties: {
    enabled: { type: 'boolean', default: true, $dynamic: true },
    include: { type: 'array', items: { type: 'string' }, $dynamic: true },
    exclude: { type: 'array', items: { type: 'string' }, $dynamic: true },
    namespaces: { type: 'array', items: { type: 'string' }, $dynamic: true },
    ifExists: { type: 'string', enum: ['OVERWRITE', 'FAIL', 'WARN', 'IGNORE'], $dynamic: true },
    folderPerNamespace: { type: 'boolean', default: false, $dynamic: true },
  },
};

/** Where the cached files of one WorkingDirectory task live between executions. */
function cacheFolder(context: TaskRunContext): string {
  const root = context.services?.host?.cacheDir ?? path.join(os.tmpdir(), 'kestra-sandbox-cache');
  const key = [context.execution.namespace, context.execution.flowId, String(context.task.id), context.taskRun.value ?? ''].map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_')).join(path.sep);
  return path.join(root, 'working-directory', key);
}

function restoreCache(context: TaskRunContext, dir: string): void {
  const cache = context.task.cache as Record<string, unknown> | undefined;
  if (!cache) return;
  const folder = cacheFolder(context);
  const stamp = path.join(folder, '.saved-at');
  if (!existsSync(stamp)) return;
  const ttl = cache.ttl === undefined || cache.ttl === null ? undefined : parseDuration(context.render(String(cache.ttl)));
  if (ttl !== undefined && Date.now() - Number(readFileSync(stamp, 'utf8')) > ttl) {
    context.logger.debug('The cache expired: starting from an empty working directory.');
    rmSync(folder, { recursive: true, force: true });
    return;
  }
  context.logger.debug('Cache exist, downloading it');
  cpSync(path.join(folder, 'files'), dir, { recursive: true });
}

function saveCache(context: TaskRunContext, dir: string): void {
  const cache = context.task.cache as Record<string, unknown> | undefined;
  if (!cache) return;
  const patterns = renderedList(context, cache.patterns, 'cache.patterns').map((p) => globToRegExp(p));
  const folder = cacheFolder(context);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(path.join(folder, 'files'), { recursive: true });
  let count = 0;
  for (const relative of listFiles(dir)) {
    if (!matchesAny(relative, patterns)) continue;
    const target = path.join(folder, 'files', ...relative.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(dir, ...relative.split('/')), target);
    count += 1;
  }
  writeFileSync(path.join(folder, '.saved-at'), String(Date.now()));
  context.logger.debug(`Cached ${count} file(s) for the next execution`);
}

export const workingDirectoryTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.WorkingDirectory',
  aliases: ['io.kestra.core.tasks.flows.WorkingDirectory', 'io.kestra.core.tasks.flows.Worker'],
  category: 'task',
  kind: 'flowable',
  title: 'Run tasks sequentially in the same working directory.',
  markdownDescription:
    'Tasks are stateless by default; inside a WorkingDirectory, script tasks share one directory on the local file system (in the sandbox, a temporary folder removed when the task ends), so files written by one are read by the next.',
  examples: [
    {
      title: 'Write a file with one task and read it with the next.',
      code: 'id: working_directory\nnamespace: company.team\n\ntasks:\n  - id: wdir\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    outputFiles:\n      - "*.txt"\n    tasks:\n      - id: write\n        type: io.kestra.plugin.scripts.shell.Commands\n        commands:\n          - echo "Hello" > hello.txt\n      - id: read\n        type: io.kestra.plugin.scripts.shell.Commands\n        commands:\n          - cat hello.txt',
    },
  ],
  properties: {
    tasks: taskList('The tasks to run in the shared working directory.', { minItems: 1 }),
    ...branchProperties(),
    cache: {
      type: 'object',
      title: 'Cache configuration.',
      markdownDescription: 'The files matching `patterns` are kept at the end of the task and put back in the working directory at the start of the next execution, until `ttl`.',
      properties: { patterns: { type: 'array', items: { type: 'string' }, minItems: 1 }, ttl: durationSchema() },
      required: ['patterns'],
    },
    namespaceFiles: NAMESPACE_FILES_SCHEMA,
    inputFiles: { title: 'The files to create on the working directory, as a map of file name to content (or a JSON string of one).', $dynamic: true, anyOf: [{ type: 'object' }, { type: 'string' }] },
    outputFiles: { type: 'array', items: { type: 'string' }, title: 'The files from the working directory to save to the internal storage (glob patterns).', $dynamic: true },
  },
  required: ['tasks'],
  outputs: { outputFiles: { type: 'object', title: "The output files' URIs in Kestra's internal storage.", additionalProperties: { type: 'string', format: 'uri' } } },
  async runFlowable(context) {
    const dir = realpathSync(await mkdtemp(path.join(os.tmpdir(), 'kestra-sandbox-wdir-')));
    registerSharedDirectory(context.taskRun.id, dir);
    try {
      restoreCache(context, dir);
      const extra = { workingDir: dir, outputDir: dir };
      const copied = await copyNamespaceFiles(context, context.task.namespaceFiles, dir);
      if (copied > 0) context.logger.debug(`Copied ${copied} namespace file(s) into the working directory`);
      await writeInputFiles(context, context.task.inputFiles, dir, extra);
      const state = await context.runTasks(asTasks(context.task.tasks), branchesOf(context.task));
      if (state === 'KILLED' || state === 'FAILED') return { state };
      const outputFiles = await storeOutputFiles(context, renderedList(context, context.task.outputFiles, 'outputFiles', extra), dir);
      saveCache(context, dir);
      return { state, ...(Object.keys(outputFiles).length > 0 ? { outputs: { outputFiles } } : {}) };
    } finally {
      releaseSharedDirectory(context.taskRun.id);
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export const localFilesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.LocalFiles',
  aliases: ['io.kestra.core.tasks.storages.LocalFiles'],
  category: 'task',
  kind: 'runnable',
  title: 'Create files in the local filesystem or send files from the local filesystem to the internal storage.',
  markdownDescription: 'Deprecated: use the `inputFiles` and `outputFiles` properties of WorkingDirectory or of script tasks. Meant to run inside a WorkingDirectory.',
  properties: {
    inputs: { title: 'The files to be created on the local filesystem. It can be a map or a JSON object.', $dynamic: true, anyOf: [{ type: 'object' }, { type: 'string' }] },
    outputs: { type: 'array', items: { type: 'string' }, title: "The files from the local filesystem to be sent to the Kestra's internal storage.", $dynamic: true },
  },
  outputs: { uris: { type: 'object', title: "The URI of the files that have been sent to the Kestra's internal storage." } },
  async run(context) {
    const dir = await openWorkingDirectory(context);
    try {
      const extra = { workingDir: dir.path, outputDir: dir.path };
      await writeInputFiles(context, context.task.inputs, dir.path, extra);
      const uris = await storeOutputFiles(context, renderedList(context, context.task.outputs, 'outputs', extra), dir.path);
      return { outputs: { uris } };
    } finally {
      await dir.dispose();
    }
  },
};

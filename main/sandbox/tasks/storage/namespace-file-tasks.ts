// io.kestra.plugin.core.namespace.UploadFiles, DownloadFiles and DeleteFiles: namespace files from and
// to a task. UploadFiles takes files of the working directory (`files` globs, inside a
// WorkingDirectory) or of internal storage (`filesMap`: destination name → URI); DownloadFiles copies
// matching namespace files into the execution's internal storage; DeleteFiles removes them.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { withDefault, type JsonSchema } from '../../schema/json-schema';
import { normalizeFilePath } from '../../files/namespace-path';
import type { NamespaceFileStore } from '../../files/namespace-file-store';
import type { TaskDefinition, TaskRunContext } from '../task-definition';
import { globToRegExp, listFiles, matchesAny } from '../scripts/glob';
import { openWorkingDirectory, renderedList } from '../scripts/script-files';
import { openReferencedFile } from './file-references';

const NAMESPACE: JsonSchema = { type: 'string', title: 'The namespace of the files.', $dynamic: true };
const FILES: JsonSchema = { title: 'A file or a list of files (glob patterns) from the given namespace.', $dynamic: true, anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

function store(context: TaskRunContext): NamespaceFileStore {
  const found = context.services?.namespaceFiles;
  if (!found) throw new Error('Namespace files are not available');
  return found;
}

/** Kestra's PathMatcherPredicate: a glob; one that starts with neither `/` nor `*` matches in any folder. */
export function namespacePatterns(patterns: string[]): RegExp[] {
  return patterns.map((pattern) => globToRegExp(pattern.startsWith('/') || pattern.startsWith('*') ? pattern : `**/${pattern}`));
}

function matchingFiles(context: TaskRunContext, namespace: string, patterns: string[]): { path: string }[] {
  const regexps = namespacePatterns(patterns);
  return store(context)
    .files(namespace)
    .filter((file) => matchesAny(file.path.replace(/^\/+/, ''), regexps));
}

export const uploadFilesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.namespace.UploadFiles',
  aliases: ['io.kestra.core.tasks.namespace.UploadFiles'],
  category: 'task',
  kind: 'runnable',
  title: 'Upload one or multiple files to a specific namespace.',
  properties: {
    namespace: NAMESPACE,
    files: { type: 'array', items: { type: 'string' }, title: 'A list of glob patterns that match files in the current directory (inside a WorkingDirectory).', $dynamic: true },
    filesMap: { title: 'A map of key-value pairs where the key is the filename and the value is the URI of the file to upload.', $dynamic: true, anyOf: [{ type: 'object' }, { type: 'string' }] },
    destination: { ...withDefault({ type: 'string' }, '/'), title: 'The destination folder.', $dynamic: true },
    conflict: { ...withDefault({ type: 'string', enum: ['OVERWRITE', 'ERROR', 'SKIP'] }, 'OVERWRITE'), title: 'Which action to take when uploading a file that already exists.' },
  },
  required: ['namespace'],
  outputs: { files: { type: 'object', title: 'The uploaded files.' } },
  async run(context) {
    const task = context.task;
    if ((task.files === undefined || task.files === null) && (task.filesMap === undefined || task.filesMap === null)) throw new Error('files or filesMap is required');
    const namespace = context.render(String(task.namespace));
    const destination = normalizeFilePath(context.render(String(task.destination ?? '/')));
    const conflict = String(task.conflict ?? 'OVERWRITE').toUpperCase();
    const files = store(context);
    const uploaded: string[] = [];
    const put = async (target: string, open: () => Readable): Promise<void> => {
      const filePath = normalizeFilePath(path.posix.join(destination, target));
      if (files.exists(namespace, filePath)) {
        if (conflict === 'ERROR') throw new Error(`File '${filePath}' already exists in namespace '${namespace}' and conflict is set to ERROR`);
        if (conflict === 'SKIP') return;
      }
      await files.put(namespace, filePath, open());
      uploaded.push(filePath);
    };
    if (task.files !== undefined && task.files !== null) {
      const dir = await openWorkingDirectory(context);
      try {
        const patterns = renderedList(context, task.files, 'files').map((p) => globToRegExp(p));
        for (const relative of listFiles(dir.path)) {
          if (matchesAny(relative, patterns)) await put(relative, () => createReadStream(path.join(dir.path, ...relative.split('/'))));
        }
      } finally {
        await dir.dispose();
      }
    }
    if (task.filesMap !== undefined && task.filesMap !== null) {
      const rendered = typeof task.filesMap === 'string' ? context.renderTyped(task.filesMap) : context.renderValue(task.filesMap);
      const map = typeof rendered === 'string' ? (JSON.parse(rendered) as unknown) : rendered;
      if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new Error('filesMap must be a Map<String, String>');
      for (const [target, source] of Object.entries(map as Record<string, unknown>)) {
        if (typeof source !== 'string') throw new Error('filesMap must be a Map<String, String>');
        await put(target, () => openReferencedFile(context, source));
      }
    }
    context.logger.info(`Uploaded ${uploaded.length} file(s) to namespace '${namespace}'`);
    return { outputs: { files: Object.fromEntries(uploaded.map((p) => [p, `kestra:///${namespace.split('.').join('/')}/_files${p}`])) } };
  },
};

export const downloadFilesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.namespace.DownloadFiles',
  aliases: ['io.kestra.core.tasks.namespace.DownloadFiles'],
  category: 'task',
  kind: 'runnable',
  title: 'Download one or multiple files from your namespace files.',
  properties: {
    namespace: NAMESPACE,
    files: FILES,
    destination: { ...withDefault({ type: 'string' }, ''), title: 'The folder where the downloaded files will be stored', $dynamic: true },
  },
  required: ['namespace', 'files'],
  outputs: { files: { type: 'object', title: 'Downloaded files.' } },
  async run(context) {
    const namespace = context.render(String(context.task.namespace));
    const destination = context.render(String(context.task.destination ?? ''));
    const downloaded: Record<string, string> = {};
    for (const file of matchingFiles(context, namespace, renderedList(context, context.task.files, 'files'))) {
      const { stream } = store(context).read(namespace, file.path);
      downloaded[file.path] = await context.putFile(`${destination}${file.path}`, stream);
    }
    context.logger.info(`Downloaded ${Object.keys(downloaded).length} file(s) from namespace '${namespace}'`);
    return { outputs: { files: downloaded } };
  },
};

export const deleteFilesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.namespace.DeleteFiles',
  aliases: ['io.kestra.core.tasks.namespace.DeleteFiles'],
  category: 'task',
  kind: 'runnable',
  title: 'Delete one or multiple files from your namespace files.',
  properties: {
    namespace: NAMESPACE,
    files: FILES,
    deleteParentFolder: { ...withDefault({ type: 'boolean' }, false), title: 'Whether to delete empty parent folders after deleting files.', $dynamic: true },
  },
  required: ['namespace', 'files'],
  outputs: {},
  async run(context) {
    const namespace = context.render(String(context.task.namespace));
    const matched = matchingFiles(context, namespace, renderedList(context, context.task.files, 'files'));
    for (const file of matched) store(context).delete(namespace, file.path);
    context.logger.info(`Deleted ${matched.length} file(s) from namespace '${namespace}'`);
    return {};
  },
};

export const NAMESPACE_FILE_TASKS: readonly TaskDefinition[] = [uploadFilesTask, downloadFilesTask, deleteFilesTask];

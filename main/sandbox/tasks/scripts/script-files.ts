// The files around a script: its working directory (a fresh temporary one, or the one a
// `WorkingDirectory` parent shares with all its children), namespace files and `inputFiles` written
// into it before the run, `outputFiles` globs stored in internal storage after it. Nothing is read
// or written outside the working directory: names with `..`, absolute names and symbolic links are
// refused or skipped.
import { createReadStream, createWriteStream, lstatSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TaskRunContext } from '../task-definition';
import { globToRegExp, listFiles, matchesAny } from './glob';
import { SCRIPT_LIMITS } from './script-limits';
import { openReferencedFile } from '../storage/file-references';

/** WorkingDirectory task run id → the directory its children share. */
const sharedDirectories = new Map<string, string>();

export function registerSharedDirectory(taskRunId: string, dir: string): void {
  sharedDirectories.set(taskRunId, dir);
}

export function releaseSharedDirectory(taskRunId: string): void {
  sharedDirectories.delete(taskRunId);
}

/** The directory of the closest `WorkingDirectory` ancestor of this task run, if any. */
export function sharedDirectoryOf(context: Pick<TaskRunContext, 'execution' | 'taskRun'>): string | undefined {
  const runs = context.execution.taskRunList ?? [];
  let parentId = context.taskRun.parentTaskRunId;
  for (let depth = 0; parentId && depth < 1000; depth += 1) {
    const shared = sharedDirectories.get(parentId);
    if (shared) return shared;
    parentId = runs.find((run) => run.id === parentId)?.parentTaskRunId;
  }
  return undefined;
}

export interface WorkingDirectory {
  path: string;
  /** True when this task created it (and removes it afterwards). */
  owned: boolean;
  dispose(): Promise<void>;
}

export async function openWorkingDirectory(context: Pick<TaskRunContext, 'execution' | 'taskRun'>): Promise<WorkingDirectory> {
  const shared = sharedDirectoryOf(context);
  if (shared) return { path: shared, owned: false, dispose: async () => undefined };
  const dir = realpathSync(await mkdtemp(path.join(os.tmpdir(), 'kestra-sandbox-task-')));
  return { path: dir, owned: true, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw new Error(`'${name}' must be a list of strings`);
  return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

/** A rendered list property: a YAML list, or one expression that renders to a list (or a JSON list). */
export function renderedList(context: TaskRunContext, value: unknown, name: string, extra?: Record<string, unknown>): string[] {
  if (typeof value === 'string' && /^\s*\{\{[\s\S]*\}\}\s*$/.test(value)) {
    const typed = context.renderTyped(value);
    if (Array.isArray(typed)) return typed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    if (typeof typed === 'string' && typed.trim().startsWith('[')) {
      try {
        return stringList(JSON.parse(typed), name);
      } catch {
        // Not JSON: a single value.
      }
    }
    return typed === null || typed === undefined ? [] : [String(typed)];
  }
  return stringList(value, name).map((item) => context.render(item, extra));
}

/** `target` resolved inside `root`, or an error naming the offending file name. */
export function insideDirectory(root: string, name: string, what: string): string {
  const target = path.resolve(root, name);
  if (path.isAbsolute(name) || !target.startsWith(root + path.sep)) throw new Error(`Invalid ${what} '${name}': it must stay inside the working directory`);
  return target;
}

function isEnabled(value: unknown): boolean {
  // NamespaceFiles.enabled defaults to true once the block is present.
  return value === undefined || value === null || value === true || value === 'true';
}

export async function copyNamespaceFiles(context: TaskRunContext, config: unknown, workingDir: string): Promise<number> {
  if (config === null || typeof config !== 'object') return 0;
  const settings = config as Record<string, unknown>;
  if (!isEnabled(typeof settings.enabled === 'string' ? context.render(settings.enabled) : settings.enabled)) return 0;
  const store = context.services?.namespaceFiles;
  if (!store) throw new Error('Namespace files are not available');
  const include = renderedList(context, settings.include, 'namespaceFiles.include').map((p) => globToRegExp(p));
  const exclude = renderedList(context, settings.exclude, 'namespaceFiles.exclude').map((p) => globToRegExp(p));
  const namespaces = settings.namespaces === undefined || settings.namespaces === null ? [context.execution.namespace] : renderedList(context, settings.namespaces, 'namespaceFiles.namespaces');
  const perNamespace = settings.folderPerNamespace === true || settings.folderPerNamespace === 'true';
  const ifExists = String(settings.ifExists ?? 'OVERWRITE').toUpperCase();
  let copied = 0;
  for (const namespace of namespaces) {
    for (const file of store.files(namespace)) {
      const relative = file.path.replace(/^\/+/, '');
      if (include.length > 0 && !matchesAny(relative, include)) continue;
      if (matchesAny(relative, exclude)) continue;
      const target = insideDirectory(workingDir, perNamespace ? `${namespace}/${relative}` : relative, 'namespace file');
      let exists = false;
      try {
        lstatSync(target);
        exists = true;
      } catch {
        // Not there yet.
      }
      if (exists && ifExists === 'FAIL') throw new Error(`The namespace file '${relative}' already exists in the working directory`);
      if (exists && ifExists === 'IGNORE') continue;
      if (exists && ifExists === 'WARN') {
        context.logger.warn(`The namespace file '${relative}' already exists in the working directory; it is kept`);
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(store.blobPath(namespace, file.path), target);
      copied += 1;
    }
  }
  return copied;
}

/** `inputFiles`: a map of file name → content (or `kestra:///` URI), or one expression rendering to such a map. */
export async function writeInputFiles(context: TaskRunContext, raw: unknown, workingDir: string, extra: Record<string, unknown>): Promise<string[]> {
  if (raw === undefined || raw === null) return [];
  let files = raw;
  if (typeof files === 'string') {
    const rendered = context.render(files, extra);
    try {
      files = JSON.parse(rendered);
    } catch {
      throw new Error('inputFiles must be a map of file names to contents (or an expression that renders to one)');
    }
  }
  if (files === null || typeof files !== 'object' || Array.isArray(files)) throw new Error('inputFiles must be a map of file names to contents');
  const written: string[] = [];
  for (const [rawName, value] of Object.entries(files as Record<string, unknown>)) {
    const name = context.render(rawName, extra);
    const target = insideDirectory(workingDir, name, 'input file name');
    await mkdir(path.dirname(target), { recursive: true });
    const content = typeof value === 'string' ? context.render(value, extra) : JSON.stringify(value);
    if (/^kestra:\/\/\/\S*$/.test(content.trim())) await pipeline(openReferencedFile(context, content.trim()), createWriteStream(target));
    else await writeFile(target, content);
    written.push(name);
  }
  return written;
}

/** Stores the files matching `patterns` (globs relative to the working directory); returns name → URI. */
export async function storeOutputFiles(context: TaskRunContext, patterns: string[], workingDir: string): Promise<Record<string, string>> {
  if (patterns.length === 0) return {};
  for (const pattern of patterns) {
    if (pattern.split(/[\\/]/).includes('..')) throw new Error(`Invalid outputFiles pattern '${pattern}': it must stay inside the working directory`);
  }
  const regexps = patterns.map((p) => globToRegExp(p));
  const stored: Record<string, string> = {};
  let count = 0;
  // listFiles returns regular files only: a symbolic link (possibly to a file outside) is never read.
  for (const relative of listFiles(workingDir)) {
    if (!matchesAny(relative, regexps)) continue;
    count += 1;
    if (count > SCRIPT_LIMITS.maxOutputFiles) throw new Error(`More than ${SCRIPT_LIMITS.maxOutputFiles} files match outputFiles`);
    stored[relative] = await context.putFile(relative, createReadStream(path.join(workingDir, ...relative.split('/'))));
  }
  return stored;
}

/** Kestra's CommandsWrapper pattern for internal-storage URIs inside commands and scripts. */
const STORAGE_URI = /kestra:\/\/[-a-zA-Z0-9%._+~#=/]*/g;

/**
 * Every `kestra://…` URI in a rendered command or script is downloaded into the working directory
 * (at its storage path) and replaced by the local file's path, as Kestra's script runner does, so
 * `cat {{ outputs.t.outputFiles['a.csv'] }}` reads the file. `done` remembers URIs already fetched.
 */
export async function localizeStorageUris(context: TaskRunContext, text: string, workingDir: string, done: Map<string, string>): Promise<string> {
  const uris = [...new Set(text.match(STORAGE_URI) ?? [])].filter((uri) => uri.length > 'kestra://'.length);
  for (const uri of uris) {
    if (done.has(uri)) continue;
    const storagePath = decodeURIComponent(uri.replace(/^kestra:\/+/, ''));
    const target = insideDirectory(workingDir, storagePath, 'internal storage file');
    await mkdir(path.dirname(target), { recursive: true });
    await pipeline(openReferencedFile(context, uri), createWriteStream(target));
    done.set(uri, target);
  }
  // Longest first, so a URI that prefixes another is not replaced inside it.
  return [...done.entries()].sort((a, b) => b[0].length - a[0].length).reduce((result, [uri, local]) => result.split(uri).join(local), text);
}

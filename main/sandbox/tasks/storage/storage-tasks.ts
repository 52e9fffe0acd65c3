// The internal-storage tasks of Kestra's core (io.kestra.plugin.core.storage.*): Size, Split, Concat,
// Delete, Reverse, PurgeCurrentExecutionFiles, and the Ion item tasks DeduplicateItems and
// FilterItems (one Ion value per line, as FileSerde writes them; each item's fields are variables
// of the expression). Files are those of the current execution (or of the execution that triggered
// it), as for every task.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { withDefault, type JsonSchema } from '../../schema/json-schema';
import { executionPrefix, InternalStorage } from '../../storage/internal-storage';
import { parseIon } from '../../ion/ion-values';
import { splitLines } from '../core/flow/split-items';
import { listFiles } from '../scripts/glob';
import type { TaskDefinition, TaskRunContext } from '../task-definition';

const FROM: JsonSchema = { type: 'string', title: 'The file URI in the internal storage.', $dynamic: true, $internalStorageURI: true };

function storage(context: TaskRunContext): InternalStorage {
  const found = context.services?.storage;
  if (!found) throw new Error('The internal storage is not available');
  return found;
}

/** The storage path of a URI this execution may touch (its own files, or its parent execution's). */
function ownPath(context: TaskRunContext, uri: string): string {
  const storagePath = InternalStorage.pathOf(uri);
  if (!storagePath || storagePath.split('/').includes('..')) throw new Error(`Invalid internal storage URI '${uri}'`);
  const { execution } = context;
  const prefixes = [executionPrefix(execution.namespace, execution.flowId, execution.id)];
  const trigger = execution.trigger?.variables;
  if (trigger && typeof trigger.namespace === 'string' && typeof trigger.flowId === 'string' && typeof trigger.executionId === 'string') {
    prefixes.push(executionPrefix(trigger.namespace, trigger.flowId, trigger.executionId));
  }
  if (!prefixes.some((prefix) => storagePath.startsWith(`${prefix}/`))) throw new Error(`Unable to use the file '${uri}' as it didn't belong to the current execution`);
  return storagePath;
}

function extensionOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

function randomName(extension: string): string {
  return `${randomBytes(8).toString('hex')}${extension}`;
}

function optionalInt(context: TaskRunContext, value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(typeof value === 'string' ? context.render(value) : value);
  if (!Number.isInteger(n)) throw new Error(`'${name}' must be an integer`);
  return n;
}

function truthy(text: string): boolean {
  const value = text.trim().toLowerCase();
  return !(value === '' || value === 'false' || value === '0' || value === '-0' || value === 'null');
}

export const sizeTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Size',
  aliases: ['io.kestra.core.tasks.storages.Size'],
  category: 'task',
  kind: 'runnable',
  title: 'Get the size of a file from the Kestra internal storage.',
  properties: { uri: FROM },
  required: ['uri'],
  outputs: { size: { type: 'integer', title: "The file's size." } },
  async run(context) {
    const uri = context.render(String(context.task.uri));
    const stats = storage(context).stat(ownPath(context, uri));
    if (!stats) throw new Error(`File '${uri}' not found`);
    return { outputs: { size: stats.size } };
  },
};

export const deleteTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Delete',
  aliases: ['io.kestra.core.tasks.storages.Delete'],
  category: 'task',
  kind: 'runnable',
  title: 'Delete a file from the Kestra internal storage.',
  properties: {
    uri: FROM,
    errorOnMissing: { ...withDefault({ type: 'boolean' }, false), title: 'Raise an error if the file is not found.' },
  },
  required: ['uri'],
  outputs: { uri: { type: 'string', format: 'uri' }, deleted: { type: 'boolean', title: 'Whether the file was deleted.' } },
  async run(context) {
    const uri = context.render(String(context.task.uri));
    const storagePath = ownPath(context, uri);
    const exists = storage(context).stat(storagePath) !== undefined;
    if (!exists && (context.task.errorOnMissing === true || context.task.errorOnMissing === 'true')) throw new Error(`Unable to find file '${uri}'`);
    if (exists) storage(context).deletePrefix(storagePath);
    return { outputs: { uri, deleted: exists } };
  },
};

export const splitTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Split',
  aliases: ['io.kestra.core.tasks.storages.Split'],
  category: 'task',
  kind: 'runnable',
  title: 'Split a file from the Kestra internal storage into multiple files.',
  markdownDescription: 'Exactly one of `bytes`, `partitions` or `rows` cuts the file: by size (`10MB`), into N files, or every N lines.',
  properties: {
    from: FROM,
    bytes: { type: 'string', title: 'Split a large file into multiple chunks with a maximum file size of `bytes`.', $dynamic: true },
    partitions: { type: 'integer', title: 'Split a file in a fixed number of partitions.', $dynamic: true },
    rows: { type: 'integer', title: 'Split a file by a fixed number of rows.', $dynamic: true },
    separator: { ...withDefault({ type: 'string' }, '\n'), title: 'The separator used to split a file into chunks or partitions.', $dynamic: true },
  },
  required: ['from'],
  outputs: { uris: { type: 'array', items: { type: 'string', format: 'uri' }, title: 'The URIs of split files in the internal storage.' } },
  async run(context) {
    const task = context.task;
    const from = context.render(String(task.from));
    const bytes = task.bytes === undefined || task.bytes === null ? undefined : context.render(String(task.bytes));
    const partitions = optionalInt(context, task.partitions, 'partitions');
    const rows = optionalInt(context, task.rows, 'rows');
    if ([bytes, partitions, rows].filter((v) => v !== undefined).length !== 1) throw new Error('Invalid configuration with no size, count, nor rows');
    const separator = task.separator === undefined || task.separator === null ? '\n' : context.render(String(task.separator));
    const extension = extensionOf(from);
    const uris: string[] = [];
    await splitLines(context.readFile(from), { ...(bytes !== undefined ? { bytes } : {}), ...(partitions !== undefined ? { partitions } : {}), ...(rows !== undefined ? { rows } : {}), separator }, async (batch) => {
      uris.push(await context.putFile(randomName(extension), batch));
    });
    return { outputs: { uris } };
  },
};

export const concatTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Concat',
  aliases: ['io.kestra.core.tasks.storages.Concat'],
  category: 'task',
  kind: 'runnable',
  title: 'Concatenate files in the Kestra internal storage.',
  properties: {
    files: { title: 'List of files to be concatenated (a list, or a JSON string of one).', $dynamic: true, anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
    separator: { type: 'string', title: 'The separator to used between files, default is no separator.', $dynamic: true },
    extension: { ...withDefault({ type: 'string' }, '.tmp'), title: 'The extension of the created file, default is .tmp.', $dynamic: true },
  },
  required: ['files'],
  outputs: { uri: { type: 'string', format: 'uri', title: 'The concatenated file URI.' } },
  async run(context) {
    const raw = context.task.files;
    let files: string[];
    if (Array.isArray(raw)) files = raw.map((f) => context.render(String(f)));
    else {
      const rendered = context.renderTyped(String(raw));
      const list = typeof rendered === 'string' ? (JSON.parse(rendered) as unknown) : rendered;
      if (!Array.isArray(list)) throw new Error("Invalid `files` property: it must be a list of internal storage URIs (or a JSON string of one)");
      files = list.map(String);
    }
    const separator = context.task.separator === undefined || context.task.separator === null ? undefined : context.render(String(context.task.separator));
    let extension = context.render(String(context.task.extension ?? '.tmp'));
    if (extension !== '' && !extension.startsWith('.')) extension = `.${extension}`;
    async function* parts(): AsyncGenerator<Buffer> {
      for (const file of files) {
        for await (const chunk of context.readFile(file) as AsyncIterable<Buffer>) yield chunk;
        if (separator !== undefined) yield Buffer.from(separator, 'utf8');
      }
    }
    const uri = await context.putFile(randomName(extension.replace(/[/\\]/g, '')), Readable.from(parts()));
    return { outputs: { uri } };
  },
};

export const reverseTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.Reverse',
  aliases: ['io.kestra.core.tasks.storages.Reverse'],
  category: 'task',
  kind: 'runnable',
  title: 'Reverse a file from the Kestra internal storage, last line first.',
  properties: {
    from: FROM,
    separator: { ...withDefault({ type: 'string' }, '\n'), title: 'The separator used to join the file into chunks.', $dynamic: true },
    charset: { ...withDefault({ type: 'string' }, 'UTF-8'), title: 'The name of a supported charset', $dynamic: true },
  },
  required: ['from'],
  outputs: { uri: { type: 'string', format: 'uri', title: 'The URI of reversed file on Kestra internal storage.' } },
  async run(context) {
    const from = context.render(String(context.task.from));
    const separator = context.task.separator === undefined || context.task.separator === null ? '\n' : context.render(String(context.task.separator));
    const lines: string[] = [];
    for await (const line of createInterface({ input: context.readFile(from), crlfDelay: Number.POSITIVE_INFINITY })) lines.push(line);
    const text = lines.reverse().map((line) => `${line}${separator}`).join('');
    return { outputs: { uri: await context.putFile(randomName(extensionOf(from)), Buffer.from(text, 'utf8')) } };
  },
};

export const purgeCurrentExecutionFilesTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles',
  aliases: ['io.kestra.core.tasks.storages.PurgeExecution', 'io.kestra.plugin.core.storage.PurgeExecution'],
  category: 'task',
  kind: 'runnable',
  title: 'Delete all the files of the current execution from the internal storage.',
  properties: {},
  outputs: { uris: { type: 'array', items: { type: 'string', format: 'uri' }, title: 'The deleted file URIs.' } },
  async run(context) {
    const { execution } = context;
    const prefix = executionPrefix(execution.namespace, execution.flowId, execution.id);
    const root = storage(context);
    const uris = listFiles(root.file(prefix)).map((relative) => InternalStorage.uriOf(`${prefix}/${relative}`));
    root.deletePrefix(prefix);
    return { outputs: { uris } };
  },
};

/** Reads an Ion items file line by line: each line's text and its value (a map's keys become variables). */
async function* ionItems(context: TaskRunContext, from: string): AsyncGenerator<{ line: string; variables: Record<string, unknown> }> {
  for await (const line of createInterface({ input: context.readFile(from), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    const [value] = parseIon(line);
    const variables = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    yield { line, variables };
  }
}

export const filterItemsTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.FilterItems',
  aliases: ['io.kestra.core.tasks.storages.FilterItems'],
  category: 'task',
  kind: 'runnable',
  title: 'Filter a file by retaining only the items that match a given condition.',
  markdownDescription: "`filterCondition` is rendered for each item of an Ion file, the item's fields being variables (`{{ amount > 100 }}`).",
  properties: {
    from: FROM,
    filterCondition: { type: 'string', title: "The 'pebble' expression used to match items to be included or excluded.", $dynamic: false },
    filterType: { ...withDefault({ type: 'string', enum: ['INCLUDE', 'EXCLUDE'] }, 'INCLUDE'), title: 'The filter type to apply: INCLUDE keeps the matching items, EXCLUDE drops them.' },
    errorOrNullBehavior: { ...withDefault({ type: 'string', enum: ['FAIL', 'INCLUDE', 'EXCLUDE'] }, 'FAIL'), title: 'The behavior when the expression fails or returns null.' },
  },
  required: ['from', 'filterCondition'],
  outputs: {
    uri: { type: 'string', format: 'uri', title: 'The filtered file URI.' },
    processedItemsTotal: { type: 'integer', title: 'The total number of items that was processed by the task.' },
    droppedItemsTotal: { type: 'integer', title: 'The total number of items that was dropped by the task.' },
  },
  async run(context) {
    const from = context.render(String(context.task.from));
    const condition = String(context.task.filterCondition);
    const filterType = String(context.task.filterType ?? 'INCLUDE').toUpperCase();
    const onErrorOrNull = String(context.task.errorOrNullBehavior ?? 'FAIL').toUpperCase();
    let processed = 0;
    let dropped = 0;
    const kept: string[] = [];
    for await (const item of ionItems(context, from)) {
      let match: boolean | undefined;
      let failure: Error | undefined;
      try {
        const rendered = context.render(condition, item.variables);
        match = rendered.trim() === '' ? undefined : truthy(rendered);
      } catch (error) {
        failure = error as Error;
      }
      let action = filterType;
      if (match === undefined) {
        if (onErrorOrNull === 'FAIL') throw failure ?? new Error(`Expression \`${condition}\` return \`null\` on item \`${item.line}\``);
        action = onErrorOrNull;
      } else if (!match) action = action === 'INCLUDE' ? 'EXCLUDE' : 'INCLUDE';
      if (action === 'INCLUDE') kept.push(item.line);
      else dropped += 1;
      processed += 1;
    }
    const uri = await context.putFile(randomName('.ion'), Buffer.from(kept.map((l) => `${l}\n`).join(''), 'utf8'));
    return { outputs: { uri, processedItemsTotal: processed, droppedItemsTotal: dropped } };
  },
};

export const deduplicateItemsTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.storage.DeduplicateItems',
  aliases: ['io.kestra.core.tasks.storages.DeduplicateItems'],
  category: 'task',
  kind: 'runnable',
  title: 'Remove duplicate items from a file, keeping the last one of each key.',
  markdownDescription: "`expr` is rendered for each item of an Ion file (its fields being variables) to give the item's key; of the items sharing a key, the last one is kept, in file order.",
  properties: {
    from: FROM,
    expr: { type: 'string', title: "The 'pebble' expression to be used for extracting the deduplication key from each item.", $dynamic: false },
  },
  required: ['from', 'expr'],
  outputs: {
    uri: { type: 'string', format: 'uri', title: 'The deduplicated file URI.' },
    numKeys: { type: 'integer', title: 'The number of distinct keys observed by the task.' },
    processedItemsTotal: { type: 'integer', title: 'The total number of items that was processed by the task.' },
    droppedItemsTotal: { type: 'integer', title: 'The total number of items that was dropped by the task.' },
  },
  async run(context) {
    const from = context.render(String(context.task.from));
    const expr = String(context.task.expr);
    const items: { line: string; key: string }[] = [];
    const last = new Map<string, number>();
    for await (const item of ionItems(context, from)) {
      const key = context.render(expr, item.variables);
      last.set(key, items.length);
      items.push({ line: item.line, key });
    }
    const kept = items.filter((item, index) => last.get(item.key) === index);
    const uri = await context.putFile(randomName('.ion'), Buffer.from(kept.map((i) => `${i.line}\n`).join(''), 'utf8'));
    return { outputs: { uri, numKeys: last.size, processedItemsTotal: items.length, droppedItemsTotal: items.length - kept.length } };
  },
};

export const STORAGE_TASKS: readonly TaskDefinition[] = [sizeTask, deleteTask, splitTask, concatTask, reverseTask, purgeCurrentExecutionFilesTask, filterItemsTask, deduplicateItemsTask];

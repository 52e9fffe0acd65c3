// What a flow needs from its server besides itself, read from its YAML: the subflows it calls
// (Subflow, ForEachItem), the KV keys it reads (`kv('…')` in Pebble expressions and the kv.Get
// task), the secrets it uses (`secret('…')`), and the namespace files it reads (`read('…')`,
// `namespaceFiles` on script tasks, the DownloadFiles task). Only literal names can be followed;
// a name computed at run time (`kv(inputs.key)`) is reported as dynamic, for the plan to show.

/** Task types that start another flow (current names and the pre-0.17 aliases). */
const SUBFLOW_TYPES = new Set([
  'io.kestra.plugin.core.flow.Subflow',
  'io.kestra.core.tasks.flows.Subflow',
  'io.kestra.core.tasks.flows.Flow',
  'io.kestra.plugin.core.flow.ForEachItem',
  'io.kestra.core.tasks.flows.ForEachItem',
]);
const KV_GET_TYPES = new Set(['io.kestra.plugin.core.kv.Get', 'io.kestra.core.tasks.kv.Get']);
const DOWNLOAD_FILES_TYPES = new Set(['io.kestra.plugin.core.namespace.DownloadFiles']);

export interface SubflowReference {
  namespace: string;
  flowId: string;
  taskId?: string;
}

export interface KvReference {
  namespace: string;
  key: string;
  via: 'kv()' | 'kv.Get';
}

export interface FileGlobs {
  namespace: string;
  include: string[];
  exclude: string[];
}

export interface FlowReferences {
  subflows: SubflowReference[];
  kv: KvReference[];
  secrets: string[];
  /** Namespace files named literally (`read('scripts/a.py')`), as absolute paths. */
  files: { namespace: string; path: string }[];
  /** Namespace files chosen by globs (namespaceFiles, DownloadFiles). */
  fileGlobs: FileGlobs[];
  /** References whose name is computed at run time, in words ("kv(inputs.key) in task t1"). */
  dynamic: string[];
}

const EXPRESSION = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const CALL = /(^|[^\w.])(kv|secret|read)\s*\(/g;

type Argument = { name?: string; literal?: string; text: string };

/** Splits a Pebble call's arguments (from just after the `(`), honouring quotes and nesting. */
export function parseArguments(text: string, start: number): { args: Argument[]; end: number } | undefined {
  const args: Argument[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      current += char;
      if (char === '\\' && index + 1 < text.length) {
        current += text[index + 1];
        index += 1;
      } else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === '(' || char === '[' || char === '{') {
      depth += 1;
      current += char;
    } else if ((char === ')' || char === ']' || char === '}') && depth > 0) {
      depth -= 1;
      current += char;
    } else if (char === ')' && depth === 0) {
      if (current.trim() !== '' || args.length > 0) args.push(argument(current));
      return { args, end: index };
    } else if (char === ',' && depth === 0) {
      args.push(argument(current));
      current = '';
    } else current += char;
  }
  return undefined;
}

function argument(raw: string): Argument {
  const text = raw.trim();
  const named = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(text);
  const value = named ? named[2]!.trim() : text;
  const literal = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/.exec(value);
  return { ...(named ? { name: named[1] } : {}), ...(literal ? { literal: literal[2]!.replace(/\\(.)/g, '$1') } : {}), text: value };
}

/** The argument for a parameter, by name or by position (Pebble allows both). */
function arg(args: Argument[], names: readonly string[], name: string): Argument | undefined {
  const byName = args.find((a) => a.name === name);
  if (byName) return byName;
  const position = names.indexOf(name);
  const positional = args.filter((a) => a.name === undefined);
  return positional[position];
}

/** The text with the inside of every string literal blanked out, positions kept. */
function maskStrings(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') {
        out += '  ';
        index += 1;
        continue;
      }
      if (char === quote) {
        quote = undefined;
        out += char;
      } else out += ' ';
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    out += char;
  }
  return out;
}

export function isExpression(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Namespace files are addressed from the namespace root: "a.py" and "/a.py" are the same file. */
export function absoluteFilePath(path: string): string {
  const clean = path.trim().replace(/^\.\//, '');
  return clean.startsWith('/') ? clean : `/${clean}`;
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Reads the references of one flow (its parsed YAML document and its namespace). */
export function flowReferences(document: unknown, flowNamespace: string): FlowReferences {
  const refs: FlowReferences = { subflows: [], kv: [], secrets: [], files: [], fileGlobs: [], dynamic: [] };
  const seen = new Set<string>();
  const add = <K extends keyof FlowReferences>(kind: K, value: FlowReferences[K][number], id: string): void => {
    if (seen.has(`${kind}\u0000${id}`)) return;
    seen.add(`${kind}\u0000${id}`);
    (refs[kind] as unknown[]).push(value);
  };

  const scanText = (text: string, where: string): void => {
    for (const match of text.matchAll(EXPRESSION)) {
      const body = match[1] ?? match[2] ?? '';
      // Calls are looked for outside string literals ('kv("x")' is text, not a call).
      for (const call of maskStrings(body).matchAll(CALL)) {
        const fn = call[2] as 'kv' | 'secret' | 'read';
        const parsed = parseArguments(body, call.index! + call[0].length);
        if (!parsed) continue;
        const shown = `${fn}(${body.slice(call.index! + call[0].length, parsed.end).trim()})`;
        if (fn === 'kv') {
          const key = arg(parsed.args, ['key', 'namespace', 'errorOnMissing'], 'key');
          const namespace = arg(parsed.args, ['key', 'namespace', 'errorOnMissing'], 'namespace');
          if (key?.literal === undefined || (namespace && namespace.literal === undefined)) add('dynamic', `${shown}${where}`, `${shown}${where}`);
          else {
            const ns = namespace?.literal ?? flowNamespace;
            add('kv', { namespace: ns, key: key.literal, via: 'kv()' }, `${ns}/${key.literal}`);
          }
        } else if (fn === 'secret') {
          const key = arg(parsed.args, ['key'], 'key');
          if (key?.literal === undefined) add('dynamic', `${shown}${where}`, `${shown}${where}`);
          else add('secrets', key.literal, key.literal);
        } else {
          const path = arg(parsed.args, ['path', 'namespace'], 'path');
          const namespace = arg(parsed.args, ['path', 'namespace'], 'namespace');
          // read() of a computed value is nearly always an output file (kestra://…), not a namespace file.
          if (path?.literal === undefined || path.literal.startsWith('kestra://') || (namespace && namespace.literal === undefined)) continue;
          const ns = namespace?.literal ?? flowNamespace;
          const file = absoluteFilePath(path.literal);
          add('files', { namespace: ns, path: file }, `${ns}:${file}`);
        }
      }
    }
  };

  const visit = (node: unknown, taskId: string | undefined): void => {
    if (typeof node === 'string') {
      scanText(node, taskId ? ` in task ${taskId}` : '');
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) visit(item, taskId);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    const type = typeof object.type === 'string' ? object.type : undefined;
    const id = typeof object.id === 'string' && type ? object.id : taskId;
    const where = id ? ` in task ${id}` : '';

    if (type && SUBFLOW_TYPES.has(type)) {
      const namespace = object.namespace;
      const flowId = object.flowId;
      if (typeof namespace === 'string' && typeof flowId === 'string' && !isExpression(namespace) && !isExpression(flowId)) {
        add('subflows', { namespace, flowId, ...(id ? { taskId: id } : {}) }, `${namespace}/${flowId}`);
      } else if (namespace !== undefined || flowId !== undefined) {
        add('dynamic', `subflow ${String(namespace)}.${String(flowId)}${where}`, `subflow ${String(namespace)}.${String(flowId)}${where}`);
      }
    }
    if (type && KV_GET_TYPES.has(type)) {
      const key = object.key;
      const namespace = object.namespace ?? flowNamespace;
      if (typeof key === 'string' && !isExpression(key) && typeof namespace === 'string' && !isExpression(namespace)) {
        add('kv', { namespace, key, via: 'kv.Get' }, `${namespace}/${key}`);
      } else add('dynamic', `kv.Get ${String(key)}${where}`, `kv.Get ${String(key)}${where}`);
    }
    if (type && DOWNLOAD_FILES_TYPES.has(type)) {
      const namespace = typeof object.namespace === 'string' && !isExpression(object.namespace) ? object.namespace : flowNamespace;
      const include = asStrings(object.files);
      if (include.length > 0) add('fileGlobs', { namespace, include, exclude: [] }, `download:${namespace}:${include.join(',')}`);
    }
    const namespaceFiles = object.namespaceFiles;
    if (typeof namespaceFiles === 'object' && namespaceFiles !== null && !Array.isArray(namespaceFiles)) {
      const settings = namespaceFiles as Record<string, unknown>;
      if (settings.enabled === true || settings.enabled === 'true') {
        const include = asStrings(settings.include);
        const exclude = asStrings(settings.exclude);
        const namespaces = asStrings(settings.namespaces);
        for (const namespace of namespaces.length > 0 ? namespaces : [flowNamespace]) {
          if (isExpression(namespace)) continue;
          add('fileGlobs', { namespace, include: include.length > 0 ? include : ['**'], exclude }, `nsfiles:${namespace}:${include.join(',')}:${exclude.join(',')}`);
        }
      }
    }
    for (const [key, value] of Object.entries(object)) {
      if (key === 'namespaceFiles') continue;
      visit(value, id);
    }
  };

  visit(document, undefined);
  return refs;
}

/** Glob matching as Kestra's namespaceFiles include/exclude use it (`**`, `*`, `?`), on paths without the leading slash. */
export function globMatches(glob: string, path: string): boolean {
  const target = path.replace(/^\//, '');
  const pattern = glob.replace(/^\//, '');
  let regex = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, `**` anything.
      if (pattern[i + 2] === '/') {
        regex += '(?:.*/)?';
        i += 2;
      } else {
        regex += '.*';
        i += 1;
      }
    } else if (char === '*') regex += '[^/]*';
    else if (char === '?') regex += '[^/]';
    else regex += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(target);
}

export function selectedByGlobs(globs: FileGlobs, path: string): boolean {
  return globs.include.some((g) => globMatches(g, path)) && !globs.exclude.some((g) => globMatches(g, path));
}

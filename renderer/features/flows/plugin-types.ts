// Plugin types (tasks, triggers, conditions…) as the server's flow schema knows them, and what a
// `type:` that names none of them should say. The schema lists the types as a union of one
// definition per plugin, each with its `type` as a constant, so a JSON-schema validator that meets
// an unknown type reports the constant of whichever branch came closest ('Value must be
// "io.kestra.plugin.core.log.Log"'), which reads as if that were the only valid type. Here the
// same problem is said as Kestra means it: an unknown task type, with the nearest known ones.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** Every type constant in the schema (`properties.type.const` / `enum` of each definition). */
export function knownPluginTypes(schema: unknown): string[] {
  const out = new Set<string>();
  const definitions = (schema as { definitions?: Record<string, unknown>; $defs?: Record<string, unknown> } | null | undefined) ?? {};
  for (const definition of Object.values({ ...definitions.definitions, ...definitions.$defs })) {
    const type = (definition as { properties?: { type?: { const?: unknown; enum?: unknown } } } | null)?.properties?.type;
    // Plugins are named by class ("io.kestra.plugin.core.log.Log"); input, retry and SLA types are words.
    if (typeof type?.const === 'string' && type.const.includes('.')) out.add(type.const);
    if (Array.isArray(type?.enum)) for (const value of type.enum) if (typeof value === 'string' && value.includes('.')) out.add(value);
  }
  return [...out].sort();
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The known types nearest to `typed`: by class name first, then by package. */
export function nearestTypes(typed: string, known: readonly string[], count = 3): string[] {
  const simple = (type: string): string => type.slice(type.lastIndexOf('.') + 1).toLowerCase();
  const pkg = (type: string): string => type.slice(0, Math.max(0, type.lastIndexOf('.'))).toLowerCase();
  const name = simple(typed);
  const place = pkg(typed);
  return known
    .filter((type) => type !== typed)
    .map((type) => ({ type, score: editDistance(name, simple(type)) * 3 + editDistance(place, pkg(type)) }))
    .sort((a, b) => a.score - b.score || a.type.localeCompare(b.type))
    .slice(0, count)
    .map((entry) => entry.type);
}

export type PluginKind = 'task' | 'trigger' | 'condition' | 'plugin';

const KIND_BY_LIST: Record<string, PluginKind> = {
  tasks: 'task',
  errors: 'task',
  finally: 'task',
  afterExecution: 'task',
  triggers: 'trigger',
  conditions: 'condition',
};

export interface TypeAt {
  /** The `type:` value as written. */
  value: string;
  kind: PluginKind;
}

/** The `type:` value at a position (1-based line and column), and what kind of plugin it names. */
export function typeValueAt(source: string, line: number, column: number): TypeAt | undefined {
  let document;
  const counter = new LineCounter();
  try {
    document = parseDocument(source, { lineCounter: counter, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const lineStart = counter.lineStarts[line - 1];
  if (lineStart === undefined) return undefined;
  const offset = lineStart + column - 1;
  let found: TypeAt | undefined;
  const visit = (node: unknown, listKey: string | undefined): void => {
    if (found) return;
    if (isSeq(node)) {
      for (const item of node.items) visit(item, listKey);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const value = pair.value as Node | null;
        if (key === 'type' && isScalar(value) && value.range && offset >= value.range[0] && offset <= value.range[1]) {
          found = { value: String(value.value), kind: (listKey ? KIND_BY_LIST[listKey] : undefined) ?? 'plugin' };
          return;
        }
        if (value && value.range && offset >= value.range[0] && offset <= value.range[2]) visit(value, isSeq(value) ? key : listKey);
      }
    }
  };
  visit(document.contents, undefined);
  return found;
}

/** A schema validator's wording for a value outside a constant or an enumeration. */
const CONST_OR_ENUM = /^(Value must be |Value is not accepted\. Valid values: )/;

/**
 * The schema's complaint about a `type:` value, said as Kestra means it ("Unknown task type
 * "x"; did you mean …?"), or undefined when the marker is about something else.
 */
export function rewordTypeProblem(message: string, source: string, line: number, column: number, known: readonly string[]): string | undefined {
  if (!CONST_OR_ENUM.test(message)) return undefined;
  const at = typeValueAt(source, line, column);
  if (!at || known.length === 0 || known.includes(at.value)) return undefined;
  // Outside tasks, triggers and conditions only a class name is taken for a plugin (not an input's STRING).
  if (at.kind === 'plugin' && !at.value.includes('.')) return undefined;
  const nearest = nearestTypes(at.value, known);
  const suggestion = nearest.length ? `; did you mean ${nearest.map((type) => `"${type}"`).join(', ')}?` : '.';
  return `Unknown ${at.kind} type "${at.value}"${suggestion}`;
}

// Turns Kestra's validation text into editor markers. Kestra returns one string
// (`constraints`, or a 422 message): "path: message, path: message", or a Jackson mapping error
// with "line: N, column: M" and/or a reference chain (Flow["tasks"]->ArrayList[0]->Log["foo"]).
// Each problem is placed on the YAML node its path names, else on the first line.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type { EditorMarker } from '../../components/code-editor';

export interface ServerProblem {
  message: string;
  path?: (string | number)[];
  line?: number;
  column?: number;
}

const PATH_MESSAGE = /^((?:[A-Za-z_$][\w$-]*)(?:\[\d+\])*(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])*)*): ([\s\S]+)$/;
const LINE_COLUMN = /line: (\d+), column: (\d+)/;
// The YAML reader's own wording: "… (at line 4)" or "at line 4, column 9".
const AT_LINE = /at line (\d+)(?:, column (\d+))?/;

/** "tasks[0].message" → ['tasks', 0, 'message']. */
export function parsePropertyPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [];
    if (match[1]) segments.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** Jackson's reference chain → ['tasks', 0, 'foo']. */
export function parseReferenceChain(text: string): (string | number)[] | undefined {
  const chain = /reference chain: ([^)]*)\)?/.exec(text)?.[1] ?? (/\w\["[^"]+"\]/.test(text) ? text : undefined);
  if (!chain) return undefined;
  const segments: (string | number)[] = [];
  for (const match of chain.matchAll(/\["([^"]*)"\]|\[(\d+)\]/g)) segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
  return segments.length ? segments : undefined;
}

/** Splits Kestra's joined constraint message into problems with paths. */
export function parseConstraintText(text: string): ServerProblem[] {
  const trimmed = text.replace(/^(Invalid entity|Illegal flow source|Illegal argument): /, '').trim();
  if (!trimmed) return [];
  const lineColumn = LINE_COLUMN.exec(trimmed) ?? AT_LINE.exec(trimmed);
  const chain = parseReferenceChain(trimmed);
  if (lineColumn || chain) {
    return [
      {
        message: trimmed.replace(/\s*\n?\s*at \[Source:[\s\S]*$/, '').trim() || trimmed,
        path: chain,
        line: lineColumn ? Number(lineColumn[1]) : undefined,
        column: lineColumn?.[2] ? Number(lineColumn[2]) : undefined,
      },
    ];
  }
  // Messages may contain ", " themselves: split only before something that looks like "path: ".
  const parts = trimmed.split(/, (?=(?:[A-Za-z_$][\w$-]*)(?:\[\d+\])*(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])*)*: )/);
  return parts.map((part) => {
    const match = PATH_MESSAGE.exec(part.trim());
    if (!match) return { message: part.trim() };
    const path = parsePropertyPath(match[1]!);
    // "flow" and "yaml" are Kestra's names for the whole document.
    const whole = path.length === 1 && (path[0] === 'flow' || path[0] === 'yaml');
    return { message: whole ? match[2]!.trim() : `${match[1]}: ${match[2]!.trim()}`, path: whole ? undefined : path[0] === 'flow' ? path.slice(1) : path };
  });
}

interface Located {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

function rangeOf(node: Node | undefined, counter: LineCounter): Located | undefined {
  if (!node?.range) return undefined;
  const start = counter.linePos(node.range[0]);
  const end = counter.linePos(node.range[1]);
  return { startLineNumber: start.line, startColumn: start.col, endLineNumber: end.line, endColumn: end.col };
}

interface ParsedSource {
  document: ReturnType<typeof parseDocument>;
  counter: LineCounter;
}

/** Parses the text once for all the problems of one answer (big flows are slow to parse). */
function parser(source: string): () => ParsedSource | undefined {
  let parsed: ParsedSource | undefined | null = null;
  return () => {
    if (parsed === null) {
      try {
        const counter = new LineCounter();
        parsed = { document: parseDocument(source, { lineCounter: counter, uniqueKeys: false }), counter };
      } catch {
        parsed = undefined;
      }
    }
    return parsed;
  };
}

/** The range of the deepest node along `path` (the key for a missing property, its parent otherwise). */
function locate(parsed: ParsedSource | undefined, path: (string | number)[]): Located | undefined {
  if (!parsed) return undefined;
  const { document, counter } = parsed;
  let node: unknown = document.contents;
  let best: Located | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      // Point at the key: it is what the user reads first on that line.
      best = rangeOf(isNode(pair.key) ? pair.key : undefined, counter) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) break;
      best = rangeOf(isMap(item) ? (item.items[0]?.key as Node | undefined) : item, counter) ?? best;
      node = item;
    } else break;
  }
  return best;
}

/** The first map key named `key` anywhere in the document (for messages that name a field only). */
function locateKey(parsed: ParsedSource | undefined, key: string): Located | undefined {
  if (!parsed) return undefined;
  let found: Located | undefined;
  visit(parsed.document, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && String(pair.key.value) === key) {
        found = rangeOf(pair.key, parsed.counter);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The `type: <value>` pairs naming this plugin type (Kestra's "Invalid type: x" carries no path). */
function locateTypeValue(parsed: ParsedSource | undefined, type: string): Located | undefined {
  if (!parsed) return undefined;
  let found: Located | undefined;
  visit(parsed.document, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === 'type' && isScalar(pair.value) && String(pair.value.value) === type) {
        const start = rangeOf(pair.key, parsed.counter);
        const end = rangeOf(pair.value, parsed.counter);
        if (start && end) found = { startLineNumber: start.startLineNumber, startColumn: start.startColumn, endLineNumber: end.endLineNumber, endColumn: end.endColumn };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first scalar written as `value` (Jackson's "from String "x"" names the value, not where it is). */
function locateScalarValue(parsed: ParsedSource | undefined, value: string): Located | undefined {
  if (!parsed) return undefined;
  let found: Located | undefined;
  visit(parsed.document, {
    Pair(_key, pair) {
      if (isScalar(pair.value) && String(pair.value.value) === value) {
        found = rangeOf(pair.value, parsed.counter);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstLine(source: string): Located {
  const length = (source.split('\n')[0] ?? '').length;
  return { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: Math.max(2, length + 1) };
}

export function problemMarkers(source: string, problems: ServerProblem[], severity: EditorMarker['severity'] = 'error'): EditorMarker[] {
  const parsed = parser(source);
  return problems.map((problem) => {
    let range: Located | undefined;
    if (problem.line !== undefined) {
      const lineText = source.split('\n')[problem.line - 1] ?? '';
      range = { startLineNumber: problem.line, startColumn: problem.column ?? 1, endLineNumber: problem.line, endColumn: Math.max((problem.column ?? 1) + 1, lineText.length + 1) };
    }
    range ??= problem.path?.length ? locate(parsed(), problem.path) : undefined;
    // "Invalid type: io.kestra.plugin.nope.X" names the type, not where it is: the `type:` that says it.
    // With a path (a save's 422) it points at the task; the `type:` line is the one to fix.
    const invalidType = problem.line === undefined ? /Invalid type: (\S+)/.exec(problem.message)?.[1] : undefined;
    if (invalidType) range = locateTypeValue(parsed(), invalidType) ?? range;
    // "Unrecognized field "colour" (class …)" without a path: the first key with that name.
    const field = range ? undefined : /(?:field|property) "([^"]+)"/.exec(problem.message)?.[1];
    if (field) range = locateKey(parsed(), field);
    // "Cannot deserialize value of type `…` from String "NOPE"": where that value is written.
    const written = range ? undefined : /from String "([^"]*)"/.exec(problem.message)?.[1];
    if (written) range = locateScalarValue(parsed(), written);
    return { severity, message: problem.message, source: 'Kestra server', ...(range ?? firstLine(source)) };
  });
}

/** Markers for a validate answer: constraints (errors), then warnings and deprecations. */
export function validationMarkers(
  source: string,
  validation: { constraints?: string; warnings?: string[]; deprecationPaths?: string[]; infos?: string[] } | undefined,
): EditorMarker[] {
  if (!validation) return [];
  const markers: EditorMarker[] = [];
  if (validation.constraints) markers.push(...problemMarkers(source, parseConstraintText(validation.constraints), 'error'));
  // Warnings may start with the property path they concern ("tasks[2]: …"), as constraints do.
  for (const warning of validation.warnings ?? []) markers.push(...problemMarkers(source, parseConstraintText(warning), 'warning'));
  for (const path of validation.deprecationPaths ?? []) {
    markers.push(...problemMarkers(source, [{ message: `${path} is deprecated`, path: parsePropertyPath(path) }], 'warning'));
  }
  for (const info of validation.infos ?? []) markers.push(...problemMarkers(source, [{ message: info }], 'info'));
  return markers;
}

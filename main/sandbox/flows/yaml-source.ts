// Strict YAML reading for flow sources: YAML 1.1 like Kestra's SnakeYAML (so `yes`, `on`, `1:20`
// mean what they mean there), dates kept as text, duplicate keys rejected with their path, alias
// expansion bounded (no billion-laughs), and SnakeYAML's default limits: 3 MiB of code points per
// document, 50 levels of nested collections (checked before the parse where it can be, so a huge or
// deep source costs neither memory nor stack).
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, type Document, type ParsedNode, type ScalarTag, type Tags } from 'yaml';
import { MAX_YAML_NESTING_DEPTH, valueNestingDepth, YAML_DEPTH_PROBLEM, yamlSizeProblem } from '../http/limits';

// SnakeYAML's YAML 1.1 booleans: yes/no/on/off/true/false, but not the single letters y/n that the
// `yaml` package's 1.1 schema also treats as booleans (a flow input `id: n` is a string in Kestra).
const SNAKE_TRUE: ScalarTag = {
  identify: (value) => value === true,
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  resolve: () => true,
};
const SNAKE_FALSE: ScalarTag = {
  identify: (value) => value === false,
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  resolve: () => false,
};

export interface YamlProblem {
  message: string;
  /** 1-based line, when known. */
  line?: number;
  /** Property path of the offending node (`tasks[0].message`), when known. */
  path?: string;
  duplicateKey?: string;
}

export type YamlResult = { ok: true; value: unknown } | { ok: false; problem: YamlProblem };

const OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: true,
  merge: true,
  prettyErrors: false,
  // SnakeYAML would build java.util.Date objects; Kestra's models then expect strings. Keep the text.
  customTags: (tags: Tags): Tags => [
    SNAKE_TRUE,
    SNAKE_FALSE,
    ...tags.filter((t) => {
      const tag = typeof t === 'string' ? t : t.tag;
      return tag !== 'tag:yaml.org,2002:timestamp' && tag !== 'tag:yaml.org,2002:bool';
    }),
  ],
};

function pathTo(node: ParsedNode | null | undefined, offset: number, prefix: string): { path: string; key?: string } | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as ParsedNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '?';
      const path = prefix ? `${prefix}.${key}` : key;
      if (keyNode?.range && offset >= keyNode.range[0] && offset <= keyNode.range[1]) return { path, key };
      const inner = pathTo(pair.value as ParsedNode | null, offset, path);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    let index = 0;
    for (const item of node.items) {
      const inner = pathTo(item as ParsedNode, offset, `${prefix}[${index}]`);
      if (inner) return inner;
      index += 1;
    }
  }
  return undefined;
}

function toResult(doc: Document.Parsed, lineCounter: LineCounter): YamlResult {
  const error = doc.errors[0];
  // The parser ran out of stack on a deeply nested source: what SnakeYAML reports for it.
  if (error && /Maximum call stack size exceeded/.test(error.message)) return { ok: false, problem: { message: YAML_DEPTH_PROBLEM, line: lineCounter.linePos(error.pos[0]).line } };
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const firstLine = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (error.code === 'DUPLICATE_KEY') {
      const located = pathTo(doc.contents as ParsedNode, error.pos[0], '');
      return {
        ok: false,
        problem: {
          message: `Duplicate field '${located?.key ?? '?'}'`,
          line,
          ...(located ? { path: located.path, duplicateKey: located.key } : {}),
        },
      };
    }
    return { ok: false, problem: { message: firstLine, line } };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (valueNestingDepth(value, MAX_YAML_NESTING_DEPTH) > MAX_YAML_NESTING_DEPTH) return { ok: false, problem: { message: YAML_DEPTH_PROBLEM } };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, problem: { message: YAML_DEPTH_PROBLEM } };
    return { ok: false, problem: { message: (e as Error).message } };
  }
}

export function readYaml(source: string): YamlResult {
  const tooLarge = yamlSizeProblem(source);
  if (tooLarge) return { ok: false, problem: { message: tooLarge } };
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { ...OPTIONS, lineCounter });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, problem: { message: YAML_DEPTH_PROBLEM } };
    throw error;
  }
  return toResult(doc, lineCounter);
}

/**
 * Several documents separated by `---` (flow validation, namespace bulk updates). The whole stream
 * is held to one document's code-point limit: it is parsed at once.
 */
export function readYamlDocuments(source: string): { source: string; result: YamlResult }[] {
  const tooLarge = yamlSizeProblem(source);
  if (tooLarge) return [{ source: source.slice(0, 1024), result: { ok: false, problem: { message: tooLarge } } }];
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[] | { empty: true };
  try {
    docs = parseAllDocuments(source, { ...OPTIONS, lineCounter }) as Document.Parsed[] | { empty: true };
  } catch (error) {
    if (error instanceof RangeError) return [{ source: source.slice(0, 1024), result: { ok: false, problem: { message: YAML_DEPTH_PROBLEM } } }];
    throw error;
  }
  if (!Array.isArray(docs)) {
    // An empty stream: `parseAllDocuments` returns an EmptyStream.
    return [];
  }
  return docs.map((doc) => {
    const [start, , end] = doc.range;
    return { source: source.slice(start, end).replace(/^---[^\n]*\n/, ''), result: toResult(doc, lineCounter) };
  });
}

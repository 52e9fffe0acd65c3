// Resource limits at the sandbox's entry points, where untrusted bytes become data: JSON bodies,
// flow YAML, zip archives. They follow the limits a real Kestra server runs with (Jackson's
// StreamReadConstraints for JSON, SnakeYAML's LoaderOptions for YAML) so the sandbox refuses what
// Kestra refuses, with the same words, instead of running out of stack or memory.
import { invalidJson } from './http-error';

/** Jackson's default `StreamReadConstraints.maxNestingDepth`. */
export const MAX_JSON_NESTING_DEPTH = 1000;
/** SnakeYAML's default `LoaderOptions.nestingDepthLimit` (Kestra builds its YAML mapper with the defaults). */
export const MAX_YAML_NESTING_DEPTH = 50;
/** SnakeYAML's default `LoaderOptions.codePointLimit` (3 MiB of code points per document). */
export const MAX_YAML_CODE_POINTS = 3 * 1024 * 1024;

/** A zip may expand to `ratio` times its size, and never beyond `maxTotalBytes` (a 2 MiB zip of 2 GiB is refused). */
export const ZIP_EXPANSION = {
  maxRatio: 100,
  /** Small archives may expand up to this much whatever their ratio (a few highly compressible files). */
  ratioFloorBytes: 64 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
} as const;

/** The deepest nesting of `[`/`{` in a JSON text (strings skipped), computed without recursion. */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** JSON.parse for request data, refusing what Jackson refuses for depth (422 `Invalid json: …`). */
export function parseJsonText(text: string): unknown {
  const depth = jsonNestingDepth(text, MAX_JSON_NESTING_DEPTH);
  if (depth > MAX_JSON_NESTING_DEPTH) {
    throw invalidJson(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_JSON_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`);
  }
  return JSON.parse(text);
}

/** The deepest nesting of arrays and objects in a value, computed without recursion. */
export function valueNestingDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) {
      deepest = level;
      if (deepest > stopAbove) return deepest;
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/** Number of Unicode code points in a text (what SnakeYAML counts). */
export function codePoints(text: string, stopAbove = Infinity): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i += 1;
    count += 1;
    if (count > stopAbove) return count;
  }
  return count;
}

/** SnakeYAML's messages for a document over its limits, or undefined when it is within them. */
export function yamlSizeProblem(text: string): string | undefined {
  if (text.length > MAX_YAML_CODE_POINTS && codePoints(text, MAX_YAML_CODE_POINTS) > MAX_YAML_CODE_POINTS) {
    return `The incoming YAML document exceeds the limit: ${MAX_YAML_CODE_POINTS} code points.`;
  }
  return undefined;
}

export const YAML_DEPTH_PROBLEM = `Nesting Depth exceeded max ${MAX_YAML_NESTING_DEPTH}`;

/** The most a zip of `archiveBytes` may expand to. */
export function zipExpansionLimit(archiveBytes: number, maxTotalBytes: number = ZIP_EXPANSION.maxTotalBytes): number {
  return Math.min(maxTotalBytes, Math.max(ZIP_EXPANSION.ratioFloorBytes, archiveBytes * ZIP_EXPANSION.maxRatio));
}

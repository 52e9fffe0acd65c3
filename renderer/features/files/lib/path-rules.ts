// Namespace file names and paths, checked before any request. Kestra had path-traversal bugs in this
// API (GHSA-qw4v-6w32-xx9h, GHSA-h7c7-3mfc-m7pj), so the console refuses anything a server might
// read as a way out of the namespace: `..` (also percent-encoded or with `\`), control characters,
// bidi overrides that disguise a name, and segments over 255 bytes (Kestra's upload limit).
// Paths here are absolute, '/'-separated, without a trailing slash; the root is '/'.

export const MAX_SEGMENT_BYTES = 255;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Bidi embeddings, overrides and isolates; LRM/RLM and ALM too: they make a name read differently.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Percent-escapes of '.', '/' and '\': Kestra URL-decodes the path, so these would become real ones.
const ENCODED_SEPARATOR = /%(2e|2f|5c)/i;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Why one file or folder name is refused, or undefined when it is fine. */
export function nameError(name: string): string | undefined {
  if (name.length === 0) return 'A name cannot be empty.';
  if (name === '.' || name === '..') return `"${name}" is not a file name: relative paths ('..') are refused.`;
  if (name.includes('/') || name.includes('\\')) return `"${visible(name)}" contains a path separator ('/' or '\\').`;
  if (CONTROL.test(name)) return `"${visible(name)}" contains a control character (such as a line break or tab).`;
  if (BIDI.test(name)) return `"${visible(name)}" contains a text-direction character that disguises the name.`;
  if (ENCODED_SEPARATOR.test(name)) return `"${name}" contains a percent-encoded '.', '/' or '\\', which the server would decode.`;
  const bytes = utf8Length(name);
  if (bytes > MAX_SEGMENT_BYTES) return `"${name.slice(0, 40)}…" is ${bytes} bytes long; a name may have at most ${MAX_SEGMENT_BYTES} bytes (UTF-8).`;
  return undefined;
}

/** Why a whole namespace path is refused, or undefined. Accepts 'a/b' and '/a/b' alike. */
export function pathError(path: string): string | undefined {
  if (path.includes('\\')) return `"${visible(path)}" contains '\\'; use '/' between folders.`;
  const segments = path.replace(/^\/+/, '').split('/');
  if (segments.length === 1 && segments[0] === '') return 'A path needs a file or folder name.';
  for (const segment of segments) {
    if (segment === '') return `"${visible(path)}" has an empty folder name ('//' or a trailing '/').`;
    const problem = nameError(segment);
    if (problem) return problem;
  }
  if (segments[0] === '_flows') return "The '_flows' folder is reserved by Kestra for flow sources.";
  return undefined;
}

/** Shows invisible characters in an error message instead of letting them act. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** NFC, so a name typed on macOS (NFD) and the same name typed elsewhere are one file. */
export function normalizeName(name: string): string {
  return name.normalize('NFC');
}

/** '/a' + 'b' → '/a/b'; the root is '/'. */
export function joinPath(dir: string, name: string): string {
  const base = dir === '/' || dir === '' ? '' : dir.replace(/\/+$/, '');
  return `${base.startsWith('/') || base === '' ? base : `/${base}`}/${name}`;
}

/** Joins a folder and a relative path ('x/y.txt'). */
export function joinRelative(dir: string, relative: string): string {
  return relative.split('/').filter(Boolean).reduce((acc, part) => joinPath(acc, part), dir);
}

export function normalizePath(path: string): string {
  const trimmed = `/${path.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return trimmed;
}

export function parentPath(path: string): string {
  const p = normalizePath(path);
  const index = p.lastIndexOf('/');
  return index <= 0 ? '/' : p.slice(0, index);
}

export function baseName(path: string): string {
  const p = normalizePath(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** True when `path` is `ancestor` or inside it. */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** The lower-case extension without the dot ('' when none; dotfiles have none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** "report.csv" → "report (1).csv", the first name not in `taken`. */
export function keepBothName(name: string, taken: ReadonlySet<string>): string {
  const dot = name.lastIndexOf('.');
  const hasExt = dot > 0;
  const stem0 = hasExt ? name.slice(0, dot) : name;
  const ext = hasExt ? name.slice(dot) : '';
  const match = /^(.*) \((\d+)\)$/.exec(stem0);
  const stem = match ? match[1]! : stem0;
  let n = match ? Number(match[2]) + 1 : 1;
  for (;;) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
    n += 1;
  }
}

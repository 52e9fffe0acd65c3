// Client-side checks on names the user types or drops, made before any request: Kestra has had
// namespace-file traversal bugs (GHSA-qw4v-6w32-xx9h, GHSA-h7c7-3mfc-m7pj), so a hostile path is
// refused here rather than trusted to the server.
import { KestraError } from './kestra-error';

const NAMESPACE = /^[a-z0-9][a-z0-9._-]*$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const KV_KEY = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const EXECUTION_ID = /^[a-zA-Z0-9_-]{1,64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function invalid(message: string, path: string): KestraError {
  return new KestraError('validation', message, { fieldErrors: [{ path, message }] });
}

export function checkNamespace(value: unknown): string {
  if (typeof value !== 'string' || value.length > 150 || !NAMESPACE.test(value)) {
    throw invalid('A namespace is lowercase letters, digits, ".", "_" and "-", starting with a letter or digit.', 'namespace');
  }
  return value;
}

export function checkFlowId(value: unknown): string {
  if (typeof value !== 'string' || value.length > 100 || !FLOW_ID.test(value)) {
    throw invalid('A flow id is letters, digits, ".", "_" and "-", starting with a letter or digit.', 'id');
  }
  return value;
}

export function checkExecutionId(value: unknown): string {
  if (typeof value !== 'string' || !EXECUTION_ID.test(value)) throw invalid('Not a valid execution id.', 'executionId');
  return value;
}

export function checkKvKey(value: unknown): string {
  if (typeof value !== 'string' || value.length > 255 || !KV_KEY.test(value)) {
    throw invalid('A KV key is letters, digits, ".", "_" and "-", starting with a letter or digit.', 'key');
  }
  return value;
}

/**
 * Normalises a namespace-file path to Kestra's absolute form ("/dir/file.txt"), refusing `..` and
 * `.` segments (also percent-encoded), backslashes, drive letters, control and bidi characters,
 * segments over 255 bytes, and the reserved `_flows` folder.
 */
export function checkNamespacePath(value: unknown, options: { allowRoot?: boolean; field?: string } = {}): string {
  const field = options.field ?? 'path';
  if (typeof value !== 'string') throw invalid('A file path is required.', field);
  const path = value.normalize('NFC');
  if (CONTROL.test(path) || BIDI.test(path)) throw invalid('A file path must not contain control or text-direction characters.', field);
  if (path.includes('\\')) throw invalid('Use "/" to separate folders (a backslash is not allowed).', field);
  if (/^[a-zA-Z]:/.test(path)) throw invalid('A namespace path cannot start with a drive letter.', field);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not percent-encoded text; judged as is.
  }
  const segments = path.split('/').filter((s) => s !== '');
  const decodedSegments = decoded.split(/[\\/]/).filter((s) => s !== '');
  if ([...segments, ...decodedSegments].some((s) => s === '..' || s === '.')) {
    throw invalid('A file path must not contain "." or ".." segments.', field);
  }
  if (segments.some((s) => Buffer.byteLength(s) > 255)) throw invalid('A file or folder name is longer than 255 bytes.', field);
  if (segments.length === 0) {
    if (options.allowRoot) return '/';
    throw invalid('Choose a file path inside the namespace.', field);
  }
  if (segments[0] === '_flows') throw invalid('The _flows folder is reserved by Kestra for flow sources.', field);
  return `/${segments.join('/')}${path.endsWith('/') && segments.length > 0 ? '/' : ''}`;
}

/** A label key/value pair as Kestra accepts it in a `labels=key:value` query. */
export function checkLabel(label: unknown): { key: string; value: string } {
  if (typeof label !== 'object' || label === null) throw invalid('A label needs a key and a value.', 'labels');
  const { key, value } = label as { key?: unknown; value?: unknown };
  if (typeof key !== 'string' || key.trim() === '' || key.includes(':') || CONTROL.test(key)) throw invalid('A label key cannot be empty or contain ":".', 'labels');
  if (typeof value !== 'string' || CONTROL.test(value)) throw invalid('A label value must be plain text.', 'labels');
  return { key, value };
}

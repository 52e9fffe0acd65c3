// Namespace file paths with Kestra's rules: a leading `/` is implied, `.`/empty segments collapse,
// any `..` (also written with `\`) is refused, and `/_flows` is reserved for flow imports.
import { KestraHttpError, illegalArgument } from '../http/http-error';

export const FLOWS_FOLDER = '_flows';
export const MAX_NAME_LENGTH = 255;

export function normalizeFilePath(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '/';
  if (raw.includes('\0')) throw new KestraHttpError(422, `Unprocessable Entity: The path '${raw.replace(/\0/g, '\\0')}' is not a valid hierarchical path.`);
  const segments = raw.split(/[\\/]/);
  if (segments.includes('..')) throw illegalArgument("File should be accessed with their full path and not using relative '..' path.");
  const clean = raw
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
  return `/${clean}`;
}

export function isFlowsPath(path: string): boolean {
  return path === `/${FLOWS_FOLDER}` || path.startsWith(`/${FLOWS_FOLDER}/`);
}

/** Every path except the `/_flows` tree (Kestra's forbiddenPathsGuard). */
export function guardPath(path: string): string {
  if (isFlowsPath(path)) throw illegalArgument(`Forbidden path: ${path}`);
  return path;
}

export function checkNameLengths(path: string): void {
  for (const segment of path.split('/')) {
    if (segment.length > MAX_NAME_LENGTH) throw illegalArgument(`A file or folder name exceeds the maximum length of ${MAX_NAME_LENGTH} characters.`);
  }
}

export function parentOf(path: string): string {
  if (path === '/') return '/';
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

export function nameOf(path: string): string {
  return path === '/' ? '_files' : path.slice(path.lastIndexOf('/') + 1);
}

/** `/a/b/c` → `/a`, `/a/b`. */
export function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

// Minimal glob matching for `outputFiles` and `namespaceFiles.include/exclude`: `**` crosses
// folders, `*` and `?` do not, `{a,b}` alternates; everything else is literal.
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let i = 0;
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\//, '');
  while (i < normalized.length) {
    const char = normalized[i]!;
    if (char === '*') {
      if (normalized[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        if (normalized[i + 2] === '/') {
          source += '(?:.*/)?';
          i += 3;
        } else {
          source += '.*';
          i += 2;
        }
        continue;
      }
      source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = normalized.indexOf('}', i);
      if (end > i) {
        source += `(?:${normalized
          .slice(i + 1, end)
          .split(',')
          .map((alternative) => alternative.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end + 1;
        continue;
      }
      source += '\\{';
    } else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    i += 1;
  }
  return new RegExp(`^${source}$`);
}

/** Relative paths (with `/`) of every regular file under `root`. */
export function listFiles(root: string): string[] {
  const result: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) result.push(relative);
    }
  };
  walk(root, '');
  return result.sort();
}

export function matchesAny(relativePath: string, patterns: RegExp[]): boolean {
  return patterns.some((p) => p.test(relativePath));
}

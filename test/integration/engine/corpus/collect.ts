// Builds the measurement corpus: every Kestra flow found in local git snapshots of public
// repositories (read with `git show`, never checked out), copied byte for byte into
// `flows/<source>/…yaml` (ignored by git: the flows belong to their authors).
//
//   npx tsx test/integration/engine/corpus/collect.ts SOURCES.json
//
// SOURCES.json: [{ "name": "blueprints", "git": "/path/to/repo.git", "commit": "HEAD", "include": "^flows/" }, …]
// A file counts as a flow when one of its `---` documents is a map with `id`, `namespace` and `tasks`.
// `"dropKeys": ["extend"]` removes top-level blocks that are not part of the flow (kestra-io/blueprints
// keeps its catalogue metadata under `extend:`, which the blueprint site strips before showing the
// flow); nothing else is changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

interface Source {
  name: string;
  git: string;
  commit?: string;
  include?: string;
  exclude?: string;
  dropKeys?: string[];
}

/** Removes top-level `key:` blocks (the key line and its indented or blank continuation lines). */
function dropTopLevelKeys(text: string, keys: string[]): string {
  if (keys.length === 0) return text;
  const out: string[] = [];
  let dropping = false;
  for (const line of text.split('\n')) {
    const topLevel = /^[A-Za-z_][\w-]*\s*:/.exec(line);
    if (topLevel) dropping = keys.some((key) => line.startsWith(`${key}:`));
    else if (dropping && line.trim() !== '' && !/^\s/.test(line)) dropping = false;
    if (!dropping) out.push(line);
  }
  return out.join('\n').replace(/\n{3,}$/, '\n');
}

const OUT = path.join(import.meta.dirname, 'flows');

function git(repo: string, args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function isFlow(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.namespace === 'string' && Array.isArray(record.tasks);
}

/** The flow documents of one file, each as its own text (Kestra takes one flow per POST). */
function flowTexts(text: string): string[] {
  if (!/^\s*(id|namespace|tasks)\s*:/m.test(text)) return [];
  const parts = text.split(/^---\s*$/m);
  const flows: string[] = [];
  for (const part of parts.length > 1 ? parts : [text]) {
    try {
      const docs = parseAllDocuments(part);
      const list = Array.isArray(docs) ? docs : [docs];
      if (list.some((d) => isFlow(d.toJS({ maxAliasCount: 100 })))) flows.push(part.replace(/^\n+/, ''));
    } catch {
      // Not YAML we can read: not a flow for the corpus.
    }
  }
  return flows;
}

function main(): void {
  const sources = JSON.parse(readFileSync(process.argv[2] ?? path.join(import.meta.dirname, 'sources.json'), 'utf8')) as Source[];
  rmSync(OUT, { recursive: true, force: true });
  const seen = new Set<string>();
  const counts: Record<string, number> = {};
  for (const source of sources) {
    const commit = source.commit ?? 'HEAD';
    const include = source.include ? new RegExp(source.include) : undefined;
    const exclude = source.exclude ? new RegExp(source.exclude) : undefined;
    const files = git(source.git, ['ls-tree', '-r', '--name-only', commit])
      .split('\n')
      .filter((f) => /\.ya?ml$/.test(f) && (!include || include.test(f)) && !(exclude && exclude.test(f)));
    for (const file of files) {
      let text: string;
      try {
        text = git(source.git, ['show', `${commit}:${file}`]);
      } catch {
        continue;
      }
      flowTexts(dropTopLevelKeys(text, source.dropKeys ?? [])).forEach((flow, index) => {
        const hash = createHash('sha256').update(flow.trim()).digest('hex');
        if (seen.has(hash)) return;
        seen.add(hash);
        const name = `${file.replace(/\.ya?ml$/, '').replace(/[^A-Za-z0-9._-]+/g, '_')}${index > 0 ? `_${index}` : ''}.yaml`;
        const target = path.join(OUT, source.name, name);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, flow);
        counts[source.name] = (counts[source.name] ?? 0) + 1;
      });
    }
  }
  console.log(JSON.stringify(counts, null, 2));
  console.log(`total: ${seen.size}`);
}

main();

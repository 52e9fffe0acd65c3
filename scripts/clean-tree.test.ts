// Tests never modify tracked files: screenshots go to the ignored test-results/screenshots
// (test/fixtures/browser.ts), and only `npm run screenshots` writes docs/screenshots.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|tsx|mjs)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('tests leave the tree clean', () => {
  it('no test or fixture names docs/screenshots as a place to write', () => {
    const offenders = sources(path.join(root, 'test')).filter((file) => /docs['"]?\s*[,/]\s*['"]?screenshots/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('the screenshot folder the fixtures use is ignored by git', () => {
    const ignored = readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toContain('test-results/');
  });
});

// `npm run screenshots`: refreshes docs/screenshots on purpose. The e2e tests always save their
// screenshots in the ignored test-results/screenshots (a test run never touches tracked files);
// this runs them, and when they pass copies every screenshot over the documented ones.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const from = path.join(root, 'test-results', 'screenshots');
const to = path.join(root, 'docs', 'screenshots');

ensureBuild();
rmSync(from, { recursive: true, force: true });
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'e2e', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('screenshots: the e2e tests failed; docs/screenshots left as they were.');
  process.exit(result.status ?? 1);
}
const shots = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')) : [];
mkdirSync(to, { recursive: true });
for (const shot of shots) copyFileSync(path.join(from, shot), path.join(to, shot));
console.log(`screenshots: ${shots.length} copied to docs/screenshots (${shots.join(', ')})`);

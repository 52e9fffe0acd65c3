// `npm run bench [-- name-filter]`: builds when needed (browser benchmarks load the renderer), then
// runs the benchmark suite in test/bench.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
ensureBuild();
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'test', 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

// `npm test`: typecheck, lint (ESLint layering rules + Electronegativity), build, then every vitest
// project (unit, integration, e2e) in one run, ending with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPORT, summarise } from './test-summary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

const extra = process.argv.slice(2);
rmSync(REPORT, { force: true });
mkdirSync(path.dirname(REPORT), { recursive: true });

const checks =
  step('Typecheck', 'npm', ['run', '--silent', 'typecheck']) &&
  step('Lint', 'npm', ['run', '--silent', 'lint']) &&
  step('Build', bin('electron-vite'), ['build']);

let testsOk = false;
if (checks) {
  testsOk = step('Tests (unit, integration, e2e)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
    ...extra,
  ]);
}
const { passed, failed } = summarise();
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(checks && testsOk && failed === 0 && passed > 0 ? 0 : 1);

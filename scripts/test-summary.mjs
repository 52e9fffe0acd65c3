// Prints "N passed, N failed" from vitest's JSON report and exits non-zero when anything failed
// or nothing ran. Used by `npm test` and .ci/run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPORT = path.resolve(import.meta.dirname, '..', 'test-results', 'vitest.json');

export function summarise(reportPath = REPORT) {
  if (!existsSync(reportPath)) return { passed: 0, failed: 0, ran: false };
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  let passed = 0;
  let failed = 0;
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failed += 1;
    }
    // A file that failed to load has no assertions but still failed.
    if (file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed')) failed += 1;
  }
  return { passed, failed, ran: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed } = summarise(process.argv[2] ?? REPORT);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

// `npm run bench [-- filter]`: runs every test/bench/*.bench.ts, prints each result as a ratio
// against its baseline, and writes bench-results/results.json with the machine it ran on. Exits
// non-zero when a target is missed or a benchmark throws (or when the filter matches nothing).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH } from '../fixtures/browser';
import { meetsTarget, type Benchmark, type BenchResult } from './harness';

/** What the numbers were measured on: they mean little without it. */
function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  let chromium: string;
  try {
    chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch (error) {
    chromium = `unavailable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
  };
}

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

if (files.length === 0) {
  process.stderr.write(`No benchmark matches "${filter}".\n`);
  process.exit(2);
}
const machineAtStart = machine();
const all: (BenchResult & { benchmark: string; pass?: boolean; error?: string })[] = [];
for (const file of files) {
  const benchmark = (await import(pathToFileURL(path.join(dir, file)).href)).default as Benchmark;
  process.stdout.write(`\n■ ${benchmark.name} (${file})\n`);
  try {
    for (const r of await benchmark.run()) {
      const pass = meetsTarget(r);
      all.push({ ...r, benchmark: benchmark.name, pass });
      const target = r.target ? ` target ${r.target.on} ${r.target.max !== undefined ? `≤ ${r.target.max}` : `≥ ${r.target.min}`}` : '';
      const verdict = pass === undefined ? '' : pass ? ' ✓' : ' ✗';
      process.stdout.write(
        `  ${r.name}: ${r.value.toFixed(3)} ${r.unit} vs ${r.baselineName}: ${r.baseline.toFixed(3)} ${r.unit} → ratio ${r.ratio.toFixed(3)}${target}${verdict}\n`,
      );
      if (r.notes) process.stdout.write(`    ${r.notes}\n`);
    }
  } catch (error) {
    process.stdout.write(`  failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    all.push({
      benchmark: benchmark.name,
      name: 'run',
      unit: '',
      value: Number.NaN,
      baselineName: '',
      baseline: Number.NaN,
      ratio: Number.NaN,
      pass: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
const out = path.resolve(dir, '..', '..', 'bench-results');
mkdirSync(out, { recursive: true });
const failed = all.filter((r) => r.error !== undefined).length;
const missed = all.filter((r) => r.pass === false && r.error === undefined).length;
writeFileSync(
  path.join(out, 'results.json'),
  JSON.stringify({ date: new Date().toISOString(), filter: filter ?? null, machine: { ...machineAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) }, missed, failed, results: all }, null, 2),
);
process.stdout.write(`\n${all.length} result(s), ${missed} missed target(s), ${failed} benchmark(s) failed. Written to bench-results/results.json\n`);
process.exit(missed + failed > 0 ? 1 : 0);

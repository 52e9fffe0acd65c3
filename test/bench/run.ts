// `npm run bench [-- filter]`: runs every test/bench/*.bench.ts, prints each result as a ratio
// against its baseline, and writes bench-results/results.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { meetsTarget, type Benchmark, type BenchResult } from './harness';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

const all: (BenchResult & { benchmark: string; pass?: boolean })[] = [];
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
    all.push({ benchmark: benchmark.name, name: 'run', unit: '', value: Number.NaN, baselineName: '', baseline: Number.NaN, ratio: Number.NaN, pass: false });
  }
}
const out = path.resolve(dir, '..', '..', 'bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'results.json'), JSON.stringify({ date: new Date().toISOString(), results: all }, null, 2));
const missed = all.filter((r) => r.pass === false).length;
process.stdout.write(`\n${all.length} result(s), ${missed} missed target(s). Written to bench-results/results.json\n`);

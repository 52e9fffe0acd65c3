// Benchmark harness: every benchmark measures its subject and a baseline in the same run and
// reports the ratio, because this machine is shared and absolute numbers drift.

export interface BenchResult {
  /** What was measured, e.g. "GET /flows/{ns}/{id} median latency". */
  name: string;
  unit: string;
  value: number;
  baselineName: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** Target on the ratio (or on the value, see `targetOn`); undefined when informational. */
  target?: { max?: number; min?: number; on: 'ratio' | 'value' };
  notes?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function result(
  name: string,
  unit: string,
  value: number,
  baselineName: string,
  baseline: number,
  target?: BenchResult['target'],
  notes?: string,
): BenchResult {
  return { name, unit, value, baselineName, baseline, ratio: baseline === 0 ? Number.NaN : value / baseline, target, notes };
}

export function meetsTarget(r: BenchResult): boolean | undefined {
  if (!r.target) return undefined;
  const subject = r.target.on === 'ratio' ? r.ratio : r.value;
  if (r.target.max !== undefined && subject > r.target.max) return false;
  if (r.target.min !== undefined && subject < r.target.min) return false;
  return true;
}

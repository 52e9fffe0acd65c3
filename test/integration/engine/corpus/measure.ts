// Posts every flow of the corpus, unchanged, to a fresh sandbox (one per flow) and reports how many
// were saved, how many ran to SUCCESS, and why the others did not.
//
//   npx tsx test/integration/engine/corpus/measure.ts [flows dir] [--run] [--json report.json] [--only substring]
//
// "Eligible to run" = saved, every task type implemented by the sandbox (no "not available in the
// local sandbox" warning), inputs all optional or defaulted. Those are started and awaited (60 s);
// the report lists their final states with the first ERROR log line of each failure.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startSandbox } from '../../../../main/sandbox/server';

const RUN_TIMEOUT_MS = 30_000;
const TERMINAL = ['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED'];

interface FlowReport {
  file: string;
  saved: boolean;
  status: number;
  refusal?: string;
  warnings?: string[];
  eligible?: boolean;
  state?: string;
  error?: string;
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out.sort();
}

/** Groups refusals: task paths and quoted values are dropped so one cause counts once. */
export function refusalKey(message: string): string {
  const unrecognized = /Unrecognized field "([^"]+)" \(class ([^)]+)\)/.exec(message);
  if (unrecognized) return `Unrecognized field "${unrecognized[1]}" (${unrecognized[2]})`;
  const invalidType = /Invalid type: (\S+)/.exec(message);
  if (invalidType) return `Invalid type: ${invalidType[1]}`;
  return message
    .replace(/\b(tasks|errors|finally|triggers|inputs|then|else|cases|afterExecution)\[\d+\]/g, '$1[]')
    .replace(/ at \[Source.*$/s, '')
    .slice(0, 200);
}

async function call(url: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

async function measureOne(file: string, source: string, run: boolean): Promise<FlowReport> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestra-corpus-'));
  const sandbox = await startSandbox({ port: 0, dataDir });
  const api = `${sandbox.url}/api/v1/main`;
  const report: FlowReport = { file, saved: false, status: 0 };
  try {
    const saved = await call(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    report.status = saved.status;
    report.saved = saved.status === 200;
    if (!report.saved) {
      let message = saved.text;
      try {
        message = (JSON.parse(saved.text) as { message?: string }).message ?? saved.text;
      } catch {
        // Plain text answer.
      }
      report.refusal = message;
      return report;
    }
    const validated = await call(`${api}/flows/validate`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    const validation = (JSON.parse(validated.text) as { warnings?: string[] }[])[0];
    report.warnings = validation?.warnings ?? [];
    const flow = JSON.parse(saved.text) as { id: string; namespace: string; inputs?: { required?: boolean; defaults?: unknown }[] };
    const needsInputs = (flow.inputs ?? []).some((i) => i.required !== false && i.defaults === undefined);
    report.eligible = report.warnings.every((w) => !w.includes('not available in the local sandbox')) && !needsInputs;
    if (!run || !report.eligible) return report;
    const started = await call(`${api}/executions/${flow.namespace}/${flow.id}`, { method: 'POST' });
    if (started.status !== 200) {
      report.state = `START ${started.status}`;
      report.error = started.text.slice(0, 300);
      return report;
    }
    let execution = JSON.parse(started.text) as { id: string; state: { current: string } };
    // A flow that pauses or sleeps for long is given RUN_TIMEOUT_MS, then reported in its state.
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (!TERMINAL.includes(execution.state.current) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      execution = JSON.parse((await call(`${api}/executions/${execution.id}`)).text) as typeof execution;
    }
    report.state = execution.state.current;
    if (report.state !== 'SUCCESS') {
      if (!TERMINAL.includes(report.state)) await call(`${api}/executions/${execution.id}/kill`, { method: 'DELETE' });
      const logs = JSON.parse((await call(`${api}/logs/${execution.id}?minLevel=WARN`)).text) as { level: string; taskId?: string; message: string }[];
      const first = logs.find((l) => l.level === 'ERROR') ?? logs[0];
      report.error = first ? `${first.taskId ?? ''}: ${first.message}`.slice(0, 300) : undefined;
    }
    return report;
  } finally {
    await sandbox.close();
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      // A process the flow started may still be writing there; the OS temp folder is cleaned later.
    }
  }
}

function top(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { run: { type: 'boolean', default: false }, json: { type: 'string' }, only: { type: 'string' } },
  });
  const dir = positionals[0] ?? path.join(import.meta.dirname, 'flows');
  const files = listYaml(dir).filter((f) => !values.only || f.includes(values.only));
  const reports: FlowReport[] = [];
  for (const [index, file] of files.entries()) {
    const source = readFileSync(file, 'utf8');
    reports.push(await measureOne(path.relative(dir, file), source, values.run ?? false));
    if ((index + 1) % 100 === 0) process.stderr.write(`${index + 1}/${files.length}\n`);
  }
  const bySource = new Map<string, FlowReport[]>();
  for (const r of reports) {
    const key = r.file.split(path.sep)[0]!;
    bySource.set(key, [...(bySource.get(key) ?? []), r]);
  }
  const line = (name: string, list: FlowReport[]): string => {
    const saved = list.filter((r) => r.saved).length;
    const eligible = list.filter((r) => r.eligible);
    const success = eligible.filter((r) => r.state === 'SUCCESS').length;
    return `${name.padEnd(14)} ${String(list.length).padStart(4)} flows  saved ${String(saved).padStart(4)} (${percent(saved, list.length)})  runnable ${String(eligible.length).padStart(4)}${values.run ? `  SUCCESS ${success} (${percent(success, eligible.length)})` : ''}`;
  };
  for (const [name, list] of bySource) console.log(line(name, list));
  console.log(line('TOTAL', reports));
  const refusals = new Map<string, number>();
  for (const r of reports) if (r.refusal) refusals.set(refusalKey(r.refusal), (refusals.get(refusalKey(r.refusal)) ?? 0) + 1);
  console.log('\nTop refusals:');
  for (const [reason, count] of top(refusals, 40)) console.log(`${String(count).padStart(4)}  ${reason}`);
  const unavailable = new Map<string, number>();
  for (const r of reports) for (const w of new Set(r.warnings ?? [])) if (w.includes('not available')) unavailable.set(w.replace(/^.*?(\S+) is not available.*$/, '$1'), (unavailable.get(w.replace(/^.*?(\S+) is not available.*$/, '$1')) ?? 0) + 1);
  console.log('\nMost common unavailable plugins:');
  for (const [type, count] of top(unavailable, 25)) console.log(`${String(count).padStart(4)}  ${type}`);
  if (values.run) {
    console.log('\nRunnable flows that did not end SUCCESS:');
    for (const r of reports.filter((x) => x.eligible && x.state !== 'SUCCESS')) console.log(`  ${r.file}: ${r.state} ${r.error ?? ''}`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(reports, null, 2));
  // Everything in this script is a measure; nothing here fails a build.
  void parseYaml;
}

await main();

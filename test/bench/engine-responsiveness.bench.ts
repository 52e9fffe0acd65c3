// Does the sandbox keep answering while its engine is busy? `GET /api/v1/configs` p95 while 1,000
// executions of a 3-task flow are queued at once and run, against the same request's p95 on the
// idle server (target: at most 5×). The sandbox runs in its own process, as in the app (Electron's
// utility process), and the load generator in another, so neither the sandbox's event loop nor the
// probe's is shared with the 16 connections that trigger executions. On Linux the notes also say how
// long the sandbox's main thread waited for a CPU while it could run (from schedstat): on an
// oversubscribed machine that wait, not the event loop, is what the probe measures.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSandboxProcess } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { median, percentile, result, type Benchmark } from './harness';

const FLOW = (namespace: string): string => `id: three
namespace: ${namespace}
tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: "{{ execution.id }}"
  - id: second
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.first.value }}"
  - id: third
    type: io.kestra.plugin.core.debug.Return
    format: done
`;

/** Triggers `count` executions over `lanes` connections, in a process of its own. */
const LOAD = `const [api, count, lanes] = process.argv.slice(1);
let next = 0;
await Promise.all(Array.from({ length: Number(lanes) }, async () => {
  while (next < Number(count)) {
    next += 1;
    const response = await fetch(api, { method: 'POST' });
    if (!response.ok) throw new Error('trigger failed: ' + response.status);
    await response.arrayBuffer();
  }
}));`;

function triggerInChild(url: string, count: number, lanes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', LOAD, url, String(count), String(lanes)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the load generator exited with ${code}`))));
  });
}

/** Time one thread ran and waited on a run queue, in ms (Linux), else undefined. */
function threadSchedstat(pid: number | undefined, tid: number | string | undefined): { run: number; wait: number } | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return run === undefined || wait === undefined ? undefined : { run: run / 1e6, wait: wait / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * The sandbox's main thread (HTTP) and, besides it, its busiest thread (the engine's worker thread),
 * per thread id: time run and time waited for a CPU, in ms (Linux), else empty.
 */
function schedstat(pid: number | undefined): Map<string, { run: number; wait: number }> {
  const threads = new Map<string, { run: number; wait: number }>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = threadSchedstat(pid, tid);
      if (stat) threads.set(tid, stat);
    }
  } catch {
    // Not Linux: no notes.
  }
  return threads;
}

function schedNotes(pid: number | undefined, before: Map<string, { run: number; wait: number }>, after: Map<string, { run: number; wait: number }>): string {
  const delta = (tid: string): { run: number; wait: number } | undefined => {
    const a = after.get(tid);
    const b = before.get(tid) ?? { run: 0, wait: 0 };
    return a ? { run: a.run - b.run, wait: a.wait - b.wait } : undefined;
  };
  const main = delta(String(pid));
  if (!main) return '';
  const others = [...after.keys()].filter((tid) => tid !== String(pid)).map((tid) => ({ tid, ...delta(tid)! }));
  const engine = others.sort((a, b) => b.run - a.run)[0];
  return `; the sandbox's main thread ran ${main.run.toFixed(0)} ms and waited ${main.wait.toFixed(0)} ms for a CPU${engine ? `, its busiest other thread (the engine) ran ${engine.run.toFixed(0)} ms and waited ${engine.wait.toFixed(0)} ms` : ''}`;
}

async function timed(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - start;
}

const benchmark: Benchmark = {
  name: 'engine responsiveness under load',
  async run() {
    const data = makeTempDir('bench-responsive');
    const sandbox = await spawnSandboxProcess(data.path);
    // The control: a second sandbox process that stays idle, probed the same way during the load. What
    // it measures is what this machine allows a sleeping server right now (other work, other users).
    const controlData = makeTempDir('bench-responsive-control');
    const control = await spawnSandboxProcess(controlData.path);
    const controlConfigs = `${control.url}/api/v1/configs`;
    const namespace = 'bench.responsive';
    const api = `${sandbox.url}/api/v1/main`;
    const configs = `${sandbox.url}/api/v1/configs`;
    try {
      const created = await fetch(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: FLOW(namespace) });
      if (created.status !== 200) throw new Error(`flow creation failed: ${created.status} ${await created.text()}`);
      // Warm up both paths (JIT, statement cache), then the idle baseline.
      for (let i = 0; i < 50; i += 1) await timed(configs);
      for (let i = 0; i < 50; i += 1) await timed(controlConfigs);
      for (let i = 0; i < 20; i += 1) await fetch(`${api}/executions/${namespace}/three?wait=true`, { method: 'POST' }).then((r) => r.arrayBuffer());
      const idle: number[] = [];
      const controlIdle: number[] = [];
      for (let i = 0; i < 300; i += 1) {
        idle.push(await timed(configs));
        controlIdle.push(await timed(controlConfigs));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }

      const count = 1_000;
      const lanes = 16;
      const busy: number[] = [];
      const controlBusy: number[] = [];
      let loading = true;
      const prober = (async () => {
        while (loading) {
          busy.push(await timed(configs));
          controlBusy.push(await timed(controlConfigs));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const start = performance.now();
      const before = schedstat(sandbox.child.pid);
      await triggerInChild(`${api}/executions/${namespace}/three`, count, lanes);
      const queuedMs = performance.now() - start;
      for (;;) {
        const search = (await (await fetch(`${api}/executions/search?filters[namespace][EQUALS]=${namespace}&filters[state][IN]=SUCCESS&size=1`)).json()) as { total: number };
        if (search.total >= count + 20) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const totalMs = performance.now() - start;
      loading = false;
      await prober;
      const after = schedstat(sandbox.child.pid);
      const waited = schedNotes(sandbox.child.pid, before, after);
      return [
        result(
          `GET /api/v1/configs p95 while ${count} executions are queued and run (sandbox in its own process)`,
          'ms',
          percentile(busy, 95),
          'GET /api/v1/configs p95 on the idle sandbox',
          percentile(idle, 95),
          { max: 5, on: 'ratio' },
          `${busy.length} probes (median ${median(busy).toFixed(2)} ms, idle median ${median(idle).toFixed(2)} ms); all created after ${queuedMs.toFixed(0)} ms, all SUCCESS after ${totalMs.toFixed(0)} ms (${(count / (totalMs / 1000)).toFixed(0)} executions/s)${waited}; control, an idle second sandbox probed alongside: p95 ${percentile(controlBusy, 95).toFixed(2)} ms vs ${percentile(controlIdle, 95).toFixed(2)} ms idle (ratio ${(percentile(controlBusy, 95) / percentile(controlIdle, 95)).toFixed(2)})`,
        ),
      ];
    } finally {
      await sandbox.kill();
      await control.kill();
      data.remove();
      controlData.remove();
    }
  },
};
export default benchmark;

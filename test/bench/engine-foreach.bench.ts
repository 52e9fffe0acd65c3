// A ForEach of 5,000 values (one Return task per value) against a flow of 5,000 Return tasks in
// sequence: total time from trigger to SUCCESS, and the heap the sandbox process grows by while
// running each (measured in this process, where the sandbox runs).
import v8 from 'node:v8';
import vm from 'node:vm';
import { startTestSandbox } from '../fixtures/sandbox';
import { result, type Benchmark } from './harness';

const VALUES = 5_000;

const FOREACH = `id: each
namespace: bench.foreach
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ range(1, ${VALUES}) }}"
    tasks:
      - id: ret
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
`;

function sequenceFlow(): string {
  const tasks = Array.from({ length: VALUES }, (_, i) => `  - id: ret${i}\n    type: io.kestra.plugin.core.debug.Return\n    format: "${i}"\n`).join('');
  return `id: sequence\nnamespace: bench.foreach\ntasks:\n${tasks}`;
}

// A real gc() (the runner is not started with --expose-gc), so heap numbers start from a clean heap.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function runOnce(api: string, flowId: string): Promise<{ ms: number; heapMb: number; taskRuns: number }> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const start = performance.now();
  const response = await fetch(`${api}/executions/bench.foreach/${flowId}?wait=true`, { method: 'POST' });
  const execution = (await response.json()) as { state: { current: string }; taskRunList: unknown[] };
  const ms = performance.now() - start;
  clearInterval(sampler);
  if (execution.state.current !== 'SUCCESS') throw new Error(`${flowId} ended ${execution.state.current}`);
  return { ms, heapMb: (peak - heapBefore) / 1024 / 1024, taskRuns: execution.taskRunList.length };
}

const benchmark: Benchmark = {
  name: `ForEach of ${VALUES} values`,
  async run() {
    const sandbox = await startTestSandbox();
    const api = `${sandbox.url}/api/v1/main`;
    try {
      for (const flow of [FOREACH, sequenceFlow()]) {
        const res = await fetch(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: flow });
        if (res.status !== 200) throw new Error(`flow creation failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
      }
      const each = await runOnce(api, 'each');
      const sequence = await runOnce(api, 'sequence');
      return [
        result(`ForEach of ${VALUES} values, trigger to SUCCESS`, 'ms', each.ms, `${VALUES} Return tasks in sequence`, sequence.ms, { max: 2, on: 'ratio' }, `${each.taskRuns} vs ${sequence.taskRuns} task runs`),
        result(`ForEach of ${VALUES} values, peak heap growth`, 'MiB', each.heapMb, `${VALUES} Return tasks in sequence, peak heap growth`, sequence.heapMb, undefined, 'heap sampled every 20 ms in the sandbox process'),
      ];
    } finally {
      await sandbox.stop();
    }
  },
};
export default benchmark;

// Engine latency and throughput over real HTTP:
// - a hello-world execution from trigger to SUCCESS (`POST …?wait=true`), median latency, against a
//   plain `GET /flows/{ns}/{id}` on the same server (the request floor);
// - 1,000 executions of a 3-task flow queued at once (16 connections posting), executions/s from
//   the first POST to the last SUCCESS (target ≥ 200/s), against the rate of 1,000 plain GETs with
//   the same concurrency.
import { startTestSandbox } from '../fixtures/sandbox';
import { median, percentile, result, type Benchmark } from './harness';

const HELLO = `id: hello
namespace: bench.engine
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ execution.id }}"
`;

const THREE = `id: three
namespace: bench.engine
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

async function timed(url: string, init?: RequestInit): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - start;
}

/** Runs `count` calls over `lanes` concurrent connections; returns the ids the calls return. */
async function lanes<T>(count: number, width: number, call: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await call(index);
      }
    }),
  );
  return results;
}

const benchmark: Benchmark = {
  name: 'engine latency and throughput',
  async run() {
    const sandbox = await startTestSandbox();
    const api = `${sandbox.url}/api/v1/main`;
    try {
      for (const flow of [HELLO, THREE]) {
        const res = await fetch(`${api}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: flow });
        if (res.status !== 200) throw new Error(`flow creation failed: ${res.status} ${await res.text()}`);
      }
      const wait = `${api}/executions/bench.engine/hello?wait=true`;
      const plain = `${api}/flows/bench.engine/hello`;
      for (let i = 0; i < 20; i += 1) {
        await timed(wait, { method: 'POST' });
        await timed(plain);
      }
      const hello: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < 100; i += 1) {
        hello.push(await timed(wait, { method: 'POST' }));
        floor.push(await timed(plain));
      }

      const count = 1_000;
      const width = 16;
      const getStart = performance.now();
      await lanes(count, width, () => timed(plain));
      const getRate = count / ((performance.now() - getStart) / 1000);

      const idle: number[] = [];
      for (let i = 0; i < 50; i += 1) idle.push(await timed(`${sandbox.url}/api/v1/configs`));
      const busy: number[] = [];
      let running = true;
      // A client polling a light endpoint while the executions run: is the process responsive?
      const prober = (async () => {
        while (running) {
          busy.push(await timed(`${sandbox.url}/api/v1/configs`));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const runStart = performance.now();
      const ids = await lanes(count, width, async () => {
        const response = await fetch(`${api}/executions/bench.engine/three`, { method: 'POST' });
        if (!response.ok) throw new Error(`trigger failed: ${response.status}`);
        return ((await response.json()) as { id: string }).id;
      });
      const queuedMs = performance.now() - runStart;
      for (;;) {
        const search = (await (await fetch(`${api}/executions/search?filters[namespace][EQUALS]=bench.engine&filters[flowId][EQUALS]=three&filters[state][IN]=SUCCESS&size=1`)).json()) as { total: number };
        if (search.total >= ids.length) break;
        const failed = (await (await fetch(`${api}/executions/search?filters[namespace][EQUALS]=bench.engine&filters[flowId][EQUALS]=three&filters[state][IN]=FAILED,KILLED&size=1`)).json()) as { total: number };
        if (failed.total > 0) throw new Error(`${failed.total} executions failed`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const totalMs = performance.now() - runStart;
      running = false;
      await prober;
      const rate = count / (totalMs / 1000);
      return [
        result('hello-world execution, trigger to SUCCESS (wait=true), median', 'ms', median(hello), 'GET /flows/{ns}/{id} on the same server, median', median(floor), undefined, 'one Log task; the floor is one HTTP round trip with a SQLite read'),
        result(
          `${count} executions of a 3-task flow queued at once`,
          'executions/s',
          rate,
          `${count} GET /flows/{ns}/{id} with the same ${width} connections`,
          getRate,
          { min: 200, on: 'value' },
          `all created after ${queuedMs.toFixed(0)} ms, all SUCCESS after ${totalMs.toFixed(0)} ms`,
        ),
        result(
          `GET /api/v1/configs p95 while the ${count} executions run`,
          'ms',
          percentile(busy, 95),
          'GET /api/v1/configs p95 on the idle server',
          percentile(idle, 95),
          undefined,
          `${busy.length} probes during the run (median ${median(busy).toFixed(1)} ms); the engine runs on its own thread; the load generator shares this process`,
        ),
      ];
    } finally {
      await sandbox.stop();
    }
  },
};
export default benchmark;

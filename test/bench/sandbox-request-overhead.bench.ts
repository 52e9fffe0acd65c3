// Median latency of `GET /api/v1/main/flows/{ns}/{id}` on the sandbox against a bare Node HTTP
// server returning the same bytes (target: 3x or better).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSandbox } from '../fixtures/sandbox';
import { median, percentile, result, type Benchmark } from './harness';

async function timeRequests(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

const FLOW = `id: hello
namespace: bench.overhead
inputs:
  - id: name
    type: STRING
    defaults: world
labels:
  team: bench
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.name }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ execution.id }}"
`;

const benchmark: Benchmark = {
  name: 'sandbox request overhead',
  async run() {
    const sandbox = await startTestSandbox();
    const created = await fetch(`${sandbox.url}/api/v1/main/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: FLOW });
    if (created.status !== 200) throw new Error(`flow creation failed: ${created.status}`);
    const path = '/api/v1/main/flows/bench.overhead/hello';
    const body = Buffer.from(await (await fetch(sandbox.url + path)).arrayBuffer());
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${path}`;
    try {
      await timeRequests(sandbox.url + path, 200);
      await timeRequests(bareUrl, 200);
      const subject: number[] = [];
      const baseline: number[] = [];
      // Interleave rounds so machine noise hits both sides alike.
      for (let round = 0; round < 5; round += 1) {
        subject.push(...(await timeRequests(sandbox.url + path, 200)));
        baseline.push(...(await timeRequests(bareUrl, 200)));
      }
      return [
        result(`GET ${path} median latency`, 'ms', median(subject), 'bare node:http server, same bytes', median(baseline), { max: 3, on: 'ratio' }),
        result(`GET ${path} p95 latency`, 'ms', percentile(subject, 95), 'bare node:http server p95', percentile(baseline, 95), undefined, `${body.length} bytes per response`),
      ];
    } finally {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
      await sandbox.stop();
    }
  },
};
export default benchmark;

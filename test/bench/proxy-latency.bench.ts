// Proxy latency: the median time added to a 1 KB JSON call (kv.get of a JSON value) by going
// through the console instead of straight to the sandbox, with the same HTTP client (undici,
// keep-alive) on both sides, interleaved. Two measures: the handler table in-process (what the
// Electron transport adds before IPC), and the whole web transport (HTTP to the web host).
// Target: under 1 ms added by the handler table; the web transport's extra HTTP hop is reported.
import { Agent, request } from 'undici';
import { startBenchConsole } from '../fixtures/bench-console';
import { startTestCore } from '../fixtures/console-core';
import { median, result, type Benchmark } from './harness';

const CALLS = 200;
const ROUNDS = 5;

async function time(fn: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

const benchmark: Benchmark = {
  name: 'proxy latency (1 KB JSON call)',
  async run() {
    const bench = await startBenchConsole();
    const core = await startTestCore({ withSandbox: false });
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    try {
      const namespace = 'bench.latency';
      const value = { payload: 'x'.repeat(1000) };
      await bench.rpc('kv.put', { serverId: bench.serverId, namespace, key: 'doc', type: 'JSON', value });
      const local = await core.call('servers.create', {
        input: { name: 'Bench', url: bench.sandbox.url, authKind: 'none', color: '#000000', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} },
      });
      const directUrl = `${bench.sandbox.url}/api/v1/main/namespaces/${namespace}/kv/doc`;
      const webUrl = `${bench.web.origin}/rpc/kv.get`;
      const params = { serverId: bench.serverId, namespace, key: 'doc' };
      const direct = async (): Promise<void> => {
        const r = await request(directUrl, { dispatcher: agent });
        const body = (await r.body.json()) as { value: unknown };
        if (!body.value) throw new Error('no value');
      };
      const viaWeb = async (): Promise<void> => {
        const r = await request(webUrl, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'x-console-token': bench.web.token, origin: bench.web.origin },
          body: JSON.stringify({ params }),
        });
        const body = (await r.body.json()) as { ok: boolean };
        if (!body.ok) throw new Error('call failed');
      };
      const viaTable = async (): Promise<void> => {
        await core.call('kv.get', { serverId: local.id, namespace, key: 'doc' });
      };
      // Warm up every path (connections, JIT, API-form detection).
      await time(direct, 100);
      await time(viaWeb, 100);
      await time(viaTable, 100);
      const samples = { direct: [] as number[], web: [] as number[], table: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        samples.direct.push(...(await time(direct, CALLS)));
        samples.web.push(...(await time(viaWeb, CALLS)));
        samples.table.push(...(await time(viaTable, CALLS)));
      }
      const base = median(samples.direct);
      return [
        result('added median latency, handler table in-process', 'ms', median(samples.table) - base, 'median of the same call straight to the sandbox', base, { max: 1, on: 'value' }),
        result(
          'added median latency, whole web transport (HTTP to the console, then to the sandbox)',
          'ms',
          median(samples.web) - base,
          'median of the same call straight to the sandbox',
          base,
          undefined,
          'informational: includes a second loopback HTTP round trip, which the Electron transport replaces with IPC',
        ),
      ];
    } finally {
      await agent.close();
      await core.stop();
      await bench.stop();
    }
  },
};
export default benchmark;

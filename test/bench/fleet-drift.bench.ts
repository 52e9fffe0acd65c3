// Drift matrix, 10 servers × 50 namespaces (sandboxes, each its own process; two flows, two files
// and two KV keys per namespace): time to the full matrix as the console computes it (every
// server's namespaces, then one inventory per server, all servers at once: flows from one export,
// file sizes from listings, KV keys) against fetching the same lists one request after another.
import { rpc } from '../e2e/pages/console-api';
import { startWebConsole } from '../fixtures/web-console';
import { median, result, type Benchmark } from './harness';
import { addServer, api, inParallel, postFlow, putFile, putKv, startSandboxes } from './fleet-bench-helpers';

const SERVERS = 10;
const NAMESPACES = 50;
const ROUNDS = 3;
const ns = (i: number): string => `bench.drift.n${String(i).padStart(2, '0')}`;
const flow = (namespace: string, id: string, message = 'same'): string => `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** What a console without inventories would do: every list and every flow source, one request at a time. */
async function serialLists(urls: readonly string[], namespaces: readonly string[]): Promise<number> {
  let requests = 0;
  for (const url of urls) {
    for (const namespace of namespaces) {
      const flows = await json<{ id: string; namespace: string }[]>(`${api(url)}/flows/${namespace}`);
      requests += 1;
      for (const f of flows.filter((candidate) => candidate.namespace === namespace)) {
        await json(`${api(url)}/flows/${namespace}/${f.id}?source=true`);
        requests += 1;
      }
      const walk = async (dir: string): Promise<void> => {
        const entries = await json<{ fileName: string; type: string }[]>(`${api(url)}/namespaces/${namespace}/files/directory?path=${encodeURIComponent(dir)}`);
        requests += 1;
        for (const entry of entries) if (entry.type === 'Directory') await walk(`${dir === '/' ? '' : dir}/${entry.fileName}`);
      };
      await walk('/');
      await json(`${api(url)}/namespaces/${namespace}/kv`);
      requests += 1;
    }
  }
  return requests;
}

const benchmark: Benchmark = {
  name: 'drift matrix, 10 servers × 50 namespaces',
  async run() {
    const sandboxes = await startSandboxes(SERVERS);
    const web = await startWebConsole({ args: ['--no-local-sandbox'] });
    try {
      const namespaces = Array.from({ length: NAMESPACES }, (_, i) => ns(i));
      await inParallel(sandboxes.all, 5, async (sandbox) => {
        const index = sandboxes.all.indexOf(sandbox);
        await inParallel(namespaces, 4, async (namespace) => {
          // One change on the last server, so the matrix has something to find.
          const drifted = index === SERVERS - 1 && namespace === ns(7);
          await postFlow(sandbox.url, flow(namespace, 'a', drifted ? 'drifted' : 'same'));
          await postFlow(sandbox.url, flow(namespace, 'b'));
          await putFile(sandbox.url, namespace, '/conf.yml', 'a: 1\n');
          await putFile(sandbox.url, namespace, '/scripts/run.sh', 'echo hi\n');
          await putKv(sandbox.url, namespace, 'K1', '"v"');
          await putKv(sandbox.url, namespace, 'K2', '2');
        });
      });
      const ids: string[] = [];
      for (let i = 0; i < SERVERS; i += 1) ids.push(await addServer(web, `Server ${i + 1}`, sandboxes.all[i]!.url));
      for (const id of ids) await rpc(web, 'kestra.capabilities', { serverId: id });

      const matrix = async (): Promise<{ ms: number; drifted: number }> => {
        const start = performance.now();
        const lists = await Promise.all(ids.map((serverId) => rpc<string[]>(web, 'namespaces.list', { serverId })));
        const union = [...new Set(lists.flat())].filter((n) => n.startsWith('bench.drift.')).sort();
        const inventories = await Promise.all(ids.map((serverId) => rpc<{ namespaces: Record<string, { flows: Record<string, string> }> }>(web, 'fleet.inventory', { serverId, namespaces: union })));
        const ms = performance.now() - start;
        const reference = inventories[0]!.namespaces;
        let drifted = 0;
        for (const inventory of inventories.slice(1)) for (const namespace of union) if (JSON.stringify(inventory.namespaces[namespace]?.flows) !== JSON.stringify(reference[namespace]?.flows)) drifted += 1;
        if (union.length !== NAMESPACES) throw new Error(`${union.length} namespaces listed, expected ${NAMESPACES}`);
        return { ms, drifted };
      };
      const serial = async (): Promise<{ ms: number; requests: number }> => {
        const start = performance.now();
        const requests = await serialLists(
          sandboxes.all.map((s) => s.url),
          namespaces,
        );
        return { ms: performance.now() - start, requests };
      };
      await matrix();
      const mine: number[] = [];
      const theirs: number[] = [];
      let requests = 0;
      let drifted = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const m = await matrix();
        mine.push(m.ms);
        drifted = m.drifted;
        const s = await serial();
        theirs.push(s.ms);
        requests = s.requests;
      }
      if (drifted !== 1) throw new Error(`the matrix found ${drifted} drifted cells, expected 1`);
      return [
        result(
          'full drift matrix (10 × 50), through the console',
          'ms',
          median(mine),
          `the same lists fetched serially (${requests} requests)`,
          median(theirs),
          { max: 0.5, on: 'ratio' },
          `console ${mine.map((v) => v.toFixed(0)).join(', ')} ms · serial ${theirs.map((v) => v.toFixed(0)).join(', ')} ms; 10 namespace lists + 10 inventories (one flows export each)`,
        ),
      ];
    } finally {
      await web.stop();
      await sandboxes.stop();
    }
  },
};
export default benchmark;

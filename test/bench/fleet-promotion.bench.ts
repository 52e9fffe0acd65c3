// Promotion of a namespace with 200 flows (subflows, KV and file references), 1,000 namespace
// files and 100 KV keys between two sandboxes, through the console as the UI drives it (web
// mode: `fleet.plan`, then `fleet.promote` per item, six at a time, KV values ticked). Plan time
// (target: 2 s), apply time against the same 1,300 writes sent straight by one curl process to
// a fresh sandbox (target: 3× at most), and the console process's peak memory.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PromotionPlan } from '../../main/contract/fleet';
import { runPromotion } from '../../renderer/features/fleet/lib/promotion-run';
import { rpc } from '../e2e/pages/console-api';
import { makeTempDir } from '../fixtures/temp-dir';
import { startWebConsole } from '../fixtures/web-console';
import { median, result, type Benchmark } from './harness';
import { addServer, api, inParallel, postFlow, putFile, putKv, startSandboxes, treeRssBytes } from './fleet-bench-helpers';

const run = promisify(execFile);
const NS = 'bench.promotion';
const FLOWS = 200;
const FILES = 1000;
const KEYS = 100;
const PLAN_ROUNDS = 3;

const fileName = (i: number): string => `/files/d${String(Math.floor(i / 50)).padStart(2, '0')}/f${String(i % 50).padStart(3, '0')}.txt`;
const fileContent = (i: number): string => `file ${i}\n${'x'.repeat(500 + (i % 7) * 300)}\n`;
const fileIndex = new Map(Array.from({ length: FILES }, (_, i) => [fileName(i), i]));
const kvKey = (i: number): string => `K${String(i).padStart(3, '0')}`;

/** Flow i: every tenth calls the next one (a chain of subflows); each names a KV key and reads a file. */
function flowSource(i: number): string {
  const id = `f${String(i).padStart(3, '0')}`;
  const sub = i % 10 === 0 && i + 1 < FLOWS ? `  - id: sub\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${NS}\n    flowId: f${String(i + 1).padStart(3, '0')}\n` : '';
  return `id: ${id}\nnamespace: ${NS}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ kv('${kvKey(i % KEYS)}') }} {{ read('${fileName((i * 5) % FILES).slice(1)}') }}"\n${sub}`;
}

const benchmark: Benchmark = {
  name: 'promotion of a namespace: 200 flows, 1,000 files, 100 KV keys',
  async run() {
    const temp = makeTempDir('bench-promotion');
    const sandboxes = await startSandboxes(3);
    const [source, target, straight] = sandboxes.all as [typeof sandboxes.all[0], typeof sandboxes.all[0], typeof sandboxes.all[0]];
    const web = await startWebConsole({ args: ['--no-local-sandbox'] });
    try {
      await inParallel(Array.from({ length: FILES }, (_, i) => i), 8, (i) => putFile(source.url, NS, fileName(i), fileContent(i)));
      await inParallel(Array.from({ length: KEYS }, (_, i) => i), 8, (i) => putKv(source.url, NS, kvKey(i), JSON.stringify(`value ${i}`)));
      // Subflows first, as Kestra's own import would have them.
      for (let i = FLOWS - 1; i >= 0; i -= 1) await postFlow(source.url, flowSource(i));
      const sourceId = await addServer(web, 'Source', source.url);
      const targetId = await addServer(web, 'Target', target.url);
      // Both servers detected once (what an open console has already done).
      await rpc(web, 'kestra.capabilities', { serverId: sourceId });
      await rpc(web, 'kestra.capabilities', { serverId: targetId });

      const pid = web.child.pid!;
      const idle = treeRssBytes(pid);
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, treeRssBytes(pid))), 20);
      let planMs: number;
      const planTimes: number[] = [];
      let applyMs: number;
      let plan!: PromotionPlan;
      try {
        // Planning only reads, so it is measured three times (the first one cold); the last plan is applied.
        for (let round = 0; round < PLAN_ROUNDS; round += 1) {
          const planStart = performance.now();
          plan = await rpc<PromotionPlan>(web, 'fleet.plan', { serverId: targetId, sourceServerId: sourceId, selection: { kind: 'namespace', namespace: NS } });
          planTimes.push(performance.now() - planStart);
          if (plan.items.length !== FLOWS + FILES + KEYS) throw new Error(`the plan has ${plan.items.length} items, expected ${FLOWS + FILES + KEYS}`);
        }
        planMs = median(planTimes);
        const applyStart = performance.now();
        const results = await runPromotion(plan, {
          concurrency: 6,
          promote: (item) => rpc(web, 'fleet.promote', { serverId: targetId, planId: plan.id, itemKey: item.key, copyValue: item.kind === 'kv' }),
        });
        applyMs = performance.now() - applyStart;
        const notWritten = results.filter((r) => r.outcome !== 'written');
        if (notWritten.length) throw new Error(`${notWritten.length} items not written, e.g. ${notWritten[0]!.key}: ${notWritten[0]!.outcome} ${notWritten[0]!.message}`);
      } finally {
        clearInterval(sampler);
      }

      // The same writes, in the same order, straight to a fresh sandbox: one curl process, one request after another.
      const lines: string[] = [];
      const base = api(straight.url);
      for (const item of plan.items) {
        if (item.kind === 'file') {
          const local = path.join(temp.path, `file-${lines.length}`);
          writeFileSync(local, fileContent(fileIndex.get(item.path)!));
          lines.push(`url = "${base}/namespaces/${NS}/files?path=${encodeURIComponent(item.path)}"`, `form = "fileContent=@${local};filename=${path.basename(item.path)}"`);
        } else if (item.kind === 'kv') {
          lines.push(`url = "${base}/namespaces/${NS}/kv/${item.kvKey}"`, 'request = "PUT"', 'header = "Content-Type: text/plain"', `data = "${JSON.stringify(`value ${Number(item.kvKey.slice(1))}`).replace(/"/g, '\\"')}"`);
        } else {
          const local = path.join(temp.path, `flow-${item.id}.yml`);
          writeFileSync(local, item.source);
          lines.push(`url = "${base}/flows"`, 'header = "Content-Type: application/x-yaml"', `data-binary = "@${local}"`);
        }
        lines.push('output = "/dev/null"', 'write-out = "%{http_code}\\n"', 'next');
      }
      lines.pop();
      const config = path.join(temp.path, 'curl.config');
      writeFileSync(config, `${lines.join('\n')}\n`);
      const curlStart = performance.now();
      const { stdout } = await run('curl', ['-sS', '-K', config], { maxBuffer: 16 * 1024 * 1024 });
      const curlMs = performance.now() - curlStart;
      const codes = stdout.trim().split('\n');
      if (codes.length !== plan.items.length || codes.some((code) => code !== '200')) throw new Error(`curl: ${codes.filter((code) => code !== '200').length} of ${codes.length} requests failed`);

      const mb = (bytes: number): number => bytes / (1024 * 1024);
      return [
        result(
          'plan of 1,300 items (200 flows, 1,000 files, 100 KV keys), median of 3',
          'ms',
          planMs,
          'target',
          2000,
          { max: 2000, on: 'value' },
          `plans ${planTimes.map((v) => v.toFixed(0)).join(', ')} ms (first cold); both servers read through the console: flows from one export each, file trees, KV lists`,
        ),
        result('apply: 1,300 writes through the console, stale-checked', 'ms', applyMs, 'the same writes by one curl process', curlMs, { max: 3, on: 'ratio' }, 'each item: source and target checked at once, the source file read, the write'),
        result('console peak memory during plan and apply', 'MB', mb(peak), 'console idle', mb(idle), { max: 400, on: 'value' }, `growth ${mb(peak - idle).toFixed(0)} MB (web console process tree, sampled every 20 ms)`),
      ];
    } finally {
      await web.stop();
      await sandboxes.stop();
      temp.remove();
    }
  },
};
export default benchmark;

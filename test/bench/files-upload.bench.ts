// Uploading a 1 GiB file through the console (web mode: the browser streams the body to the web
// host, which streams it on to Kestra): the console's peak memory growth, and its throughput
// against curl posting the same file straight to the same sandbox.
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSandboxProcess } from '../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole } from '../fixtures/web-console';
import { result, median, type Benchmark } from './harness';

const SIZE = 1024 * 1024 * 1024;
const ROUNDS = 5; // odd: the median is one of the rounds

/** Resident memory of a process and all its descendants (tsx runs the console in a child node). */
function treeRssBytes(pid: number): number {
  let total = 0;
  const visit = (p: number): void => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) total += Number(match[1]) * 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // the process ended while we looked
    }
  };
  visit(pid);
  return total;
}

function curlUpload(url: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-F', `fileContent=@${file};filename=curl.bin`, url]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0 || out !== '200') reject(new Error(`curl failed: ${code} ${out}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e9);
    });
  });
}

/** Streams the file to the web host's /upload endpoint exactly as the web bridge does. */
function consoleUpload(origin: string, token: string, params: Record<string, unknown>, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const url = new URL(`${origin}/upload`);
    url.searchParams.set('params', JSON.stringify(params));
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': SIZE, 'x-console-token': token, Origin: origin } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        const parsed = JSON.parse(body) as { ok: boolean; data?: { size: number }; error?: { message: string } };
        if (!parsed.ok || parsed.data?.size !== SIZE) reject(new Error(`console upload failed: ${body}`));
        else resolve(Number(process.hrtime.bigint() - start) / 1e9);
      });
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
}

const benchmark: Benchmark = {
  name: 'namespace file upload, 1 GiB, through the console',
  async run() {
    const temp = makeTempDir('bench-upload');
    const file = path.join(temp.path, 'one-gib.bin');
    writeFileSync(file, '');
    truncateSync(file, SIZE);
    mkdirSync(path.join(temp.path, 'data'));
    const sandbox = await spawnSandboxProcess(path.join(temp.path, 'data'));
    const web = await startWebConsole();
    try {
      const ns = randomNamespace('bench');
      const createResponse = await fetch(`${web.origin}/rpc/servers.create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-console-token': web.token, Origin: web.origin },
        body: JSON.stringify({
          params: { input: { name: 'Bench sandbox', url: sandbox.url, authKind: 'none', color: '#888888', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} } },
          requestId: 'bench',
        }),
      });
      const created = (await createResponse.json()) as { ok: boolean; data: { id: string } };
      if (!created.ok) throw new Error('could not add the bench server');
      const params = { serverId: created.data.id, namespace: ns, path: '/console.bin' };
      const direct = `${sandbox.url}/api/v1/main/namespaces/${ns}/files?path=/curl.bin`;

      // Warm both paths once with the same file (JIT, connection pools, page cache).
      await curlUpload(direct, file);
      await consoleUpload(web.origin, web.token, params, file);

      const curlTimes: number[] = [];
      const consoleTimes: number[] = [];
      let peakGrowth = 0;
      let idleRss = 0;
      // Interleaved rounds, judged by the median of the per-round ratios: machine noise moves both.
      for (let round = 0; round < ROUNDS; round += 1) {
        curlTimes.push(await curlUpload(direct, file));
        const idle = treeRssBytes(web.child.pid!);
        idleRss = idle;
        let peak = idle;
        const sampler = setInterval(() => (peak = Math.max(peak, treeRssBytes(web.child.pid!))), 20);
        try {
          consoleTimes.push(await consoleUpload(web.origin, web.token, params, file));
        } finally {
          clearInterval(sampler);
        }
        peakGrowth = Math.max(peakGrowth, peak - idle);
      }
      const mb = (b: number): number => b / (1024 * 1024);
      const ratios = consoleTimes.map((t, i) => curlTimes[i]! / t);
      const middle = ratios.indexOf(median(ratios));
      const consoleThroughput = mb(SIZE) / consoleTimes[middle]!;
      const curlThroughput = mb(SIZE) / curlTimes[middle]!;
      return [
        result(
          'console upload throughput (1 GiB, median round)',
          'MB/s',
          consoleThroughput,
          'curl -F straight to the same sandbox, same round',
          curlThroughput,
          { min: 0.5, on: 'ratio' },
          `per-round ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
        ),
        result('console peak RSS growth during a 1 GiB upload', 'MB', mb(peakGrowth), 'file size', mb(SIZE), { max: 64, on: 'value' }, `RSS of the web console process tree (${mb(idleRss).toFixed(0)} MB idle), sampled every 20 ms`),
      ];
    } finally {
      await web.stop();
      await sandbox.kill();
      temp.remove();
    }
  },
};
export default benchmark;

// Upload of a 1 GiB namespace file with `curl -F fileContent=@file` to a sandbox in its own process:
// the server's peak RSS growth (target < 64 MB, the body is streamed to disk) and its throughput
// against curl sending the same multipart body to a server that discards it.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnSandboxProcess } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { result, type Benchmark } from './harness';

const run = promisify(execFile);
const SIZE = 1024 * 1024 * 1024;

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Samples a process's RSS until stopped; returns the peak. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // Process gone.
    }
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

async function curlUpload(url: string, file: string): Promise<number> {
  const start = process.hrtime.bigint();
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', url, '-F', `fileContent=@${file}`], { maxBuffer: 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (stdout.trim() !== '200') throw new Error(`upload answered ${stdout}`);
  return seconds;
}

function makeFile(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < chunk.length; i += 1) chunk[i] = (i * 31 + 7) & 0xff;
  for (let written = 0; written < SIZE; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
}

const benchmark: Benchmark = {
  name: 'sandbox 1 GiB namespace file upload',
  async run() {
    const temp = makeTempDir('bench-upload');
    const file = path.join(temp.path, 'big.bin');
    makeFile(file);
    const discard = http.createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => {
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
      });
    });
    await new Promise<void>((resolve) => discard.listen(0, '127.0.0.1', resolve));
    const discardUrl = `http://127.0.0.1:${(discard.address() as AddressInfo).port}/upload`;
    const sandbox = await spawnSandboxProcess(path.join(temp.path, 'data'));
    try {
      const pid = sandbox.child.pid!;
      // Warm the server (first-request allocations are not upload costs).
      await fetch(`${sandbox.url}/api/v1/main/namespaces/bench.upload/files/directory`);
      const baseline = await curlUpload(discardUrl, file);
      const before = rssBytes(pid);
      const sampler = sampleRss(pid);
      const subject = await curlUpload(`${sandbox.url}/api/v1/main/namespaces/bench.upload/files?path=/big.bin`, file);
      const peak = sampler.stop();
      const stats = (await (await fetch(`${sandbox.url}/api/v1/main/namespaces/bench.upload/files/stats?path=/big.bin`)).json()) as { size: number };
      if (stats.size !== SIZE) throw new Error(`stored ${stats.size} bytes, expected ${SIZE}`);
      const mb = (bytes: number) => bytes / (1024 * 1024);
      const growth = mb(peak - before);
      return [
        result('server peak RSS growth during the upload', 'MB', growth, 'limit', 64, { max: 64, on: 'value' }, `RSS before ${mb(before).toFixed(1)} MB, peak ${mb(peak).toFixed(1)} MB`),
        result('upload throughput (curl → sandbox, stored with fsync)', 'MB/s', mb(SIZE) / subject, 'curl → discarding server', mb(SIZE) / baseline, undefined, `${subject.toFixed(2)} s vs ${baseline.toFixed(2)} s`),
      ];
    } finally {
      await sandbox.kill('SIGTERM');
      await new Promise<void>((resolve) => discard.close(() => resolve()));
      temp.remove();
    }
  },
};
export default benchmark;

// `GET /logs/{executionId}/download` of a 1,000,000-line execution, streamed from the sandbox
// (its own process) against reading the same text from a file (target: at least a third of it).
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSandboxProcess } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { SandboxDatabase } from '../../main/sandbox/storage/database';
import { LogRepository } from '../../main/sandbox/storage/log-repository';
import { LogTextFiles } from '../../main/sandbox/storage/log-text-files';
import { LogService } from '../../main/sandbox/engine/log-service';
import type { LogEntry } from '../../main/sandbox/engine/model';
import { result, type Benchmark } from './harness';

const LINES = 1_000_000;
const EXECUTION = '1BenchLogDownload00000';

async function timeStream(read: () => AsyncIterable<Uint8Array>): Promise<{ seconds: number; bytes: number }> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of read()) bytes += chunk.length;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes };
}

const benchmark: Benchmark = {
  name: 'sandbox log download (1,000,000 lines)',
  async run() {
    const temp = makeTempDir('bench-logs');
    const dataDir = path.join(temp.path, 'data');
    mkdirSync(dataDir, { recursive: true });
    // Write the lines through the engine's log service (no HTTP, no task overhead); the download
    // goes through the sandbox's HTTP API.
    const db = new SandboxDatabase(path.join(dataDir, 'sandbox.db'));
    const logs = new LogService(new LogRepository(db, 'main'), new LogTextFiles(db, dataDir), db);
    const base = Date.parse('2025-01-01T00:00:00Z');
    const text: string[] = [];
    for (let offset = 0; offset < LINES; offset += 50_000) {
      const batch: LogEntry[] = [];
      for (let i = offset; i < offset + 50_000; i += 1) {
        const entry: LogEntry = {
          tenantId: 'main',
          namespace: 'bench.logs',
          flowId: 'chatty',
          taskId: 'log',
          executionId: EXECUTION,
          taskRunId: '1BenchTaskRun000000000',
          attemptNumber: 0,
          timestamp: new Date(base + i).toISOString(),
          level: i % 10 === 0 ? 'WARN' : 'INFO',
          thread: 'sandbox-worker',
          message: `line ${i}: the quick brown fox jumps over the lazy dog`,
        };
        batch.push(entry);
        text.push(`${entry.timestamp} ${entry.level} ${entry.message}`);
      }
      for (const entry of batch) logs.append(entry);
      logs.flush();
    }
    db.close();
    const rawFile = path.join(temp.path, 'raw.log');
    writeFileSync(rawFile, text.join('\n'));
    text.length = 0;

    const sandbox = await spawnSandboxProcess(dataDir);
    try {
      const url = `${sandbox.url}/api/v1/main/logs/${EXECUTION}/download`;
      // node:http as the client: fetch's web streams would measure the client, not the server.
      const download = async () =>
        timeStream(async function* () {
          const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, resolve).on('error', reject));
          if (response.statusCode !== 200) throw new Error(`download answered ${response.statusCode}`);
          yield* response as AsyncIterable<Uint8Array>;
        });
      const raw = async () => timeStream(() => createReadStream(rawFile));
      await download();
      await raw();
      // Best of three for both sides: the machine is shared and a single run is noisy.
      const best = (runs: { seconds: number; bytes: number }[]) => runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
      const subjects: { seconds: number; bytes: number }[] = [];
      const baselines: { seconds: number; bytes: number }[] = [];
      for (let i = 0; i < 3; i += 1) {
        subjects.push(await download());
        baselines.push(await raw());
      }
      const subject = best(subjects);
      const baseline = best(baselines);
      if (subject.bytes !== baseline.bytes) throw new Error(`downloaded ${subject.bytes} bytes, the file has ${baseline.bytes}`);
      const mbps = (r: { seconds: number; bytes: number }) => r.bytes / (1024 * 1024) / r.seconds;
      return [
        result(
          'log download throughput',
          'MB/s',
          mbps(subject),
          'raw read of the same text from a file',
          mbps(baseline),
          { min: 1 / 3, on: 'ratio' },
          `${(subject.bytes / (1024 * 1024)).toFixed(1)} MB in ${subject.seconds.toFixed(2)} s (${Math.round(LINES / subject.seconds).toLocaleString('en')} lines/s)`,
        ),
      ];
    } finally {
      await sandbox.kill('SIGTERM');
      temp.remove();
    }
  },
};
export default benchmark;

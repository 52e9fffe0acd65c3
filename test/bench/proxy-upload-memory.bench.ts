// Upload of a 1 GiB file through the web transport (the body streamed by the console process on
// to the sandbox, then confirmed with files/stats): peak RSS growth of the console process above
// its idle RSS. Target: under 64 MB. Throughput against `curl -F` straight to the sandbox is
// reported alongside.
import path from 'node:path';
import { curlTiming, memoryOf, resetPeak, startBenchConsole, writeBigFile } from '../fixtures/bench-console';
import { makeTempDir } from '../fixtures/temp-dir';
import { result, type Benchmark } from './harness';

const SIZE = 1024 * 1024 * 1024;

const benchmark: Benchmark = {
  name: 'proxy upload memory (1 GiB through the web transport)',
  async run() {
    const files = makeTempDir('bench-upload');
    const bench = await startBenchConsole();
    try {
      const source = path.join(files.path, 'big.bin');
      await writeBigFile(source, SIZE);
      const pid = bench.web.child.pid!;
      // Settle, then take the idle mark and reset the peak so it covers the upload only.
      await bench.rpc('servers.list', {});
      const idle = await memoryOf(pid);
      await resetPeak(pid);
      const params = encodeURIComponent(JSON.stringify({ serverId: bench.serverId, namespace: 'bench.upload', path: '/big.bin', name: 'big.bin' }));
      const proxied = await curlTiming([
        '-X',
        'POST',
        '-T',
        source,
        '-H',
        `x-console-token: ${bench.web.token}`,
        '-H',
        `origin: ${bench.web.origin}`,
        '-H',
        'content-type: application/octet-stream',
        `${bench.web.origin}/upload?params=${params}`,
      ]);
      const answer = JSON.parse(proxied.body ?? '{}') as { ok?: boolean; data?: { size: number }; error?: { message: string } };
      if (!answer.ok || answer.data?.size !== SIZE) throw new Error(`upload through the console failed: ${answer.error?.message ?? proxied.body}`);
      const peak = await memoryOf(pid);
      const direct = await curlTiming(['-o', '/dev/null', '-F', `fileContent=@${source}`, `${bench.sandbox.url}/api/v1/main/namespaces/bench.direct/files?path=%2Fbig.bin`]);
      return [
        result('peak RSS growth of the console during a 1 GiB upload', 'MB', peak.peakMb - idle.rssMb, 'idle RSS of the console', idle.rssMb, { max: 64, on: 'value' }),
        result('1 GiB upload through the web transport', 'GB/s', SIZE / proxied.seconds / 1e9, 'curl -F straight to the sandbox', SIZE / direct.seconds / 1e9, undefined, 'informational (includes the files/stats confirmation)'),
      ];
    } finally {
      await bench.stop();
      files.remove();
    }
  },
};
export default benchmark;

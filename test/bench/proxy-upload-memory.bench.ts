// Upload of a 1 GiB file through the web transport (the body streamed by the console process on
// to the sandbox, then confirmed with files/stats): peak RSS growth of the console process above
// its idle RSS, once the process has done one small upload. Target: under 64 MB. Throughput against `curl -F` straight to the sandbox is
// reported alongside.
import path from 'node:path';
import { curlTiming, memoryOf, resetPeak, startBenchConsole, writeBigFile } from '../fixtures/bench-console';
import { makeTempDir } from '../fixtures/temp-dir';
import { result, type Benchmark } from './harness';

const SIZE = 1024 * 1024 * 1024;
const WARM_UP = 16 * 1024 * 1024;

const benchmark: Benchmark = {
  name: 'proxy upload memory (1 GiB through the web transport)',
  async run() {
    const files = makeTempDir('bench-upload');
    const bench = await startBenchConsole();
    try {
      const source = path.join(files.path, 'big.bin');
      await writeBigFile(source, SIZE);
      const warmUp = path.join(files.path, 'warm.bin');
      await writeBigFile(warmUp, WARM_UP);
      const pid = bench.web.child.pid!;
      const upload = async (file: string, target: string, size: number): Promise<{ seconds: number }> => {
        const params = encodeURIComponent(JSON.stringify({ serverId: bench.serverId, namespace: 'bench.upload', path: target, name: path.basename(target) }));
        const proxied = await curlTiming([
          '-X',
          'POST',
          '-T',
          file,
          '-H',
          `x-console-token: ${bench.web.token}`,
          '-H',
          `origin: ${bench.web.origin}`,
          '-H',
          'content-type: application/octet-stream',
          `${bench.web.origin}/upload?params=${params}`,
        ]);
        const answer = JSON.parse(proxied.body ?? '{}') as { ok?: boolean; data?: { size: number }; error?: { message: string } };
        if (!answer.ok || answer.data?.size !== size) throw new Error(`upload through the console failed: ${answer.error?.message ?? proxied.body}`);
        return proxied;
      };
      // A cold process pays once for JIT code, heap and allocator growth on its first transfer,
      // whatever its size; a 16 MiB upload first measures that one-time cost on its own.
      const coldIdle = await memoryOf(pid);
      await resetPeak(pid);
      await upload(warmUp, '/warm.bin', WARM_UP);
      const coldGrowth = (await memoryOf(pid)).peakMb - coldIdle.rssMb;
      const idle = await memoryOf(pid);
      await resetPeak(pid);
      const proxied = await upload(source, '/big.bin', SIZE);
      const peak = await memoryOf(pid);
      const direct = await curlTiming(['-o', '/dev/null', '-F', `fileContent=@${source}`, `${bench.sandbox.url}/api/v1/main/namespaces/bench.direct/files?path=%2Fbig.bin`]);
      return [
        result('peak RSS growth of the console during a 1 GiB upload', 'MB', peak.peakMb - idle.rssMb, 'idle RSS of the console', idle.rssMb, { max: 64, on: 'value' }, `growth of the cold process during its first (16 MiB) upload: ${coldGrowth.toFixed(1)} MB, a one-time cost independent of size`),
        result('1 GiB upload through the web transport', 'GB/s', SIZE / proxied.seconds / 1e9, 'curl -F straight to the sandbox', SIZE / direct.seconds / 1e9, undefined, 'informational (includes the files/stats confirmation)'),
      ];
    } finally {
      await bench.stop();
      files.remove();
    }
  },
};
export default benchmark;

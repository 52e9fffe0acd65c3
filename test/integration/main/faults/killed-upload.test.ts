// A server killed in the middle of an upload (at 10, 50 and 99 percent of the body) is never
// reported as a successful upload: the sandbox runs in its own process, a TCP proxy watches the
// bytes go up and kills the process with SIGKILL at the chosen point.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import type { ConsoleError } from '../../../../main/ipc/console-error';
import { startTestCore, TEST_OWNER, type TestCore } from '../../../fixtures/console-core';
import { startFaultProxy, type FaultProxy } from '../../../fixtures/fault-proxy';
import { spawnSandboxNode, type SandboxNodeProcess } from '../../../fixtures/sandbox-node-process';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

const SIZE = 24 * 1024 * 1024;

describe('server killed mid-upload', () => {
  const data = makeTempDir('killed-data');
  const files = makeTempDir('killed-files');
  let sandbox: SandboxNodeProcess;
  let proxy: FaultProxy;
  let t: TestCore;
  let serverId: string;
  let source: string;

  beforeAll(async () => {
    sandbox = await spawnSandboxNode(data.path);
    proxy = await startFaultProxy(sandbox.url);
    t = await startTestCore({ withSandbox: false, tuning: { retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
    const input: ServerInput = { name: 'Dies', url: proxy.url, authKind: 'none', color: '#222222', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    serverId = (await t.call('servers.create', { input })).id;
    source = path.join(files.path, 'big.bin');
    writeFileSync(source, Buffer.alloc(SIZE, 42));
  });
  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
    await sandbox?.kill('SIGKILL');
    data.remove();
    files.remove();
  });

  it.each([10, 50, 99])('killed at %i percent of the body: an error, never success', async (percent) => {
    if (sandbox.exited) {
      sandbox = await spawnSandboxNode(data.path);
      proxy.retarget(sandbox.url);
    }
    const namespace = randomNamespace('killed');
    const threshold = Math.floor((SIZE * percent) / 100);
    let killing: Promise<void> | undefined;
    proxy.policy = {
      up: (connection, chunk) => {
        if (!connection.requestLine.startsWith('POST') || !connection.requestLine.includes('/files?')) return false;
        if (!killing && connection.upBytes + chunk.length >= threshold) killing = sandbox.kill('SIGKILL');
        return false;
      },
    };
    const started = performance.now();
    const result = await t.core.table['files.upload']({ serverId, namespace, path: '/big.bin', source: await t.localFile(source) }, { signal: new AbortController().signal, owner: TEST_OWNER }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: error as ConsoleError }),
    );
    const elapsed = performance.now() - started;
    expect(killing, 'the sandbox was killed during the upload').toBeDefined();
    await killing;
    expect(result.ok).toBe(false);
    expect((result as { error: ConsoleError }).error.data.kind, (result as { error: ConsoleError }).error.message).toBe('network');
    // Ends promptly: the dead server is noticed, not waited for.
    expect(elapsed).toBeLessThan(15_000);

    // The next server process on the same data: the console works again, and no partial file is there.
    sandbox = await spawnSandboxNode(data.path);
    proxy.retarget(sandbox.url);
    proxy.policy = {};
    const stats = await t.fail('files.stats', { serverId, namespace, path: '/big.bin' }).catch(() => undefined);
    if (stats) expect(stats.status, stats.message).toBe(404);
  });
});

// `npm run web`: the Local sandbox runs in a child process, is reachable through the console, and
// Ctrl-C (SIGINT) stops everything; even a killed console leaves no orphan sandbox behind.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../fixtures/temp-dir';
import { startWebMain, type WebMainProcess } from '../../../fixtures/web-main-process';

/** The sandbox child processes of a console process. */
function sandboxChildrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('sandbox-child-entry'))
      .map((line) => Number(line.trim().split(/\s+/)[0]))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('web mode lifecycle', () => {
  const dirs: { remove(): void }[] = [];
  let web: WebMainProcess | undefined;
  afterEach(async () => {
    await web?.stop();
    dirs.splice(0).forEach((d) => d.remove());
  });

  async function start(): Promise<{ web: WebMainProcess; sandboxPid: number }> {
    const appData = makeTempDir('lifecycle');
    dirs.push(appData);
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
    const started = await startWebMain({ appDataDir: appData.path, env });
    const rpc = async (method: string): Promise<{ ok: boolean; data: { localSandbox?: { state: string; url?: string } } }> => (await started.post(`/rpc/${method}`, { params: {} })).json() as never;
    await expect.poll(async () => (await rpc('app.status')).data.localSandbox?.state, { timeout: 30_000 }).toBe('running');
    const configs = (await (await started.post('/rpc/kestra.configs', { params: { serverId: 'local-sandbox' } })).json()) as { ok: boolean; data: { sandbox?: boolean } };
    expect(configs).toMatchObject({ ok: true, data: { apiForm: 'tenant' } });
    const children = sandboxChildrenOf(started.child.pid!);
    expect(children.length, started.output()).toBe(1);
    return { web: started, sandboxPid: children[0]! };
  }

  it('stops the console and its sandbox on Ctrl-C', async () => {
    const { web: started, sandboxPid } = await start();
    web = started;
    started.child.kill('SIGINT');
    const code = await started.stop();
    expect(code, started.output()).toBe(0);
    await expect.poll(() => alive(sandboxPid), { timeout: 15_000 }).toBe(false);
  });

  it('leaves no orphan sandbox when the console itself is killed', async () => {
    const { web: started, sandboxPid } = await start();
    web = started;
    started.child.kill('SIGKILL');
    await started.stop();
    await expect.poll(() => alive(sandboxPid), { timeout: 15_000 }).toBe(false);
  });
});

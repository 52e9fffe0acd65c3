// `npm run smoke:desktop`: the real desktop app, end to end, where the Electron binary exists.
// It launches the built app under Xvfb (when there is no display), waits for the window, checks
// through the real preload and IPC that the Local sandbox is running, creates a flow there, runs
// it and waits for SUCCESS, then quits. Where the binary is missing (this machine cannot download
// it), it says so in one line and exits 0: `npm test` proves the packaged layout instead.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedElectronBinary } from './electron-binary.mjs';
import { ensureBuild } from './ensure-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const binary = installedElectronBinary();
if (!binary) {
  console.log('smoke:desktop: no Electron binary on this machine (fetch it with `npx install-electron`); skipped, nothing was checked.');
  process.exit(0);
}

/** An Xvfb display of our own when there is no display; resolves with its number and a stop function. */
async function virtualDisplay() {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, stop: () => undefined };
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const number = await new Promise((resolve, reject) => {
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    xvfb.stdout.once('data', (chunk) => resolve(chunk.toString().trim()));
  });
  return { display: `:${number}`, stop: () => xvfb.kill('SIGTERM') };
}

const FLOW = (namespace) => `id: smoke
namespace: ${namespace}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from the desktop smoke test
`;

async function main() {
  ensureBuild();
  const { _electron } = await import('playwright-core');
  const home = mkdtempSync(path.join(os.tmpdir(), 'kc-smoke-'));
  const screen = await virtualDisplay();
  const steps = [];
  const step = (line) => {
    steps.push(line);
    console.log(`smoke:desktop: ${line}`);
  };
  let app;
  try {
    app = await _electron.launch({
      executablePath: binary,
      args: [root],
      cwd: root,
      // A throwaway profile (userData lives under XDG_CONFIG_HOME on Linux) and no keychain.
      env: { ...process.env, DISPLAY: screen.display, XDG_CONFIG_HOME: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      timeout: 60_000,
    });
    const page = await app.firstWindow({ timeout: 60_000 });
    await page.waitForLoadState('domcontentloaded');
    step(`window open: ${await page.title()} (${page.url()})`);
    const version = await app.evaluate(({ app: electronApp }) => `${electronApp.getName()} on Electron ${process.versions.electron}`);
    step(version);
    const expected = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.electron;
    if (!version.endsWith(expected)) throw new Error(`expected Electron ${expected}`);

    const call = (method, params) =>
      page.evaluate(async ([m, p]) => {
        const result = await globalThis.kestra.methods[m](p);
        if (!result.ok) throw new Error(`${m}: ${result.error.message}`);
        return result.data;
      }, [method, params]);

    let status;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      status = await call('app.status', {});
      if (status.localSandbox.state !== 'starting') break;
    }
    if (status?.localSandbox.state !== 'running') throw new Error(`Local sandbox: ${JSON.stringify(status?.localSandbox)}`);
    step(`Local sandbox running at ${status.localSandbox.url}; credentials in ${status.vault.where}`);

    const namespace = `smoke.desktop${Date.now().toString(36)}`;
    await call('flows.create', { serverId: 'local-sandbox', source: FLOW(namespace) });
    const execution = await call('executions.trigger', { serverId: 'local-sandbox', namespace, flowId: 'smoke' });
    let state = execution.state.current;
    for (const deadline = Date.now() + 60_000; !['SUCCESS', 'FAILED', 'KILLED'].includes(state) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 300));
      state = (await call('executions.get', { serverId: 'local-sandbox', executionId: execution.id })).state.current;
    }
    if (state !== 'SUCCESS') throw new Error(`the flow ended ${state}`);
    step(`flow ${namespace}.smoke ran through IPC: ${state}`);
  } finally {
    await app?.close().catch(() => undefined);
    screen.stop();
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`smoke:desktop: passed (${steps.length} checks)`);
}

main().catch((error) => {
  console.error(`smoke:desktop: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

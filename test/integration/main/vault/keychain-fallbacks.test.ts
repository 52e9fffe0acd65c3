// The vault against the real Secret Service (gnome-keyring on a private bus) and each way it can
// fail, one child process per case (libsecret binds to the bus of its process).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../../../main/contract/methods';
import { startBusWithoutSecretService, startThrowawayKeyring, type ThrowawayKeyring } from '../../../fixtures/keyring';
import { REPO_ROOT, TSX_BIN } from '../../../fixtures/sandbox';
import { makeTempDir } from '../../../fixtures/temp-dir';

const PROBE = path.join(REPO_ROOT, 'test', 'fixtures', 'vault-probe.ts');

interface ProbeOutput {
  /** What the probe wrote to stderr (the vault's start-up line). */
  stderr: string;
  atStart: VaultStatus;
  afterWrite?: VaultStatus;
  roundTrip?: boolean;
  account?: string;
  value?: string | null;
  /** Files in the app-data folder holding the secret in plain text (always none). */
  plaintext?: string[];
}

/**
 * Runs the probe and resolves with its JSON line. The child is killed once it has answered: a
 * process with a libsecret call stuck in its thread pool cannot exit until D-Bus gives up (~50 s).
 */
async function probe(env: Record<string, string | undefined>, args: string[] = []): Promise<ProbeOutput> {
  const dir = makeTempDir('vault-probe');
  const child = spawn(TSX_BIN, [PROBE, dir.path, ...args], { env: env as NodeJS.ProcessEnv, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    return await new Promise<ProbeOutput>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`vault probe did not answer:\n${out}\n${err}`)), 45_000);
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line && out.includes('\n')) {
          clearTimeout(timer);
          const output = { ...(JSON.parse(line) as Omit<ProbeOutput, 'stderr'>), stderr: err };
          if (output.plaintext && output.plaintext.length > 0) reject(new Error(`secret written in plain text to ${output.plaintext.join(', ')}`));
          else resolve(output);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`vault probe exited with ${code} before answering:\n${out}\n${err}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    dir.remove();
  }
}

/** Session-only: memory, or the kernel keyring where the kernel lets this user have one. */
function expectSessionOnly(status: VaultStatus | undefined): void {
  expect(status?.persistent).toBe(false);
  expect(['memory', 'kernel-keyring']).toContain(status?.kind);
}

function withoutDisplay(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const copy = { ...env };
  delete copy.DISPLAY;
  return copy;
}

describe('keychain: real gnome-keyring and every way it fails', () => {
  const started: ThrowawayKeyring[] = [];
  afterAll(async () => {
    await Promise.all(started.map((k) => k.stop()));
  });

  it('round-trips a secret in the real keyring, persistently across processes', async () => {
    const keyring = await startThrowawayKeyring();
    started.push(keyring);
    const first = await probe(keyring.env, ['--secret', 'Real-keyring-Secret-9']);
    expect(first).toMatchObject({ atStart: { kind: 'keychain', persistent: true }, afterWrite: { kind: 'keychain' }, roundTrip: true });
    const second = await probe(keyring.env, ['--read-only', first.account!]);
    expect(second.value).toBe('Real-keyring-Secret-9');
  });

  it('no session bus: falls back to memory and says so', async () => {
    const result = await probe(withoutDisplay({ ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kc-bus' }));
    expectSessionOnly(result.atStart);
    expect(result.atStart.reason).toMatch(/No D-Bus session bus/);
    expect(result.roundTrip).toBe(true);
  });

  it('no bus address and no display: falls back to memory and says so', async () => {
    const env = withoutDisplay({ ...process.env });
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const result = await probe(env);
    expectSessionOnly(result.atStart);
    expect(result.atStart.reason).toMatch(/No D-Bus session bus/);
  });

  it('a bus without any Secret Service: falls back and names the missing service', async () => {
    const bus = await startBusWithoutSecretService();
    started.push(bus);
    const result = await probe(bus.env);
    expectSessionOnly(result.atStart);
    expect(result.atStart.reason).toMatch(/No Secret Service/);
    expect(result.roundTrip).toBe(true);
  });

  it('a locked collection: the first save falls back to this session, with the reason', async () => {
    const keyring = await startThrowawayKeyring({ locked: true });
    started.push(keyring);
    const result = await probe(keyring.env);
    // Reading a locked collection answers "nothing"; writing is what fails.
    expect(result.atStart.kind).toBe('keychain');
    expectSessionOnly(result.afterWrite);
    expect(result.afterWrite!.reason).toMatch(/locked/);
    expect(result.roundTrip).toBe(true);
  });

  it('a keychain call that never returns: times out and falls back', async () => {
    const keyring = await startThrowawayKeyring();
    started.push(keyring);
    process.kill(keyring.daemonPid!, 'SIGSTOP');
    try {
      const result = await probe(keyring.env, ['--timeout', '1000']);
      expectSessionOnly(result.atStart);
      expect(result.atStart.reason).toMatch(/did not answer a read/);
      expect(result.roundTrip).toBe(true);
    } finally {
      process.kill(keyring.daemonPid!, 'SIGCONT');
    }
  });

  it('the keyring module missing: falls back, and one start-up line names the module', async () => {
    const keyring = await startThrowawayKeyring();
    started.push(keyring);
    const dir = makeTempDir('no-keyring');
    try {
      const result = await probe(keyring.env, ['--keyring-module', path.join(dir.path, 'node_modules', '@napi-rs', 'keyring')]);
      expectSessionOnly(result.atStart);
      expect(result.atStart.reason).toMatch(/@napi-rs\/keyring\) could not be loaded: Cannot find module/);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Kestra Console: credentials are kept in .*@napi-rs\/keyring/)]);
      expect(result.roundTrip).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('a broken native module (a .node that fails to load): one start-up line naming it, session-only, no crash', async () => {
    const keyring = await startThrowawayKeyring();
    started.push(keyring);
    // A copy of the package whose platform binary is not a shared object.
    const dir = makeTempDir('broken-keyring');
    try {
      const pkg = path.join(dir.path, 'keyring');
      mkdirSync(pkg);
      const real = path.dirname(createRequire(import.meta.url).resolve('@napi-rs/keyring'));
      for (const file of ['index.js', 'package.json']) copyFileSync(path.join(real, file), path.join(pkg, file));
      writeFileSync(path.join(pkg, `keyring.${process.platform}-${process.arch}-gnu.node`), 'not a shared object');
      writeFileSync(path.join(pkg, `keyring.${process.platform}-${process.arch}.node`), 'not a shared object');
      const result = await probe(keyring.env, ['--keyring-module', pkg]);
      expectSessionOnly(result.atStart);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Kestra Console: credentials are kept in .*\(@napi-rs\/keyring\) could not be loaded: .*(\.node|ELF|shared object)/)]);
      expect(result.roundTrip).toBe(true);
    } finally {
      dir.remove();
    }
  });
});

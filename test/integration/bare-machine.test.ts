// "A machine with Node and npm but no C compiler and no -dev packages installs and runs it":
//   - nothing npm installs needs a compiler: every install script is declared in allowScripts and
//     none builds native code; every .node file arrives prebuilt in its registry package;
//   - the console runs with a PATH that has no compiler on it, and a saved server's password
//     survives a restart when a Secret Service is running (gnome-keyring on a private bus).
// The full `npm ci` with compilers hidden is in the README's proof (it needs the registry).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBarePath, which, COMPILER_TOOLS } from '../fixtures/bare-path';
import { startThrowawayKeyring, type ThrowawayKeyring } from '../fixtures/keyring';
import { REPO_ROOT, startTestSandbox, type TestSandbox } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import { startWebMain, type WebMainProcess } from '../fixtures/web-main-process';

interface LockPackage {
  hasInstallScript?: boolean;
  dev?: boolean;
  optional?: boolean;
}
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean>; dependencies: Record<string, string> };
const BUILDS_NATIVE = /node-gyp|prebuild-install|cmake-js|\bcmake\b|\bmake\b|\bgcc\b|\bg\+\+|\bcc\b|cargo|napi build|neon build/;

const nameOf = (lockPath: string): string => lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);

function nodeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...nodeFiles(full));
    else if (entry.name.endsWith('.node')) out.push(full);
  }
  return out;
}

describe('a bare machine: no compiler needed to install or run', () => {
  it('declares every install script in allowScripts, and none of them builds native code', () => {
    const withScripts = Object.entries(lock.packages).filter(([key, p]) => key && p.hasInstallScript);
    for (const [key] of withScripts) {
      const name = nameOf(key);
      expect(Object.keys(pkg.allowScripts), `${name} runs an install script: declare it in allowScripts`).toContain(name);
      const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, key, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      const scripts = ['preinstall', 'install', 'postinstall'].map((s) => manifest.scripts?.[s] ?? '').join(' ');
      if (pkg.allowScripts[name]) expect(scripts, name).not.toMatch(BUILDS_NATIVE);
      // npm runs `node-gyp rebuild` for a package with a binding.gyp and no install script.
      expect(existsSync(path.join(REPO_ROOT, key, 'binding.gyp')), `${name} has a binding.gyp`).toBe(false);
    }
    expect(Object.keys(lock.packages).some((key) => nameOf(key) === 'keytar')).toBe(false);
    expect(pkg.dependencies['@napi-rs/keyring']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('gets every .node file prebuilt from its registry package (none built in place)', () => {
    const files = nodeFiles(path.join(REPO_ROOT, 'node_modules'));
    expect(files.some((f) => f.includes(`${path.sep}@napi-rs${path.sep}keyring-`))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}@libsql${path.sep}`))).toBe(true);
    for (const file of files) {
      const relative = path.relative(REPO_ROOT, file);
      // node-gyp's output folders
      expect(relative, relative).not.toMatch(/[/\\]build[/\\](Release|Debug)[/\\]/);
      // The package that holds it has no install script: the file came in the tarball.
      let dir = path.dirname(file);
      while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
      const key = path.relative(REPO_ROOT, dir).split(path.sep).join('/');
      expect(lock.packages[key]?.hasInstallScript ?? false, `${key} builds ${relative} at install`).toBe(false);
      expect(statSync(file).size).toBeGreaterThan(0);
    }
  });

  describe('running with no compiler on PATH', () => {
    let keyring: ThrowawayKeyring;
    let remote: TestSandbox;
    let web: WebMainProcess | undefined;
    const bare = makeBarePath();
    const appData = makeTempDir('bare-app-data');
    const PASSWORD = `Bare-${Math.random().toString(36).slice(2)}-9`;

    beforeAll(async () => {
      keyring = await startThrowawayKeyring();
      remote = await startTestSandbox({ auth: { username: 'ops@kestra.example', password: PASSWORD } });
    });
    afterAll(async () => {
      await web?.stop();
      await remote?.stop();
      await keyring?.stop();
      bare.remove();
      appData.remove();
    });

    const rpc = async <T>(method: string, params: unknown): Promise<T> => {
      const answer = (await (await web!.post(`/rpc/${method}`, { params })).json()) as { ok: boolean; data: T; error?: { message: string } };
      if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
      return answer.data;
    };
    const start = async (): Promise<void> => {
      web = await startWebMain({ appDataDir: appData.path, env: { ...keyring.env, PATH: bare.path }, args: ['--no-local-sandbox'] });
    };

    it('has no compiler on that PATH', () => {
      for (const tool of COMPILER_TOOLS) expect(which(tool, bare.path), tool).toBeUndefined();
      expect(which('node', bare.path)).toBeDefined();
    });

    it('keeps a saved server’s password in the Secret Service across a restart of the console', async () => {
      await start();
      const status = await rpc<{ vault: { kind: string; persistent: boolean; where: string } }>('app.status', {});
      expect(status.vault).toMatchObject({ kind: 'keychain', persistent: true, where: 'the OS keychain (Secret Service)' });
      const input = { name: 'Remote', url: remote.url, authKind: 'basic', username: 'ops@kestra.example', color: '#123456', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
      const created = await rpc<{ id: string; hasCredentials: boolean }>('servers.create', { input, secret: PASSWORD });
      expect(created.hasCredentials).toBe(true);

      expect(await web!.stop()).toBe(0);
      await start();
      const servers = await rpc<{ id: string; hasCredentials: boolean }[]>('servers.list', {});
      expect(servers.find((s) => s.id === created.id)?.hasCredentials).toBe(true);
      const tested = await rpc<{ checks: { id: string; status: string }[] }>('servers.testConnection', { serverId: created.id });
      expect(tested.checks.find((c) => c.id === 'credentials')?.status).toBe('pass');
      expect(web!.output()).not.toContain(PASSWORD);
    });
  });
});

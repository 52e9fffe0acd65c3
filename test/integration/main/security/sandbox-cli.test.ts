// The standalone sandbox (`npm run sandbox`): no secret on its command line, credentials from the
// environment or a private file, a loud warning when it runs open, and a data folder only its
// user can read (folder 0700, sandbox.db and every file 0600).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_WITH_TSX, REPO_ROOT } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

interface Started {
  child: ChildProcess;
  url?: string;
  output: string;
  code?: number | null;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Runs the CLI until it listens (resolves with its URL) or exits (resolves with its code). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const [node, ...nodeArgs] = NODE_WITH_TSX;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KESTRA_SANDBOX_'))) as Record<string, string>;
  const child = spawn(node, [...nodeArgs, path.join(REPO_ROOT, 'main/sandbox/cli.ts'), '--port', '0', ...args], { cwd: REPO_ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const started: Started = { child, output: '' };
    const timer = setTimeout(() => reject(new Error(`The sandbox CLI neither started nor exited:\n${started.output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      started.output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(started.output);
      if (match?.[1] && !started.url) {
        started.url = match[1];
        // Give the warning (printed right after) a moment to arrive.
        setTimeout(() => (clearTimeout(timer), resolve(started)), 200);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      started.code = code;
      resolve(started);
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

describe('standalone sandbox credentials and data folder', () => {
  it('refuses --password and --token on the command line', async () => {
    const data = makeTempDir('cli-argv');
    try {
      for (const args of [['--user', 'a@b.c', '--password', 'Visible-To-Ps-1'], ['--token', 'Visible-To-Ps-2']]) {
        const run = await runCli(['--data', data.path, ...args]);
        expect(run.url, run.output).toBeUndefined();
        expect(run.code).toBe(2);
        expect(run.output).toMatch(/visible to every user/);
      }
    } finally {
      data.remove();
    }
  });

  it('takes basic auth from the environment, and requires it', async () => {
    const data = makeTempDir('cli-env');
    try {
      const run = await runCli(['--data', data.path], { KESTRA_SANDBOX_USER: 'ops@example.com', KESTRA_SANDBOX_PASSWORD: 'From-The-Env-9' });
      expect(run.url, run.output).toBeDefined();
      expect(run.output).not.toMatch(/WARNING/);
      expect((await fetch(`${run.url}/api/v1/main/flows/search`)).status).toBe(401);
      const auth = `Basic ${Buffer.from('ops@example.com:From-The-Env-9').toString('base64')}`;
      expect((await fetch(`${run.url}/api/v1/main/flows/search`, { headers: { authorization: auth } })).status).toBe(200);
    } finally {
      data.remove();
    }
  });

  it('takes a token from a private credentials file, and refuses a file others can read', async () => {
    const data = makeTempDir('cli-file');
    try {
      const file = path.join(data.path, 'creds.json');
      writeFileSync(file, JSON.stringify({ token: 'From-A-File-Token-7' }));
      chmodSync(file, 0o644);
      const refused = await runCli(['--data', path.join(data.path, 'd'), '--credentials-file', file]);
      expect(refused.code).toBe(2);
      expect(refused.output).toMatch(/chmod 600/);
      chmodSync(file, 0o600);
      const run = await runCli(['--data', path.join(data.path, 'd'), '--credentials-file', file]);
      expect(run.url, run.output).toBeDefined();
      expect((await fetch(`${run.url}/api/v1/main/flows/search`)).status).toBe(401);
      expect((await fetch(`${run.url}/api/v1/main/flows/search`, { headers: { authorization: 'Bearer From-A-File-Token-7' } })).status).toBe(200);
    } finally {
      data.remove();
    }
  });

  it('warns when it runs open, and keeps its data folder to its user (0700, files 0600)', async () => {
    const parent = makeTempDir('cli-open');
    try {
      const dataDir = path.join(parent.path, 'data');
      // A folder left 0755 by an older version is tightened too.
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      const run = await runCli(['--data', dataDir]);
      expect(run.url, run.output).toBeDefined();
      expect(run.output).toMatch(/WARNING: this sandbox has no authentication/);
      // Write a KV value and a namespace file, so the folder holds real data.
      const namespace = randomNamespace('modes');
      await fetch(`${run.url}/api/v1/main/namespaces/${namespace}/kv/secret`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '"plain"' });
      const form = new FormData();
      form.append('fileContent', new Blob(['data']), 'a.txt');
      expect((await fetch(`${run.url}/api/v1/main/namespaces/${namespace}/files?path=/a.txt`, { method: 'POST', body: form })).status).toBeLessThan(300);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dataDir, 'sandbox.db')).mode & 0o777).toBe(0o600);
      const open = filesUnder(dataDir).filter((f) => (statSync(f).mode & 0o077) !== 0);
      expect(open).toEqual([]);
    } finally {
      parent.remove();
    }
  });
});

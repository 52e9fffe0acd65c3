// The packaged desktop app, proven without the Electron binary: electron-builder `--dir` with our
// electron-builder.yml against a stand-in Electron folder (scripts/package-standin.mjs), then the
// result checked file by file. What only a real binary can check is `npm run smoke:desktop`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY } from '../../../main/ipc/web-host';
import { REPO_ROOT } from '../../fixtures/sandbox';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string): string[];
  extractAll(archive: string, dest: string): void;
  extractFile(archive: string, file: string): Buffer;
};
const fuses = require('@electron/fuses') as { getCurrentFuseWire(binary: string): Promise<Record<string, number | string>> };

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builderConfig = parse(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };

/** @electron/fuses' wire order (FuseV1Options), as electron-builder.yml names them. */
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

/** Runs a script in plain Node (no tsx, no NODE_OPTIONS, cwd outside the repo); resolves with stdout. */
function plainNode(args: string[], cwd: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`node ${args.join(' ').slice(0, 200)} exited ${code}:\n${out}\n${err}`));
    });
  });
}

const isMusl = !(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;

describe('the packaged app (electron-builder --dir against a stand-in Electron)', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'kc-packaged-'));
  let appDir: string;
  let archive: string;
  let files: string[];
  let extracted: string;

  beforeAll(async () => {
    const { ensureBuild } = (await import(path.join(REPO_ROOT, 'scripts', 'ensure-build.mjs'))) as { ensureBuild(): void };
    ensureBuild();
    const { packageWithStandIn } = (await import(path.join(REPO_ROOT, 'scripts', 'package-standin.mjs'))) as { packageWithStandIn(dir: string): Promise<string> };
    appDir = await packageWithStandIn(work);
    archive = path.join(appDir, 'resources', 'app.asar');
    files = asar.listPackage(archive).map((f) => f.split(path.sep).join('/'));
    extracted = path.join(work, 'extracted');
    asar.extractAll(archive, extracted);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds out/main, out/preload, out/renderer and package.json, and nothing else of the repo', () => {
    const top = new Set(files.map((f) => f.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    for (const entry of ['/out/main/electron-main.js', '/out/main/sandbox-process.js', '/out/main/sandbox-engine.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/package.json']) {
      expect(files).toContain(entry);
    }
    const ours = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(ours.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(ours.filter((f) => /\.tsx?$/.test(f))).toEqual([]);
  });

  it('carries every dependency and no devDependency', () => {
    const packaged = (name: string): boolean => files.includes(`/node_modules/${name}/package.json`);
    for (const name of Object.keys(pkg.dependencies)) expect(packaged(name), name).toBe(true);
    const devShipped = Object.keys(pkg.devDependencies).filter(packaged);
    expect(devShipped).toEqual([]);
    for (const heavy of ['electron', 'typescript', 'vite', 'react', 'monaco-editor', 'tsx', 'vitest', 'playwright-core']) expect(packaged(heavy), heavy).toBe(false);
  });

  it('unpacks every .node file, and each one for this platform loads in plain Node from app.asar.unpacked', async () => {
    const natives = files.filter((f) => f.endsWith('.node'));
    expect(natives.some((f) => f.includes('/@libsql/'))).toBe(true);
    expect(natives.some((f) => f.includes('/@napi-rs/keyring-'))).toBe(true);
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked');
    for (const file of natives) expect(existsSync(path.join(unpacked, file)), file).toBe(true);
    // jq-web is loaded by path from a worker thread, with its WebAssembly beside it.
    expect(existsSync(path.join(unpacked, 'node_modules', 'jq-web', 'package.json'))).toBe(true);
    expect(files.filter((f) => f.startsWith('/node_modules/jq-web/') && f.endsWith('.wasm')).every((f) => existsSync(path.join(unpacked, f)))).toBe(true);
    const loadable = natives.filter((f) => f.includes(`${process.platform}-${process.arch}`) && f.includes('musl') === isMusl);
    expect(loadable.length).toBeGreaterThanOrEqual(2);
    const script = `for (const f of JSON.parse(process.argv[1])) { const m = { exports: {} }; process.dlopen(m, f); if (!Object.keys(m.exports).length) throw new Error('no exports: ' + f); } console.log('ok')`;
    const out = await plainNode(['-e', script, JSON.stringify(loadable.map((f) => path.join(unpacked, f)))], work);
    expect(out.trim()).toBe('ok');
  });

  it('runs libsql and the keyring through their packages as packaged (no repo node_modules in reach)', async () => {
    const script = `
      const { createRequire } = require('node:module');
      const r = createRequire(${JSON.stringify(path.join(extracted, 'package.json'))});
      const Database = r('libsql');
      const db = new Database(':memory:');
      const row = db.prepare('select 41 + 1 as answer').get();
      const { AsyncEntry } = r('@napi-rs/keyring');
      console.log(JSON.stringify({ answer: row.answer, keyring: typeof AsyncEntry }));`;
    const out = await plainNode(['-e', script], work);
    expect(JSON.parse(out)).toEqual({ answer: 42, keyring: 'function' });
  });

  it('starts the sandbox from its packaged entry in plain Node, without tsx, and it answers HTTP and runs a flow that loads its lazy modules', async () => {
    const dataDir = path.join(work, 'sandbox-data');
    // jq (WebAssembly), a locale bundle of @js-joda/locale and ion-js are loaded on first use, by
    // path: a bundling or packaging mistake shows only when a flow uses them.
    const flow = [
      'id: packaged',
      'namespace: kc.packaged',
      'tasks:',
      '  - id: out',
      '    type: io.kestra.plugin.core.output.OutputValues',
      '    values:',
      `      jq: "{{ {'a': 41} | jq('.a + 1') | first }}"`,
      `      day: "{{ '2026-12-07T00:00:00Z' | date('EEEE', locale='fr') }}"`,
      `      ion: "{{ {'k': 'v'} | toIon }}"`,
    ].join('\n');
    // The utility process's parentPort, played by a tiny stand-in: start, report the URL, stop.
    const script = `
      let onMessage;
      process.parentPort = {
        on: (_event, listener) => { onMessage = listener; },
        postMessage: async (message) => {
          if (message.type === 'failed') { console.error(message.message); process.exit(3); }
          if (message.type === 'started') {
            const response = await fetch(message.url + '/api/v1/configs');
            const base = message.url + '/api/v1/main';
            const created = await fetch(base + '/flows', { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: ${JSON.stringify(flow)} });
            if (!created.ok) { console.error(await created.text()); process.exit(4); }
            const started = await (await fetch(base + '/executions/kc.packaged/packaged', { method: 'POST' })).json();
            let execution;
            for (let i = 0; i < 300; i++) {
              execution = await (await fetch(base + '/executions/' + started.id)).json();
              if (['SUCCESS', 'FAILED', 'WARNING', 'KILLED'].includes(execution.state.current)) break;
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            console.log(JSON.stringify({ status: response.status, body: await response.json(), state: execution.state.current, outputs: execution.taskRunList?.[0]?.outputs }));
            onMessage({ data: { type: 'stop' } });
          }
        },
      };
      await import(${JSON.stringify(path.join(extracted, 'out', 'main', 'sandbox-process.js'))});
      onMessage({ data: { type: 'start', port: 0, dataDir: ${JSON.stringify(dataDir)} } });`;
    const out = await plainNode(['--input-type=module', '-e', script], work, 120_000);
    const line = out.split('\n').find((l) => l.startsWith('{'))!;
    const answer = JSON.parse(line) as { status: number; body: { version?: string }; state: string; outputs?: { values?: Record<string, unknown> } };
    expect(answer.status).toBe(200);
    expect(typeof answer.body.version).toBe('string');
    expect(answer.state).toBe('SUCCESS');
    expect(answer.outputs?.values).toEqual({ jq: '42', day: 'lundi', ion: '{k:"v"}' });
    // No TypeScript loader anywhere in what shipped.
    expect(files.some((f) => f.startsWith('/node_modules/tsx/') || f.startsWith('/node_modules/esbuild/'))).toBe(false);
  });

  it('has the fuses electron-builder.yml declares, flipped from Electron’s defaults', async () => {
    const wire = await fuses.getCurrentFuseWire(path.join(appDir, 'kestra-console'));
    const actual = Object.fromEntries(FUSE_ORDER.map((name, i) => [name, wire[String(i)]]));
    for (const [name, enabled] of Object.entries(builderConfig.electronFuses)) {
      expect(FUSE_ORDER, `unknown fuse ${name}`).toContain(name);
      expect(actual[name], name).toBe(enabled ? 49 : 48); // '1' / '0'
    }
    expect(builderConfig.electronFuses.runAsNode).toBe(false);
    expect(builderConfig.electronFuses.onlyLoadAppFromAsar).toBe(true);
  });

  it('serves the declared CSP: the packaged page’s meta policy is the one main sends, no unsafe-eval', () => {
    const html = asar.extractFile(archive, 'out/renderer/index.html').toString();
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const directives = (policy: string): string[] => policy.split(';').map((d) => d.trim()).filter(Boolean).sort();
    // frame-ancestors is ignored in a <meta> policy; main sends it as a header.
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    // The packaged main process sets that header on every page it serves.
    const mainBundle = files.filter((f) => f.startsWith('/out/main/') && f.endsWith('.js')).map((f) => asar.extractFile(archive, f.slice(1)).toString()).join('\n');
    expect(mainBundle).toContain('Content-Security-Policy');
    for (const directive of directives(CONTENT_SECURITY_POLICY)) expect(mainBundle, directive).toContain(directive);
  });
});

// A hostile script in the renderer (an XSS) calls every method the bridge exposes with hostile
// parameters: raw paths to a secret file and to a file to overwrite, forged and stolen file handles,
// path download targets, file:// URLs, every server's id and ids that do not exist, and no
// confirmations. It runs in Chromium against web mode (the real web bridge and web host), and
// through the Electron IPC double (the real preload and ipcMain transport). It never gets a file
// read (the secret reaches no server and no answer), a file written (the victim is untouched, no
// new file appears, main's save dialog is the only way out and the user dismisses it), a write to
// the read-only server, or a destructive call through on the server that asks for confirmation.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../main/contract/bridge';
import { METHOD_NAMES } from '../../../../main/contract/channels';
import type { ServerInput } from '../../../../main/contract/methods';
import type { Result } from '../../../../main/contract/result';
import { registerConsoleIpc } from '../../../../main/electron/ipc-transport';
import { createPreloadBridge } from '../../../../main/electron/preload-bridge';
import { APP_ORIGIN, isAppUrl } from '../../../../main/electron/window-security';
import { launchBrowser, type TestBrowser } from '../../../fixtures/browser';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { createFakeIpc } from '../../../fixtures/fake-electron-ipc';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { buildBridgeHarness, startTestWebHost, type TestWebHost } from '../../../fixtures/web-host';

// What the harness page holds; these run inside Chromium through page.evaluate.
declare const window: { bridge: { methods: Record<string, (p: unknown) => Promise<unknown>> } };
declare const document: { title: string };

const CANARY = `CANARY-${Math.random().toString(36).slice(2, 10)}-id_rsa`;
const ORIGINAL = 'export PATH=/usr/bin # untouched\n';

interface Fixture {
  home: string;
  secret: string;
  victim: string;
}

interface Targets {
  readOnly: string;
  careful: string;
  careful_ns: string;
  execution: string;
}

type Call = [method: string, params: Record<string, unknown>];

/** Every method, on every server id (and ids that are not servers), with every hostile field at once. */
function hostileCalls(f: Fixture, t: Targets, stolenHandle?: string): Call[] {
  const rawPath = { kind: 'path', path: f.secret };
  const sources: unknown[] = [
    rawPath,
    { kind: 'staged', id: '0'.repeat(32) },
    { kind: 'handle', id: 'f'.repeat(32) },
    { kind: 'handle', id: '../../etc/passwd' },
    f.secret,
    // A flow's source (flows.create/update/validate read `source` as YAML).
    `id: pwn\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: pwned\n`,
    ...(stolenHandle ? [{ kind: 'handle', id: stolenHandle }] : []),
  ];
  const targets: unknown[] = [{ kind: 'path', path: f.victim }, f.victim, { kind: 'dialog', suggestedName: `../../${path.basename(f.victim)}` }, { kind: 'dialog', suggestedName: f.victim }];
  const serverIds = [t.readOnly, t.careful, 'local-sandbox', 'no-such-server', '../servers.json', ''];
  const calls: Call[] = [];
  // Server data first, the registry last: a profile deleted early would hide later writes.
  const ordered = [...METHOD_NAMES].sort((a, b) => Number(a.startsWith('servers.') || a.startsWith('app.')) - Number(b.startsWith('servers.') || b.startsWith('app.')));
  for (const method of ordered) {
    for (const serverId of serverIds) {
      for (let i = 0; i < Math.max(sources.length, targets.length); i += 1) {
        const source = sources[i % sources.length];
        calls.push([
          method,
          {
            serverId,
            namespace: serverId === t.careful ? t.careful_ns : 'company.team',
            id: 'kept',
            key: 'kept',
            keys: ['kept'],
            path: serverId === t.careful ? '/kept.txt' : f.secret,
            from: '/nowhere.txt',
            to: f.victim,
            source,
            files: { upload: source },
            target: targets[i % targets.length],
            uri: `file://${f.secret}`,
            url: i % 2 ? `file://${f.secret}` : 'javascript:alert(1)',
            executionId: t.execution,
            executionIds: [t.execution],
            action: 'delete',
            status: 'KILLED',
            type: 'STRING',
            value: 'pwned',
            text: 'pwned',
            labels: [{ key: 'pwned', value: 'yes' }],
            inputs: { file: f.secret },
            // Relaxing a policy, without the typed name.
            input: { policy: { readOnly: false, confirmDestructive: false }, url: 'http://127.0.0.1:1' },
            secret: 'pwned-secret',
            folder: { kind: 'folder', id: 'f'.repeat(32) },
            relativePath: `../${path.basename(f.home)}/${path.basename(f.victim)}`,
            serverIds: [t.readOnly],
            json: JSON.stringify({ kind: 'kestra-console-servers', servers: [{ name: 'Evil', url: `file://${f.secret}` }] }),
          },
        ]);
      }
    }
  }
  return calls;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function containsCanary(dir: string): string[] {
  return filesUnder(dir).filter((file) => {
    try {
      return readFileSync(file).includes(CANARY);
    } catch {
      return false;
    }
  });
}

const input = (name: string, url: string, policy: ServerInput['policy']): ServerInput => ({ name, url, authKind: 'none', color: '#101010', environment: 'production', policy, tls: {} });

describe('a hostile page calling every bridge method', () => {
  const home = makeTempDir('hostile-home');
  const fixture: Fixture = { home: home.path, secret: path.join(home.path, 'id_rsa'), victim: path.join(home.path, '.bashrc') };
  let frozen: TestSandbox; // behind the read-only profile
  let guarded: TestSandbox; // behind the confirming profile
  let targets: Targets;
  const opened: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    writeFileSync(fixture.secret, `-----BEGIN KEY-----\n${CANARY}\n-----END KEY-----\n`, { mode: 0o600 });
    writeFileSync(fixture.victim, ORIGINAL);
    [frozen, guarded] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    // What the confirming server holds before the attack: a flow, a KV pair, a file, an execution.
    const careful_ns = randomNamespace('careful');
    const api = `${guarded.url}/api/v1/main`;
    const flow = `id: kept\nnamespace: ${careful_ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
    expect((await fetch(`${api}/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: flow })).status).toBe(200);
    expect((await fetch(`${api}/namespaces/${careful_ns}/kv/kept`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '"v"' })).status).toBeLessThan(300);
    const form = new FormData();
    form.append('fileContent', new Blob(['kept']), 'kept.txt');
    expect((await fetch(`${api}/namespaces/${careful_ns}/files?path=/kept.txt`, { method: 'POST', body: form })).status).toBeLessThan(300);
    const execution = (await (await fetch(`${api}/executions/${careful_ns}/kept?wait=true`, { method: 'POST', body: new FormData() })).json()) as { id: string };
    targets = { readOnly: '', careful: '', careful_ns, execution: execution.id };
  }, 120_000);
  afterAll(async () => {
    await Promise.all([frozen?.stop(), guarded?.stop()]);
    home.remove();
  });

  async function addServers(t: TestCore): Promise<Targets> {
    const readOnly = (await t.call('servers.create', { input: input('Frozen prod', frozen.url, { readOnly: true, confirmDestructive: true }) })).id;
    const careful = (await t.call('servers.create', { input: input('Guarded prod', guarded.url, { readOnly: false, confirmDestructive: true }) })).id;
    return { ...targets, readOnly, careful };
  }

  async function assertNothingHappened(results: Result<unknown>[], t: TestCore, ids: Targets): Promise<void> {
    // The profiles are still there, with their policies.
    const servers = await t.call('servers.list', {});
    expect(servers.find((s) => s.id === ids.readOnly)?.policy).toEqual({ readOnly: true, confirmDestructive: true });
    expect(servers.find((s) => s.id === ids.careful)?.policy).toEqual({ readOnly: false, confirmDestructive: true });
    // No file written: the victim is intact and nothing new appeared next to it.
    expect(readFileSync(fixture.victim, 'utf8')).toBe(ORIGINAL);
    expect(filesUnder(home.path).sort()).toEqual([fixture.victim, fixture.secret].sort());
    // No file read: the secret is in no answer and on no server.
    expect(results.filter((r) => JSON.stringify(r).includes(CANARY))).toEqual([]);
    expect(containsCanary(frozen.dataDir)).toEqual([]);
    expect(containsCanary(guarded.dataDir)).toEqual([]);
    // Nothing opened outside https.
    expect(opened.filter((url) => !url.startsWith('https://'))).toEqual([]);
    // Nothing written to the read-only server.
    const frozenApi = `${frozen.url}/api/v1/main`;
    const namespaces = ((await (await fetch(`${frozenApi}/namespaces/search?size=100`)).json()) as { results: { id: string }[] }).results.map((n) => n.id);
    expect(namespaces.filter((n) => n !== 'system')).toEqual([]);
    expect(await (await fetch(`${frozenApi}/executions/search`)).json()).toMatchObject({ total: 0 });
    expect(await (await fetch(`${frozenApi}/flows/search`)).json()).toMatchObject({ total: 0 });
    expect((await fetch(`${frozenApi}/namespaces/company.team/kv/kept`)).status).toBe(404);
    expect(await (await fetch(`${frozenApi}/namespaces/company.team/kv`)).json()).toEqual([]);
    expect((await fetch(`${frozenApi}/namespaces/company.team/files/stats?path=${encodeURIComponent(fixture.secret)}`)).status).toBe(404);
    // Nothing destroyed on the confirming server.
    const api = `${guarded.url}/api/v1/main`;
    expect((await fetch(`${api}/flows/${targets.careful_ns}/kept`)).status).toBe(200);
    expect((await fetch(`${api}/namespaces/${targets.careful_ns}/kv/kept`)).status).toBe(200);
    expect((await fetch(`${api}/namespaces/${targets.careful_ns}/files/stats?path=/kept.txt`)).status).toBe(200);
    expect((await fetch(`${api}/executions/${targets.execution}`)).status).toBe(200);
  }

  describe('through the Electron IPC double', () => {
    let t: TestCore;
    let page: ConsoleBridge;
    let t2: Targets;
    let stolen: string;

    beforeAll(async () => {
      t = await startTestCore({
        openExternal: async (url) => void opened.push(url),
        // Main's save dialog: the user dismisses every one the page opens.
        saveDialog: async (name) => (dialogs.push(name), undefined),
      });
      t2 = await addServers(t);
      const ipc = createFakeIpc();
      const trusted = (event: Parameters<Parameters<typeof registerConsoleIpc>[2]>[0]): boolean => event.senderFrame !== null && event.senderFrame === event.sender.mainFrame && isAppUrl(event.senderFrame.url);
      registerConsoleIpc(ipc.ipcMain, t.core, trusted);
      // Window 1: the user drops the secret file (a legitimate handle, for window 1 only).
      const frame1 = { url: `${APP_ORIGIN}/index.html` };
      const dropped = { name: 'id_rsa', size: 1, type: '' };
      const userWindow = createPreloadBridge({ ipcRenderer: ipc.rendererFor({ id: 1, mainFrame: frame1 }, frame1), getPathForFile: (file) => (file === dropped ? fixture.secret : ''), createChannel: () => new MessageChannel() as never });
      const handle = await userWindow.localFile(dropped);
      expect(handle.ok).toBe(true);
      stolen = (handle as { data: { id: string } }).data.id;
      // Window 2: the hostile page. Its files are never on disk (getPathForFile answers '').
      const frame2 = { url: `${APP_ORIGIN}/index.html` };
      page = createPreloadBridge({ ipcRenderer: ipc.rendererFor({ id: 2, mainFrame: frame2 }, frame2), getPathForFile: () => '', createChannel: () => new MessageChannel() as never });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('gets no file read, no file written, no write to the read-only server', async () => {
      const calls = hostileCalls(fixture, t2, stolen);
      expect(calls.length).toBeGreaterThan(METHOD_NAMES.length * 6);
      const results: Result<unknown>[] = [];
      const methods = page.methods as unknown as Record<string, (p: unknown) => Promise<Result<unknown>>>;
      for (const [method, params] of calls) results.push(await methods[method]!(params));
      // The bridge's own file helpers, with things that are not files on disk.
      const notAFile = { name: 'id_rsa', size: 10, type: '' };
      results.push(await page.localFile(notAFile));
      results.push(await page.uploadFile({ serverId: t2.careful, namespace: 'company.team', path: '/x', ...({ source: { kind: 'path', path: fixture.secret } } as object) }, notAFile));
      for (const method of ['files.download', 'files.export', 'logs.download', 'executions.downloadFile'] as const) {
        results.push(await page.download(method, { serverId: t2.careful, namespace: targets.careful_ns, path: '/kept.txt', executionId: targets.execution, uri: `file://${fixture.secret}`, target: { kind: 'path', path: fixture.victim } } as never, '../../.bashrc'));
      }
      await assertNothingHappened(results, t, t2);
      // The stolen handle was refused as another window's.
      expect(results.some((r) => !r.ok && /belongs to another window|no longer available/.test(r.error.message))).toBe(true);
      // Every write to the read-only server was refused by main.
      expect(results.some((r) => !r.ok && /read-only/.test(r.error.message))).toBe(true);
      // Downloads only ever went to main's dialog, with a clean name.
      expect(dialogs.length).toBeGreaterThan(0);
      for (const name of dialogs) expect(name).not.toMatch(/[/\\]/);
    }, 300_000);
  });

  describe('in Chromium against web mode', () => {
    let harness: Awaited<ReturnType<typeof buildBridgeHarness>>;
    let w: TestWebHost;
    let browser: TestBrowser;
    let t2: Targets;

    beforeAll(async () => {
      harness = await buildBridgeHarness();
      // Web mode has no save dialog and no openExternal in main: the browser does both.
      w = await startTestWebHost({ staticDir: harness.dir, core: { saveDialog: undefined, openExternal: async (url) => void opened.push(url) } });
      t2 = await addServers(w.t);
      browser = await launchBrowser();
      await browser.page.goto(w.host.url);
      await browser.page.waitForFunction(() => document.title === 'bridge ready');
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await w?.stop();
      harness?.remove();
    });

    it('gets no file read, no file written, no write to the read-only server', async () => {
      const calls = hostileCalls(fixture, t2);
      const results = await browser.page.evaluate(async (list) => {
        const bridge = window.bridge;
        const out: unknown[] = [];
        for (const [method, params] of list) out.push(await bridge.methods[method]!(params));
        return out;
      }, calls);
      // Straight at the web host too, as a script on the page could: raw-path uploads and stages.
      const post = (p: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
        fetch(`${w.host.origin}${p}`, { method: 'POST', headers: { 'x-console-token': w.host.token, origin: w.host.origin, ...headers }, body });
      const direct: Result<unknown>[] = [];
      const uploadParams = encodeURIComponent(JSON.stringify({ serverId: t2.readOnly, namespace: 'company.team', path: fixture.secret, source: { kind: 'path', path: fixture.secret } }));
      direct.push((await (await post(`/upload?params=${uploadParams}`, 'x')).json()) as Result<unknown>);
      direct.push((await (await post(`/stage?name=${encodeURIComponent(fixture.secret)}`, 'x')).json()) as Result<unknown>);
      const prepare = (await (await post('/download/prepare', JSON.stringify({ method: 'files.download', params: { serverId: t2.careful, namespace: targets.careful_ns, path: '/kept.txt', target: { kind: 'path', path: fixture.victim } }, suggestedName: fixture.victim }), { 'content-type': 'application/json' })).json()) as Result<{ ticket: string }>;
      direct.push(prepare);
      await assertNothingHappened([...(results as Result<unknown>[]), ...direct], w.t, t2);
      expect((results as Result<unknown>[]).some((r) => !r.ok && /read-only/.test(r.error.message))).toBe(true);
    }, 300_000);
  });
});

// KV store pane end to end: Chromium against web mode and the Local sandbox. Every pair is created
// through the UI and read back through the Kestra API to check the stored type.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, screenshotPath, type TestBrowser } from '../fixtures/browser';
import { makeTempDir, randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole, type WebConsole } from '../fixtures/web-console';
import { AppShellPage } from './pages/app-shell.page';
import { localSandboxUrl } from './pages/kv-files-rpc';
import { KvPage } from './pages/kv.page';
import { WorkspacePage } from './pages/kv-files-workspace.page';


describe('KV store pane', () => {
  let console_: WebConsole;
  let browser: TestBrowser;
  let sandbox: string;
  let kv: KvPage;
  let workspace: WorkspacePage;
  const ns = randomNamespace('kv');
  const temp = makeTempDir('kv-e2e');

  const api = (p: string, init?: RequestInit): Promise<Response> => fetch(`${sandbox}/api/v1/main${p}`, init);
  const getKv = async (key: string, namespace = ns): Promise<{ status: number; body: { type?: string; value?: unknown } }> => {
    const response = await api(`/namespaces/${namespace}/kv/${key}`);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { type?: string; value?: unknown }) : {} };
  };
  const putKv = (key: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    api(`/namespaces/${ns}/kv/${key}`, { method: 'PUT', headers: { 'Content-Type': 'text/plain', ...headers }, body });

  beforeAll(async () => {
    console_ = await startWebConsole();
    sandbox = await localSandboxUrl(console_);
    browser = await launchBrowser();
    kv = new KvPage(browser.page);
    workspace = new WorkspacePage(browser.page);
    await new AppShellPage(browser.page).open(console_.url);
    await workspace.openPane('KV store');
  });
  afterAll(async () => {
    await browser?.close();
    await console_?.stop();
    temp.remove();
  });

  it('creates one pair of each type through the editor, stored with the right type', async () => {
    // The first pair also creates the namespace (from the all-namespaces view).
    await workspace.selectAllNamespaces();
    await kv.create({ namespace: ns, key: 'str_number', type: 'STRING', value: '123', description: 'a string that looks like a number' });
    await workspace.selectNamespace(ns);
    await kv.create({ key: 'num', type: 'NUMBER', value: '42.5' });
    await kv.create({ key: 'flag', type: 'BOOLEAN', value: 'false' });
    await kv.create({ key: 'day', type: 'DATE', value: '2024-02-29' });
    await kv.create({ key: 'when', type: 'DATETIME', value: '2021-09-01T01:02:03Z' });
    await kv.create({ key: 'wait', type: 'DURATION', value: 'PT5M' });
    await kv.create({ key: 'config', type: 'JSON', value: '{"a": [1, 2], "b": {"c": "x"}}' });

    expect(await getKv('str_number')).toEqual({ status: 200, body: expect.objectContaining({ type: 'STRING', value: '123' }) });
    expect((await getKv('num')).body).toMatchObject({ type: 'NUMBER', value: 42.5 });
    expect((await getKv('flag')).body).toMatchObject({ type: 'BOOLEAN', value: false });
    expect((await getKv('day')).body).toMatchObject({ type: 'DATE', value: '2024-02-29' });
    expect((await getKv('when')).body).toMatchObject({ type: 'DATETIME' });
    expect(Date.parse(String((await getKv('when')).body.value))).toBe(Date.parse('2021-09-01T01:02:03Z'));
    expect((await getKv('wait')).body).toMatchObject({ type: 'DURATION', value: 'PT5M' });
    expect((await getKv('config')).body).toMatchObject({ type: 'JSON', value: { a: [1, 2], b: { c: 'x' } } });

    // The table shows each with its type and a quoted string value.
    await kv.row('str_number').getByText('"123"').waitFor();
    await kv.row('config').getByText('JSON', { exact: true }).waitFor();
    await browser.page.screenshot({ path: screenshotPath('kv-pane.png') });
  });

  it('refuses a bad key with Kestra rule and bad JSON with its position, before any request', async () => {
    await kv.openNew();
    await kv.fill({ key: '_bad key', type: 'STRING', value: 'x' });
    await kv.alerts().getByText(/Key must start with an alphanumeric character/).waitFor();
    await kv.fill({ key: 'json_bad', type: 'JSON', value: '{"a": 1,\n "b": }' });
    await kv.alerts().getByText('Invalid JSON at line 2, column 7 (position 15): Unexpected \'}\'; expected a value.').waitFor();
    await kv.submit();
    await browser.page.screenshot({ path: screenshotPath('kv-editor-errors.png') });
    await browser.page.keyboard.press('Escape');
    await kv.dialog().waitFor({ state: 'detached' });
    expect((await getKv('json_bad')).status).toBe(404);
  });

  it('never masks a value for its key name; Hide values masks them all for screen sharing, and copies the kv() expression', async () => {
    await putKv('db_password', '"s3cret-value"');
    await kv.refresh();
    const row = kv.row('db_password');
    // Kestra's KV store has no secret type: a plain string shows as stored, whatever its key.
    await row.getByText('"s3cret-value"').waitFor();
    const hide = kv.pane().getByRole('button', { name: 'Hide values' });
    await hide.click();
    await row.getByLabel('Value hidden').waitFor();
    expect(await kv.pane().getByText('s3cret-value').count()).toBe(0);
    await expect(hide.getAttribute('aria-pressed')).resolves.toBe('true');
    await hide.click();
    await row.getByText('"s3cret-value"').waitFor();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: console_.origin });
    await kv.row('num').getByRole('button', { name: 'Copy expression for num' }).click();
    await vi.waitFor(async () => expect(await browser.page.evaluate('navigator.clipboard.readText()')).toBe("{{ kv('num') }}"));
  });

  it('sets a TTL and sees the pair expire', async () => {
    await kv.create({ key: 'short_lived', type: 'STRING', value: 'soon gone', ttl: 'PT2S' });
    const entry = async () => ((await (await api(`/namespaces/${ns}/kv`)).json()) as { key: string; expirationDate?: string }[]).find((e) => e.key === 'short_lived');
    const expiration = (await entry())?.expirationDate;
    expect(expiration).toBeDefined();
    expect(Date.parse(expiration!) - Date.now()).toBeLessThan(3000);
    // Wait on the server's own clock: Kestra answers 410 once the pair has expired.
    await vi.waitFor(async () => expect((await getKv('short_lived')).status).toBeGreaterThanOrEqual(404), { timeout: 15_000, interval: 250 });
    await kv.refresh();
    await vi.waitFor(async () => expect(await kv.row('short_lived').count()).toBe(0), { timeout: 10_000 });
  });

  it('bulk deletes the selected pairs', async () => {
    await putKv('bulk_a', '"a"');
    await putKv('bulk_b', '"b"');
    await kv.refresh();
    await kv.select('bulk_a');
    await kv.select('bulk_b');
    await kv.deleteSelected();
    await workspace.confirm('Delete');
    await workspace.toast('Deleted 2 keys').waitFor();
    expect((await getKv('bulk_a')).status).toBe(404);
    expect((await getKv('bulk_b')).status).toBe(404);
    await vi.waitFor(async () => expect(await kv.row('bulk_a').count()).toBe(0));
  });

  it('exports the namespace to JSON and imports a changed file after a preview', async () => {
    const file = await kv.exportNamespace();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { namespace: string; entries: { key: string; type: string; value: unknown }[] };
    expect(exported.namespace).toBe(ns);
    const byKey = Object.fromEntries(exported.entries.map((e) => [e.key, e]));
    expect(byKey.str_number).toMatchObject({ type: 'STRING', value: '123' });
    expect(byKey.config).toMatchObject({ type: 'JSON', value: { a: [1, 2], b: { c: 'x' } } });
    expect(byKey.flag).toMatchObject({ type: 'BOOLEAN', value: false });

    // Change one value and add one key, then import it back.
    const changed = { ...exported, entries: [...exported.entries.map((e) => (e.key === 'num' ? { ...e, value: 7 } : e)), { key: 'imported', type: 'STRING', value: '0042' }] };
    const importPath = path.join(temp.path, 'kv-import.json');
    writeFileSync(importPath, JSON.stringify(changed));
    await kv.importFile(importPath);
    await kv.dialog().getByRole('button', { name: 'Preview changes' }).click();
    await kv.dialog().getByText(/1 to add, 1 to update, \d+ unchanged/).waitFor();
    await kv.dialog().getByRole('row', { name: 'Update num' }).waitFor();
    await browser.page.screenshot({ path: screenshotPath('kv-import-preview.png') });
    await kv.dialog().getByRole('button', { name: 'Write 2 change(s)' }).click();
    await kv.dialog().getByText(/Wrote 2 key\(s\)/).waitFor();
    await kv.dialog().getByRole('button', { name: 'Close' }).first().click();
    expect((await getKv('num')).body).toMatchObject({ type: 'NUMBER', value: 7 });
    expect((await getKv('imported')).body).toMatchObject({ type: 'STRING', value: '0042' });
  });

  it('shows pairs inherited from the parent namespace apart', async () => {
    const parent = ns.split('.').slice(0, -1).join('.');
    const response = await api(`/namespaces/${parent}/kv/${ns.split('.').pop()}_parent_key`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '"from parent"' });
    expect(response.status).toBe(200);
    await kv.refresh();
    const inherited = kv.pane().getByRole('region', { name: 'Inherited KV pairs' });
    await inherited.getByText(`${ns.split('.').pop()}_parent_key`).waitFor();
    expect(await kv.row(`${ns.split('.').pop()}_parent_key`).count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, STREAM_NAMES } from '../../../../main/contract/channels';
import { WEB_OWNER } from '../../../../main/ipc/web-host';
import { startTestWebHost, type TestWebHost } from '../../../fixtures/web-host';

/** Reads a /stream response into its events. */
async function readStream(response: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!);
      return { event, data };
    });
}

describe('web transport', () => {
  let w: TestWebHost;
  let hung: http.Server;
  let hungUrl: string;
  beforeAll(async () => {
    w = await startTestWebHost();
    // A server that accepts connections and never answers.
    hung = http.createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hung?.closeAllConnections();
    await new Promise((r) => hung?.close(r));
    await w?.stop();
  });

  it('refuses API requests without the token, with a wrong token, from another Origin or Host', async () => {
    const url = `${w.host.origin}/rpc/servers.list`;
    const body = JSON.stringify({ params: {} });
    expect((await fetch(url, { method: 'POST', body })).status).toBe(403);
    expect((await fetch(url, { method: 'POST', body, headers: { 'x-console-token': `${w.host.token}x` } })).status).toBe(403);
    expect((await fetch(url, { method: 'POST', body, headers: { 'x-console-token': w.host.token, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(url, { method: 'POST', body, headers: { 'x-console-token': w.host.token, origin: 'null' } })).status).toBe(403);
    for (const pathname of ['/stream/logs.follow', '/upload?params=%7B%7D', '/stage', '/download/prepare']) {
      expect((await fetch(`${w.host.origin}${pathname}`, { method: 'POST', body: '{}' })).status).toBe(403);
    }
    // DNS rebinding: a Host other than our loopback listener is refused before anything else.
    const rebound = await new Promise<number>((resolve) => {
      const req = http.request(url, { method: 'POST', headers: { host: 'evil.example', 'x-console-token': w.host.token } }, (res) => resolve(res.statusCode ?? 0));
      req.end(body);
    });
    expect(rebound).toBe(421);
    expect((await fetch(url, { headers: { 'x-console-token': w.host.token } })).status).toBe(405);
    // The token is accepted.
    const ok = await w.post('/rpc/servers.list', { params: {} });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('serves static files without escaping the folder, with the CSP on HTML', async () => {
    const index = await fetch(`${w.host.origin}/`);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(index.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    expect((await fetch(`${w.host.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${w.host.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('reaches every handler of the table (each answers with a Result, none is unknown)', async () => {
    for (const method of METHOD_NAMES) {
      const response = await w.post(`/rpc/${method}`, { params: { serverId: 'no-such-server' }, requestId: `r-${method}` });
      expect(response.status, method).toBe(200);
      const result = (await response.json()) as { ok: boolean; error?: { kind: string; message: string } };
      if (!result.ok) expect(result.error!.message, method).not.toMatch(/Unknown method|not implemented/i);
    }
    const unknown = (await (await w.post('/rpc/no.such', { params: {} })).json()) as { ok: boolean; error: { message: string } };
    expect(unknown.error.message).toMatch(/Unknown method/);
  });

  it('reaches every stream, and reports an unknown one', async () => {
    for (const stream of STREAM_NAMES) {
      const events = await readStream(await w.post(`/stream/${stream}`, { params: { serverId: 'no-such-server', executionId: 'abc', transferId: '' } }));
      const end = events.at(-1)!;
      expect(end.event, stream).toBe('end');
      expect((end.data as { error?: { message: string } }).error?.message, stream).not.toMatch(/Unknown stream/);
    }
    const events = await readStream(await w.post('/stream/nope', { params: {} }));
    expect(events).toEqual([{ event: 'end', data: { error: expect.objectContaining({ kind: 'validation', message: expect.stringMatching(/Unknown stream/) }) } }]);
  });

  it('cancels an in-flight call by request id, upstream included', async () => {
    const input = { name: 'Hung', url: hungUrl, authKind: 'none', color: '#000000', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    let upstreamClosed = false;
    hung.once('connection', (socket) => socket.once('close', () => (upstreamClosed = true)));
    const pending = w.post('/rpc/servers.testConnection', { params: { input }, requestId: 'hung-1' });
    await new Promise((r) => hung.once('request', r));
    await w.post('/rpc/cancel', { requestId: 'hung-1' });
    const result = (await (await pending).json()) as { ok: boolean; error: { kind: string } };
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await expect.poll(() => upstreamClosed).toBe(true);
  });

  it('stages a request body (single use) and refuses a body that is cut short', async () => {
    const data = Buffer.alloc(300_000, 7);
    const response = await fetch(`${w.host.origin}/stage?name=${encodeURIComponent('input.bin')}`, {
      method: 'POST',
      headers: { 'x-console-token': w.host.token, origin: w.host.origin },
      body: data,
    });
    const staged = (await response.json()) as { ok: boolean; data: { kind: string; id: string } };
    expect(staged).toMatchObject({ ok: true, data: { kind: 'handle' } });
    // Issued to the web host's caller only.
    await expect(w.t.core.transfers.resolve(staged.data, 'window-1')).rejects.toThrow(/no longer available/);
    const source = await w.t.core.transfers.resolve(staged.data, WEB_OWNER);
    expect(source.size).toBe(data.length);
    await source.release();
    await expect(w.t.core.transfers.resolve(staged.data, WEB_OWNER)).rejects.toThrow(/already used/);
  });

  it('refuses a download ticket that was never issued, and issues one only for download methods', async () => {
    expect((await fetch(`${w.host.origin}/download/not-a-ticket`)).status).toBe(404);
    const refused = (await (await w.post('/download/prepare', { method: 'servers.list', params: {} })).json()) as { ok: boolean };
    expect(refused.ok).toBe(false);
    const issued = (await (await w.post('/download/prepare', { method: 'logs.download', params: { serverId: 'nope', executionId: 'x' }, suggestedName: 'x.log' })).json()) as { ok: boolean; data: { ticket: string } };
    expect(issued.ok).toBe(true);
    const wait = w.post(`/download/wait/${issued.data.ticket}`, {});
    const first = await fetch(`${w.host.origin}/download/${issued.data.ticket}`).catch(() => undefined);
    expect(first?.ok ?? false).toBe(false); // unknown server: no file
    expect(((await (await wait).json()) as { ok: boolean }).ok).toBe(false);
    // One use only.
    expect((await fetch(`${w.host.origin}/download/${issued.data.ticket}`)).status).toBe(404);
  });
});

// Time limits of the web host, over raw sockets: a refused request is answered and closed, never
// drained; stalled unauthenticated requests, slow headers and stalled call bodies are cut; only
// authenticated transfers and calls get unlimited time.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type RunningWebHost } from '../../../../main/ipc/web-host';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

const LIMITS = { headersMs: 1_500, idleMs: 1_000, bodyMs: 2_000 };

interface RawClient {
  socket: net.Socket;
  closed: Promise<void>;
  isClosed(): boolean;
  /** Everything the server sent so far. */
  received(): string;
  /** Bytes the socket managed to hand to the kernel. */
  written(): number;
}

function connect(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    let written = 0;
    const closed = new Promise<void>((r) => socket.once('close', () => ((done = true), r())));
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const write = socket.write.bind(socket);
    socket.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
      written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof socket.write;
    socket.once('connect', () => resolve({ socket, closed, isClosed: () => done, received: () => text, written: () => written }));
    socket.once('error', reject);
  });
}

describe('web host time limits', () => {
  let t: TestCore;
  // Short limits, to see them act; the default ones where a test is about refusals, so a loaded
  // machine cannot turn a refusal into an idle cut.
  let host: RunningWebHost;
  let port: number;
  let relaxed: RunningWebHost;
  let relaxedPort: number;
  const statics = makeTempDir('limits-static');

  beforeAll(async () => {
    t = await startTestCore();
    host = await startWebHost({ services: t.core.web, staticDir: statics.path, limits: LIMITS });
    port = Number(new URL(host.origin).port);
    relaxed = await startWebHost({ services: t.core.web, staticDir: statics.path });
    relaxedPort = Number(new URL(relaxed.origin).port);
  });
  afterAll(async () => {
    await relaxed?.close();
    await host?.close();
    await t?.stop();
    statics.remove();
  });

  const head = (path: string, headers: Record<string, string | number>, to = port): string =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${to}\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;

  it('answers an unauthenticated 200 MiB upload with 403 and closes it without reading the body', async () => {
    const size = 200 * 1024 * 1024;
    const client = await connect(relaxedPort);
    client.socket.write(head('/upload?params=%7B%7D', { 'x-console-token': 'wrong', 'content-length': size, 'content-type': 'application/octet-stream' }, relaxedPort));
    const chunk = Buffer.alloc(256 * 1024, 1);
    // Write as fast as the connection takes it, until the server closes it.
    for (let sent = 0; sent < size && !client.isClosed() && !client.socket.destroyed; sent += chunk.length) {
      if (!client.socket.write(chunk)) await new Promise((r) => (client.socket.once('drain', r), client.socket.once('close', r)));
    }
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 403/);
    // The kernel's buffers take a few MiB; a drained body would have taken all 200.
    expect(client.written()).toBeLessThan(64 * 1024 * 1024);
  });

  it('closes 20 stalled unauthenticated uploads', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(relaxedPort)));
    clients.forEach((client, i) => {
      // Headers, then nothing: a declared body, or a chunked one that never sends its first chunk.
      const framing: Record<string, string | number> = i % 2 === 0 ? { 'content-length': 1_000_000 } : { 'transfer-encoding': 'chunked' };
      client.socket.write(head(i % 4 < 2 ? '/upload?params=%7B%7D' : '/stage?name=x', { 'x-console-token': 'nope', ...framing }, relaxedPort));
    });
    await Promise.all(clients.map((c) => c.closed));
    for (const client of clients) {
      expect(client.received()).toMatch(/^HTTP\/1\.1 403/);
      // Closed on purpose right after the answer, not kept alive for the rest of the body.
      expect(client.received()).toMatch(/\r\nConnection: close\r\n/i);
    }
  });

  it('closes a connection whose headers never finish', async () => {
    const client = await connect(port);
    client.socket.write(`POST /rpc/servers.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-console-token: ${host.token}\r\n`);
    await client.closed;
    expect(client.isClosed()).toBe(true);
  });

  it('closes an authenticated call whose body stalls', async () => {
    const client = await connect(port);
    client.socket.write(head('/rpc/servers.list', { 'x-console-token': host.token, 'content-length': 100, 'content-type': 'application/json' }));
    client.socket.write('{"params":');
    await client.closed;
    expect(client.received()).not.toMatch(/"ok":true/);
  });

  it('gives an authenticated upload that pauses longer than the idle limit all the time it needs', async () => {
    const namespace = randomNamespace('slow');
    const size = 64 * 1024;
    const params = encodeURIComponent(JSON.stringify({ serverId: 'local-sandbox', namespace, path: '/slow.bin', name: 'slow.bin' }));
    const client = await connect(port);
    client.socket.write(head(`/upload?params=${params}`, { 'x-console-token': host.token, 'content-length': size, 'content-type': 'application/octet-stream' }));
    client.socket.write(Buffer.alloc(size / 2, 2));
    await new Promise((r) => setTimeout(r, LIMITS.idleMs * 4));
    expect(client.isClosed()).toBe(false);
    client.socket.write(Buffer.alloc(size / 2, 2));
    await expect.poll(() => client.received(), { timeout: 20_000 }).toMatch(/"ok":true/);
    expect(await t.call('files.stats', { serverId: 'local-sandbox', namespace, path: '/slow.bin' })).toMatchObject({ size });
    client.socket.destroy();
  });

  it('keeps an authenticated live stream open while it is quiet', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}/stream/transfers.progress`, {
      method: 'POST',
      headers: { 'x-console-token': host.token, origin: host.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ params: { transferId: 'quiet-1' } }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await new Promise((r) => setTimeout(r, LIMITS.idleMs * 4));
    t.core.transfers.progress.emit('quiet-1', { bytes: 1, total: 2 });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"bytes":1');
    controller.abort();
  });
});

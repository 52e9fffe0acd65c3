// KestraHttp against a real local HTTP server: what an open (streamed) body leaves behind.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KestraHttp } from './kestra-http';

describe('KestraHttp open bodies', () => {
  let server: http.Server;
  let client: KestraHttp;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      // /slow stays open (a live follow); anything else ends at once.
      if (req.url === '/slow') res.write(': open\n\n');
      else res.end('id: end\ndata: {}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new KestraHttp({ baseUrl: base, timeouts: { connectMs: 5_000, requestMs: 5_000 }, credentials: async () => ({ authKind: 'none' }) });
  });
  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lets go of the caller signal once each body is read, however often one signal reopens', async () => {
    const follow = new AbortController();
    for (let i = 0; i < 25; i += 1) {
      const response = await client.open({ method: 'GET', url: new URL('/stream', base), kind: 'stream', signal: follow.signal, what: 'following' });
      for await (const chunk of response.body) expect(chunk).toBeTruthy();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(getEventListeners(follow.signal, 'abort')).toHaveLength(0);
  });

  it('still cancels a body that is open when the caller aborts', async () => {
    const url = new URL('/slow', base);
    const follow = new AbortController();
    const response = await client.open({ method: 'GET', url, kind: 'stream', signal: follow.signal, what: 'following' });
    const closed = new Promise((resolve) => response.body.once('close', resolve));
    follow.abort();
    await closed;
    expect(response.body.destroyed).toBe(true);
  });
});

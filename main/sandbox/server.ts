import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/** The Kestra 1.3-compatible version the sandbox reports, so clients pick the tenant path form. */
export const SANDBOX_KESTRA_VERSION = '1.3.25';

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  mkdirSync(options.dataDir, { recursive: true });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method === 'GET' && url.pathname === '/api/v1/configs') {
      sendJson(res, 200, {
        version: SANDBOX_KESTRA_VERSION,
        edition: 'OSS',
        isBasicAuthInitialized: false,
        systemNamespace: 'system',
        sandbox: true,
      });
      return;
    }
    sendJson(res, 404, { message: 'Not Found', _links: { self: { href: url.pathname, templated: false } } });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    dataDir: options.dataDir,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// What the fleet benchmarks share: sandboxes in their own processes (as real servers are), a relay
// that answers late, seeding over plain HTTP, and the resident memory of a process tree.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSandboxProcess, type SandboxProcess } from '../fixtures/sandbox';
import { makeTempDir } from '../fixtures/temp-dir';
import type { WebConsole } from '../fixtures/web-console';
import { rpc } from '../e2e/pages/console-api';

export interface Sandboxes {
  all: SandboxProcess[];
  stop(): Promise<void>;
}

/**
 * `count` sandboxes, each its own process with its own data folder. Started three at a time (ten
 * cold tsx starts at once take longer than a start's timeout on two busy cores); when one fails to
 * start, the ones already running are killed, so a failed run leaves no process behind.
 */
export async function startSandboxes(count: number): Promise<Sandboxes> {
  const temp = makeTempDir('fleet-bench');
  const all: SandboxProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(all.map((s) => s.kill('SIGKILL')));
    temp.remove();
  };
  try {
    await inParallel(
      Array.from({ length: count }, (_, index) => index),
      3,
      async (index) => {
        const dir = path.join(temp.path, `s${index}`);
        mkdirSync(dir);
        all[index] = await spawnSandboxProcess(dir);
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { all, stop };
}

/** A relay that holds every request `delayMs` before passing it on (a slow server, or a slow link to it). */
export async function delayRelay(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function addServer(web: WebConsole, name: string, url: string): Promise<string> {
  const server = await rpc<{ id: string }>(web, 'servers.create', {
    input: { name, url, authKind: 'none', color: '#4466aa', environment: 'staging', policy: { confirmDestructive: false, readOnly: false }, tls: {} },
  });
  return server.id;
}

/** Runs `work` over `items`, `limit` at a time; after a failure no new item starts, the running ones finish, then it throws. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: limit }, async () => {
      while (!failed && next < items.length) {
        const item = items[next++]!;
        await work(item).catch((error: unknown) => {
          failed = true;
          throw error;
        });
      }
    }),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
}

export async function ok(response: Promise<Response>, what: string): Promise<void> {
  const answer = await response;
  if (!answer.ok) throw new Error(`${what}: ${answer.status} ${await answer.text()}`);
  await answer.arrayBuffer();
}

export const api = (url: string): string => `${url}/api/v1/main`;

export function postFlow(url: string, source: string): Promise<void> {
  return ok(fetch(`${api(url)}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source }), 'create flow');
}

export function putFile(url: string, namespace: string, filePath: string, content: string | Buffer): Promise<void> {
  const form = new FormData();
  form.append('fileContent', new Blob([content]), filePath.split('/').pop()!);
  return ok(fetch(`${api(url)}/namespaces/${namespace}/files?path=${encodeURIComponent(filePath)}`, { method: 'POST', body: form }), 'upload file');
}

export function putKv(url: string, namespace: string, key: string, json: string): Promise<void> {
  return ok(fetch(`${api(url)}/namespaces/${namespace}/kv/${key}`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: json }), 'put kv');
}

/** Resident memory of a process and all its descendants (Linux /proc), in bytes. */
export function treeRssBytes(pid: number): number {
  let total = 0;
  const visit = (p: number): void => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // the process ended while we looked
    }
  };
  visit(pid);
  return total;
}

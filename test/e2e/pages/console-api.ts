// Direct access for test setup and assertions: the console's own RPC (with the launch token) and
// the Local sandbox's Kestra API (what another user or a CI job would do behind our back).
import type { WebConsole } from '../../fixtures/web-console';

// A request id per call: the host treats a repeated id as the same request (a second one cancels the first).
let calls = 0;

export async function rpc<T>(web: WebConsole, method: string, params: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${web.origin}/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-console-token': web.token },
    body: JSON.stringify({ params, requestId: `test-${Date.now()}-${++calls}` }),
  });
  const result = (await response.json()) as { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
  return result.data;
}

/**
 * The Local sandbox, once it is running (it starts in the background), reachable without its
 * token: a relay of the test fixture adds it (the sandbox itself refuses anyone without it).
 */
export function localSandboxUrl(web: WebConsole, timeoutMs = 60_000): Promise<string> {
  return web.localSandbox(timeoutMs);
}

/** The sandbox's Kestra API (OSS 1.x tenant form). */
export class SandboxApi {
  constructor(readonly baseUrl: string) {}

  private url(path: string): string {
    return `${this.baseUrl}/api/v1/main${path}`;
  }

  async getFlow(namespace: string, id: string): Promise<{ status: number; revision?: number; source?: string }> {
    const response = await fetch(this.url(`/flows/${namespace}/${id}?source=true`));
    if (!response.ok) return { status: response.status };
    const body = (await response.json()) as { revision: number; source: string };
    return { status: response.status, revision: body.revision, source: body.source };
  }

  async putFlow(namespace: string, id: string, source: string): Promise<{ revision: number }> {
    const response = await fetch(this.url(`/flows/${namespace}/${id}`), { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    if (!response.ok) throw new Error(`PUT flow: ${response.status} ${await response.text()}`);
    return (await response.json()) as { revision: number };
  }

  async createFlow(source: string): Promise<void> {
    const response = await fetch(this.url('/flows'), { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source });
    if (!response.ok) throw new Error(`POST flow: ${response.status} ${await response.text()}`);
  }

  async executions(namespace: string, flowId: string): Promise<{ id: string; inputs?: Record<string, unknown>; labels?: { key: string; value: string }[] }[]> {
    const response = await fetch(this.url(`/executions/search?namespace=${encodeURIComponent(namespace)}&flowId=${encodeURIComponent(flowId)}&size=50`));
    if (!response.ok) throw new Error(`executions search: ${response.status}`);
    return ((await response.json()) as { results: { id: string; inputs?: Record<string, unknown>; labels?: { key: string; value: string }[] }[] }).results;
  }
}

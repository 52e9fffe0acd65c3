// Shared by the fleet's integration tests: server profiles, flow sources, and the raw Kestra API
// of a sandbox (what someone else does behind the console's back).
import type { ServerInput } from '../../../../main/contract/methods';
import type { TestSandbox } from '../../../fixtures/sandbox';

export const serverInput = (name: string, url: string, policy: ServerInput['policy'] = { readOnly: false, confirmDestructive: false }): ServerInput => ({
  name,
  url,
  authKind: 'none',
  color: '#336699',
  environment: policy.confirmDestructive ? 'production' : 'development',
  policy,
  tls: {},
});

export function flowYaml(namespace: string, id: string, body = ''): string {
  return `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hello from ${id}\n${body}`;
}

export const subflowTask = (taskId: string, namespace: string, flowId: string): string =>
  `  - id: ${taskId}\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${namespace}\n    flowId: ${flowId}\n`;

/** Raw Kestra API of a sandbox (what someone else does behind the console's back). */
export class Raw {
  constructor(readonly sandbox: TestSandbox) {}
  private url(p: string): string {
    return `${this.sandbox.api()}${p}`;
  }
  async createFlow(source: string): Promise<void> {
    const response = await fetch(this.url('/flows'), { method: 'POST', headers: { 'Content-Type': 'application/x-yaml', ...this.sandbox.adminHeaders }, body: source });
    if (!response.ok) throw new Error(`create flow: ${response.status} ${await response.text()}`);
  }
  async putFlow(namespace: string, id: string, source: string): Promise<number> {
    const response = await fetch(this.url(`/flows/${namespace}/${id}`), { method: 'PUT', headers: { 'Content-Type': 'application/x-yaml', ...this.sandbox.adminHeaders }, body: source });
    if (!response.ok) throw new Error(`put flow: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { revision: number }).revision;
  }
  async flow(namespace: string, id: string): Promise<{ revision: number; source: string } | undefined> {
    const response = await fetch(this.url(`/flows/${namespace}/${id}?source=true`), { headers: this.sandbox.adminHeaders });
    if (response.status === 404) return undefined;
    return (await response.json()) as { revision: number; source: string };
  }
  async putFile(namespace: string, filePath: string, content: string | Buffer): Promise<void> {
    const form = new FormData();
    form.append('fileContent', new Blob([content]), filePath.split('/').pop()!);
    const response = await fetch(this.url(`/namespaces/${namespace}/files?path=${encodeURIComponent(filePath)}`), { method: 'POST', body: form, headers: this.sandbox.adminHeaders });
    if (!response.ok) throw new Error(`put file: ${response.status} ${await response.text()}`);
  }
  async file(namespace: string, filePath: string): Promise<Buffer | undefined> {
    const response = await fetch(this.url(`/namespaces/${namespace}/files?path=${encodeURIComponent(filePath)}`), { headers: this.sandbox.adminHeaders });
    if (response.status === 404) return undefined;
    return Buffer.from(await response.arrayBuffer());
  }
  async putKv(namespace: string, key: string, json: string): Promise<void> {
    const response = await fetch(this.url(`/namespaces/${namespace}/kv/${key}`), { method: 'PUT', headers: { 'Content-Type': 'text/plain', ...this.sandbox.adminHeaders }, body: json });
    if (!response.ok) throw new Error(`put kv: ${response.status} ${await response.text()}`);
  }
  async kv(namespace: string, key: string): Promise<{ type: string; value: unknown } | undefined> {
    const response = await fetch(this.url(`/namespaces/${namespace}/kv/${key}`), { headers: this.sandbox.adminHeaders });
    if (response.status === 404) return undefined;
    return (await response.json()) as { type: string; value: unknown };
  }
}

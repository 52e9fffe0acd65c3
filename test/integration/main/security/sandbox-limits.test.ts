// Bad input at the sandbox's entry points gets a clear 4xx and costs neither its stack nor its
// memory: zip bombs (by ratio and size), huge and deeply nested flow YAML, deeply nested JSON.
// The memory check runs the sandbox in its own process and reads its resident size.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { spawnSandboxNode, type SandboxNodeProcess } from '../../../fixtures/sandbox-node-process';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

const DEEP_JSON_ARRAY = '['.repeat(100_000) + ']'.repeat(100_000);
const DEEP_JSON_OBJECT = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);

/** A zip holding one entry of `size` zero bytes (compresses about a thousand times). */
async function zeroZip(name: string, size: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  let left = size;
  const chunk = Buffer.alloc(1024 * 1024);
  zip.addReadStream(
    new Readable({
      read() {
        if (left <= 0) return void this.push(null);
        const n = Math.min(left, chunk.length);
        left -= n;
        this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      },
    }),
    name,
    { size },
  );
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

function flowYaml(namespace: string, extra = ''): string {
  return `id: limits\nnamespace: ${namespace}\n${extra}tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
}

describe('sandbox limits at its entry points', () => {
  let sandbox: TestSandbox;
  let api: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = `${sandbox.url}/api/v1/main`;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const upload = (namespace: string, name: string, data: Buffer): Promise<Response> => {
    const form = new FormData();
    form.append('fileContent', new Blob([data]), name);
    return fetch(`${api}/namespaces/${namespace}/files?path=/${name}`, { method: 'POST', body: form });
  };

  it('refuses a zip that expands far beyond its size, and writes nothing', async () => {
    const namespace = randomNamespace('bomb');
    const bomb = await zeroZip('zeros.bin', 300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const response = await upload(namespace, 'bomb.zip', bomb);
    expect(response.status).toBe(422);
    expect((await response.json()) as { message: string }).toMatchObject({ message: expect.stringMatching(/expands to more than/) });
    const listed = await fetch(`${api}/namespaces/${namespace}/files/directory?path=/`);
    expect(listed.status === 404 || ((await listed.json()) as unknown[]).length === 0).toBe(true);
    // An ordinary archive still unpacks.
    const text = new yazl.ZipFile();
    text.addBuffer(Buffer.from('print("hello")\n'.repeat(1000)), 'scripts/etl.py');
    text.end();
    const parts: Buffer[] = [];
    for await (const part of text.outputStream as AsyncIterable<Buffer>) parts.push(part);
    expect((await upload(namespace, 'code.zip', Buffer.concat(parts))).status).toBeLessThan(300);
    expect((await fetch(`${api}/namespaces/${namespace}/files?path=/scripts/etl.py`)).status).toBe(200);
  });

  it('answers 422, not 500, to JSON nested 100,000 levels deep, and stores nothing', async () => {
    const namespace = randomNamespace('deepjson');
    const put = await fetch(`${api}/namespaces/${namespace}/kv/deep`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: DEEP_JSON_OBJECT });
    expect(put.status).toBe(422);
    expect(((await put.json()) as { message: string }).message).toMatch(/nesting depth .* exceeds the maximum allowed \(1000/);
    expect((await fetch(`${api}/namespaces/${namespace}/kv/deep`)).status).toBe(404);
    for (const [path, method] of [
      [`/namespaces/${namespace}/kv`, 'DELETE'],
      ['/executions/by-ids', 'DELETE'],
      ['/executions/labels/by-ids', 'POST'],
    ] as const) {
      const response = await fetch(`${api}${path}`, { method, headers: { 'content-type': 'application/json' }, body: DEEP_JSON_ARRAY });
      expect(response.status, path).toBe(422);
    }
  });

  it('keeps a webhook body nested too deep as text instead of failing', async () => {
    const namespace = randomNamespace('hook');
    const source = `${flowYaml(namespace)}triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k3y-${namespace.slice(-6)}\n`;
    expect((await fetch(`${api}/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: source })).status).toBe(200);
    const response = await fetch(`${api}/executions/webhook/${namespace}/limits/k3y-${namespace.slice(-6)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: DEEP_JSON_OBJECT });
    expect(response.status).toBe(200);
  });

  it('answers 422 with SnakeYAML’s words to flow YAML nested too deep (5,000 levels, and 60)', async () => {
    const namespace = randomNamespace('deepyaml');
    const sources = {
      'flow sequences 5,000 deep': `${flowYaml(namespace, `variables:\n  v: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)}`,
      'block sequences 5,000 deep': `${flowYaml(namespace, `variables:\n  v:\n    ${'- '.repeat(5000)}x\n`)}`,
      'maps 60 deep': `${flowYaml(namespace, `variables:\n  v: ${'{a: '.repeat(60)}1${'}'.repeat(60)}\n`)}`,
    };
    for (const [name, source] of Object.entries(sources)) {
      const created = await fetch(`${api}/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: source });
      expect(created.status, name).toBe(422);
      expect(((await created.json()) as { message: string }).message, name).toMatch(/Nesting Depth exceeded max 50/);
    }
    // A flow nested as deep as real ones is fine.
    const ok = await fetch(`${api}/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: flowYaml(namespace, `variables:\n  v: ${'{a: '.repeat(20)}1${'}'.repeat(20)}\n`) });
    expect(ok.status).toBe(200);
  });
});

describe('a 15 MiB flow YAML costs the sandbox no memory', () => {
  const data = makeTempDir('limits-rss');
  let child: SandboxNodeProcess;
  beforeAll(async () => {
    child = await spawnSandboxNode(data.path);
  });
  afterAll(async () => {
    await child?.kill('SIGKILL');
    data.remove();
  });

  const rssMb = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

  it('is refused before it is parsed, four at once', async () => {
    const namespace = randomNamespace('huge');
    const filler = Array.from({ length: 15_600 }, (_, i) => `  k${i}: "${'x'.repeat(1000)}"`).join('\n');
    const source = `${flowYaml(namespace)}variables:\n${filler}\n`;
    expect(source.length).toBeGreaterThan(15 * 1024 * 1024);
    const before = rssMb();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => fetch(`${child.url}/api/v1/main/flows`, { method: 'POST', headers: { 'content-type': 'application/x-yaml' }, body: source })),
    );
    let peak = rssMb();
    for (const answer of answers) {
      expect(answer.status).toBe(422);
      expect(((await answer.json()) as { message: string }).message).toMatch(/exceeds the limit: 3145728 code points/);
      peak = Math.max(peak, rssMb());
    }
    // The bodies themselves (4 × 15 MiB, held as text) are all that grows; parsing one took ~700 MB.
    expect(peak - before).toBeLessThan(400);
  });
});

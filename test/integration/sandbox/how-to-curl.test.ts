// The how-to path of Kestra's API docs, sent by the real curl binary exactly as the examples do.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../fixtures/temp-dir';

const run = promisify(execFile);

async function curl(...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const index = stdout.lastIndexOf('\n');
  return { body: stdout.slice(0, index), status: Number(stdout.slice(index + 1)) };
}

describe('Kestra API how-to, with curl', () => {
  const sandbox = useSandbox();
  const base = () => `${sandbox().url}/api/v1/main`;

  it('creates a hello-world flow, runs it with and without a form input, and reads it to SUCCESS', async () => {
    const ns = randomNamespace('company');
    const created = await curl('-X', 'POST', `${base()}/flows`, '-H', 'Content-Type:application/x-yaml', '-d', `id: hello_world
namespace: ${ns}

inputs:
  - id: greeting
    type: STRING
    defaults: hey

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.greeting }} 🚀"
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.greeting | upper }}"`);
    expect(created.status, created.body).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ id: 'hello_world', namespace: ns, revision: 1 });

    const plain = await curl('-X', 'POST', `${base()}/executions/${ns}/hello_world`);
    expect(plain.status).toBe(200);
    const withInput = await curl('-v', '-X', 'POST', '-H', 'Content-Type: multipart/form-data', '-F', 'greeting=hey there', `${base()}/executions/${ns}/hello_world`);
    expect(withInput.status).toBe(200);

    for (const [response, greeting] of [
      [plain, 'HEY'],
      [withInput, 'HEY THERE'],
    ] as const) {
      const id = JSON.parse(response.body).id as string;
      let execution: { state: { current: string }; taskRunList: { taskId: string; outputs?: { value?: string } }[] };
      const deadline = Date.now() + 20_000;
      do {
        execution = JSON.parse((await curl(`${base()}/executions/${id}`)).body);
        if (execution.state.current === 'SUCCESS') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (Date.now() < deadline);
      expect(execution.state.current).toBe('SUCCESS');
      expect(execution.taskRunList.find((t) => t.taskId === 'out')?.outputs?.value).toBe(greeting);
    }
  });

  it('puts and gets KV values with the documented JSON body and with text/plain', async () => {
    const ns = randomNamespace('company');
    const json = await curl('-X', 'PUT', '-H', 'Content-Type: application/json', `${base()}/namespaces/${ns}/kv/my_key`, '-d', '"Hello World"');
    expect(json.status).toBe(200);
    expect(JSON.parse((await curl(`${base()}/namespaces/${ns}/kv/my_key`)).body)).toMatchObject({ type: 'STRING', value: 'Hello World' });
    const text = await curl('-X', 'PUT', '-H', 'Content-Type: text/plain', `${base()}/namespaces/${ns}/kv/my_number`, '-d', '42');
    expect(text.status).toBe(200);
    expect(JSON.parse((await curl(`${base()}/namespaces/${ns}/kv/my_number`)).body)).toMatchObject({ type: 'NUMBER', value: 42 });
  });

  it('uploads, lists and reads namespace files', async () => {
    const ns = randomNamespace('company');
    const dir = makeTempDir('howto');
    try {
      const file = path.join(dir.path, 'hello.py');
      writeFileSync(file, 'print("Hello from Kestra")\n');
      const upload = await curl('-X', 'POST', `${base()}/namespaces/${ns}/files?path=/scripts/hello.py`, '-F', `fileContent=@${file}`);
      expect(upload.status).toBe(200);
      const listing = await curl('-X', 'GET', `${base()}/namespaces/${ns}/files/directory?path=/scripts`);
      expect(JSON.parse(listing.body)).toEqual([expect.objectContaining({ fileName: 'hello.py', type: 'File', size: 27 })]);
      const root = await curl('-X', 'GET', `${base()}/namespaces/${ns}/files/directory`);
      expect(JSON.parse(root.body).map((f: { fileName: string }) => f.fileName)).toEqual(['scripts']);
      const content = await curl('-X', 'GET', `${base()}/namespaces/${ns}/files?path=/scripts/hello.py`);
      expect(content.body).toBe('print("Hello from Kestra")\n');
    } finally {
      dir.remove();
    }
  });
});

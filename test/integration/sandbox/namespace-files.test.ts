import http from 'node:http';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../fixtures/sandbox';
import { helloFlow, randomNamespace, request } from './helpers';

function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

function unzip(buffer: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out: Record<string, string> = {};
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out[entry.fileName] = Buffer.concat(chunks).toString();
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('sandbox namespace files API', () => {
  const sandbox = useSandbox();
  const api = () => `${sandbox().url}/api/v1/main`;
  const filesUrl = (ns: string, query = '') => `${api()}/namespaces/${ns}/files${query}`;
  const upload = (ns: string, filePath: string, content: string | Buffer, filename = path.posix.basename(filePath) || 'file') => {
    const body = new FormData();
    body.append('fileContent', new Blob([content]), filename);
    return request(filesUrl(ns, `?path=${encodeURIComponent(filePath)}`), { method: 'POST', body });
  };

  it('uploads, lists, stats and reads files, creating parent directories', async () => {
    const ns = randomNamespace();
    const res = await upload(ns, '/scripts/etl/run.py', 'print("hi")\n');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await upload(ns, 'readme.md', '# hello');
    const root = (await request(filesUrl(ns, '/directory'))).json();
    expect(root.map((f: { fileName: string; type: string }) => `${f.type}:${f.fileName}`)).toEqual(['Directory:scripts', 'File:readme.md']);
    const nested = (await request(filesUrl(ns, '/directory?path=/scripts/etl'))).json();
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ fileName: 'run.py', type: 'File', size: 12, metadata: {} });
    expect(typeof nested[0].lastModifiedTime).toBe('number');
    expect(typeof nested[0].creationTime).toBe('number');
    const stats = (await request(filesUrl(ns, '/stats?path=/scripts/etl/run.py'))).json();
    expect(stats).toMatchObject({ fileName: 'run.py', type: 'File', size: 12 });
    expect((await request(filesUrl(ns, '/stats'))).json()).toMatchObject({ fileName: '_files', type: 'Directory' });
    const content = await request(filesUrl(ns, '?path=/scripts/etl/run.py'));
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/octet-stream');
    expect(content.headers.get('cache-control')).toBe('no-cache');
    expect(content.text).toBe('print("hi")\n');
    // Namespaces with files are namespaces.
    expect((await request(`${api()}/namespaces/search?q=${ns}`)).json().results).toContainEqual({ id: ns });
  });

  it('lists the direct children of folders named with emoji, % and _', async () => {
    const ns = randomNamespace();
    await upload(ns, '/🚀 launch/a_1%.txt', 'a');
    await upload(ns, '/🚀 launch/deep/b.txt', 'b');
    await upload(ns, '/🚀xlaunch/c.txt', 'c');
    await upload(ns, '/a_b/d.txt', 'd');
    await upload(ns, '/axb/e.txt', 'e');
    const names = async (dir: string) =>
      (await request(filesUrl(ns, `/directory?path=${encodeURIComponent(dir)}`))).json().map((f: { fileName: string; type: string }) => `${f.type}:${f.fileName}`);
    expect(await names('/🚀 launch')).toEqual(['Directory:deep', 'File:a_1%.txt']);
    expect(await names('/🚀 launch/deep')).toEqual(['File:b.txt']);
    // `_` and `%` in a folder name match themselves, not any character.
    expect(await names('/a_b')).toEqual(['File:d.txt']);
    expect(await names('/')).toEqual(['Directory:a_b', 'Directory:axb', 'Directory:🚀 launch', 'Directory:🚀xlaunch']);
    // Moving an emoji folder keeps every name below it whole.
    const move = await request(filesUrl(ns, `?from=${encodeURIComponent('/🚀 launch')}&to=${encodeURIComponent('/🛰 orbit')}`), { method: 'PUT' });
    expect(move.status).toBe(200);
    expect(await names('/🛰 orbit')).toEqual(['Directory:deep', 'File:a_1%.txt']);
    expect((await request(filesUrl(ns, `?path=${encodeURIComponent('/🛰 orbit/deep/b.txt')}`))).text).toBe('b');
    // Deleting the last file of an emoji folder removes the folder left empty.
    expect((await request(filesUrl(ns, `?path=${encodeURIComponent('/🚀xlaunch/c.txt')}`), { method: 'DELETE' })).status).toBe(200);
    expect(await names('/')).toEqual(['Directory:a_b', 'Directory:axb', 'Directory:🛰 orbit']);
  });

  it('keeps a revision per write and serves each one', async () => {
    const ns = randomNamespace();
    await upload(ns, '/a.txt', 'v1');
    await upload(ns, '/a.txt', 'version 2');
    expect((await request(filesUrl(ns, '/revisions?path=/a.txt'))).json()).toEqual([{ revision: 1 }, { revision: 2 }]);
    expect((await request(filesUrl(ns, '?path=/a.txt'))).text).toBe('version 2');
    expect((await request(filesUrl(ns, '?path=/a.txt&revision=1'))).text).toBe('v1');
    expect((await request(filesUrl(ns, '/stats?path=a.txt'))).json().size).toBe(9);
  });

  it('answers 404 for missing files and directories with Kestra\'s messages', async () => {
    const ns = randomNamespace();
    const file = await request(filesUrl(ns, '?path=/nope.txt'));
    expect(file.status).toBe(404);
    expect(file.json().message).toBe(`Not Found: File '/nope.txt' was not found in namespace '${ns}'.`);
    const dir = await request(filesUrl(ns, '/directory?path=/nowhere'));
    expect(dir.status).toBe(404);
    expect(dir.json().message).toBe('Not Found: Directory not found: /nowhere');
    expect((await request(filesUrl(ns, '/directory'))).json()).toEqual([]);
    expect((await request(filesUrl(ns, '/revisions?path=/nope.txt'))).status).toBe(404);
  });

  it('refuses .. paths, the reserved /_flows tree and over-long names with 422', async () => {
    const ns = randomNamespace();
    for (const bad of ['../etc/passwd', '/a/../../b', '..\\windows', '/a/..']) {
      const res = await request(filesUrl(ns, `?path=${encodeURIComponent(bad)}`));
      expect(res.status, bad).toBe(422);
      expect(res.json().message).toBe("Illegal argument: File should be accessed with their full path and not using relative '..' path.");
    }
    const traversalUpload = await upload(ns, '../../escape.txt', 'x');
    expect(traversalUpload.status).toBe(422);
    const flows = await request(filesUrl(ns, '/directory?path=/_flows'));
    expect(flows.status).toBe(422);
    expect(flows.json().message).toBe('Illegal argument: Forbidden path: /_flows');
    const long = await upload(ns, `/${'x'.repeat(256)}.txt`, 'x');
    expect(long.status).toBe(422);
    expect(long.json().message).toBe('Illegal argument: A file or folder name exceeds the maximum length of 255 characters.');
    expect((await request(filesUrl(ns, '/directory'))).json()).toEqual([]);
  });

  it('creates directories, moves files and directories, refuses an existing target', async () => {
    const ns = randomNamespace();
    expect((await request(filesUrl(ns, '/directory?path=/empty/inner'), { method: 'POST' })).status).toBe(200);
    await upload(ns, '/src/one.txt', '1');
    await upload(ns, '/src/sub/two.txt', '2');
    const move = await request(filesUrl(ns, '?from=/src&to=/dst'), { method: 'PUT' });
    expect(move.status).toBe(200);
    expect((await request(filesUrl(ns, '?path=/dst/sub/two.txt'))).text).toBe('2');
    expect((await request(filesUrl(ns, '?path=/src/one.txt'))).status).toBe(404);
    const rename = await request(filesUrl(ns, '?from=/dst/one.txt&to=/renamed.txt'), { method: 'PUT' });
    expect(rename.status).toBe(200);
    expect((await request(filesUrl(ns, '/revisions?path=/renamed.txt'))).json()).toEqual([{ revision: 1 }]);
    await upload(ns, '/other.txt', 'o');
    const clash = await request(filesUrl(ns, '?from=/other.txt&to=/renamed.txt'), { method: 'PUT' });
    expect(clash.status).toBe(500);
    expect(clash.json().message).toBe(`Internal server error: File '/renamed.txt' already exists in namespace '${ns}'.`);
    const names = (await request(filesUrl(ns, '/directory'))).json().map((f: { fileName: string }) => f.fileName);
    expect(names).toEqual(['dst', 'empty', 'other.txt', 'renamed.txt']);
  });

  it('deletes recursively and removes parents left empty', async () => {
    const ns = randomNamespace();
    await upload(ns, '/a/b/c/deep.txt', 'x');
    await upload(ns, '/keep/k.txt', 'k');
    await upload(ns, '/keep/sub/gone.txt', 'g');
    expect((await request(filesUrl(ns, '?path=/a/b/c/deep.txt'), { method: 'DELETE' })).status).toBe(200);
    expect((await request(filesUrl(ns, '?path=/keep/sub'), { method: 'DELETE' })).status).toBe(200);
    const root = (await request(filesUrl(ns, '/directory'))).json().map((f: { fileName: string }) => f.fileName);
    expect(root).toEqual(['keep']);
    expect((await request(filesUrl(ns, '/directory?path=/keep'))).json().map((f: { fileName: string }) => f.fileName)).toEqual(['k.txt']);
  });

  it('extracts .zip uploads at the namespace root, importing _flows/*.yml as flows', async () => {
    const ns = randomNamespace();
    const zip = await zipOf({
      'data/a.csv': 'a,b\n',
      'b.txt': 'bee',
      '_flows/hello.yml': helloFlow('some.other.namespace', 'zipped'),
    });
    const res = await upload(ns, '/ignored/path.zip', zip, 'bundle.zip');
    expect(res.status, res.text).toBe(200);
    expect((await request(filesUrl(ns, '?path=/data/a.csv'))).text).toBe('a,b\n');
    expect((await request(filesUrl(ns, '?path=/b.txt'))).text).toBe('bee');
    expect((await request(filesUrl(ns, '/stats?path=/ignored'))).status).toBe(404);
    const flow = (await request(`${api()}/flows/${ns}/zipped?source=true`)).json();
    expect(flow.namespace).toBe(ns);
    expect(flow.source).toContain(`namespace: ${ns}`);
  });

  it('rejects a zip with an unsafe entry as a whole', async () => {
    const ns = randomNamespace();
    // yazl refuses to write a `..` entry name: write a same-length placeholder and patch the bytes.
    const zip = Buffer.from((await zipOf({ 'ok.txt': 'fine', 'XX/evil.txt': 'no' })).toString('latin1').replaceAll('XX/evil.txt', '../evil.txt'), 'latin1');
    const res = await upload(ns, '/x', zip, 'evil.zip');
    expect(res.status).toBe(422);
    expect((await request(filesUrl(ns, '?path=/ok.txt'))).status).toBe(404);
  });

  it('imports /_flows/<file>.yml uploads as a flow of this namespace', async () => {
    const ns = randomNamespace();
    const res = await upload(ns, '/_flows/hello.yml', helloFlow('elsewhere', 'imported'));
    expect(res.status).toBe(200);
    expect((await request(`${api()}/flows/${ns}/imported`)).json()).toMatchObject({ id: 'imported', namespace: ns, revision: 1 });
    const invalid = await upload(ns, '/_flows/bad.yml', 'id: x\nnamespace: y\ntasks: []\n');
    expect(invalid.status).toBe(422);
    const nested = await upload(ns, '/_flows/a/b.yml', helloFlow(ns, 'nested'));
    expect(nested.status).toBe(422);
    expect(nested.json().message).toBe('Illegal argument: Invalid flow file path: /_flows/a/b.yml');
  });

  it('exports every file and the namespace\'s flows as a zip', async () => {
    const ns = randomNamespace();
    await upload(ns, '/one.txt', '1');
    await upload(ns, '/dir/two.txt', '2');
    await request(`${api()}/flows`, { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: helloFlow(ns, 'exported') });
    const res = await fetch(filesUrl(ns, '/export'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ns}_files.zip"`);
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(entries).toEqual({ 'one.txt': '1', 'dir/two.txt': '2', '_flows/exported.yml': helloFlow(ns, 'exported') });
  });

  it('searches file paths', async () => {
    const ns = randomNamespace();
    await upload(ns, '/scripts/load.py', 'x');
    await upload(ns, '/scripts/extract.sql', 'x');
    await upload(ns, '/notes.md', 'x');
    expect((await request(filesUrl(ns, '/search?q=SCRIPTS'))).json()).toEqual(['/scripts/extract.sql', '/scripts/load.py']);
  });

  it('only accepts multipart uploads with a fileContent part', async () => {
    const ns = randomNamespace();
    const json = await request(filesUrl(ns, '?path=/a.txt'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const body = new FormData();
    body.append('file', new Blob(['x']), 'a.txt');
    const wrongPart = await request(filesUrl(ns, '?path=/a.txt'), { method: 'POST', body });
    expect(wrongPart.status).toBe(400);
    expect((await request(filesUrl(ns, '?path=/a.txt'))).status).toBe(404);
  });

  it('leaves no file behind when the client disconnects mid-upload', async () => {
    const ns = randomNamespace();
    const url = new URL(filesUrl(ns, '?path=/partial.bin'));
    const boundary = 'xxBOUNDARYxx';
    await new Promise<void>((resolve) => {
      const req = http.request(url, { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(10 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="fileContent"; filename="partial.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
      req.write(Buffer.alloc(256 * 1024, 7), () => {
        req.destroy();
        resolve();
      });
    });
    // The server notices the broken request; wait for that state, not for a fixed time.
    const tmp = path.join(sandbox().dataDir, 'namespace-files', 'tmp');
    const deadline = Date.now() + 10_000;
    while (readdirSync(tmp).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(readdirSync(tmp)).toEqual([]);
    expect((await request(filesUrl(ns, '?path=/partial.bin'))).status).toBe(404);
    expect((await request(filesUrl(ns, '/directory'))).json()).toEqual([]);
  });
});

// Files and storage: WorkingDirectory shared by script tasks (with inputFiles, namespace files,
// outputFiles and a cache), LocalFiles, namespace UploadFiles/DownloadFiles/DeleteFiles, the storage
// tasks (Size, Split, Concat, Delete, Reverse, FilterItems, DeduplicateItems) and fileURI().
import { describe, expect, it } from 'vitest';
import { form, messages, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

const PROCESS = `taskRunner:
          type: io.kestra.plugin.core.runner.Process`;

async function fileText(engine: ReturnType<typeof useEngine>, executionId: string, uri: string): Promise<string> {
  const res = await request(`${engine.api()}/executions/${executionId}/file?path=${encodeURIComponent(uri)}`);
  expect(res.status, res.text).toBe(200);
  return res.text;
}

async function putNamespaceFile(engine: ReturnType<typeof useEngine>, ns: string, path: string, content: string): Promise<void> {
  const body = new FormData();
  body.append('fileContent', new Blob([content]), path.split('/').pop()!);
  const res = await request(`${engine.api()}/namespaces/${ns}/files?path=${encodeURIComponent(path)}`, { method: 'POST', body });
  expect(res.status, res.text).toBe(200);
}

describe('engine: files and storage tasks', () => {
  const engine = useEngine();

  it('WorkingDirectory: script tasks share one directory; namespace files, inputFiles, outputFiles and LocalFiles', async () => {
    const ns = randomNamespace();
    await putNamespaceFile(engine, ns, '/scripts/greet.py', 'import sys\nprint("hi " + sys.argv[1])\n');
    await engine.deploy(`id: wdir
namespace: ${ns}
tasks:
  - id: wd
    type: io.kestra.core.tasks.flows.WorkingDirectory
    namespaceFiles:
      enabled: true
      include:
        - scripts/**
    inputFiles:
      data.csv: |
        name,amount
        a,1
        b,2
    outputFiles:
      - out/*.txt
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.shell.Commands
        ${PROCESS}
        commands:
          - mkdir -p out
          - tail -n +2 data.csv | wc -l | tr -d ' ' > out/count.txt
      - id: read
        type: io.kestra.plugin.scripts.python.Commands
        ${PROCESS}
        commands:
          - python scripts/greet.py "$(cat out/count.txt)"
      - id: local
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - data.csv
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(outputs.wd.outputFiles['out/count.txt']) | trim }} {{ outputs.local.uris['data.csv'] is defined }}"
`);
    const done = await engine.run(ns, 'wdir');
    expect(done.state.current, JSON.stringify(messages(await engine.logs(done.id, '?minLevel=ERROR')))).toBe('SUCCESS');
    const logs = await engine.logs(done.id, '?minLevel=INFO');
    expect(messages(logs, 'read')).toEqual(['hi 2']);
    expect(messages(logs, 'after')).toEqual(['2 true']);
    const local = taskRun(done, 'local').outputs.uris['data.csv'];
    expect(await fileText(engine, done.id, local)).toBe('name,amount\na,1\nb,2\n');
  });

  it('WorkingDirectory cache: files matching the patterns come back in the next execution', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: cached
namespace: ${ns}
tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    cache:
      patterns:
        - cache/**
      ttl: PT1H
    tasks:
      - id: count
        type: io.kestra.plugin.scripts.shell.Commands
        ${PROCESS}
        commands:
          - mkdir -p cache
          - echo x >> cache/runs.txt
          - echo "::{\\"outputs\\":{\\"runs\\":$(wc -l < cache/runs.txt)}}::"
`);
    const first = await engine.run(ns, 'cached');
    const second = await engine.run(ns, 'cached');
    expect([first.state.current, second.state.current]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(taskRun(first, 'count').outputs.vars.runs).toBe(1);
    expect(taskRun(second, 'count').outputs.vars.runs).toBe(2);
  });

  it('namespace UploadFiles, DownloadFiles and DeleteFiles, and fileURI()', async () => {
    const ns = randomNamespace();
    await putNamespaceFile(engine, ns, '/data/keep.csv', 'k\n1\n');
    await engine.deploy(`id: nsfiles
namespace: ${ns}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "hello from a task"
    extension: .txt
  - id: upload
    type: io.kestra.plugin.core.namespace.UploadFiles
    namespace: "{{ flow.namespace }}"
    destination: /uploaded
    filesMap:
      greeting.txt: "{{ outputs.write.uri }}"
  - id: download
    type: io.kestra.plugin.core.namespace.DownloadFiles
    namespace: "{{ flow.namespace }}"
    files:
      - "**.txt"
      - /data/keep.csv
  - id: uri
    type: io.kestra.plugin.core.debug.Return
    format: "{{ fileURI('uploaded/greeting.txt') }} {{ fileExists('uploaded/greeting.txt') }} {{ fileSize('data/keep.csv') }} {{ fileExists('nope.txt') }}"
  - id: delete
    type: io.kestra.plugin.core.namespace.DeleteFiles
    namespace: "{{ flow.namespace }}"
    files: /uploaded/**
`);
    const done = await engine.run(ns, 'nsfiles');
    expect(done.state.current, JSON.stringify(messages(await engine.logs(done.id, '?minLevel=ERROR')))).toBe('SUCCESS');
    const downloaded = taskRun(done, 'download').outputs.files;
    expect(Object.keys(downloaded).sort()).toEqual(['/data/keep.csv', '/uploaded/greeting.txt']);
    expect(await fileText(engine, done.id, downloaded['/uploaded/greeting.txt'])).toBe('hello from a task');
    expect(taskRun(done, 'uri').outputs.value).toBe(`kestra:///${ns.split('.').join('/')}/_files/uploaded/greeting.txt true 4 false`);
    const listing = (await request(`${engine.api()}/namespaces/${ns}/files/directory?path=/`)).json();
    expect(listing.map((f: Json) => f.fileName)).toEqual(['data']);
  });

  it('storage tasks: Split, Concat, Reverse, Size, FilterItems, DeduplicateItems, Delete', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: storage
namespace: ${ns}
inputs:
  - id: items
    type: FILE
tasks:
  - id: lines
    type: io.kestra.plugin.core.storage.Write
    content: "1\\n2\\n3\\n4\\n5\\n"
    extension: .txt
  - id: split
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.lines.uri }}"
    rows: 2
  - id: concat
    type: io.kestra.plugin.core.storage.Concat
    files: "{{ outputs.split.uris }}"
    separator: "--\\n"
    extension: .txt
  - id: reverse
    type: io.kestra.plugin.core.storage.Reverse
    from: "{{ outputs.lines.uri }}"
  - id: size
    type: io.kestra.plugin.core.storage.Size
    uri: "{{ outputs.lines.uri }}"
  - id: filter
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ inputs.items }}"
    filterCondition: "{{ amount > 10 }}"
  - id: dedup
    type: io.kestra.plugin.core.storage.DeduplicateItems
    from: "{{ inputs.items }}"
    expr: "{{ customer }}"
  - id: delete
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.reverse.uri }}"
`);
    const items = '{customer:"a",amount:5}\n{customer:"b",amount:20}\n{customer:"a",amount:30}\n';
    const body = form({});
    body.append('items', new Blob([items]), 'items.ion');
    const res = await request(`${engine.api()}/executions/${ns}/storage?wait=true`, { method: 'POST', body });
    expect(res.status, res.text).toBe(200);
    const done = res.json();
    expect(done.state.current, JSON.stringify(messages(await engine.logs(done.id, '?minLevel=ERROR')))).toBe('SUCCESS');
    const split = taskRun(done, 'split').outputs.uris;
    expect(split).toHaveLength(3);
    expect(await fileText(engine, done.id, split[2])).toBe('5\n');
    expect(await fileText(engine, done.id, taskRun(done, 'concat').outputs.uri)).toBe('1\n2\n--\n3\n4\n--\n5\n--\n');
    expect(taskRun(done, 'size').outputs.size).toBe(10);
    const filter = taskRun(done, 'filter').outputs;
    expect(filter).toMatchObject({ processedItemsTotal: 3, droppedItemsTotal: 1 });
    expect(await fileText(engine, done.id, filter.uri)).toBe('{customer:"b",amount:20}\n{customer:"a",amount:30}\n');
    const dedup = taskRun(done, 'dedup').outputs;
    expect(dedup).toMatchObject({ numKeys: 2, processedItemsTotal: 3, droppedItemsTotal: 1 });
    expect(await fileText(engine, done.id, dedup.uri)).toBe('{customer:"b",amount:20}\n{customer:"a",amount:30}\n');
    expect(taskRun(done, 'delete').outputs.deleted).toBe(true);
    const gone = await request(`${engine.api()}/executions/${done.id}/file?path=${encodeURIComponent(taskRun(done, 'reverse').outputs.uri)}`);
    expect(gone.status).toBe(404);
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { downloadFileName } from './http/http-tasks';
import { checkHttpUrl, sizeLimit } from './http/http-client';
import { canonicalType, classifyUnknownType } from './plugins/kestra-catalog';
import { readLines } from './scripts/process-runner';
import { requirementsToInstall } from './scripts/python-environment';
import { scriptBody } from './scripts/script-tasks';
import { dockerRunArgs, ensureImage } from './scripts/task-runners';
import { fileReference, namespaceFileUri } from './storage/file-references';
import { namespacePatterns } from './storage/namespace-file-tasks';

describe('Kestra class catalogue', () => {
  it('tells plugins the sandbox cannot run from types Kestra would refuse', () => {
    expect(classifyUnknownType('io.kestra.plugin.jdbc.duckdb.Query')).toBe('unavailable');
    expect(classifyUnknownType('com.acme.kestra.MyTask')).toBe('unavailable');
    expect(classifyUnknownType('io.kestra.plugin.core.templating.TemplatedTask')).toBe('unavailable');
    expect(classifyUnknownType('io.kestra.core.tasks.scripts.Bash')).toBe('unavailable');
    expect(classifyUnknownType('io.kestra.plugin.core.log.Logg')).toBe('invalid');
    expect(classifyUnknownType('io.kestra.core.tasks.flows.Nope')).toBe('invalid');
    expect(classifyUnknownType('Log')).toBe('invalid');
    expect(classifyUnknownType('io.kestra.plugin.jdbc.duckdb.query')).toBe('invalid');
  });
  it('maps old class names to current ones', () => {
    expect(canonicalType('io.kestra.core.tasks.flows.WorkingDirectory')).toBe('io.kestra.plugin.core.flow.WorkingDirectory');
    expect(canonicalType('io.kestra.plugin.fs.http.Download')).toBe('io.kestra.plugin.core.http.Download');
    expect(canonicalType('io.kestra.core.models.conditions.types.ExecutionStatusCondition')).toBe('io.kestra.plugin.core.condition.ExecutionStatus');
  });
});

describe('script runner pieces', () => {
  it('builds the interpreter body with set -e only for shells', () => {
    expect(scriptBody(['/bin/sh', '-c'], true, ['pip install x'], ['python a.py'])).toBe('set -e\npip install x\npython a.py');
    expect(scriptBody(['/bin/sh', '-c'], false, [], ['a'])).toBe('a');
    expect(scriptBody(['python', '-c'], true, [], ['print(1)'])).toBe('print(1)');
  });
  it('cuts lines longer than the cap and keeps reading', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const ended = new Promise<void>((resolve) => readLines(stream, 5, (l) => lines.push(l), resolve));
    stream.write('ab\r\ncdefghij');
    stream.write('klm\nno');
    stream.end('p');
    await ended;
    expect(lines).toEqual(['ab', 'cdefg […line cut at 5 bytes]', 'nop']);
  });
  it('leaves kestra (unpinned) to the built-in helper', () => {
    expect(requirementsToInstall(['pandas==2.2', 'kestra', ' requests ', 'pandas==2.2', ''])).toEqual({ install: ['pandas==2.2', 'requests'], provided: ['kestra'] });
  });
  it('pulls the image before the container runs, per pullPolicy, out of the script\'s stderr', async () => {
    // A fake `docker` on the PATH: records its arguments; `image inspect` finds only 'present:1'.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kestra-fake-docker-'));
    try {
      const calls = path.join(dir, 'calls');
      writeFileSync(
        path.join(dir, 'docker'),
        `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$1 $2" in\n  "image inspect") [ "$5" = present:1 ] && echo sha256:1 && exit 0; echo "No such image" >&2; exit 1;;\n  "pull "*) [ "$2" = broken:1 ] && echo "manifest unknown" >&2 && exit 1; echo "Pulling fs layer" >&2; exit 0;;\nesac\n`,
      );
      chmodSync(path.join(dir, 'docker'), 0o755);
      const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` };
      const lines: string[] = [];
      const logger = { trace: () => undefined, debug: (m: string) => lines.push(`DEBUG ${m}`), info: (m: string) => lines.push(`INFO ${m}`), warn: (m: string) => lines.push(`WARN ${m}`), error: (m: string) => lines.push(`ERROR ${m}`) };
      const signal = new AbortController().signal;
      const recorded = (): string[] => readFileSync(calls, 'utf8').trim().split('\n');
      await ensureImage('present:1', {}, logger, signal, env);
      await ensureImage('missing:1', { pullPolicy: 'IF_NOT_PRESENT' }, logger, signal, env);
      await ensureImage('present:1', { pullPolicy: 'ALWAYS' }, logger, signal, env);
      await ensureImage('missing:2', { pullPolicy: 'NEVER' }, logger, signal, env);
      await expect(ensureImage('broken:1', {}, logger, signal, env)).rejects.toThrow("Could not pull the image 'broken:1': manifest unknown");
      expect(recorded()).toEqual([
        'image inspect --format {{.Id}} present:1',
        'image inspect --format {{.Id}} missing:1',
        'pull missing:1',
        'pull present:1',
        'image inspect --format {{.Id}} broken:1',
        'pull broken:1',
      ]);
      expect(lines).toEqual([
        "INFO Pulling the image 'missing:1'.",
        'DEBUG Pulling fs layer',
        "INFO Pulling the image 'present:1'.",
        'DEBUG Pulling fs layer',
        "INFO Pulling the image 'broken:1'.",
        'DEBUG manifest unknown',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('runs Docker with the working directory mounted at the same path and the env passed', () => {
    const args = dockerRunArgs({ name: 'kestra-sandbox-x', image: 'python:3.12', workingDir: '/tmp/w', env: { A: '1' }, runnerOptions: { pullPolicy: 'ALWAYS', user: '1000' }, command: ['/bin/sh', '-c', 'echo hi'] });
    expect(args).toEqual(['run', '--rm', '--name', 'kestra-sandbox-x', '-v', '/tmp/w:/tmp/w', '-w', '/tmp/w', '-e', 'A=1', '--pull=never', '--user', '1000', '--entrypoint', '', 'python:3.12', '/bin/sh', '-c', 'echo hi']);
  });
});

describe('HTTP pieces', () => {
  it('accepts http(s) only', () => {
    expect(checkHttpUrl('https://example.com/a').hostname).toBe('example.com');
    expect(() => checkHttpUrl('file:///etc/passwd')).toThrow("only http and https URLs are allowed");
    expect(() => checkHttpUrl('not a url')).toThrow('not an absolute URL');
  });
  it("names downloads after Content-Disposition's last path segment, else the URI's extension", () => {
    expect(downloadFileName('https://x/a', 'attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(downloadFileName('https://x/a', "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")).toBe('résumé.pdf');
    expect(downloadFileName('https://x/data/orders.csv?x=1', undefined)).toMatch(/^[0-9a-f]{16}\.csv$/);
    expect(downloadFileName('https://x/', undefined)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('stops a download stream past its size cap, and passes one at the cap whole', async () => {
    const chunks = (n: number) => Readable.from(Array.from({ length: n }, () => Buffer.alloc(1024, 1)));
    const sink = (): { stream: PassThrough; bytes: () => number } => {
      let bytes = 0;
      const stream = new PassThrough().on('data', (c: Buffer) => (bytes += c.length));
      return { stream, bytes: () => bytes };
    };
    const under = sink();
    await pipeline(chunks(4), sizeLimit(4 * 1024, () => undefined), under.stream);
    expect(under.bytes()).toBe(4096);
    const over = sink();
    let seen = 0;
    await expect(pipeline(chunks(8), sizeLimit(4 * 1024, (size) => (seen = size)), over.stream)).rejects.toThrow("The download is larger than the sandbox's limit of 0 MiB");
    expect(seen).toBe(5 * 1024);
    expect(over.bytes()).toBe(4096);
  });
});

describe('file references', () => {
  it('reads internal-storage URIs, namespace-file URIs and plain paths', () => {
    expect(namespaceFileUri('company.team', '/a/b.txt')).toBe('kestra:///company/team/_files/a/b.txt');
    expect(fileReference('kestra:///company/team/_files/a/b.txt', 'x')).toEqual({ kind: 'namespace', namespace: 'company.team', path: '/a/b.txt' });
    expect(fileReference('kestra:///company/team/flow/executions/e1/tasks/t/r/f.csv', 'x')).toEqual({ kind: 'internal', storagePath: '/company/team/flow/executions/e1/tasks/t/r/f.csv' });
    expect(fileReference('scripts/main.py', 'company.team')).toEqual({ kind: 'namespace', namespace: 'company.team', path: '/scripts/main.py' });
    expect(() => fileReference('../secret', 'company.team')).toThrow();
  });
  it('matches namespace file globs like PathMatcherPredicate', () => {
    const [csv, root] = namespacePatterns(['*.csv', '/data/**']);
    expect(csv!.test('a.csv')).toBe(true);
    expect(csv!.test('deep/a.csv')).toBe(false);
    expect(root!.test('data/x/y.txt')).toBe(true);
    expect(namespacePatterns(['keep.csv'])[0]!.test('data/keep.csv')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { absoluteFilePath, flowReferences, globMatches, parseArguments, selectedByGlobs } from './flow-references';

const refs = (yaml: string, namespace = 'company.team') => flowReferences(parse(yaml), namespace);

describe('flow references', () => {
  it('reads kv() in every argument form, in expressions anywhere in the flow', () => {
    const r = refs(`
id: etl
namespace: company.team
inputs:
  - id: day
    type: STRING
    defaults: "{{ kv('DEFAULT_DAY') }}"
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('API_URL') }} and {{ kv(\\"TOKEN_TTL\\", 'shared.config') }} {{ kv(key='NAMED', namespace='other.ns', errorOnMissing=true) }}"
  - id: b
    type: io.kestra.plugin.core.flow.If
    condition: "{% if kv('FLAG', errorOnMissing=false) == 'on' %}true{% endif %}"
    then:
      - id: c
        type: io.kestra.plugin.core.log.Log
        message: "{{ kv('API_URL') | upper }}"
`);
    expect(r.kv).toEqual([
      { namespace: 'company.team', key: 'DEFAULT_DAY', via: 'kv()' },
      { namespace: 'company.team', key: 'API_URL', via: 'kv()' },
      { namespace: 'shared.config', key: 'TOKEN_TTL', via: 'kv()' },
      { namespace: 'other.ns', key: 'NAMED', via: 'kv()' },
      { namespace: 'company.team', key: 'FLAG', via: 'kv()' },
    ]);
    expect(r.dynamic).toEqual([]);
  });

  it('reads the kv.Get task, with and without its namespace', () => {
    const r = refs(`
id: f
namespace: company.team
tasks:
  - id: get
    type: io.kestra.plugin.core.kv.Get
    key: LAST_RUN
  - id: get2
    type: io.kestra.plugin.core.kv.Get
    key: SHARED_KEY
    namespace: shared
  - id: get3
    type: io.kestra.plugin.core.kv.Get
    key: "{{ inputs.key }}"
`);
    expect(r.kv).toEqual([
      { namespace: 'company.team', key: 'LAST_RUN', via: 'kv.Get' },
      { namespace: 'shared', key: 'SHARED_KEY', via: 'kv.Get' },
    ]);
    expect(r.dynamic).toEqual(['kv.Get {{ inputs.key }} in task get3']);
  });

  it('lists secret() names, never values, and reports computed names as dynamic', () => {
    const r = refs(`
id: f
namespace: n
tasks:
  - id: t
    type: io.kestra.plugin.scripts.shell.Commands
    env:
      TOKEN: "{{ secret('GITHUB_TOKEN') }}"
      PASS: "{{secret(\\"DB_PASSWORD\\")}}"
      OTHER: "{{ secret(inputs.name) }} {{ kv(vars.k) }} {{ secret('GITHUB_TOKEN') }}"
    commands: ["echo"]
`);
    expect(r.secrets).toEqual(['GITHUB_TOKEN', 'DB_PASSWORD']);
    expect(r.dynamic).toEqual(['secret(inputs.name) in task t', 'kv(vars.k) in task t']);
  });

  it('does not mistake other functions or method calls for kv/secret/read', () => {
    const r = refs(`
id: f
namespace: n
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.x.kv('A') }} {{ mykv('B') }} {{ 'kv(\\"C\\")' }} {{ unread('x') }}"
`);
    expect(r.kv).toEqual([]);
    expect(r.files).toEqual([]);
  });

  it('follows Subflow and ForEachItem (old and new type names) and reports computed targets', () => {
    const r = refs(`
id: parent
namespace: company.team
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.team
    flowId: child
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ inputs.file }}"
    namespace: shared.jobs
    flowId: per_item
  - id: legacy
    type: io.kestra.core.tasks.flows.Flow
    namespace: company.team
    flowId: old_child
  - id: dyn
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.team
    flowId: "{{ inputs.which }}"
`);
    expect(r.subflows).toEqual([
      { namespace: 'company.team', flowId: 'child', taskId: 'call' },
      { namespace: 'shared.jobs', flowId: 'per_item', taskId: 'each' },
      { namespace: 'company.team', flowId: 'old_child', taskId: 'legacy' },
    ]);
    expect(r.dynamic).toEqual(['subflow company.team.{{ inputs.which }} in task dyn']);
  });

  it('reads namespace files from read(), namespaceFiles and DownloadFiles', () => {
    const r = refs(`
id: f
namespace: company.team
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Commands
    namespaceFiles:
      enabled: true
      include: ["scripts/**"]
      exclude: ["**/*.tmp"]
    commands: ["python scripts/main.py"]
  - id: sql
    type: io.kestra.plugin.core.log.Log
    message: "{{ read('queries/daily.sql') }} {{ read('/abs.txt', namespace='shared') }} {{ read(outputs.x.uri) }} {{ read('kestra:///a/b') }}"
  - id: dl
    type: io.kestra.plugin.core.namespace.DownloadFiles
    namespace: shared.assets
    files: ["logo.png"]
`);
    expect(r.files).toEqual([
      { namespace: 'company.team', path: '/queries/daily.sql' },
      { namespace: 'shared', path: '/abs.txt' },
    ]);
    expect(r.fileGlobs).toEqual([
      { namespace: 'company.team', include: ['scripts/**'], exclude: ['**/*.tmp'] },
      { namespace: 'shared.assets', include: ['logo.png'], exclude: [] },
    ]);
  });

  it('takes every file when namespaceFiles is enabled without include', () => {
    const r = refs(`
id: f
namespace: n
tasks:
  - id: t
    type: io.kestra.plugin.scripts.shell.Script
    namespaceFiles: { enabled: true }
    script: ls
`, 'n');
    expect(r.fileGlobs).toEqual([{ namespace: 'n', include: ['**'], exclude: [] }]);
  });
});

describe('Pebble argument parsing', () => {
  it('splits arguments honouring quotes, escapes and nesting', () => {
    const text = `'a,b', "c\\"d", f(1, [2, 3]), name = 'x')rest`;
    const parsed = parseArguments(text, 0)!;
    expect(parsed.args.map((a) => a.literal ?? a.text)).toEqual(['a,b', 'c"d', 'f(1, [2, 3])', 'x']);
    expect(parsed.args[3]!.name).toBe('name');
    expect(text.slice(parsed.end)).toBe(')rest');
  });

  it('gives up on an unterminated call', () => {
    expect(parseArguments(`'a', (b`, 0)).toBeUndefined();
  });

  it('does not take a comparison for a named argument', () => {
    const parsed = parseArguments(`x == 'y')`, 0)!;
    expect(parsed.args[0]!.name).toBeUndefined();
  });
});

describe('globs', () => {
  it('matches like namespaceFiles include/exclude', () => {
    expect(globMatches('**', '/a/b/c.py')).toBe(true);
    expect(globMatches('scripts/**', '/scripts/a/b.py')).toBe(true);
    expect(globMatches('scripts/**', '/other/a.py')).toBe(false);
    expect(globMatches('*.py', '/a.py')).toBe(true);
    expect(globMatches('*.py', '/dir/a.py')).toBe(false);
    expect(globMatches('**/*.py', '/dir/a.py')).toBe(true);
    expect(globMatches('**/*.py', '/a.py')).toBe(true);
    expect(globMatches('a?.txt', '/ab.txt')).toBe(true);
    expect(selectedByGlobs({ namespace: 'n', include: ['**'], exclude: ['**/*.tmp'] }, '/x/y.tmp')).toBe(false);
    expect(absoluteFilePath('./a/b.txt')).toBe('/a/b.txt');
  });
});

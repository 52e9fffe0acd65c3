import { describe, expect, it } from 'vitest';
import { PebbleError, render, renderTyped, secretsFromEnvironment, type PebbleHostFunctions, type RenderOptions } from './index';

const flow = { id: 'my-flow', namespace: 'company.team', tenantId: null };

function kvStore(entries: Record<string, Record<string, unknown>>): Required<Pick<PebbleHostFunctions, 'kv'>> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    kv(key, namespace) {
      calls.push(`${namespace}/${key}`);
      const inNamespace = entries[namespace];
      return inNamespace && Object.prototype.hasOwnProperty.call(inNamespace, key) ? inNamespace[key] : undefined;
    },
  };
}

describe('kv()', () => {
  const store = kvStore({ 'company.team': { 'my-key': { field: 'value' }, counter: 41, empty: null }, other: { shared: 'from other' } });
  const options: RenderOptions = { functions: store };

  it('reads from the flow\'s namespace and returns typed values', () => {
    expect(render(`{{ kv('my-key').field }}`, { flow }, options)).toBe('value');
    expect(render(`{{ kv('counter') + 1 }}`, { flow }, options)).toBe('42');
    expect(renderTyped(`{{ kv('my-key') }}`, { flow }, options)).toEqual({ field: 'value' });
    expect(store.calls).toContain('company.team/my-key');
  });

  it('reads another namespace with the second argument or namespace=', () => {
    expect(render(`{{ kv('shared', 'other') }} {{ kv(key='shared', namespace='other') }}`, { flow }, options)).toBe('from other from other');
  });

  it('fails on a missing key by default since Kestra 0.22, unless errorOnMissing=false', () => {
    expect(() => render(`{{ kv('nope') }}`, { flow }, options)).toThrow("The key 'nope' does not exist in the namespace 'company.team'.");
    expect(render(`[{{ kv('nope', errorOnMissing=false) }}]`, { flow }, options)).toBe('[]');
    // A key that exists with a null value is not missing.
    expect(render(`[{{ kv('empty') }}]`, { flow }, options)).toBe('[]');
  });

  it('words the failure like KvFunctionTest expects in the task log', () => {
    const template = `{{ kv('my-key', inputs.namespace, inputs.errorOnMissing).field }}`;
    expect(() => render(template, { flow, inputs: { namespace: 'io.kestra.tests', errorOnMissing: true } }, options)).toThrow(
      `io.pebbletemplates.pebble.error.PebbleException: The key 'my-key' does not exist in the namespace 'io.kestra.tests'. (${template}:1)`,
    );
  });

  it('requires a key, a namespace and a host store', () => {
    expect(() => render('{{ kv() }}', { flow }, options)).toThrow("The 'kv' function expects an argument 'key'.");
    expect(() => render(`{{ kv('k') }}`, {}, options)).toThrow('needs a namespace');
    expect(() => render(`{{ kv('k') }}`, { flow })).toThrow('no KV store was provided');
  });

  it('surfaces errors thrown by the host', () => {
    const failing: RenderOptions = {
      functions: {
        kv: () => {
          throw new Error('database is locked');
        },
      },
    };
    expect(() => render(`{{ kv('k') }}`, { flow }, failing)).toThrow('database is locked');
  });
});

describe('read()', () => {
  const execution = { id: '5Xy9' };
  const reads: { path: string; kind: string; namespace: string | undefined }[] = [];
  const options: RenderOptions = {
    functions: {
      read(path, request) {
        reads.push({ path, ...request });
        if (path === 'missing.txt') throw new Error('File not found: missing.txt');
        return `content of ${path}`;
      },
    },
  };

  it('reads namespace files relative to the flow\'s namespace', () => {
    expect(render(`{{ read('scripts/run.sh') }}`, { flow, execution }, options)).toBe('content of scripts/run.sh');
    expect(reads.at(-1)).toEqual({ path: 'scripts/run.sh', kind: 'namespace-file', namespace: 'company.team' });
  });

  it('renders a namespace file with render(read(…)) (ReadFileFunctionTest.readNamespaceFile)', () => {
    const templating: RenderOptions = { functions: { read: () => 'Hello from {{ flow.namespace }}' } };
    expect(render(`{{ render(read('file.txt')) }}`, { flow }, templating)).toBe('Hello from company.team');
  });

  it('reads internal-storage files of the current execution, or of the execution that triggered it', () => {
    const own = 'kestra:///company/team/my-flow/executions/5Xy9/tasks/t/1a/out.txt';
    expect(render(`{{ read('${own}') }}`, { flow, execution }, options)).toBe(`content of ${own}`);
    expect(reads.at(-1)?.kind).toBe('internal-storage');
    const parent = 'kestra:///company/team/parent-flow/executions/P1/tasks/t/1a/out.txt';
    const trigger = { namespace: 'company.team', flowId: 'parent-flow', executionId: 'P1' };
    expect(render(`{{ read('${parent}') }}`, { flow, execution, trigger }, options)).toBe(`content of ${parent}`);
  });

  it('refuses files of other executions with ReadFileFunction\'s message', () => {
    const foreign = 'kestra:///company/team/my-flow/executions/OTHER/tasks/t/1a/out.txt';
    expect(() => render(`{{ read('${foreign}') }}`, { flow, execution }, options)).toThrow(
      `Unable to read the file '${foreign}' as it didn't belong to the current execution`,
    );
  });

  it('refuses ".." segments before asking the host', () => {
    const before = reads.length;
    expect(() => render(`{{ read('../secrets.txt') }}`, { flow, execution }, options)).toThrow("'..' segments are not allowed");
    expect(() => render(`{{ read('kestra:///company/team/my-flow/executions/5Xy9/../../x') }}`, { flow, execution }, options)).toThrow("'..' segments");
    expect(reads.length).toBe(before);
  });

  it('reports a missing file and a missing argument', () => {
    expect(() => render(`{{ read('missing.txt') }}`, { flow }, options)).toThrow('File not found: missing.txt');
    expect(() => render('{{ read() }}', { flow }, options)).toThrow("The 'read' function expects an argument 'path'");
  });
});

describe('secret()', () => {
  it('reads secrets from the host and reports each value so logs can mask it', () => {
    const seen: string[] = [];
    const options: RenderOptions = { functions: { secret: (key) => (key === 'API_TOKEN' ? 's3cr3t' : undefined) }, onSecret: (value) => seen.push(value) };
    expect(render(`Bearer {{ secret('API_TOKEN') }}`, { flow }, options)).toBe('Bearer s3cr3t');
    expect(seen).toEqual(['s3cr3t']);
    expect(() => render(`{{ secret('NOPE') }}`, { flow }, options)).toThrow("Cannot find secret for key 'NOPE'.");
  });

  it('fails clearly when no secret backend is configured', () => {
    expect(() => render(`{{ secret('X') }}`, { flow })).toThrow("Cannot find secret for key 'X'.");
  });

  it('can read Kestra OSS-style SECRET_ environment variables (base64)', () => {
    const secret = secretsFromEnvironment({ SECRET_DB_PASSWORD: Buffer.from('p@ss').toString('base64') });
    expect(render(`{{ secret('DB_PASSWORD') }}`, { flow }, { functions: { secret } })).toBe('p@ss');
    expect(secret('OTHER')).toBeUndefined();
  });
});

describe('render() and renderOnce()', () => {
  it('renders a variable that holds an expression (Kestra docs: trigger_or_yesterday)', () => {
    const vars = { trigger_or_yesterday: "{{ trigger.date ?? (execution.startDate | dateAdd(-1, 'DAYS')) }}" };
    const context = { vars, execution: { startDate: '2024-05-06T10:00:00Z' } };
    expect(render('{{ render(vars.trigger_or_yesterday) }}', context, { timeZone: 'UTC' })).toBe('2024-05-05T10:00:00.000000Z');
  });

  it('renders recursively by default, once with recursive=false or renderOnce', () => {
    const context = { a: '{{ b }}', b: '{{ c }}', c: 'end' };
    expect(render('{{ render(a) }}', context)).toBe('end');
    expect(render('{{ render(a, recursive=false) }}', context)).toBe('{{ c }}');
    expect(render('{{ renderOnce(a) }}', context)).toBe('{{ c }}');
  });

  it('sees loop variables and set variables of the calling template', () => {
    expect(render('{% set who = "you" %}{% for i in [1] %}{{ render("{{ who }}-{{ i }}") }}{% endfor %}', {})).toBe('you-1');
  });

  it('renders maps and lists, and returns null for null', () => {
    expect(renderTyped(`{{ render({'k': '{{ x }}'}) }}`, { x: 1 })).toEqual({ k: '1' });
    expect(render('[{{ render(null) }}]', {})).toBe('[]');
  });

  it('reports an inner failure as a failure of render() itself (RenderFunction wraps it)', () => {
    expect(() => render('{{ render("{{ nope }}") }}', {})).toThrow("Missing variable: 'nope' on '{{ nope }}' at line 1");
    // Wrapped, so the outer ?? does not treat it as an undefined variable.
    expect(() => render(`{{ render("{{ nope }}") ?? 'fallback' }}`, {})).toThrow("Missing variable: 'nope'");
  });

  it('validates its arguments', () => {
    expect(() => render('{{ render() }}', {})).toThrow("The 'render' function expects an argument 'toRender'.");
    expect(() => render(`{{ render('x', recursive='yes') }}`, {})).toThrow("expects an optional argument 'recursive' with type boolean");
  });
});

describe('fromJson() and json()', () => {
  it('parses JSON text into maps, lists and typed numbers', () => {
    expect(render(`{{ fromJson('{"a": {"b": [1, 2.5, true, null]}}').a.b[1] }}`, {})).toBe('2.5');
    expect(render(`{{ fromJson(text).items | length }}`, { text: '{"items": [1, 2, 3]}' })).toBe('3');
    expect(render(`{{ fromJson('1.0') }} {{ fromJson('"s"') }}`, {})).toBe('1.0 s');
    expect(render('[{{ fromJson(null) }}]', {})).toBe('[]');
  });

  it('reports invalid JSON with a position', () => {
    expect(() => render(`{{ fromJson('{"a": }') }}`, {})).toThrow(/Invalid json: Unexpected character .* at line 1, column 7/);
    expect(() => render('{{ fromJson(1) }}', {})).toThrow("The 'fromJson' function expects an argument 'json' with type string.");
  });

  it('keeps json() as a deprecated alias that warns', () => {
    const warnings: string[] = [];
    expect(render(`{{ json('{"a": 1}').a }}`, {}, { onWarning: (message) => warnings.push(message) })).toBe('1');
    expect(warnings[0]).toContain("'json' function is deprecated");
  });
});

describe('yaml()', () => {
  it('parses YAML text', () => {
    expect(renderTyped(`{{ yaml(text) }}`, { text: 'a: 1\nb:\n  - x\n  - y\n' })).toEqual({ a: 1, b: ['x', 'y'] });
    expect(() => render(`{{ yaml('a: [') }}`, {})).toThrow('Invalid yaml');
  });
});

describe('range(), max(), min()', () => {
  it('range counts inclusively with an optional step', () => {
    expect(render('{{ range(0, 6, 2) }} {{ range(3, 1, -1) }} {{ range("a", "c") }}', {})).toBe('[0,2,4,6] [3,2,1] ["a","b","c"]');
    expect(() => render('{{ range(1, 5, 0) }}', {})).toThrow('The increment of the range function must be different than 0');
  });

  it('max and min take any number of arguments', () => {
    expect(render('{{ max(1, 5, 3) }} {{ min(4, -2, 8) }} {{ max("a", "c", "b") }}', {})).toBe('5 -2 c');
  });
});

describe('currentEachOutput()', () => {
  it('picks the output of the current ForEach iteration, walking parent task runs', () => {
    const outputs = { inner: { first: { second: { value: 'hit' } } } };
    const context = { outputs, parents: [{ taskrun: { value: 'first' } }], taskrun: { value: 'second' } };
    expect(render('{{ currentEachOutput(outputs.inner).value }}', context)).toBe('hit');
  });

  it('fails when the path has no outputs', () => {
    const context = { outputs: { inner: {} }, parents: [{ taskrun: { value: 'first' } }], taskrun: { value: 'x' } };
    expect(() => render('{{ currentEachOutput(outputs.inner) }}', context)).toThrow('No execution outputs for the current task runs path');
  });
});

describe('utility functions', () => {
  it('uuid() and id() generate distinct identifiers', () => {
    const uuid = render('{{ uuid() }}', {});
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set(Array.from({ length: 50 }, () => render('{{ id() }}', {})));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{1,22}$/);
  });

  it('randomInt(lower, upper) stays in [lower, upper)', () => {
    for (let index = 0; index < 50; index += 1) {
      const value = Number(render('{{ randomInt(5, 8) }}', {}));
      expect(value).toBeGreaterThanOrEqual(5);
      expect(value).toBeLessThan(8);
    }
    expect(() => render('{{ randomInt(5, 5) }}', {})).toThrow("'lower' to be less than 'upper'");
  });

  it('fetchContext() returns the visible variables', () => {
    expect(renderTyped('{% set x = 2 %}{{ fetchContext() }}', { a: 1 })).toBe('{"a":1,"x":2}');
    expect(renderTyped('{{ fetchContext() }}', { a: 1 })).toEqual({ a: 1 });
  });

  it('explains functions the sandbox does not implement', () => {
    for (const name of ['fileSize', 'http', 'errorLogs']) {
      const error = (() => {
        try {
          render(`{{ ${name}('x') }}`, {});
        } catch (caught) {
          return caught as PebbleError;
        }
        throw new Error('expected a failure');
      })();
      expect(error).toBeInstanceOf(PebbleError);
      expect(error.message).toContain(`The '${name}' function is not supported by the local sandbox`);
    }
  });
});

describe('extraFunctions', () => {
  it('lets the host add functions such as errorLogs(), taking precedence over the sandbox stubs', () => {
    const options: RenderOptions = {
      extraFunctions: {
        errorLogs: { args: [], call: () => [{ taskId: 'load', message: 'boom' }] },
        greet: { args: ['name', 'punctuation'], call: (args, variables) => `hi ${String(args.name)}${String(args.punctuation ?? '')} from ${String((variables.flow as { id: string }).id)}` },
      },
    };
    expect(render('{{ errorLogs()[0].message }}', { flow }, options)).toBe('boom');
    expect(render(`{{ greet('ada', punctuation='!') }}`, { flow }, options)).toBe('hi ada! from my-flow');
    expect(() => render(`{{ greet('a', 'b', 'c') }}`, { flow }, options)).toThrow('The argument at position 3 is not allowed.');
  });

  it('reports a host failure as a render failure', () => {
    const options: RenderOptions = {
      extraFunctions: {
        broken: {
          call: () => {
            throw new Error('backend down');
          },
        },
      },
    };
    expect(() => render('{{ broken() }}', {}, options)).toThrow('backend down');
  });
});

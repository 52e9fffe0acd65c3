// The script tasks of plugin-scripts on real interpreters: Python and Node scripts and commands with
// the sandbox's `kestra` helpers, shell Script, Python `dependencies` in a cached environment (and
// the error when they cannot be installed), the Docker task runner without an engine, outputFiles
// bounds, and the switch that turns script tasks off.
import { describe, expect, it } from 'vitest';
import { messages, randomNamespace, taskRun, useEngine, type Json } from './engine-helpers';
import { request } from '../sandbox/helpers';

const PROCESS = `    taskRunner:
      type: io.kestra.plugin.core.runner.Process`;

describe('engine: script tasks', () => {
  const engine = useEngine();

  it('runs a Python script whose kestra helper sets outputs and logs, and keeps its output files', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: py
namespace: ${ns}
inputs:
  - id: n
    type: INT
    defaults: 4
tasks:
  - id: compute
    type: io.kestra.plugin.scripts.python.Script
${PROCESS}
    outputFiles:
      - "*.csv"
    script: |
      from kestra import Kestra
      n = {{ inputs.n }}
      squares = [i * i for i in range(n)]
      with open("squares.csv", "w") as f:
          f.write("\\n".join(str(s) for s in squares))
      Kestra.logger().warning("computed %d squares", n)
      Kestra.counter("rows", n, {"kind": "squares"})
      Kestra.outputs({"sum": sum(squares), "ok": True, "items": squares})
  - id: read
    type: io.kestra.plugin.scripts.python.Commands
${PROCESS}
    inputFiles:
      data.csv: "{{ outputs.compute.outputFiles['squares.csv'] }}"
      main.py: |
        print(open("data.csv").read().replace("\\n", "+"))
    commands:
      - python main.py
  - id: legacy
    type: io.kestra.plugin.scripts.python.Script
${PROCESS}
    script: |
      with open("{{ outputDir }}/report.txt", "w") as f:
          f.write("from the output directory")
  - id: cat
    type: io.kestra.plugin.scripts.shell.Commands
${PROCESS}
    commands:
      - cat {{ outputs.compute.outputFiles['squares.csv'] }} | wc -l
      - cat "{{ outputs.legacy.outputFiles['report.txt'] }}"
`);
    const done = await engine.run(ns, 'py');
    expect(done.state.current).toBe('SUCCESS');
    const compute = taskRun(done, 'compute');
    expect(compute.outputs.vars).toEqual({ sum: 14, ok: true, items: [0, 1, 4, 9] });
    expect(compute.outputs.exitCode).toBe(0);
    expect(compute.outputs.outputFiles['squares.csv']).toMatch(/^kestra:\/\/\/.*\/squares\.csv$/);
    const logs = await engine.logs(done.id, '?minLevel=INFO');
    expect(logs.filter((l: Json) => l.taskId === 'compute').map((l: Json) => `${l.level} ${l.message}`)).toEqual(['WARN computed 4 squares']);
    expect(messages(logs, 'read')).toEqual(['0+1+4+9']);
    // kestra:// URIs in commands are downloaded into the working directory and replaced by local paths.
    expect(messages(logs, 'cat')).toEqual(['3', 'from the output directory']);
    expect(Object.keys(taskRun(done, 'legacy').outputs.outputFiles)).toEqual(['report.txt']);
  });

  it('runs Node scripts and commands with the @kestra-io/libs helper, and a shell Script', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: js
namespace: ${ns}
tasks:
  - id: node
    type: io.kestra.plugin.scripts.node.Script
${PROCESS}
    script: |
      const Kestra = require('@kestra-io/libs');
      Kestra.outputs({ upper: "{{ flow.id }}".toUpperCase(), n: [1, 2, 3].length });
      Kestra.logger().info('from node');
  - id: node_commands
    type: io.kestra.plugin.scripts.node.Commands
${PROCESS}
    inputFiles:
      main.js: console.log(process.argv.slice(2).join('-'))
    commands:
      - node main.js a b {{ outputs.node.vars.n }}
  - id: shell
    type: io.kestra.plugin.scripts.shell.Script
${PROCESS}
    script: |
      total=0
      for i in 1 2 3; do total=$((total + i)); done
      echo "::{\\"outputs\\":{\\"total\\":$total}}::"
`);
    const done = await engine.run(ns, 'js');
    expect(done.state.current).toBe('SUCCESS');
    expect(taskRun(done, 'node').outputs.vars).toEqual({ upper: 'JS', n: 3 });
    expect(taskRun(done, 'shell').outputs.vars).toEqual({ total: 6 });
    const logs = await engine.logs(done.id, '?minLevel=INFO');
    expect(messages(logs, 'node')).toEqual(['from node']);
    expect(messages(logs, 'node_commands')).toEqual(['a-b-3']);
  });

  it('installs Python dependencies the host already satisfies into a cached per-flow environment', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: deps
namespace: ${ns}
tasks:
  - id: check
    type: io.kestra.plugin.scripts.python.Script
${PROCESS}
    dependencies:
      - pip
      - kestra
    script: |
      import os, sys
      from kestra import Kestra
      Kestra.outputs({"venv": os.environ.get("VIRTUAL_ENV", ""), "prefix": sys.prefix})
`);
    const first = await engine.run(ns, 'deps');
    expect(first.state.current, JSON.stringify(await engine.logs(first.id))).toBe('SUCCESS');
    const vars = taskRun(first, 'check').outputs.vars;
    expect(vars.venv).toContain(`${engine.sandbox().dataDir}/cache/python/${ns}.deps-`);
    expect(vars.prefix).toBe(vars.venv);
    // The second run reuses the environment: no "Creating" line.
    const second = await engine.run(ns, 'deps');
    expect(second.state.current).toBe('SUCCESS');
    expect(messages(await engine.logs(second.id, '?minLevel=INFO'), 'check').some((m: string) => m.startsWith('Creating a Python environment'))).toBe(false);
  }, 120_000);

  it('fails with a clear error when dependencies cannot be installed', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: nodeps
namespace: ${ns}
tasks:
  - id: check
    type: io.kestra.plugin.scripts.python.Script
${PROCESS}
    dependencies:
      - kestra-sandbox-no-such-package-3f9a
    script: print("never")
errors:
  - id: handled
    type: io.kestra.plugin.core.log.Log
    message: handled
`);
    const done = await engine.run(ns, 'nodeps');
    expect(done.state.current).toBe('FAILED');
    const errors = messages(await engine.logs(done.id, '?minLevel=ERROR'), 'check');
    expect(errors.join('\n')).toMatch(/Could not install the Python dependencies \["kestra-sandbox-no-such-package-3f9a"\]: .*install them into the Python the sandbox uses/);
    expect(taskRun(done, 'handled').state.current).toBe('SUCCESS');
  }, 120_000);

  it('runs a Docker task runner as a local process when no engine answers, naming the image once', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: dock
namespace: ${ns}
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Commands
    containerImage: ghcr.io/kestra-io/pydata:latest
    taskRunner:
      type: io.kestra.plugin.scripts.runner.docker.Docker
      pullPolicy: NEVER
    commands:
      - python -c "print(6 * 7)"
`);
    const done = await engine.run(ns, 'dock');
    expect(done.state.current).toBe('SUCCESS');
    const lines = (await engine.logs(done.id, '?minLevel=INFO')).filter((l: Json) => l.taskId === 'py').map((l: Json) => `${l.level} ${l.message}`);
    if (lines.some((l: string) => l.includes('Running in a Docker container'))) return; // a machine with a Docker engine
    expect(lines).toEqual(["WARN Running as a local process: no Docker engine answers on this machine; the container image 'ghcr.io/kestra-io/pydata:latest' is not used.", 'INFO 42']);
  });

  it('fails a script whose ::outputs:: lines pass the 10 MiB cap, and stops it', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: bigvars
namespace: ${ns}
tasks:
  - id: flood
    type: io.kestra.plugin.scripts.python.Script
${PROCESS}
    script: |
      import time
      for i in range(60):
          print('::{"outputs":{"k%d":"%s"}}::' % (i, "x" * 200000), flush=True)
      time.sleep(30)
      print("never")
`);
    const done = await engine.run(ns, 'bigvars');
    expect(done.state.current).toBe('FAILED');
    const logs = await engine.logs(done.id);
    expect(messages(logs.filter((l: Json) => l.level === 'ERROR'), 'flood').join('\n')).toContain("The script's outputs exceed 10 MiB; write large results to a file and list it in outputFiles");
    expect(messages(logs, 'flood')).not.toContain('never');
    expect(taskRun(done, 'flood').outputs ?? {}).not.toHaveProperty('vars.k59');
  }, 60_000);

  it('refuses outputFiles and inputFiles that leave the working directory', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: escape
namespace: ${ns}
tasks:
  - id: out
    type: io.kestra.plugin.scripts.shell.Commands
${PROCESS}
    outputFiles:
      - ../*.txt
    commands:
      - echo hi > ../escaped-by-test.txt || true
  - id: in
    type: io.kestra.plugin.scripts.shell.Commands
${PROCESS}
    allowFailure: true
    inputFiles:
      ../../evil.txt: nope
    commands:
      - "true"
`);
    const done = await engine.run(ns, 'escape');
    expect(done.state.current).toBe('FAILED');
    const errors = messages(await engine.logs(done.id, '?minLevel=ERROR'));
    expect(errors).toContain("Invalid outputFiles pattern '../*.txt': it must stay inside the working directory");
  });
});

describe('engine: script tasks switched off', () => {
  const engine = useEngine({ allow: { scripts: false } });

  it('saves the flow but fails the task with a message saying scripts are off', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: scripts_off
namespace: ${ns}
tasks:
  - id: sh
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - touch should-not-exist
`);
    const done = await engine.run(ns, 'scripts_off');
    expect(done.state.current).toBe('FAILED');
    expect(messages(await engine.logs(done.id, '?minLevel=ERROR'), 'sh')[0]).toMatch(/^Script tasks are disabled in this sandbox/);
    const flow = await request(`${engine.api()}/flows/${ns}/scripts_off`);
    expect(flow.status).toBe(200);
  });
});

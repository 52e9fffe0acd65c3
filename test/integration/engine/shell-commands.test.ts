// io.kestra.plugin.scripts.shell.Commands on a real /bin/sh: logs per line (stdout INFO, stderr
// ERROR), ::{"outputs"}:: lines, exit codes, namespace files, outputFiles stored and downloadable,
// env and inputFiles, timeout and kill stopping the whole process group.
import { describe, expect, it } from 'vitest';
import { attemptStates, hasTaskRun, messages, randomNamespace, request, taskRun, useEngine, type Json } from './engine-helpers';

const SHELL = 'io.kestra.plugin.scripts.shell.Commands';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('engine: shell Commands', () => {
  const engine = useEngine();

  it('runs commands in a temporary working directory, logging stdout at INFO and stderr at ERROR (WARNING unless warningOnStdErr: false), with ::outputs:: as vars', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: sh
namespace: ${ns}
tasks:
  - id: script
    type: ${SHELL}
    env:
      GREETING: "hello {{ flow.id }}"
    beforeCommands:
      - echo before
    commands:
      - echo "$GREETING"
      - echo "to stderr" >&2
      - pwd
      - echo '::{"outputs":{"answer":42,"items":["a","b"]}}::'
      - echo '::{"logs":[{"level":"WARN","message":"from a log command"}]}::'
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.script.vars.answer }} {{ outputs.script.vars.items | join(',') }} {{ outputs.script.exitCode }}"
  - id: quiet_stderr
    type: ${SHELL}
    warningOnStdErr: false
    commands:
      - echo "progress" >&2
`);
    const done = await engine.run(ns, 'sh');
    // A line on stderr makes the task WARNING, as Kestra's default warningOnStdErr: true does.
    expect(done.state.current).toBe('WARNING');
    expect(taskRun(done, 'quiet_stderr').state.current).toBe('SUCCESS');
    const script = taskRun(done, 'script');
    expect(script.state.current).toBe('WARNING');
    expect(script.outputs).toEqual({ vars: { answer: 42, items: ['a', 'b'] }, exitCode: 0 });
    expect(taskRun(done, 'use').outputs).toEqual({ value: '42 a,b 0' });
    const logs = (await engine.logs(done.id, '?minLevel=INFO')).filter((l: Json) => l.taskId === 'script');
    const lines = logs.map((l: Json) => `${l.level} ${l.message}`);
    // stdout and stderr are separate pipes: their relative order is not guaranteed.
    const stdout = lines.filter((l: string) => l.startsWith('INFO') || l.startsWith('WARN'));
    expect(stdout).toEqual(['INFO before', 'INFO hello sh', expect.stringMatching(/^INFO \/.*kestra-sandbox-task-/), 'WARN from a log command']);
    expect(lines.filter((l: string) => l.startsWith('ERROR'))).toEqual(['ERROR to stderr']);
    expect(lines).toHaveLength(5);
  });

  it('fails on a non-zero exit code (set -e stops at the first failing command)', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: shfail
namespace: ${ns}
tasks:
  - id: script
    type: ${SHELL}
    commands:
      - echo start
      - exit 3
      - echo never
  - id: lenient
    type: ${SHELL}
    failFast: false
    allowFailure: true
    commands:
      - "false"
      - echo still here
`);
    const done = await engine.run(ns, 'shfail');
    expect(done.state.current).toBe('FAILED');
    const script = taskRun(done, 'script');
    expect(script.state.current).toBe('FAILED');
    expect(attemptStates(script)).toEqual(['FAILED']);
    const logs = await engine.logs(done.id, '?minLevel=INFO');
    expect(messages(logs, 'script')).toEqual(['start', 'Command failed with exit code 3']);

    await engine.deploy(`id: shlenient\nnamespace: ${ns}\ntasks:\n  - id: script\n    type: ${SHELL}\n    failFast: false\n    commands:\n      - "false"\n      - echo still here\n`);
    const lenient = await engine.run(ns, 'shlenient');
    expect(lenient.state.current).toBe('SUCCESS');
    expect(messages(await engine.logs(lenient.id, '?minLevel=INFO'), 'script')).toEqual(['still here']);
  });

  it('copies namespace files in when namespaceFiles.enabled (include/exclude), writes inputFiles, and stores outputFiles', async () => {
    const ns = randomNamespace();
    const upload = async (path: string, content: string) => {
      const body = new FormData();
      body.append('fileContent', new Blob([content]), path.split('/').pop()!);
      const res = await request(`${engine.api()}/namespaces/${ns}/files?path=${encodeURIComponent(path)}`, { method: 'POST', body });
      expect(res.status, res.text).toBe(200);
    };
    await upload('/scripts/report.sh', 'echo "report for $1"\n');
    await upload('/scripts/skip.sh', 'exit 1\n');
    await upload('/data/input.csv', 'a,b\n1,2\n');
    await engine.deploy(`id: shfiles
namespace: ${ns}
tasks:
  - id: script
    type: ${SHELL}
    namespaceFiles:
      enabled: true
      include:
        - "scripts/**"
        - "data/*.csv"
      exclude:
        - "**/skip.sh"
    inputFiles:
      note.txt: "note from {{ flow.id }}"
    outputFiles:
      - "*.txt"
      - "out/**"
    commands:
      - ls -R . | grep -c skip.sh || true
      - sh scripts/report.sh world > report.txt
      - mkdir -p out && cp data/input.csv out/copy.csv
      - cat note.txt
  - id: read_back
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(outputs.script.outputFiles['report.txt']) | trim }}"
`);
    const done = await engine.run(ns, 'shfiles');
    expect(done.state.current).toBe('SUCCESS');
    const logs = messages(await engine.logs(done.id, '?minLevel=INFO'), 'script');
    expect(logs).toEqual(['0', 'note from shfiles']);
    const files = taskRun(done, 'script').outputs.outputFiles as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(['note.txt', 'out/copy.csv', 'report.txt']);
    expect(files['out/copy.csv']).toMatch(new RegExp(`^kestra:///.+/executions/${done.id}/tasks/script/\\w+/out/copy.csv$`));
    const download = await engine.call(`/executions/${done.id}/file?path=${encodeURIComponent(files['report.txt']!)}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('report for world\n');
    expect((await engine.call(`/executions/${done.id}/file?path=${encodeURIComponent(files['out/copy.csv']!)}`)).text).toBe('a,b\n1,2\n');
    expect(taskRun(done, 'read_back').outputs).toEqual({ value: 'report for world' });
  });

  it('a kill during a running command terminates the whole process group and ends KILLED', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: shkill
namespace: ${ns}
tasks:
  - id: script
    type: ${SHELL}
    commands:
      - sleep 120 &
      - echo "child=$!"
      - echo "shell=$$"
      - wait
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`);
    const { id } = await engine.start(ns, 'shkill');
    let pids: number[] = [];
    for (let i = 0; i < 500 && pids.length < 2; i += 1) {
      const logs = await engine.logs(id, '?minLevel=INFO');
      pids = messages(logs, 'script')
        .map((m) => /^(?:child|shell)=(\d+)$/.exec(m)?.[1])
        .filter((p): p is string => p !== undefined)
        .map(Number);
      if (pids.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid)).toBe(true);
    await engine.waitFor(id, hasTaskRun('script', 'RUNNING'));
    expect((await engine.call(`/executions/${id}/kill`, { method: 'DELETE' })).status).toBe(202);
    const killed = await engine.waitFor(id);
    expect(killed.state.current).toBe('KILLED');
    expect(killed.taskRunList.map((t: Json) => `${t.taskId}:${t.state.current}`)).toEqual(['script:KILLED']);
    await until(() => pids.every((pid) => !alive(pid)));
  });

  it('honours the task timeout by killing the process group', async () => {
    const ns = randomNamespace();
    await engine.deploy(`id: shtimeout
namespace: ${ns}
tasks:
  - id: script
    type: ${SHELL}
    timeout: PT0.5S
    commands:
      - echo "shell=$$"
      - sleep 60
`);
    const started = Date.now();
    const done = await engine.run(ns, 'shtimeout');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(done.state.current).toBe('FAILED');
    const logs = messages(await engine.logs(done.id, '?minLevel=INFO'), 'script');
    expect(logs).toContain('Timeout after PT0.5S');
    const pid = Number(/shell=(\d+)/.exec(logs.join('\n'))![1]);
    await until(() => !alive(pid));
  });
});

import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../tasks/registry';
import { parseFlowSource } from './parse-flow';
import { readYaml } from './yaml-source';

const registry = createDefaultRegistry();
const LOG = 'io.kestra.plugin.core.log.Log';

describe('YAML reading like SnakeYAML (YAML 1.1)', () => {
  it('reads yes/no/on/off as booleans but not y/n, and keeps dates as text', () => {
    expect(readYaml('a: yes\nb: off\nc: n\nd: y\ne: 2024-01-01\nf: 1:20')).toEqual({ ok: true, value: { a: true, b: false, c: 'n', d: 'y', e: '2024-01-01', f: 80 } });
  });

  it('reports a duplicate key with its path and line', () => {
    const result = readYaml('tasks:\n  - id: a\n    id: b\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatchObject({ path: 'tasks[0].id', line: 3, message: "Duplicate field 'id'" });
  });

  it('bounds alias expansion', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(readYaml(bomb).ok).toBe(false);
  });
});

describe('flow validation against the task registry', () => {
  const flow = (tasks: string, extra = '') => `id: f\nnamespace: a.b\n${extra}tasks:\n${tasks}`;

  it('accepts a valid flow and coerces scalars the way Jackson does', () => {
    const result = parseFlowSource(flow(`  - id: off\n    type: ${LOG}\n    message: 42\n`), registry);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.flow.tasks[0]).toMatchObject({ id: 'false', message: '42' });
  });

  it('reports the first mapping problem with a Jackson reference path', () => {
    const result = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n    retry:\n      type: constant\n      interval: PT1S\n      maxAttemps: 3\n`), registry);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^Unrecognized field "maxAttemps" \(class io\.kestra\.core\.models\.tasks\.retrys\.Constant\)/);
      expect(result.violations[0]!.path).toBe(`io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]->${LOG}["retry"]->io.kestra.core.models.tasks.retrys.Constant["maxAttemps"]`);
    }
  });

  it('dispatches on `type` for tasks, inputs and retry policies', () => {
    const badInput = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n`, 'inputs:\n  - id: i\n    type: NUMBER\n'), registry);
    expect(!badInput.ok && badInput.message).toBe('Invalid type: NUMBER');
    const badRetry = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n    retry:\n      type: sometimes\n`), registry);
    expect(!badRetry.ok && badRetry.message).toBe('Invalid type: sometimes');
    const noType = parseFlowSource(flow('  - id: t\n    message: x\n'), registry);
    expect(!noType.ok && noType.message).toBe('Invalid type: null');
  });

  it('checks values: enums, durations, patterns, required properties', () => {
    const level = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n    logLevel: LOUD\n`), registry);
    expect(!level.ok && level.message).toContain('not one of the values accepted for Enum class: [ERROR, WARN, INFO, DEBUG, TRACE]');
    const timeout = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n    timeout: 5 minutes\n`), registry);
    expect(!timeout.ok && timeout.message).toContain('Text cannot be parsed to a Duration');
    const dynamicTimeout = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n    timeout: "{{ vars.t }}"\n`), registry);
    expect(dynamicTimeout.ok).toBe(true);
    const id = parseFlowSource(`id: "-bad"\nnamespace: a\ntasks:\n  - id: t\n    type: ${LOG}\n    message: x\n`, registry);
    expect(!id.ok && id.message).toBe('id: must match "^[a-zA-Z0-9][a-zA-Z0-9._-]*"');
    const concurrency = parseFlowSource(flow(`  - id: t\n    type: ${LOG}\n    message: x\n`, 'concurrency:\n  behavior: QUEUE\n'), registry);
    expect(!concurrency.ok && concurrency.message).toBe('concurrency.limit: must not be null');
  });

  it('finds duplicate task, trigger and input ids', () => {
    const result = parseFlowSource(
      flow(
        `  - id: same\n    type: ${LOG}\n    message: x\n  - id: same\n    type: ${LOG}\n    message: y\n`,
        'inputs:\n  - id: i\n    type: STRING\n  - id: i\n    type: INT\ntriggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "* * * * *"\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "@daily"\n',
      ),
      registry,
    );
    expect(!result.ok && result.message).toBe('flow: Invalid Flow: Duplicate task id with name [same], Duplicate trigger id with name [t], Duplicate input with name [i]');
  });
});

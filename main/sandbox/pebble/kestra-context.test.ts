// The expressions of the issue, against the variables Kestra's RunContext exposes to a task.
import { describe, expect, it } from 'vitest';
import { render, renderTyped, renderValue } from './index';

// Shaped like RunVariables: flow, execution, task, taskrun, parent(s), inputs, outputs, vars, labels, trigger.
const context = {
  flow: { id: 'etl', namespace: 'company.data', revision: 3, tenantId: null },
  execution: { id: '4wjKxbNVBoFYjAnvxCztHw', startDate: '2024-06-01T08:15:30.123456Z', originalId: '4wjKxbNVBoFYjAnvxCztHw' },
  task: { id: 'load', type: 'io.kestra.plugin.core.log.Log' },
  taskrun: { id: '6B7pJ8', startDate: '2024-06-01T08:15:31Z', attemptsCount: 0, value: 'eu-west', parentId: '2Qw' },
  parent: { taskrun: { value: 'daily' }, outputs: {} },
  parents: [{ taskrun: { value: 'daily' } }],
  inputs: { region: 'eu', limit: 10, dryRun: false, tables: ['users', 'orders'], config: { retries: 3 } },
  outputs: {
    extract: { uri: 'kestra:///company/data/etl/executions/4wjKxbNVBoFYjAnvxCztHw/tasks/extract/1/out.ion', size: 2048, rows: 1200 },
    generate: { values: ['eu-west', 'us-east', 'ap-south'] },
    // A ForEach child's outputs are keyed by the iteration value.
    per_region: { 'eu-west': { value: 'done-eu' }, 'us-east': { value: 'done-us' } },
    'hyphen-task': { value: 42 },
  },
  vars: { bucket: 'kestra-bucket', prefix: 'raw/{{ flow.id }}' },
  labels: { team: 'data', 'app.kubernetes.io/name': 'etl' },
  trigger: { date: '2024-06-01T00:00:00Z', next: '2024-06-02T00:00:00Z', previous: '2024-05-31T00:00:00Z' },
  kestra: { environment: 'local', url: 'http://localhost:8080' },
};

const r = (template: string): string => render(template, context, { timeZone: 'UTC' });

describe('the variables of the issue', () => {
  it('inputs, vars, flow, execution and labels', () => {
    expect(r('{{ inputs.region }}/{{ inputs.limit }}/{{ inputs.dryRun }}/{{ inputs.tables }}/{{ inputs.config.retries }}')).toBe('eu/10/false/["users","orders"]/3');
    expect(r('{{ vars.bucket }}')).toBe('kestra-bucket');
    expect(r('{{ flow.id }} in {{ flow.namespace }} rev {{ flow.revision }}')).toBe('etl in company.data rev 3');
    expect(r('{{ execution.id }} started {{ execution.startDate }}')).toBe('4wjKxbNVBoFYjAnvxCztHw started 2024-06-01T08:15:30.123456Z');
    expect(r(`{{ labels.team }} {{ labels['app.kubernetes.io/name'] }}`)).toBe('data etl');
  });

  it('outputs, including task ids that need brackets', () => {
    expect(r('{{ outputs.extract.rows }} rows at {{ outputs.extract.uri }}')).toContain('1200 rows at kestra:///company/data/etl/');
    expect(r(`{{ outputs['hyphen-task'].value }}`)).toBe('42');
  });

  it('outputs.task[value] inside a ForEach, and taskrun.value / parent.taskrun.value', () => {
    expect(r('{{ outputs.per_region[taskrun.value].value }}')).toBe('done-eu');
    expect(r('{{ taskrun.value }} within {{ parent.taskrun.value }}')).toBe('eu-west within daily');
    expect(r('{{ parents[0].taskrun.value }}')).toBe('daily');
    expect(r(`{{ outputs.per_region['us-east'].value }}`)).toBe('done-us');
  });

  it('trigger dates with the date filters', () => {
    expect(r(`{{ trigger.date | date("yyyy-MM-dd") }}`)).toBe('2024-06-01');
    expect(r(`{{ trigger.date | dateAdd(-1, 'DAYS') | date("yyyy-MM-dd") }}`)).toBe('2024-05-31');
    expect(r(`{{ execution.startDate | date("HH:mm:ss.SSS") }}`)).toBe('08:15:30.123');
  });

  it('falls back when a trigger is absent, as flows started manually do', () => {
    const manual = { ...context, trigger: undefined } as Record<string, unknown>;
    delete manual.trigger;
    const template = `{{ trigger.date ?? execution.startDate | date("yyyy-MM-dd") }}`;
    expect(render(template, manual, { timeZone: 'UTC' })).toBe('2024-06-01');
  });
});

describe('ForEach values', () => {
  it('renders a list to JSON the engine can parse, or to the list itself with renderTyped', () => {
    const text = r('{{ outputs.generate.values }}');
    expect(JSON.parse(text)).toEqual(['eu-west', 'us-east', 'ap-south']);
    expect(renderTyped('{{ outputs.generate.values }}', context)).toEqual(['eu-west', 'us-east', 'ap-south']);
    // A YAML block scalar adds a trailing newline; the value is still the list.
    expect(renderTyped('{{ outputs.generate.values }}\n', context)).toEqual(['eu-west', 'us-east', 'ap-south']);
  });

  it('builds a value list inline', () => {
    expect(renderTyped(`{{ inputs.tables | join(',') | split(',') }}`, context)).toEqual(['users', 'orders']);
    expect(renderTyped('{{ range(1, 3) }}', context)).toEqual([1, 2, 3]);
  });
});

describe('unknown variables fail the task with a clear message', () => {
  it('names the variable, the expression and the line', () => {
    expect(() => r('Hello {{ inputs.nmae }}')).toThrow("Missing variable: 'nmae' on 'Hello {{ inputs.nmae }}' at line 1");
    expect(() => r('{{ outputs.notYetRun.value }}')).toThrow("Missing variable: 'notYetRun' on '{{ outputs.notYetRun.value }}' at line 1");
    expect(() => r('{{ secrets.x }}')).toThrow("Missing variable: 'secrets'");
  });
});

describe('rendering task properties', () => {
  it('renders every dynamic property of a task definition', () => {
    const task = {
      id: 'load',
      type: 'io.kestra.plugin.scripts.shell.Commands',
      commands: ['echo {{ inputs.region | upper }}', 'mkdir -p {{ render(vars.prefix) }}/{{ trigger.date | date("yyyy/MM/dd") }}'],
      env: { TABLES: '{{ inputs.tables | join(" ") }}', LIMIT: '{{ inputs.limit * 2 }}' },
      timeout: 'PT{{ inputs.config.retries }}M',
      retries: 3,
      enabled: true,
    };
    expect(renderValue(task, context, { timeZone: 'UTC' })).toEqual({
      id: 'load',
      type: 'io.kestra.plugin.scripts.shell.Commands',
      commands: ['echo EU', 'mkdir -p raw/etl/2024/06/01'],
      env: { TABLES: 'users orders', LIMIT: '20' },
      timeout: 'PT3M',
      retries: 3,
      enabled: true,
    });
  });

  it('renders a multi-line script with tags and whitespace control', () => {
    const script = [
      'tables:',
      '{% for t in inputs.tables -%}',
      '  - {{ t }}{% if loop.last %} (last){% endif %}',
      '{% endfor -%}',
      'region: {{ inputs.region }}',
    ].join('\n');
    // `-%}` trims all the whitespace that follows, indentation included, as in Pebble.
    expect(r(script)).toBe('tables:\n- users\n- orders (last)\nregion: eu');
    const indented = 'tables:{% for t in inputs.tables %}\n  - {{ t }}{% endfor %}\nregion: {{ inputs.region }}';
    expect(r(indented)).toBe('tables:\n  - users\n  - orders\nregion: eu');
  });

  it('renders runIf-style conditions', () => {
    expect(r(`{{ inputs.region == 'eu' and not inputs.dryRun }}`)).toBe('true');
    expect(r(`{{ taskrun.value isIn ['eu-west', 'eu-central'] }}`)).toBe('true');
  });
});

// Cost of rendering task properties with the sandbox's Pebble engine, against a naive
// `{{ a.b }}` regex substitution measured in the same run. The engine renders every property of
// every task run (a ForEach over 5,000 values, a target of 1,000 executions/s), so a small cached
// template must cost microseconds.
import { clearTemplateCache, render, renderValue } from '../../main/sandbox/pebble/index';
import { median, result, type Benchmark } from './harness';

const context = {
  flow: { id: 'etl', namespace: 'company.data' },
  execution: { id: '4wjKxbNVBoFYjAnvxCztHw', startDate: '2024-06-01T08:15:30.123Z' },
  inputs: { region: 'eu', limit: 10, tables: ['users', 'orders'] },
  outputs: { extract: { rows: 1200, uri: 'kestra:///company/data/etl/x.ion' } },
  taskrun: { value: 'eu-west' },
};

const task = {
  id: 'load',
  type: 'io.kestra.plugin.scripts.shell.Commands',
  commands: ['echo {{ inputs.region }}', 'load {{ outputs.extract.uri }} --rows {{ outputs.extract.rows }}'],
  env: { REGION: '{{ taskrun.value }}', FLOW: '{{ flow.namespace }}.{{ flow.id }}', EXECUTION: '{{ execution.id }}' },
  description: 'Loads {{ inputs.tables | join(", ") }}',
};

/** The baseline: what a minimal `{{ path }}` substitution costs, with no language at all. */
function naiveRender(template: string, variables: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_match, path: string) => {
    let value: unknown = variables;
    for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function naiveRenderValue(value: unknown, variables: Record<string, unknown>): unknown {
  if (typeof value === 'string') return naiveRender(value, variables);
  if (Array.isArray(value)) return value.map((item) => naiveRenderValue(item, variables));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[naiveRender(key, variables)] = naiveRenderValue(item, variables);
    return out;
  }
  return value;
}

/** Median time per call in microseconds, over rounds of `count` calls. */
function timePerCall(fn: () => unknown, count: number, rounds: number): number[] {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < count; index += 1) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / count);
  }
  return samples;
}

const benchmark: Benchmark = {
  name: 'pebble rendering',
  async run() {
    const small = '{{ inputs.region }}';
    const mixed = 'load {{ outputs.extract.uri }} --rows {{ outputs.extract.rows }} in {{ flow.namespace }}';
    // Warm up both sides (JIT, template cache).
    timePerCall(() => render(mixed, context), 5_000, 2);
    timePerCall(() => naiveRender(mixed, context), 5_000, 2);

    const smallSubject: number[] = [];
    const smallBaseline: number[] = [];
    const taskSubject: number[] = [];
    const taskBaseline: number[] = [];
    // Interleave rounds so machine noise hits both sides alike.
    for (let round = 0; round < 5; round += 1) {
      smallSubject.push(...timePerCall(() => render(small, context), 20_000, 1));
      smallBaseline.push(...timePerCall(() => naiveRender(small, context), 20_000, 1));
      taskSubject.push(...timePerCall(() => renderValue(task, context), 5_000, 1));
      taskBaseline.push(...timePerCall(() => naiveRenderValue(task, context), 5_000, 1));
    }

    // A ForEach of 5,000 values renders the task once per value.
    const forEachStart = process.hrtime.bigint();
    for (let index = 0; index < 5_000; index += 1) renderValue(task, { ...context, taskrun: { value: `v${index}` } });
    const forEachMs = Number(process.hrtime.bigint() - forEachStart) / 1e6;

    // First render of never-seen templates: lexing, parsing and compiling included.
    clearTemplateCache();
    const cold = timePerCall(() => render(`${mixed} {{ ${Math.random()} }}`, context), 2_000, 3);
    const warm = timePerCall(() => render(mixed, context), 2_000, 3);

    return [
      result(`render('${small}') median`, 'µs', median(smallSubject), 'regex {{ path }} substitution', median(smallBaseline), { max: 3, on: 'ratio' }),
      result('renderValue(task with 7 dynamic properties) median', 'µs', median(taskSubject), 'regex substitution over the same task', median(taskBaseline), { max: 3, on: 'ratio' }),
      result(
        'ForEach of 5,000 values, task rendered per value',
        'ms',
        forEachMs,
        '1,000 executions/s budget for 5,000 task runs (5,000 ms)',
        5_000,
        { max: 0.2, on: 'ratio' },
        'The engine must leave most of the per-execution budget for everything else.',
      ),
      result('first render of a new template (parse + compile)', 'µs', median(cold), 'cached render of a template of the same size', median(warm), undefined, 'Informational: what the LRU cache saves.'),
    ];
  },
};
export default benchmark;

import { describe, expect, it } from 'vitest';
import { knownPluginTypes, nearestTypes, rewordTypeProblem, typeValueAt } from './plugin-types';

const schema = {
  definitions: {
    'io.kestra.plugin.core.log.Log': { properties: { type: { const: 'io.kestra.plugin.core.log.Log' } } },
    'io.kestra.plugin.core.debug.Return': { properties: { type: { const: 'io.kestra.plugin.core.debug.Return' } } },
    'io.kestra.plugin.core.trigger.Schedule': { properties: { type: { const: 'io.kestra.plugin.core.trigger.Schedule' } } },
    'io.kestra.plugin.scripts.shell.Commands': { properties: { type: { const: 'io.kestra.plugin.scripts.shell.Commands' } } },
    StringInput: { properties: { type: { const: 'STRING' } } },
  },
};
const known = knownPluginTypes(schema);

const SOURCE = `id: t
namespace: company.team
inputs:
  - id: x
    type: STRNG
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Logg
    message: hi
triggers:
  - id: daily
    type: io.kestra.plugin.core.trigger.Shedule
`;

describe('plugin types', () => {
  it('lists the plugin classes the schema knows (not input types)', () => {
    expect(known).toEqual(['io.kestra.plugin.core.debug.Return', 'io.kestra.plugin.core.log.Log', 'io.kestra.plugin.core.trigger.Schedule', 'io.kestra.plugin.scripts.shell.Commands']);
  });

  it('finds the type: value under the cursor and what it names', () => {
    expect(typeValueAt(SOURCE, 8, 11)).toEqual({ value: 'io.kestra.plugin.core.log.Logg', kind: 'task' });
    expect(typeValueAt(SOURCE, 12, 15)).toEqual({ value: 'io.kestra.plugin.core.trigger.Shedule', kind: 'trigger' });
    expect(typeValueAt(SOURCE, 9, 5)).toBeUndefined();
  });

  it('suggests the nearest classes first', () => {
    expect(nearestTypes('io.kestra.plugin.core.log.Logg', known)[0]).toBe('io.kestra.plugin.core.log.Log');
  });

  it("rewords the schema's const/enum complaint about an unknown type", () => {
    expect(rewordTypeProblem('Value must be "io.kestra.plugin.core.log.Log".', SOURCE, 8, 11, known)).toMatch(
      /^Unknown task type "io\.kestra\.plugin\.core\.log\.Logg"; did you mean "io\.kestra\.plugin\.core\.log\.Log"/,
    );
    expect(rewordTypeProblem('Value must be "io.kestra.plugin.core.trigger.Schedule".', SOURCE, 12, 15, known)).toMatch(/^Unknown trigger type .*did you mean "io\.kestra\.plugin\.core\.trigger\.Schedule"/);
  });

  it('leaves other messages, known types and input types alone', () => {
    expect(rewordTypeProblem('Incorrect type. Expected "boolean".', SOURCE, 8, 11, known)).toBeUndefined();
    expect(rewordTypeProblem('Value must be "STRING".', SOURCE, 5, 11, known)).toBeUndefined();
    expect(rewordTypeProblem('Value must be "io.kestra.plugin.core.log.Log".', SOURCE.replace('Logg', 'Log'), 8, 11, known)).toBeUndefined();
    // Idempotent: a reworded message is not reworded again.
    expect(rewordTypeProblem('Unknown task type "x"; did you mean "y"?', SOURCE, 8, 11, known)).toBeUndefined();
  });
});

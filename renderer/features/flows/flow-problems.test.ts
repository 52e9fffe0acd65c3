import { describe, expect, it } from 'vitest';
import { parseConstraintText, parsePropertyPath, parseReferenceChain, problemMarkers, validationMarkers } from './flow-problems';

const SOURCE = ['id: hello', 'namespace: company.team', 'tasks:', '  - id: first', '    type: io.kestra.plugin.core.log.Log', '    message: hi', '  - id: second', '    type: io.kestra.plugin.core.log.Log', ''].join('\n');

describe('parsing Kestra validation text', () => {
  it('splits joined constraint messages by path, keeping commas inside messages', () => {
    expect(parseConstraintText('Invalid entity: tasks[1].message: must not be null, id: must match "^[a-z]+$", value a, b')).toEqual([
      { message: 'tasks[1].message: must not be null', path: ['tasks', 1, 'message'] },
      { message: 'id: must match "^[a-z]+$", value a, b', path: ['id'] },
    ]);
  });

  it('treats flow and yaml paths as the whole document', () => {
    expect(parseConstraintText('flow: Invalid Flow: Duplicate task id with name [a]')).toEqual([{ message: 'Invalid Flow: Duplicate task id with name [a]', path: undefined }]);
  });

  it('reads Jackson reference chains and line/column positions', () => {
    const text =
      'Unrecognized field "foo" (class io.kestra.plugin.core.log.Log), not marked as ignorable\n at [Source: UNKNOWN; line: 6, column: 5] (through reference chain: io.kestra.core.models.flows.Flow["tasks"]->java.util.ArrayList[0]->io.kestra.plugin.core.log.Log["foo"])';
    const [problem] = parseConstraintText(text);
    expect(problem?.line).toBe(6);
    expect(problem?.column).toBe(5);
    expect(problem?.path).toEqual(['tasks', 0, 'foo']);
    expect(problem?.message).toBe('Unrecognized field "foo" (class io.kestra.plugin.core.log.Log), not marked as ignorable');
  });

  it('reads the YAML reader’s "at line N"', () => {
    expect(parseConstraintText('Illegal flow source: YAML parsing error: Nested mappings are not allowed (at line 4)')).toEqual([
      { message: 'YAML parsing error: Nested mappings are not allowed (at line 4)', path: undefined, line: 4, column: undefined },
    ]);
  });

  it('parses property paths and chains', () => {
    expect(parsePropertyPath('tasks[0].then[2].id')).toEqual(['tasks', 0, 'then', 2, 'id']);
    expect(parseReferenceChain('Flow["inputs"] > java.util.ArrayList[3]')).toEqual(['inputs', 3]);
    expect(parseReferenceChain('no chain here')).toBeUndefined();
  });
});

describe('placing problems in the text', () => {
  it('puts a missing property on its parent item and a bad property on its key', () => {
    const markers = problemMarkers(SOURCE, [
      { message: 'tasks[1].message: must not be null', path: ['tasks', 1, 'message'] },
      { message: 'tasks[0].message: bad', path: ['tasks', 0, 'message'] },
    ]);
    expect(markers[0]).toMatchObject({ startLineNumber: 7, severity: 'error' });
    expect(markers[1]).toMatchObject({ startLineNumber: 6, startColumn: 5 });
  });

  it('uses the first line when the path is unknown', () => {
    expect(problemMarkers(SOURCE, [{ message: 'something' }])[0]).toMatchObject({ startLineNumber: 1, startColumn: 1, endColumn: 10 });
  });

  it('uses explicit line and column first', () => {
    expect(problemMarkers(SOURCE, [{ message: 'x', line: 4, column: 5 }])[0]).toMatchObject({ startLineNumber: 4, startColumn: 5, endColumn: 14 });
  });

  it('finds a field named in a message without a path', () => {
    const markers = problemMarkers(SOURCE + '    colour: red\n', [{ message: 'Unrecognized field "colour" (class io.kestra.plugin.core.log.Log), not marked as ignorable' }]);
    expect(markers[0]).toMatchObject({ startLineNumber: 9, startColumn: 5 });
  });

  it('survives unparsable YAML', () => {
    expect(problemMarkers('a: [\n', [{ message: 'x', path: ['a', 'b'] }])).toHaveLength(1);
  });

  it('turns a validate answer into errors, warnings and infos', () => {
    const markers = validationMarkers(SOURCE, { constraints: 'id: bad', warnings: ['careful'], deprecationPaths: ['tasks[0].message'], infos: ['fyi'] });
    expect(markers.map((marker) => marker.severity)).toEqual(['error', 'warning', 'warning', 'info']);
    expect(markers[2]).toMatchObject({ startLineNumber: 6, message: 'tasks[0].message is deprecated' });
    expect(validationMarkers(SOURCE, { constraints: undefined })).toEqual([]);
  });
});

describe('server problems without a path (issue 15)', () => {
  const source = `id: t
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
  - id: broken
    type: io.kestra.plugin.nope.DoesNotExist
    message: hi
  - id: level
    type: io.kestra.plugin.core.log.Log
    level: NOPE
    message: hi
`;

  it('anchors "Invalid type: …" at the type: line that names it', () => {
    const [marker] = validationMarkers(source, { constraints: 'Invalid type: io.kestra.plugin.nope.DoesNotExist' });
    expect(marker).toMatchObject({ severity: 'error', startLineNumber: 8, startColumn: 5, endLineNumber: 8 });
    expect(marker!.message).toBe('Invalid type: io.kestra.plugin.nope.DoesNotExist');
  });

  it('prefers the type: line to the task a 422 path points at', () => {
    const [marker] = problemMarkers(source, [{ message: 'Invalid type: io.kestra.plugin.nope.DoesNotExist', path: ['tasks', 1] }]);
    expect(marker!.startLineNumber).toBe(8);
  });

  it('anchors a refused enum value where it is written', () => {
    const [marker] = validationMarkers(source, {
      constraints: 'Cannot deserialize value of type `io.kestra.plugin.core.log.Log` from String "NOPE": not one of the values accepted for Enum class: [ERROR, WARN, INFO, DEBUG, TRACE]',
    });
    expect(marker!.startLineNumber).toBe(12);
  });
});

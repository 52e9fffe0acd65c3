// Tests used with `is` / `is not`: Pebble's core set (extension/core/*Test.java) plus Kestra's `json`.

import { isEmptyValue } from './filters';
import { parseJson } from './json';
import type { Invocation, TestDefinition } from './runtime';
import { isDouble, isMap, isNumber, javaClassName, toJsNumber } from './values';

function parity(name: 'even' | 'odd', wanted: 0 | 1): TestDefinition {
  return {
    args: null,
    test(input: unknown, _args, call: Invocation) {
      if (input === null || input === undefined) return call.fail(`Can not pass null value to "${name}" test.`);
      if (!isNumber(input) || isDouble(input)) return call.fail(`Can not pass a non-integer value of type ${javaClassName(input)} to "${name}" test.`);
      return Math.abs(toJsNumber(input) % 2) === wanted;
    },
  };
}

export const TESTS: ReadonlyMap<string, TestDefinition> = new Map<string, TestDefinition>([
  // DefinedTest is `input != null`: a variable that exists with a null value is not "defined".
  ['defined', { args: null, toleratesMissingInput: true, test: (input) => input !== null && input !== undefined }],
  ['null', { args: null, test: (input) => input === null || input === undefined }],
  ['empty', { args: null, test: (input) => isEmptyValue(input) }],
  ['even', parity('even', 0)],
  ['odd', parity('odd', 1)],
  ['iterable', { args: null, test: (input) => Array.isArray(input) }],
  ['map', { args: null, test: (input) => isMap(input) }],
  [
    'json',
    {
      args: null,
      test(input) {
        if (input === null || input === undefined) return false;
        if (isMap(input) || Array.isArray(input)) return true;
        if (typeof input !== 'string') return false;
        try {
          parseJson(input);
          return true;
        } catch {
          return false;
        }
      },
    },
  ],
]);

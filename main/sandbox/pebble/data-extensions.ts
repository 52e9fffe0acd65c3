// Kestra's data filters and functions that need a library: `jq` (JqFilter), `toIon` (ToIonFilter),
// `fromIon` (FromIonFunction), `encrypt`/`decrypt` (EncryptFunction, DecryptFunction) and
// `tasksWithState` (TasksWithStateFunction). Messages follow those classes.
import { IonDate, IonDecimal, IonError, IonFloat, parseIon, toIonText } from '../ion/ion-values';
import { runJq } from './jq';
import { KestraCryptoError, kestraDecrypt, kestraEncrypt } from './kestra-crypto';
import { JsonParseError, parseFirstJson, parseJson, toJson } from './json';
import type { FilterDefinition, FunctionDefinition, Invocation } from './runtime';
import { MISSING } from './runtime';
import { MapEntry, PebbleDouble, getKey, hasKey, isMap, javaClassName, javaToString, makeDouble } from './values';

/** Pebble values as the Ion writer takes them: a Double stays a float even without a fraction. */
function toIonValue(value: unknown, depth = 0): unknown {
  if (value instanceof PebbleDouble) return new IonFloat(value.value);
  if (typeof value === 'number' && !Number.isInteger(value)) return new IonFloat(value);
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 256) return value;
  if (value instanceof MapEntry) return { [javaToString(value.key)]: toIonValue(value.value, depth + 1) };
  if (Array.isArray(value)) return value.map((item) => toIonValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, toIonValue(item, depth + 1)]));
}

/** Ion values read back as Pebble values: floats and decimals are Doubles, dates their ISO text. */
function fromIonValue(value: unknown): unknown {
  if (value instanceof IonFloat) return makeDouble(value.value);
  if (value instanceof IonDecimal) return makeDouble(Number(value.text));
  if (value instanceof IonDate) return value.text;
  if (Array.isArray(value)) return value.map(fromIonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromIonValue(item)]));
  return value;
}

function stringArgument(value: unknown, message: string, call: Invocation): string {
  if (typeof value !== 'string') return call.fail(message);
  return value;
}

/** JqFilter: the input as JSON (a string is parsed), every jq output in a list. */
export const jqFilter: FilterDefinition = {
  args: ['expression'],
  apply(input, args, call) {
    if (input === null || input === undefined) return null;
    if (!args.has('expression')) return call.fail("The 'jq' filter expects an argument 'expression'.");
    const expression = stringArgument(args.get('expression'), "The 'jq' filter expects an argument 'expression'.", call);
    const failure = `Unable to parse jq value '${javaToString(input)}' with type '${javaClassName(input)}'`;
    let json: string;
    try {
      json = typeof input === 'string' ? toJson(parseFirstJson(input), true) : toJson(input, true);
    } catch (error) {
      return call.fail(failure, 'evaluation', error);
    }
    let lines: string[];
    try {
      lines = runJq(json, expression, { timeoutMs: call.run.limits.maxJqMillis });
    } catch (error) {
      const cause = new Error(`Failed to resolve JQ expression '${expression}' and value '${javaToString(input)}'`, { cause: error });
      return call.fail(failure, 'evaluation', cause);
    }
    try {
      return lines.map((line) => parseJson(line));
    } catch (error) {
      if (error instanceof JsonParseError) return call.fail(failure, 'evaluation', error);
      throw error;
    }
  },
};

/** ToIonFilter: Kestra's Ion text of the value (JacksonMapper.ofIon); null prints "null". */
export const toIonFilter: FilterDefinition = {
  args: null,
  apply(input, _args, call) {
    if (input === null || input === undefined) return 'null';
    try {
      return toIonText(toIonValue(input));
    } catch (error) {
      return call.fail(`Unable to transform to ion value '${javaToString(input)}' with type '${javaClassName(input)}'`, 'evaluation', error);
    }
  },
};

export const fromIonFunction: FunctionDefinition = {
  args: ['ion'],
  call(args, call) {
    if (!args.has('ion')) return call.fail("The 'fromIon' function expects an argument 'ion'.");
    const ion = args.get('ion');
    if (ion === null || ion === undefined) return null;
    if (typeof ion !== 'string') return call.fail("The 'fromIon' function expects an argument 'ion' with type string.");
    try {
      const values = parseIon(ion, true);
      return values.length === 0 ? null : fromIonValue(values[0]);
    } catch (error) {
      if (error instanceof IonError) return call.fail(error.message);
      throw error;
    }
  },
};

function cryptoFunction(name: 'encrypt' | 'decrypt', textArg: 'plaintext' | 'encrypted'): FunctionDefinition {
  return {
    args: ['key', textArg],
    call(args, call) {
      if (!args.has('key') || !args.has(textArg)) return call.fail(`The '${name}' function expects two arguments 'key' and '${textArg}'.`);
      const key = args.get('key');
      const text = args.get(textArg);
      if (typeof key !== 'string') return call.fail(`class ${javaClassName(key)} cannot be cast to class java.lang.String`);
      if (text !== null && typeof text !== 'string') return call.fail(`class ${javaClassName(text)} cannot be cast to class java.lang.String`);
      try {
        return name === 'encrypt' ? kestraEncrypt(key, text) : kestraDecrypt(key, text);
      } catch (error) {
        if (error instanceof KestraCryptoError) return call.fail(error.message, 'evaluation', error);
        throw error;
      }
    },
  };
}

export const encryptFunction = cryptoFunction('encrypt', 'plaintext');
export const decryptFunction = cryptoFunction('decrypt', 'encrypted');

function stateOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toUpperCase() : undefined;
}

/**
 * TasksWithStateFunction: reads the `tasks` variable (`tasks.<id>.state`, or
 * `tasks.<id>.<value>.state` for task runs with a value) and lists `{taskId, state[, value]}`.
 */
export const tasksWithStateFunction: FunctionDefinition = {
  args: ['state'],
  call(args, call) {
    if (!args.has('state')) return call.fail("The 'tasksWithState' function expects an argument 'state'.");
    const wanted = stringArgument(args.get('state'), "The 'tasksWithState' function expects an argument 'state'.", call).toUpperCase();
    const tasks = call.scope.lookup('tasks');
    const found: Record<string, unknown>[] = [];
    if (tasks === MISSING || !isMap(tasks)) return found;
    for (const taskId of Object.keys(tasks)) {
      const details = getKey(tasks, taskId);
      if (!isMap(details)) continue;
      for (const key of Object.keys(details)) {
        const value = getKey(details, key);
        if (key === 'state') {
          const state = stateOf(value) ?? (isMap(value) && hasKey(value, 'state') ? stateOf(getKey(value, 'state')) : undefined);
          if (state === wanted) found.push(isMap(value) ? { taskId, state, value: 'state' } : { taskId, state });
        } else if (isMap(value) && hasKey(value, 'state')) {
          const state = stateOf(getKey(value, 'state'));
          if (state === wanted) found.push({ taskId, state, value: key });
        }
      }
    }
    return found;
  },
};

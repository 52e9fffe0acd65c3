// Functions: Pebble's `range`, `max`, `min` and Kestra's (core/.../runners/pebble/functions/*).
// Storage-backed ones (`kv`, `read`, `secret`) call the host through RenderOptions.functions; the
// others are computed here. `render()` is provided by the engine through RenderRun.renderNested.

import { randomInt, randomUUID } from 'node:crypto';
import { parse as yamlParse } from 'yaml';
import { decryptFunction, encryptFunction, fromIonFunction, tasksWithStateFunction } from './data-extensions';
import { formatWithArgs, zoneArg } from './dates';
import { fromDate } from './java-time';
import { JsonParseError, parseJson } from './json';
import { slugify } from './java-text';
import { unsupported } from './filters';
import type { Args, FunctionDefinition, Invocation } from './runtime';
import { MISSING } from './runtime';
import { compareValues, getKey, hasKey, isDouble, isMap, isNumber, javaClassName, javaToString, toJsNumber } from './values';

function variable(call: Invocation, name: string): unknown {
  const value = call.scope.lookup(name);
  return value === MISSING ? null : value;
}

function field(value: unknown, key: string): unknown {
  return isMap(value) && hasKey(value, key) ? getKey(value, key) : null;
}

function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

/** Pebble's RangeFunction behind Kestra's BoundedRangeFunction size check. */
export function range(start: unknown, end: unknown, increment: unknown, call: Invocation): unknown[] {
  const step = increment === null || increment === undefined ? 1 : increment;
  if (!isNumber(step)) return call.fail(`The increment of the range function must be a number ${javaToString(step)}`);
  const by = Math.trunc(toJsNumber(step));
  if (isNumber(start) && isNumber(end)) {
    const from = Math.trunc(toJsNumber(start));
    const to = Math.trunc(toJsNumber(end));
    if (by !== 0) {
      const size = Math.floor(Math.abs(to - from) / Math.abs(by)) + 1;
      const max = call.run.limits.maxListSize;
      if (size > max) return call.fail(`The range function cannot produce more than ${max} elements, but this call would produce ${size}.`, 'limit');
    }
    if (by === 0) return call.fail('The increment of the range function must be different than 0');
    const result: number[] = [];
    if (by > 0) for (let value = from; value <= to; value += by) result.push(value);
    else for (let value = from; value >= to; value += by) result.push(value);
    return result;
  }
  if (typeof start === 'string' && typeof end === 'string') {
    if (start.length !== 1 || end.length !== 1) return call.fail('Arguments of range function must be of type Number or String with a length of 1');
    if (by === 0) return call.fail('The increment of the range function must be different than 0');
    const result: string[] = [];
    const from = start.charCodeAt(0);
    const to = end.charCodeAt(0);
    if (by > 0) for (let code = from; code <= to; code += by) result.push(String.fromCharCode(code));
    else for (let code = from; code >= to; code += by) result.push(String.fromCharCode(code));
    return result;
  }
  return call.fail('Arguments of range function must be of type Number or String with a length of 1');
}

function extremum(args: Args, call: Invocation, comparison: 'GREATER_THAN' | 'LESS_THAN'): unknown {
  let best: unknown = null;
  for (let index = 0; args.has(String(index)); index += 1) {
    const candidate = args.get(String(index));
    if (best === null || best === undefined) {
      best = candidate;
      continue;
    }
    try {
      if (compareValues(candidate, best, comparison)) best = candidate;
    } catch (error) {
      call.fail((error as Error).message, 'evaluation', error);
    }
  }
  return best ?? null;
}

function fromJsonFunction(name: 'fromJson' | 'json'): FunctionDefinition {
  return {
    args: ['json'],
    call(args, call) {
      if (name === 'json') call.run.options.onWarning?.("The 'json' function is deprecated, please use 'fromJson' instead");
      if (!args.has('json')) return call.fail(`The '${name}' function expects an argument 'json'.`);
      const json = args.get('json');
      if (json === null || json === undefined) return null;
      if (typeof json !== 'string') return call.fail(`The '${name}' function expects an argument 'json' with type string.`);
      try {
        return parseJson(json);
      } catch (error) {
        if (error instanceof JsonParseError) return call.fail(`Invalid json: ${error.message}`, 'evaluation', error);
        throw error;
      }
    },
  };
}

function renderFunction(name: 'render' | 'renderOnce'): FunctionDefinition {
  return {
    args: name === 'render' ? ['toRender', 'recursive'] : ['toRender'],
    call(args, call) {
      if (!args.has('toRender')) return call.fail(`The '${name}' function expects an argument 'toRender'.`);
      const recursive = name === 'render' ? (args.get('recursive') ?? true) : false;
      if (typeof recursive !== 'boolean') return call.fail(`The '${name}' function expects an optional argument 'recursive' with type boolean.`);
      return call.run.renderNested(args.get('toRender'), call.scope.visibleVariables(), recursive, call.run);
    },
  };
}

/** FriendlyId.createFriendlyId(): a random UUID in base62 (what Kestra uses for execution ids). */
function friendlyId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let value = BigInt(`0x${randomUUID().replace(/-/g, '')}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 62n)]! + out;
    value /= 62n;
  }
  return out || '0';
}

export const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = new Map<string, FunctionDefinition>([
  ['range', { args: ['start', 'end', 'increment'], call: (args, call) => range(args.get('start'), args.get('end'), args.get('increment'), call) }],
  ['max', { args: null, call: (args, call) => extremum(args, call, 'GREATER_THAN') }],
  ['min', { args: null, call: (args, call) => extremum(args, call, 'LESS_THAN') }],
  [
    'now',
    {
      args: ['format', 'timeZone', 'existingFormat', 'locale'],
      call(args, call) {
        return formatWithArgs(fromDate(call.run.now(), zoneArg(args, call)), args, call);
      },
    },
  ],
  ['fromJson', fromJsonFunction('fromJson')],
  ['json', fromJsonFunction('json')],
  [
    'yaml',
    {
      args: ['yaml'],
      call(args, call) {
        if (!args.has('yaml')) return call.fail("The 'yaml' function expects an argument 'yaml'.");
        const text = args.get('yaml');
        if (text === null || text === undefined) return null;
        if (typeof text !== 'string') return call.fail("The 'yaml' function expects an argument 'yaml' with type string.");
        try {
          return yamlParse(text, { maxAliasCount: 100 }) ?? null;
        } catch (error) {
          return call.fail(`Invalid yaml: ${(error as Error).message}`, 'evaluation', error);
        }
      },
    },
  ],
  ['render', renderFunction('render')],
  ['renderOnce', renderFunction('renderOnce')],
  [
    'currentEachOutput',
    {
      args: ['outputs'],
      call(args, call) {
        if (!args.has('outputs')) return call.fail("The 'currentEachOutput' function expects an argument 'outputs'.");
        let outputs = args.get('outputs');
        if (!isMap(outputs)) return call.fail("The 'currentEachOutput' function expects an argument 'outputs' with type map.");
        const parents = variable(call, 'parents');
        if (Array.isArray(parents) && parents.length > 0) {
          for (const parent of [...parents].reverse()) {
            const taskrun = field(parent, 'taskrun');
            if (taskrun === null) continue;
            const next = field(outputs, javaToString(field(taskrun, 'value')));
            if (next === null) return call.fail('No execution outputs for the current task runs path');
            outputs = next;
          }
        }
        return field(outputs, javaToString(field(variable(call, 'taskrun'), 'value')));
      },
    },
  ],
  [
    'kv',
    {
      args: ['key', 'namespace', 'errorOnMissing'],
      call(args, call) {
        if (!args.has('key')) return call.fail("The 'kv' function expects an argument 'key'.");
        const key = args.get('key');
        if (typeof key !== 'string') return call.fail(`class ${javaClassName(key)} cannot be cast to class java.lang.String`);
        const explicitNamespace = args.get('namespace');
        const namespace = typeof explicitNamespace === 'string' ? explicitNamespace : stringField(variable(call, 'flow'), 'namespace');
        if (namespace === undefined) return call.fail("The 'kv' function needs a namespace: pass one or render within a flow");
        // Since Kestra 0.22, errorOnMissing defaults to true (migration guide "kv-error-on-missing").
        const errorOnMissing = args.get('errorOnMissing') ?? true;
        const host = call.run.options.functions?.kv;
        if (!host) return call.fail("The 'kv' function is not available: no KV store was provided to the renderer");
        let value: unknown;
        try {
          value = host(key, namespace);
        } catch (error) {
          call.fail((error as Error).message, 'evaluation', error);
        }
        if (value === undefined) {
          if (errorOnMissing === true) return call.fail(`The key '${key}' does not exist in the namespace '${namespace}'.`);
          return null;
        }
        return value;
      },
    },
  ],
  [
    'read',
    {
      args: ['path'],
      call(args, call) {
        const path = args.get('path');
        const message = "The 'read' function expects an argument 'path' that is a path to a namespace file or an internal storage URI.";
        if (!args.has('path') || path === null || path === undefined) return call.fail(message);
        if (typeof path !== 'string') return call.fail(`class ${javaClassName(path)} cannot be cast to class java.lang.String`);
        const flow = variable(call, 'flow');
        const host = call.run.options.functions?.read;
        if (!host) return call.fail("The 'read' function is not available: no storage was provided to the renderer");
        const internal = path.startsWith('kestra:///');
        // A `..` segment could leave the namespace or the execution's folder: refuse it before any lookup.
        if (path.split(/[\\/]/).includes('..')) return call.fail(`Invalid path '${path}': '..' segments are not allowed`);
        if (internal && !belongsToExecution(path, call)) {
          call.fail(`Unable to read the file '${path}' as it didn't belong to the current execution`, 'evaluation');
        }
        try {
          return host(path, { kind: internal ? 'internal-storage' : 'namespace-file', namespace: stringField(flow, 'namespace') });
        } catch (error) {
          return call.fail((error as Error).message, 'evaluation', error);
        }
      },
    },
  ],
  [
    'secret',
    {
      args: ['key'],
      call(args, call) {
        if (!args.has('key')) return call.fail("The 'secret' function expects an argument 'key'.");
        const key = javaToString(args.get('key'));
        const host = call.run.options.functions?.secret;
        let value: string | undefined;
        if (host) {
          try {
            value = host(key, stringField(variable(call, 'flow'), 'namespace'));
          } catch (error) {
            call.fail((error as Error).message, 'evaluation', error);
          }
        }
        if (value === undefined) return call.fail(`Cannot find secret for key '${key}'.`);
        call.run.options.onSecret?.(value);
        return value;
      },
    },
  ],
  ['fetchContext', { args: [], call: (_args, call) => call.scope.visibleVariables() }],
  [
    'printContext',
    {
      args: [],
      call(_args, call) {
        call.run.options.onWarning?.("The 'printContext' function is deprecated, please use 'fetchContext' instead");
        return call.scope.visibleVariables();
      },
    },
  ],
  ['uuid', { args: [], call: () => randomUUID() }],
  ['id', { args: [], call: () => friendlyId() }],
  [
    'randomInt',
    {
      args: ['lower', 'upper'],
      call(args, call) {
        const lower = args.get('lower');
        const upper = args.get('upper');
        if (!isNumber(lower) || !isNumber(upper) || isDouble(lower) || isDouble(upper)) return call.fail("The 'randomInt' function expects integer arguments 'lower' and 'upper'.");
        const from = toJsNumber(lower);
        const to = toJsNumber(upper);
        if (from >= to) return call.fail("The 'randomInt' function expects 'lower' to be less than 'upper'.");
        return randomInt(from, to);
      },
    },
  ],
  ['randomPort', { args: [], call: () => randomInt(10000, 65536) }],
  ['encrypt', encryptFunction],
  ['decrypt', decryptFunction],
  ['fromIon', fromIonFunction],
  ['tasksWithState', tasksWithStateFunction],
  // Kestra has these; without the engine's extraFunctions they fail clearly rather than "Function [x] does not exist".
  ...['fileURI', 'fileSize', 'fileExists', 'isFileEmpty', 'fileEmpty', 'errorLogs', 'http', 'subflow'].map(
    (name): [string, FunctionDefinition] => [name, { args: null, call: unsupported(name, 'function').call }],
  ),
]);

/** ReadFileFunction.validateFileUri: the file belongs to this execution, or to the execution that triggered it. */
function belongsToExecution(path: string, call: Invocation): boolean {
  const allowed = (namespace: string | undefined, flowId: string | undefined, executionId: string | undefined): boolean => {
    if (!namespace || !flowId || !executionId) return false;
    return path.startsWith(`kestra:///${namespace.replace(/\./g, '/')}/${slugify(flowId)}/executions/${executionId}/`);
  };
  const flow = variable(call, 'flow');
  const execution = variable(call, 'execution');
  if (allowed(stringField(flow, 'namespace'), stringField(flow, 'id'), stringField(execution, 'id'))) return true;
  const trigger = variable(call, 'trigger');
  return allowed(stringField(trigger, 'namespace'), stringField(trigger, 'flowId'), stringField(trigger, 'executionId'));
}


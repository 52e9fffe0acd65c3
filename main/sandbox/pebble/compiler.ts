// Turns the syntax tree into JavaScript closures once, so rendering a cached template only walks
// prepared functions. Each closure reproduces the matching Pebble node's evaluation
// (io.pebbletemplates.pebble.node.*, node.expression.*) and Kestra's overrides.

import type { Arguments, Expr, Node, ParsedTemplate } from './ast';
import { PebbleError, isMissingVariable, type PebbleErrorKind } from './errors';
import { FILTERS } from './filters';
import { FUNCTIONS, range } from './functions';
import { resolveMember } from './java-members';
import { toJson } from './json';
import type { SourcePositions } from './lexer';
import { MISSING, Output, type Args, type Invocation, type RenderRun, type Scope } from './runtime';
import { TESTS } from './value-tests';
import {
  MapEntry,
  add,
  arithmetic,
  castToBoolean,
  compareValues,
  getKey,
  hasKey,
  isMap,
  javaClassName,
  javaSimpleClassName,
  javaToString,
  newMap,
  pebbleEquals,
  setKey,
  subtract,
  type ComparisonName,
} from './values';

type Evaluator = (scope: Scope) => unknown;
type Executor = (scope: Scope, out: Output) => void;

export interface CompiledTemplate {
  /** The template text; Pebble names literal templates after their content, so errors quote it. */
  readonly source: string;
  readonly execute: Executor;
  /** Set when the template is one `{{ expression }}` (whitespace around allowed): its typed value. */
  readonly single: Evaluator | null;
}

interface Macro {
  params: { name: string; defaultValue: Evaluator | undefined }[];
  body: Executor;
}

interface CompileContext {
  source: string;
  positions: SourcePositions;
  macros: Map<string, Macro>;
  blocks: Map<string, Executor>;
}

const MAX_MACRO_DEPTH = 100;

/** Prints a value the way Kestra's JsonWriter does: maps and lists as JSON, the rest with toString(). */
export function printValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || isMap(value)) return toJson(value);
  return javaToString(value);
}

export function compileTemplate(parsed: ParsedTemplate, source: string, positions: SourcePositions): CompiledTemplate {
  const ctx: CompileContext = { source, positions, macros: new Map(), blocks: new Map() };
  // Macros and blocks are registered before rendering (MacroAndBlockRegistrantNodeVisitor), so they
  // can be used above their definition.
  for (const [name, macro] of parsed.macros) {
    ctx.macros.set(name, {
      params: macro.params.map((param) => ({ name: param.name, defaultValue: param.defaultValue && compileExpr(param.defaultValue, ctx) })),
      body: compileBody(macro.body, ctx),
    });
  }
  for (const [name, block] of parsed.blocks) ctx.blocks.set(name, compileBody(block.body, ctx));
  const execute = compileBody(parsed.body, ctx);
  const meaningful = parsed.body.filter((node) => !(node.type === 'text' && node.text.trim() === ''));
  const only = meaningful[0];
  const single = meaningful.length === 1 && only?.type === 'print' ? compileExpr(only.expr, ctx) : null;
  return { source, execute, single };
}

export function compileStandaloneExpression(expr: Expr, source: string, positions: SourcePositions): CompiledTemplate {
  const ctx: CompileContext = { source, positions, macros: new Map(), blocks: new Map() };
  const evaluator = compileExpr(expr, ctx);
  return {
    source,
    single: evaluator,
    execute: (scope, out) => {
      const value = evaluator(scope);
      if (value !== null && value !== undefined) out.write(printValue(value));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

function error(ctx: CompileContext, pos: number, kind: Exclude<PebbleErrorKind, 'missing-variable'>, message: string, cause?: unknown): PebbleError {
  return new PebbleError({ kind, pebbleMessage: message, template: ctx.source, line: ctx.positions.line(pos), cause });
}

function missing(ctx: CompileContext, pos: number, name: string, detail: string): PebbleError {
  return new PebbleError({ kind: 'missing-variable', pebbleMessage: detail, attributeName: name, template: ctx.source, line: ctx.positions.line(pos) });
}

/**
 * Errors from values, filters and the java helpers (OperandError, DateTimeError, JavaTextError,
 * JsonParseError, MemberError, a host function's Error) become Pebble errors of the node that raised them.
 */
function wrap(ctx: CompileContext, pos: number, caught: unknown): PebbleError {
  if (caught instanceof PebbleError) return caught;
  if (caught instanceof RangeError && /call stack/i.test(caught.message)) {
    return error(ctx, pos, 'limit', 'The template nests too deeply (maximum call stack size exceeded)', caught);
  }
  return error(ctx, pos, 'evaluation', caught instanceof Error ? caught.message : String(caught), caught);
}

function guarded(ctx: CompileContext, pos: number, evaluator: Evaluator): Evaluator {
  return (scope) => {
    try {
      return evaluator(scope);
    } catch (caught) {
      throw wrap(ctx, pos, caught);
    }
  };
}

function invocation(ctx: CompileContext, pos: number, scope: Scope): Invocation {
  return {
    run: scope.run,
    scope,
    line: ctx.positions.line(pos),
    template: ctx.source,
    fail(message, kind = 'evaluation', cause) {
      throw error(ctx, pos, kind, message, cause);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Expressions

interface CompiledArguments {
  positional: Evaluator[];
  named: { name: string; value: Evaluator }[];
}

function compileArguments(args: Arguments, ctx: CompileContext): CompiledArguments {
  return {
    positional: args.positional.map((arg) => compileExpr(arg, ctx)),
    named: args.named.map((arg) => ({ name: arg.name, value: compileExpr(arg.value, ctx) })),
  };
}

/** ArgumentsNode.getArgumentMap: positional arguments take the declared names in order. */
function evaluateArguments(names: readonly string[] | null, args: CompiledArguments, scope: Scope, fail: (message: string) => never): Args {
  const result: Args = new Map();
  if (names === null) {
    args.positional.forEach((value, index) => result.set(String(index), value(scope)));
    return result;
  }
  args.positional.forEach((value, index) => {
    if (index >= names.length) fail(`The argument at position ${index + 1} is not allowed. Only ${names.length} argument(s) are allowed.`);
    result.set(names[index]!, value(scope));
  });
  for (const { name, value } of args.named) {
    if (names.length > 0 && !names.includes(name)) fail(`The following named argument does not exist: ${name}`);
    result.set(name, value(scope));
  }
  return result;
}

function parseJavaInt(text: string): number | null {
  if (!/^[+-]?[0-9]{1,10}$/.test(text)) return null;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}

/** GetAttributeExpression + DefaultAttributeResolver: map key, list index, then Java members. */
function getAttribute(ctx: CompileContext, pos: number, object: unknown, attribute: unknown, args: unknown[] | undefined): unknown {
  const name = typeof attribute === 'string' ? attribute : javaToString(attribute);
  if (args === undefined) {
    if (isMap(object)) {
      if (hasKey(object, name)) return getKey(object, name);
      throw missing(ctx, pos, name, `Attribute [${name}] of [${javaClassName(object)}] does not exist or can not be accessed and strict variables is set to true.`);
    }
    if (Array.isArray(object)) {
      const index = parseJavaInt(name);
      if (index !== null) {
        if (index < 0 || index >= object.length) throw missing(ctx, pos, name, 'Index out of bounds while accessing array with strict variables on.');
        const value = object[index];
        return value === undefined ? null : value;
      }
    }
  }
  let member: { value: unknown } | undefined;
  try {
    member = resolveMember(object, name, args);
  } catch (caught) {
    throw error(ctx, pos, 'evaluation', `Could not call ${name}: ${caught instanceof Error ? caught.message : String(caught)}`, caught);
  }
  if (member) return member.value;
  throw missing(ctx, pos, name, `Attribute [${name}] of [${javaClassName(object)}] does not exist or can not be accessed and strict variables is set to true.`);
}

function booleanOperand(ctx: CompileContext, pos: number, value: unknown, operator: string): boolean {
  if (value === null || value === undefined) throw error(ctx, pos, 'evaluation', `null value used in ${operator} operator and strict variables is set to true`);
  const result = castToBoolean(value);
  if (result === null) throw error(ctx, pos, 'evaluation', `class ${javaClassName(value)} cannot be cast to class java.lang.Boolean`);
  return result;
}

/** The boolean checks of IfNode and UnaryNotExpression: only Boolean, Number and String qualify. */
function conditionValue(ctx: CompileContext, pos: number, value: unknown, nullMessage: string): boolean {
  if (value === null || value === undefined) throw error(ctx, pos, 'evaluation', nullMessage);
  const result = castToBoolean(value);
  if (result === null) throw error(ctx, pos, 'evaluation', `Unsupported value type ${javaSimpleClassName(value)}. Expected Boolean, String, Number in "if" statement`);
  return result;
}

/** ContainsExpression. */
function contains(ctx: CompileContext, pos: number, container: unknown, item: unknown): boolean {
  if (container === null || container === undefined) return false;
  if (Array.isArray(container)) {
    if (Array.isArray(item)) return item.every((wanted) => container.some((have) => pebbleEqualsInCollection(have, wanted)));
    return container.some((have) => pebbleEqualsInCollection(have, item));
  }
  if (isMap(container)) return hasKey(container, javaToString(item));
  if (typeof container === 'string') return container.includes(javaToString(item));
  throw error(ctx, pos, 'evaluation', `Contains operator can only be used on Collections, Maps and arrays. Actual type was: ${javaClassName(container)}`);
}

/**
 * Collection.contains uses equals(), under which Java's Integer 1 (from JSON) differs from the Long
 * literal 1. Integer and Long cannot be told apart here, so numbers compare by value.
 */
function pebbleEqualsInCollection(a: unknown, b: unknown): boolean {
  return pebbleEquals(a, b);
}

/** Kestra's InExpression (`isIn`): compares string forms, and a map matches on keys or values. */
function isIn(left: unknown, right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined) return false;
  const wanted = javaToString(left);
  if (Array.isArray(right)) return right.some((item) => javaToString(item) === wanted);
  if (isMap(right)) return Object.keys(right).some((key) => key === wanted || javaToString(right[key]) === wanted);
  return false;
}

const COMPARISONS: Record<string, { name: ComparisonName; words: string }> = {
  '>': { name: 'GREATER_THAN', words: 'greater than' },
  '>=': { name: 'GREATER_THAN_EQUALS', words: 'greater than or equals' },
  '<': { name: 'LESS_THAN', words: 'less than' },
  '<=': { name: 'LESS_THAN_EQUALS', words: 'less than or equals' },
};

function compileExpr(expr: Expr, ctx: CompileContext): Evaluator {
  switch (expr.type) {
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'variable': {
      const { name, pos } = expr;
      return (scope) => {
        const value = scope.lookup(name);
        if (value === MISSING) throw missing(ctx, pos, name, `Root attribute [${name}] does not exist or can not be accessed and strict variables is set to true.`);
        return value;
      };
    }
    case 'attribute':
      return compileAttribute(expr, ctx);
    case 'call':
      return compileCall(expr, ctx);
    case 'filter':
      return compileFilter(expr, ctx);
    case 'test':
      return compileTest(expr, ctx);
    case 'unary':
      return compileUnary(expr, ctx);
    case 'binary':
      return compileBinary(expr, ctx);
    case 'ternary': {
      const condition = compileExpr(expr.condition, ctx);
      const then = compileExpr(expr.then, ctx);
      const otherwise = compileExpr(expr.otherwise, ctx);
      const pos = expr.pos;
      return (scope) => {
        const value = condition(scope);
        if (value === null || value === undefined) return otherwise(scope);
        const result = castToBoolean(value);
        if (result === null) throw error(ctx, pos, 'evaluation', `class ${javaClassName(value)} cannot be cast to class java.lang.Boolean`);
        return result ? then(scope) : otherwise(scope);
      };
    }
    case 'list': {
      const items = expr.items.map((item) => compileExpr(item, ctx));
      return (scope) => items.map((item) => item(scope));
    }
    case 'map': {
      const entries = expr.entries.map((entry) => ({ key: compileExpr(entry.key, ctx), value: compileExpr(entry.value, ctx) }));
      return (scope) => {
        const map = newMap();
        for (const entry of entries) setKey(map, javaToString(entry.key(scope)), entry.value(scope));
        return map;
      };
    }
  }
}

function compileAttribute(expr: Extract<Expr, { type: 'attribute' }>, ctx: CompileContext): Evaluator {
  const object = compileExpr(expr.object, ctx);
  const attributeExpr = expr.attribute;
  const constant = attributeExpr.type === 'literal' ? attributeExpr.value : undefined;
  const attribute = attributeExpr.type === 'literal' ? null : compileExpr(attributeExpr, ctx);
  const args = expr.args?.map((arg) => compileExpr(arg, ctx));
  const rootName = expr.object.type === 'variable' ? expr.object.name : null;
  const pos = expr.pos;
  return (scope) => {
    const target = object(scope);
    const name = attribute ? attribute(scope) : constant;
    const argValues = args?.map((arg) => arg(scope));
    if (target === null || target === undefined) {
      if (rootName !== null) throw missing(ctx, pos, rootName, `Root attribute [${rootName}] does not exist or can not be accessed and strict variables is set to true.`);
      throw missing(ctx, pos, javaToString(name), 'Attempt to get attribute of null object and strict variables is set to true.');
    }
    return getAttribute(ctx, pos, target, name, argValues);
  };
}

function compileCall(expr: Extract<Expr, { type: 'call' }>, ctx: CompileContext): Evaluator {
  const { name, pos } = expr;
  const args = compileArguments(expr.args, ctx);
  const definition = FUNCTIONS.get(name);
  const builtIn: Evaluator = definition
    ? (scope) => {
        const call = invocation(ctx, pos, scope);
        return definition.call(evaluateArguments(definition.args, args, scope, call.fail), call);
      }
    : name === 'block'
      ? (scope) => {
          const call = invocation(ctx, pos, scope);
          const blockName = javaToString(evaluateArguments(['name'], args, scope, call.fail).get('name'));
          const block = ctx.blocks.get(blockName);
          if (!block) return call.fail(`Block [${blockName}] does not exist.`);
          const out = new Output(scope.run.limits.maxOutputLength);
          block(scope, out);
          return out.text;
        }
      : (scope) => {
          const macro = ctx.macros.get(name);
          if (!macro) throw error(ctx, pos, 'evaluation', `Function or Macro [${name}] does not exist.`);
          return callMacro(macro, args, scope, ctx, pos);
        };
  return guarded(ctx, pos, (scope) => {
    // Functions the host adds for this render (e.g. errorLogs) come first.
    const extra = scope.run.options.extraFunctions;
    const host = extra && Object.prototype.hasOwnProperty.call(extra, name) ? extra[name] : undefined;
    if (!host) return builtIn(scope);
    const call = invocation(ctx, pos, scope);
    const values = evaluateArguments(host.args ?? null, args, scope, call.fail);
    return host.call(Object.fromEntries(values), scope.visibleVariables());
  });
}

function callMacro(macro: Macro, args: CompiledArguments, scope: Scope, ctx: CompileContext, pos: number): string {
  const call: Invocation = invocation(ctx, pos, scope);
  const values = evaluateArguments(
    macro.params.map((param) => param.name),
    args,
    scope,
    call.fail,
  );
  const run = scope.run;
  run.renderDepth += 1;
  if (run.renderDepth > MAX_MACRO_DEPTH) {
    run.renderDepth -= 1;
    call.fail(`Macros are nested more than ${MAX_MACRO_DEPTH} levels deep`, 'limit');
  }
  const out = new Output(run.limits.maxOutputLength);
  scope.push(true);
  try {
    for (const param of macro.params) {
      scope.put(param.name, values.has(param.name) ? values.get(param.name) : param.defaultValue ? param.defaultValue(scope) : null);
    }
    macro.body(scope, out);
  } finally {
    scope.pop();
    run.renderDepth -= 1;
  }
  return out.text;
}

/** A filter's or test's input; `null` for a missing variable when the filter or test allows it (`default`, `defined`). */
function inputValue(input: Evaluator, scope: Scope, toleratesMissing: boolean | undefined): unknown {
  if (!toleratesMissing) return input(scope);
  try {
    return input(scope);
  } catch (caught) {
    if (!isMissingVariable(caught)) throw caught;
    return null;
  }
}

function compileFilter(expr: Extract<Expr, { type: 'filter' }>, ctx: CompileContext): Evaluator {
  const { name, pos } = expr;
  const input = compileExpr(expr.input, ctx);
  const args = compileArguments(expr.args, ctx);
  const definition = FILTERS.get(name);
  return guarded(ctx, pos, (scope) => {
    // Pebble resolves filters when the expression is evaluated, so an unknown filter in an
    // untaken branch is not an error.
    if (!definition) throw error(ctx, pos, 'evaluation', `Filter [${name}] does not exist.`);
    const call = invocation(ctx, pos, scope);
    const argValues = evaluateArguments(definition.args, args, scope, call.fail);
    return definition.apply(inputValue(input, scope, definition.toleratesMissingInput), argValues, call);
  });
}

function compileTest(expr: Extract<Expr, { type: 'test' }>, ctx: CompileContext): Evaluator {
  const { name, pos, negated } = expr;
  const input = compileExpr(expr.input, ctx);
  const args = compileArguments(expr.args, ctx);
  const definition = TESTS.get(name);
  return guarded(ctx, pos, (scope) => {
    if (!definition) throw error(ctx, pos, 'evaluation', `Test [${name}] does not exist.`);
    const call = invocation(ctx, pos, scope);
    const argValues = evaluateArguments(definition.args, args, scope, call.fail);
    const result = definition.test(inputValue(input, scope, definition.toleratesMissingInput), argValues, call);
    return negated ? !result : result;
  });
}

function compileUnary(expr: Extract<Expr, { type: 'unary' }>, ctx: CompileContext): Evaluator {
  const operand = compileExpr(expr.operand, ctx);
  const pos = expr.pos;
  switch (expr.operator) {
    case 'not':
      return (scope) => !conditionValue(ctx, pos, operand(scope), 'null value given to not() and strict variables is set to true');
    case '-':
      return guarded(ctx, pos, (scope) => arithmetic(-1, operand(scope), 'MULTIPLICATION'));
    default:
      return guarded(ctx, pos, (scope) => arithmetic(1, operand(scope), 'MULTIPLICATION'));
  }
}

function compileBinary(expr: Extract<Expr, { type: 'binary' }>, ctx: CompileContext): Evaluator {
  const left = compileExpr(expr.left, ctx);
  const right = compileExpr(expr.right, ctx);
  const { operator, pos } = expr;
  switch (operator) {
    case 'or':
      return (scope) => booleanOperand(ctx, pos, left(scope), 'or') || booleanOperand(ctx, pos, right(scope), 'or');
    case 'and':
      return (scope) => booleanOperand(ctx, pos, left(scope), 'and') && booleanOperand(ctx, pos, right(scope), 'and');
    case 'contains':
      return (scope) => {
        const container = left(scope);
        if (container === null || container === undefined) return false;
        return contains(ctx, pos, container, right(scope));
      };
    case '==':
    case 'equals':
      return (scope) => pebbleEquals(left(scope), right(scope));
    case '!=':
      return (scope) => !pebbleEquals(left(scope), right(scope));
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const comparison = COMPARISONS[operator]!;
      return (scope) => {
        const a = left(scope);
        const b = right(scope);
        try {
          return compareValues(a, b, comparison.name);
        } catch (caught) {
          throw error(ctx, pos, 'evaluation', `Could not perform ${comparison.words} comparison`, caught);
        }
      };
    }
    case '+':
      return guarded(ctx, pos, (scope) => checkSize(ctx, pos, scope.run, add(left(scope), right(scope))));
    case '-':
      return guarded(ctx, pos, (scope) => subtract(left(scope), right(scope)));
    case '*':
      return guarded(ctx, pos, (scope) => arithmetic(left(scope), right(scope), 'MULTIPLICATION'));
    case '/':
      return guarded(ctx, pos, (scope) => arithmetic(left(scope), right(scope), 'DIVISION'));
    case '%':
      return guarded(ctx, pos, (scope) => arithmetic(left(scope), right(scope), 'MODULUS'));
    case '~':
      return (scope) => {
        const a = left(scope);
        const b = right(scope);
        const text = (a === null || a === undefined ? '' : javaToString(a)) + (b === null || b === undefined ? '' : javaToString(b));
        return checkSize(ctx, pos, scope.run, text);
      };
    case '..':
      return guarded(ctx, pos, (scope) => range(left(scope), right(scope), null, invocation(ctx, pos, scope)));
    case '??':
      return (scope) => {
        let value: unknown;
        try {
          value = left(scope);
        } catch (caught) {
          if (!isMissingVariable(caught)) throw caught;
          return right(scope);
        }
        return value === null || value === undefined ? right(scope) : value;
      };
    case '???':
      return (scope) => {
        try {
          return left(scope);
        } catch (caught) {
          if (!isMissingVariable(caught)) throw caught;
          return right(scope);
        }
      };
    case 'isIn':
      return (scope) => isIn(left(scope), right(scope));
    default:
      return () => {
        throw error(ctx, pos, 'evaluation', `Unsupported operator ${operator}`);
      };
  }
}

/** Strings and lists grown by `~` or `+` are bounded too, so doubling loops stop early. */
function checkSize(ctx: CompileContext, pos: number, run: RenderRun, value: unknown): unknown {
  if (typeof value === 'string' && value.length > run.limits.maxOutputLength) {
    throw error(ctx, pos, 'limit', `The string built here exceeds the maximum allowed size of ${run.limits.maxOutputLength} characters`);
  }
  if (Array.isArray(value) && value.length > run.limits.maxListSize) {
    throw error(ctx, pos, 'limit', `The list built here exceeds the maximum allowed size of ${run.limits.maxListSize} elements`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Nodes

function compileBody(nodes: Node[], ctx: CompileContext): Executor {
  const executors = nodes.map((node) => compileNode(node, ctx));
  if (executors.length === 1) return executors[0]!;
  return (scope, out) => {
    for (const executor of executors) executor(scope, out);
  };
}

function compileNode(node: Node, ctx: CompileContext): Executor {
  switch (node.type) {
    case 'text': {
      const text = node.text;
      return (_scope, out) => out.write(text);
    }
    case 'raw': {
      const text = node.text;
      const kept = `{% raw %}${text}{% endraw %}`;
      return (scope, out) => out.write(scope.run.keepRawTags ? kept : text);
    }
    case 'print': {
      const expr = compileExpr(node.expr, ctx);
      return (scope, out) => {
        const value = expr(scope);
        if (value !== null && value !== undefined) out.write(printValue(value));
      };
    }
    case 'if':
      return compileIf(node, ctx);
    case 'for':
      return compileFor(node, ctx);
    case 'set': {
      const value = compileExpr(node.value, ctx);
      const name = node.name;
      return (scope) => scope.set(name, value(scope));
    }
    case 'filter-block':
      return compileFilterBlock(node, ctx);
    case 'block':
      return compileBody(node.body, ctx);
    case 'macro':
      return () => undefined;
  }
}

function compileIf(node: Extract<Node, { type: 'if' }>, ctx: CompileContext): Executor {
  const branches = node.branches.map((branch) => ({ condition: compileExpr(branch.condition, ctx), body: compileBody(branch.body, ctx) }));
  const otherwise = node.otherwise && compileBody(node.otherwise, ctx);
  const pos = node.pos;
  return (scope, out) => {
    for (const branch of branches) {
      let satisfied: boolean;
      try {
        satisfied = conditionValue(ctx, pos, branch.condition(scope), 'null value given to if statement and strict variables is set to true');
      } catch (caught) {
        // IfNode wraps every runtime failure of its condition, missing variables included.
        if (caught instanceof PebbleError && caught.kind === 'limit') throw caught;
        throw error(ctx, pos, 'evaluation', 'Wrong operand(s) type in conditional expression', caught);
      }
      if (satisfied) {
        branch.body(scope, out);
        return;
      }
    }
    otherwise?.(scope, out);
  };
}

function compileFor(node: Extract<Node, { type: 'for' }>, ctx: CompileContext): Executor {
  const iterable = compileExpr(node.iterable, ctx);
  const body = compileBody(node.body, ctx);
  const otherwise = node.otherwise && compileBody(node.otherwise, ctx);
  const { variable, pos } = node;
  return (scope, out) => {
    const value = iterable(scope);
    if (value === null || value === undefined) return;
    let items: unknown[];
    if (Array.isArray(value)) items = value;
    else if (isMap(value)) items = Object.keys(value).map((key) => new MapEntry(key, getKey(value, key)));
    else throw error(ctx, pos, 'evaluation', `Not an iterable object. Value = [${javaToString(value)}]`);
    if (items.length === 0) {
      otherwise?.(scope, out);
      return;
    }
    const run = scope.run;
    const length = items.length;
    scope.push();
    try {
      for (let index = 0; index < length; index += 1) {
        run.loopIterations += 1;
        if (run.loopIterations > run.limits.maxLoopIterations) {
          throw error(ctx, pos, 'limit', `The template ran more than ${run.limits.maxLoopIterations} loop iterations`);
        }
        scope.put('loop', { index, first: index === 0, last: index === length - 1, length, revindex: length - index - 1 });
        scope.put(variable, items[index]);
        body(scope, out);
      }
    } finally {
      scope.pop();
    }
  };
}

function compileFilterBlock(node: Extract<Node, { type: 'filter-block' }>, ctx: CompileContext): Executor {
  const body = compileBody(node.body, ctx);
  const filters = node.filters.map((filter) => ({ name: filter.name, pos: filter.pos, args: compileArguments(filter.args, ctx), definition: FILTERS.get(filter.name) }));
  return (scope, out) => {
    const inner = new Output(scope.run.limits.maxOutputLength);
    body(scope, inner);
    let value: unknown = inner.text;
    for (const filter of filters) {
      const call: Invocation = invocation(ctx, filter.pos, scope);
      const definition = filter.definition;
      if (!definition) return call.fail(`Filter [${filter.name}] does not exist.`);
      try {
        value = definition.apply(value, evaluateArguments(definition.args, filter.args, scope, call.fail), call);
      } catch (caught) {
        throw wrap(ctx, filter.pos, caught);
      }
    }
    if (value !== null && value !== undefined) out.write(printValue(value));
  };
}

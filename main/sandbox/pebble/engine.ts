// The public rendering entry points, following Kestra's VariableRenderer: short-circuit text without
// `{`, a compiled-template LRU cache (PebbleLruCache, 1000 entries by default), optional recursive
// rendering, and render()/renderValue over maps and lists.

import { compileStandaloneExpression, compileTemplate, type CompiledTemplate } from './compiler';
import { PebbleError } from './errors';
import { SourcePositions } from './lexer';
import { parseExpression, parseTemplate } from './parser';
import { Output, RenderRun, Scope, type RenderOptions } from './runtime';
import { isMap, newMap, setKey, unbox, type PebbleMap } from './values';

/** VariableRenderer.RAW_PATTERN: raw blocks kept during recursive passes are unwrapped at the end. */
const RAW_BLOCK = /\{%-*[ \t\n\v\f\r]*raw[ \t\n\v\f\r]*-*%\}([\s\S]*?)\{%-*[ \t\n\v\f\r]*endraw[ \t\n\v\f\r]*-*%\}/g;
/** Templates larger than this are compiled for each render rather than kept in the cache. */
const MAX_CACHED_TEMPLATE_LENGTH = 256 * 1024;

class TemplateCache {
  private readonly entries = new Map<string, CompiledTemplate | PebbleError>();
  constructor(private readonly capacity: number) {}

  get(key: string): CompiledTemplate | PebbleError | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CompiledTemplate | PebbleError): void {
    if (key.length > MAX_CACHED_TEMPLATE_LENGTH) return;
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

const cache = new TemplateCache(1000);

/** Parse errors are cached too: a flow with a broken expression fails fast on every task run. */
function compiled(template: string): CompiledTemplate {
  const hit = cache.get(template);
  if (hit instanceof PebbleError) throw hit;
  if (hit) return hit;
  try {
    const positions = new SourcePositions(template);
    const result = compileTemplate(parseTemplate(template, positions), template, positions);
    cache.set(template, result);
    return result;
  } catch (error) {
    const failure = normalizeError(error, template);
    cache.set(template, failure);
    throw failure;
  }
}

const EXPRESSION_KEY_PREFIX = '\u0000expression:';

function compiledExpression(expression: string): CompiledTemplate {
  const key = EXPRESSION_KEY_PREFIX + expression;
  const hit = cache.get(key);
  if (hit instanceof PebbleError) throw hit;
  if (hit) return hit;
  try {
    const { expr, source, positions } = parseExpression(expression);
    const result = compileStandaloneExpression(expr, source, positions);
    cache.set(key, result);
    return result;
  } catch (error) {
    const failure = normalizeError(error, `{{ ${expression} }}`);
    cache.set(key, failure);
    throw failure;
  }
}

function normalizeError(error: unknown, template: string): PebbleError {
  if (error instanceof PebbleError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new PebbleError({ kind: 'limit', pebbleMessage: 'The template nests too deeply (maximum call stack size exceeded)', template, cause: error });
  }
  return new PebbleError({ kind: 'evaluation', pebbleMessage: error instanceof Error ? error.message : String(error), template, cause: error });
}

function asContext(context: unknown): PebbleMap {
  if (context === null || context === undefined) return newMap();
  if (!isMap(context)) throw new TypeError('The rendering context must be an object');
  return context;
}

function renderOnce(template: string, variables: PebbleMap, run: RenderRun): string {
  const compiledTemplate = compiled(template);
  const out = new Output(run.limits.maxOutputLength);
  try {
    compiledTemplate.execute(new Scope(run, variables), out);
  } catch (error) {
    throw normalizeError(error, template);
  }
  return out.text;
}

function renderString(template: string, variables: PebbleMap, run: RenderRun, recursive: boolean): string {
  if (template.indexOf('{') === -1) return template;
  if (!recursive) return renderOnce(template, variables, run);
  // VariableRenderer.renderRecursively: render until the text stops changing.
  const outermost = !run.keepRawTags;
  run.keepRawTags = true;
  let current = template;
  try {
    for (let attempt = 0; ; attempt += 1) {
      if (attempt >= run.limits.maxRecursiveRenders) {
        throw new PebbleError({ kind: 'limit', pebbleMessage: 'Too many rendering attempts', plainMessage: true });
      }
      const next = renderOnce(current, variables, run);
      if (next === current) break;
      current = next;
    }
  } finally {
    if (outermost) run.keepRawTags = false;
  }
  return outermost ? current.replace(RAW_BLOCK, '$1') : current;
}

/** VariableRenderer.renderObject: strings rendered, maps (keys too) and lists walked, anything else kept. */
function renderObject(value: unknown, variables: PebbleMap, recursive: boolean, run: RenderRun, depth = 0): unknown {
  if (typeof value === 'string') return renderString(value, variables, run, recursive);
  if (depth > 256) throw new PebbleError({ kind: 'limit', pebbleMessage: 'The value to render is nested more than 256 levels deep', plainMessage: true });
  if (Array.isArray(value)) return value.map((item) => renderObject(item, variables, recursive, run, depth + 1));
  if (isMap(value)) {
    const result = newMap();
    for (const key of Object.keys(value)) {
      const renderedKey = renderString(key, variables, run, run.options.recursive ?? false);
      // Map.putIfAbsent: when two keys render to the same text, the first one wins.
      if (!Object.prototype.hasOwnProperty.call(result, renderedKey)) setKey(result, renderedKey, renderObject(value[key], variables, recursive, run, depth + 1));
    }
    return result;
  }
  return value === undefined ? null : value;
}

/** RenderFunction: a failure inside becomes a plain Pebble exception of the calling template. */
function renderNested(value: unknown, variables: PebbleMap, recursive: boolean, run: RenderRun): unknown {
  run.renderDepth += 1;
  try {
    if (run.renderDepth > run.limits.maxRenderDepth) {
      throw new PebbleError({
        kind: 'limit',
        pebbleMessage: `render() is nested more than ${run.limits.maxRenderDepth} levels deep (does a variable render itself?)`,
        plainMessage: true,
      });
    }
    return renderObject(value, variables, recursive, run);
  } catch (error) {
    if (error instanceof PebbleError && error.kind !== 'limit') {
      throw new PebbleError({ kind: 'evaluation', pebbleMessage: error.message, cause: error });
    }
    throw error;
  } finally {
    run.renderDepth -= 1;
  }
}

/**
 * Renders a template to text, as Kestra renders a dynamic task property. Maps and lists print as
 * JSON, numbers as Java prints them; a string without `{` is returned as is.
 * @throws PebbleError with Kestra's message for syntax errors, missing variables and failures.
 */
export function render(template: string, context: Record<string, unknown>, options: RenderOptions = {}): string {
  if (typeof template !== 'string') throw new TypeError('The template must be a string');
  if (template.indexOf('{') === -1) return template;
  return renderString(template, asContext(context), new RenderRun(options, renderNested), options.recursive ?? false);
}

/**
 * Like render(), but a template that is a single `{{ expression }}` (whitespace around it allowed)
 * returns the expression's value itself (a list stays a list, a number a number), which is how the
 * engine reads typed properties such as ForEach's `values`. Other templates render to text.
 */
export function renderTyped(template: string, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
  if (typeof template !== 'string') throw new TypeError('The template must be a string');
  if (template.indexOf('{') === -1) return template;
  const compiledTemplate = compiled(template);
  if (!compiledTemplate.single) return render(template, context, options);
  const variables = asContext(context);
  const run = new RenderRun(options, renderNested);
  let value: unknown;
  try {
    value = compiledTemplate.single(new Scope(run, variables));
  } catch (error) {
    throw normalizeError(error, template);
  }
  if (options.recursive && typeof value === 'string') value = renderString(value, variables, run, true);
  return unbox(value);
}

/**
 * Renders every string inside a value: map values and keys, list items, recursively (what Kestra
 * does to a task's properties). Other values are returned unchanged.
 */
export function renderValue(value: unknown, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
  return renderObject(value, asContext(context), options.recursive ?? false, new RenderRun(options, renderNested));
}

/**
 * Evaluates a bare expression (no `{{ }}`) and returns its value, for the expression debugger
 * (`POST /executions/{id}/eval`). Errors name the expression as `{{ expression }}`.
 */
export function evaluate(expression: string, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
  if (typeof expression !== 'string') throw new TypeError('The expression must be a string');
  const compiledExpr = compiledExpression(expression);
  const run = new RenderRun(options, renderNested);
  try {
    return unbox(compiledExpr.single!(new Scope(run, asContext(context))));
  } catch (error) {
    throw normalizeError(error, compiledExpr.source);
  }
}

/** Compiles a template without rendering it: throws the syntax error a render would throw. */
export function validateTemplate(template: string): void {
  if (template.indexOf('{') === -1) return;
  compiled(template);
}

export function clearTemplateCache(): void {
  cache.clear();
}

export function templateCacheSize(): number {
  return cache.size;
}

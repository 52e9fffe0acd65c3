// Per-render state shared by the compiled template, the filters and the functions: options, safety
// budgets, the variable scope chain (io.pebbletemplates.pebble.template.ScopeChain) and the output.

import { PebbleError, type PebbleErrorKind } from './errors';
import { systemZone, zoneOf, type Zone } from './java-time';
import { getKey, hasKey, setKey, newMap, type PebbleMap } from './values';

/** Host services the template functions need; the sandbox provides them from its storage. */
export interface PebbleHostFunctions {
  /**
   * `kv(key, namespace?, errorOnMissing?)`: the stored value (any JSON type), or undefined when the
   * key does not exist. `namespace` defaults to the flow's namespace.
   */
  kv?(key: string, namespace: string): unknown;
  /**
   * `read(path)`: the content of a namespace file (`path` relative to `namespace`) or of an
   * internal-storage file (`kestra:///…`, already checked to belong to the current execution).
   * Throw to fail the render; the message is shown to the user.
   */
  read?(path: string, request: { kind: 'namespace-file' | 'internal-storage'; namespace: string | undefined }): string;
  /** `secret(key)`: the secret's value, or undefined when there is no such secret. */
  secret?(key: string, namespace: string | undefined): string | undefined;
}

/**
 * A function the host adds for one render, such as `errorLogs()` whose data lives in the engine.
 * It receives its arguments by name (positional ones take `args`' names, or "0", "1", … when `args`
 * is null) and the variables visible at the call; it returns any value or throws to fail the render.
 */
export interface HostFunction {
  args?: readonly string[] | null;
  call(args: Record<string, unknown>, variables: Record<string, unknown>): unknown;
}

export interface RenderLimits {
  /** Rendered text longer than this fails the render (Kestra's OutputWriter size guard). */
  maxOutputLength: number;
  /** Total `for` iterations in one render, across nested loops. */
  maxLoopIterations: number;
  /** Nested `render()` calls (a variable that renders itself). */
  maxRenderDepth: number;
  /**
   * Elements a list built by the template may hold: `range()`, `a..b` (Kestra's BoundedRangeFunction
   * stops at 1,000,000) and lists grown with `+`.
   */
  maxListSize: number;
  /** Passes of recursive rendering before "Too many rendering attempts" (VariableRenderer.MAX_RENDERING_AMOUNT + 1). */
  maxRecursiveRenders: number;
  /** Time one `jq` call may take before it is stopped (it runs in a worker thread). */
  maxJqMillis: number;
}

export const DEFAULT_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxOutputLength: 10 * 1024 * 1024,
  maxLoopIterations: 10_000_000,
  maxRenderDepth: 32,
  maxListSize: 1_000_000,
  maxRecursiveRenders: 101,
  maxJqMillis: 10_000,
});

export interface RenderOptions {
  functions?: PebbleHostFunctions;
  /** More functions, by name; they take precedence over built-in ones with the same name. */
  extraFunctions?: Readonly<Record<string, HostFunction>>;
  /** The clock for `now()`; defaults to the system clock. */
  now?: () => Date;
  /** Default zone of date filters and `now()`, like the JVM's default zone; defaults to the host's. */
  timeZone?: string;
  /** Locale of month and day names, like the JVM default; defaults to en-US. */
  locale?: string;
  /**
   * Render the output again until it stops changing, Kestra's `kestra.variables.recursive-rendering`
   * (off by default since Kestra 0.14; `render()` is the explicit way).
   */
  recursive?: boolean;
  limits?: Partial<RenderLimits>;
  /** Called with every secret value a template reads, so the caller can mask it in logs. */
  onSecret?: (value: string) => void;
  /** Deprecation notices, e.g. the `json()` function (Kestra logs them as warnings). */
  onWarning?: (message: string) => void;
}

export class Output {
  text = '';
  constructor(private readonly max: number) {}

  write(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.max) {
      throw new PebbleError({
        kind: 'limit',
        pebbleMessage: `The rendered output exceeds the maximum allowed size of ${this.max} characters.`,
        plainMessage: true,
      });
    }
  }
}

/** Renders nested templates for `render()`; provided by the engine to avoid an import cycle. */
export type NestedRenderer = (value: unknown, variables: PebbleMap, recursive: boolean, run: RenderRun) => unknown;

export class RenderRun {
  readonly limits: RenderLimits;
  loopIterations = 0;
  renderDepth = 0;
  /** While rendering recursively, raw blocks keep their tags so the next pass leaves them alone. */
  keepRawTags = false;
  private zoneCache: Zone | undefined;

  constructor(
    readonly options: RenderOptions,
    readonly renderNested: NestedRenderer,
  ) {
    this.limits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
  }

  get zone(): Zone {
    if (!this.zoneCache) this.zoneCache = this.options.timeZone ? zoneOf(this.options.timeZone) : systemZone();
    return this.zoneCache;
  }

  get locale(): string {
    return this.options.locale ?? 'en-US';
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }
}

export const MISSING: unique symbol = Symbol('missing');

interface Frame {
  vars: Map<string, unknown>;
  /** A macro's local scope: lookups stop here instead of reaching the template's variables. */
  isolated: boolean;
}

export class Scope {
  /** frames[0] holds top-level `set` variables; loops and macros push more. */
  private readonly frames: Frame[] = [{ vars: new Map(), isolated: false }];

  constructor(
    readonly run: RenderRun,
    readonly root: PebbleMap,
  ) {}

  lookup(name: string): unknown {
    for (let index = this.frames.length - 1; index >= 0; index -= 1) {
      const frame = this.frames[index]!;
      if (frame.vars.has(name)) {
        const value = frame.vars.get(name);
        return value === undefined ? null : value;
      }
      if (frame.isolated) return MISSING;
    }
    return hasKey(this.root, name) ? getKey(this.root, name) : MISSING;
  }

  /** ScopeChain.set: update the nearest scope that has the variable, else define it in the current one. */
  set(name: string, value: unknown): void {
    for (let index = this.frames.length - 1; index >= 0; index -= 1) {
      const frame = this.frames[index]!;
      if (frame.vars.has(name) || frame.isolated) {
        frame.vars.set(name, value);
        return;
      }
    }
    // Shadow a context variable in the top-level scope rather than mutating the caller's context.
    if (hasKey(this.root, name)) {
      this.frames[0]!.vars.set(name, value);
      return;
    }
    this.frames[this.frames.length - 1]!.vars.set(name, value);
  }

  /** ScopeChain.put: define in the current scope. */
  put(name: string, value: unknown): void {
    this.frames[this.frames.length - 1]!.vars.set(name, value);
  }

  push(isolated = false): void {
    this.frames.push({ vars: new Map(), isolated });
  }

  pop(): void {
    this.frames.pop();
  }

  /** ScopeChain.getGlobalScopes flattened: what `render()` passes to the nested template. */
  visibleVariables(): PebbleMap {
    let start = 0;
    for (let index = this.frames.length - 1; index >= 0; index -= 1) {
      if (this.frames[index]!.isolated) {
        start = index;
        break;
      }
    }
    const variables = newMap();
    if (start === 0 && !this.frames[0]!.isolated) for (const key of Object.keys(this.root)) setKey(variables, key, this.root[key]);
    for (let index = start; index < this.frames.length; index += 1) {
      for (const [key, value] of this.frames[index]!.vars) setKey(variables, key, value);
    }
    return variables;
  }
}

/** What filters, functions and tests receive besides their arguments. */
export interface Invocation {
  readonly run: RenderRun;
  readonly scope: Scope;
  readonly line: number;
  readonly template: string;
  fail(message: string, kind?: Exclude<PebbleErrorKind, 'missing-variable'>, cause?: unknown): never;
}

export type Args = Map<string, unknown>;

export interface FilterDefinition {
  /** Argument names in positional order; null for varargs (keys "0", "1", …). */
  args: readonly string[] | null;
  apply(input: unknown, args: Args, call: Invocation): unknown;
  /** The `default` filter: an undefined input is null instead of an error (FilterExpression). */
  toleratesMissingInput?: boolean;
}

export interface FunctionDefinition {
  args: readonly string[] | null;
  call(args: Args, call: Invocation): unknown;
}

export interface TestDefinition {
  args: readonly string[] | null;
  test(input: unknown, args: Args, call: Invocation): boolean;
  /** The `defined` test: an undefined input counts as null (PositiveTestExpression). */
  toleratesMissingInput?: boolean;
}

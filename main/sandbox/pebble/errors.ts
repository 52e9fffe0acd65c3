// Errors raised while parsing or rendering a template, worded the way Kestra words them.
//
// Kestra's VariableRenderer (core/src/main/java/io/kestra/core/runners/VariableRenderer.java,
// `properPebbleException`) turns Pebble's AttributeNotFoundException into
//   Missing variable: 'foo' on '{{ foo }}' at line 1
// and wraps every other Pebble exception as IllegalVariableEvaluationException(cause), whose message
// is the cause's toString(): the Java class name, then Pebble's own "message (template:line)"
// (io.pebbletemplates.pebble.error.PebbleException#<init>). Task logs show exactly that text, so
// `PebbleError.message` reproduces it and the structured fields carry the parts.

export type PebbleErrorKind =
  /** The template does not parse (Pebble's ParserException). */
  | 'syntax'
  /** An unknown variable, attribute or list index (Pebble's AttributeNotFoundException). */
  | 'missing-variable'
  /** Anything else that fails while rendering: a bad operand, a filter error, a failing function. */
  | 'evaluation'
  /** A safety bound was hit: output size, loop iterations, range size, nested render() depth. */
  | 'limit';

const JAVA_CLASS: Record<Exclude<PebbleErrorKind, 'missing-variable'>, string> = {
  syntax: 'io.pebbletemplates.pebble.error.ParserException',
  evaluation: 'io.pebbletemplates.pebble.error.PebbleException',
  limit: 'io.kestra.core.runners.pebble.RenderLimitExceededException',
};

/** Templates are echoed in messages like Pebble does; a huge script is cut so logs stay readable. */
const MAX_TEMPLATE_IN_MESSAGE = 4096;

export interface PebbleErrorInit {
  kind: PebbleErrorKind;
  /** Pebble's message without the template and line suffix. */
  pebbleMessage: string;
  /** The template being rendered (Pebble calls it the file name); undefined for errors with no position. */
  template?: string;
  line?: number;
  /** 1-based column, known for syntax errors. */
  column?: number;
  /** For missing variables: the variable, attribute or index that was not found. */
  attributeName?: string;
  cause?: unknown;
  /** When set, the message is exactly this text (used for Kestra errors that are not Pebble exceptions). */
  plainMessage?: boolean;
}

export class PebbleError extends Error {
  override readonly name = 'PebbleError';
  readonly kind: PebbleErrorKind;
  readonly pebbleMessage: string;
  readonly template: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly attributeName: string | undefined;

  constructor(init: PebbleErrorInit) {
    super(formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.pebbleMessage = init.pebbleMessage;
    this.template = init.template;
    this.line = init.line;
    this.column = init.column;
    this.attributeName = init.attributeName;
  }

  /** The message followed by the chain of causes, for a task log line that explains the whole failure. */
  get detail(): string {
    const parts = [this.message];
    let cause: unknown = this.cause;
    for (let depth = 0; cause !== undefined && depth < 8; depth += 1) {
      if (cause instanceof Error) {
        parts.push(`caused by: ${cause.message}`);
        cause = cause.cause;
      } else {
        parts.push(`caused by: ${String(cause)}`);
        break;
      }
    }
    return parts.join('\n');
  }
}

function shortTemplate(template: string): string {
  return template.length <= MAX_TEMPLATE_IN_MESSAGE ? template : `${template.slice(0, MAX_TEMPLATE_IN_MESSAGE)}…`;
}

function formatMessage(init: PebbleErrorInit): string {
  if (init.plainMessage) return init.pebbleMessage;
  const template = init.template === undefined ? '?' : shortTemplate(init.template);
  const line = init.line === undefined ? '?' : String(init.line);
  if (init.kind === 'missing-variable') {
    return `Missing variable: '${init.attributeName ?? '?'}' on '${template}' at line ${line}`;
  }
  const position = init.kind === 'syntax' && init.column !== undefined ? `${line}:${init.column}` : line;
  return `${JAVA_CLASS[init.kind]}: ${init.pebbleMessage} (${template}:${position})`;
}

export function isMissingVariable(error: unknown): error is PebbleError {
  return error instanceof PebbleError && error.kind === 'missing-variable';
}

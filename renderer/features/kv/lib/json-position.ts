// Where a JSON text stops being JSON, for the KV editor's message. JSON.parse decides what is valid
// (it is what the value goes through) but its messages differ between engines; jsonc-parser (the
// parser behind Monaco's JSON support) gives the offset of the first problem and what it expected.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonProblem {
  /** 0-based character offset. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

function describe(token: string | undefined): string {
  if (!token) return 'the end of the text';
  if (token === '\n') return 'a line break';
  return `'${token.length > 20 ? `${token.slice(0, 20)}…` : token}'`;
}

function messageFor(text: string, error: ParseError): string {
  const at = describe(text[error.offset]);
  // ParseErrorCode is a const enum (not importable under isolatedModules): switch on its name.
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      return `Unexpected ${describe(text.slice(error.offset, error.offset + Math.max(1, error.length)))}; expected a value`;
    case 'ValueExpected':
      return `Unexpected ${at}; expected a value`;
    case 'PropertyNameExpected':
      return `Unexpected ${at}; expected a property name in double quotes`;
    case 'ColonExpected':
      return `Unexpected ${at}; expected ':'`;
    case 'CommaExpected':
      return `Unexpected ${at}; expected ','`;
    case 'CloseBraceExpected':
      return `Unexpected ${at}; expected ',' or '}'`;
    case 'CloseBracketExpected':
      return `Unexpected ${at}; expected ',' or ']'`;
    case 'EndOfFileExpected':
      return `Unexpected ${at} after the end of the value`;
    case 'UnexpectedEndOfString':
      return 'Unterminated string';
    case 'InvalidCharacter':
      return 'Control character inside a string; escape it';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape in a string';
    case 'InvalidUnicode':
      return 'Invalid \\u escape; expected four hex digits';
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return `Invalid number ${describe(text.slice(error.offset, error.offset + error.length))}`;
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'Comments are not allowed in JSON';
    default:
      return 'Not valid JSON';
  }
}

/** Offset to 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k += 1) {
    if (text[k] === '\n') {
      line += 1;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses JSON, or says exactly where it breaks. */
export function parseJsonWithPosition(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    // JSON.parse refused what jsonc-parser accepts (e.g. exotic whitespace): report the start.
    if (!first) return { ok: false, problem: { offset: 0, line: 1, column: 1, message: 'Not valid JSON' } };
    // Anything after a complete value is one problem, whatever token it starts with.
    const afterValue = root && errors.every((error) => error.offset >= root.offset + root.length);
    const message = afterValue ? `Unexpected ${describe(text.slice(first.offset, first.offset + Math.max(1, first.length)))} after the end of the value` : messageFor(text, first);
    return { ok: false, problem: { offset: first.offset, ...lineColumn(text, first.offset), message } };
  }
}

export function formatJsonProblem(problem: JsonProblem): string {
  return `Invalid JSON at line ${problem.line}, column ${problem.column} (position ${problem.offset}): ${problem.message}.`;
}

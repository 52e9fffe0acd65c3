// Where a JSON text stops being JSON. JSON.parse's messages differ between engines (and V8 changed
// its wording), so a small scanner finds the exact offset, line and column itself.

export interface JsonProblem {
  /** 0-based character offset. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the text';
  if (ch === '\n') return 'a line break';
  return `'${ch}'`;
}

function scan(text: string): void {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const fail = (message: string): never => {
    throw new JsonScanError(i, message);
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`Unexpected ${describe(text[i])}; expected a value`);
  };
  const string = (): void => {
    i += 1; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail('Unterminated string');
      if (ch === '"') {
        i += 1;
        return;
      }
      if (ch! < ' ') fail(`Control character ${describe(ch)} inside a string; escape it`);
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('Invalid \\u escape; expected four hex digits');
          }
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) {
          i += 1;
          fail(`Invalid escape ${describe(next)}`);
        }
        i += 2;
        continue;
      }
      i += 1;
    }
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-') fail(`Unexpected ${describe(text[i])}; expected a value`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail(`Unexpected ${describe(ch)}; expected a value`);
  };
  const object = (): void => {
    i += 1;
    ws();
    if (text[i] === '}') {
      i += 1;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`Unexpected ${describe(text[i])}; expected a property name in double quotes`);
      string();
      ws();
      if (text[i] !== ':') fail(`Unexpected ${describe(text[i])}; expected ':'`);
      i += 1;
      value();
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        return;
      }
      fail(`Unexpected ${describe(text[i])}; expected ',' or '}'`);
    }
  };
  const array = (): void => {
    i += 1;
    ws();
    if (text[i] === ']') {
      i += 1;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === ']') {
        i += 1;
        return;
      }
      fail(`Unexpected ${describe(text[i])}; expected ',' or ']'`);
    }
  };
  value();
  ws();
  if (i < text.length) fail(`Unexpected ${describe(text[i])} after the end of the value`);
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
    try {
      scan(text);
      // JSON.parse refused what the scanner accepts (should not happen): report the start.
      return { ok: false, problem: { offset: 0, line: 1, column: 1, message: 'Not valid JSON' } };
    } catch (error) {
      const offset = error instanceof JsonScanError ? error.offset : 0;
      const message = error instanceof JsonScanError ? error.message : 'Not valid JSON';
      return { ok: false, problem: { offset, ...lineColumn(text, offset), message } };
    }
  }
}

export function formatJsonProblem(problem: JsonProblem): string {
  return `Invalid JSON at line ${problem.line}, column ${problem.column} (position ${problem.offset}): ${problem.message}.`;
}

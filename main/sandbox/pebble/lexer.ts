// Tokenizer for Pebble templates, a port of io.pebbletemplates.pebble.lexer.LexerImpl with the
// default Syntax and Kestra's settings (newLineTrimming(false), the `raw` tag).
//
// Surprising but faithful details:
// - `{{-` trims only when followed by whitespace (Syntax: leading trim regex is `-\s+`), so `{{-x}}`
//   is a unary minus; `-}}` trims the text that follows.
// - Operators are matched before names, so an attribute called `contains`, `or` or `in`... can
//   only be reached with brackets (`map['or']`).
// - Strings unescape only their own quote and backslash (`'it\'s'`); `\n` stays two characters.
//   A double-quoted string containing `#` is lexed in interpolation mode and is not unescaped at all.
// - `{% raw %}…{% endraw %}` is cut out before Pebble sees it, by a regular expression in Kestra's
//   VariableRenderer (RAW_PATTERN), so its whitespace-control dashes trim nothing.

import { PebbleError } from './errors';
import { isJavaWhitespace, javaLtrim, javaRtrim } from './values';

export type TokenType =
  | 'TEXT'
  | 'RAW'
  | 'PRINT_START'
  | 'PRINT_END'
  | 'EXECUTE_START'
  | 'EXECUTE_END'
  | 'NAME'
  | 'NUMBER'
  | 'LONG'
  | 'STRING'
  | 'STRING_INTERPOLATION_START'
  | 'STRING_INTERPOLATION_END'
  | 'OPERATOR'
  | 'PUNCTUATION'
  | 'EOF';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the template where the token starts. */
  pos: number;
}

/** Unary and binary operators: Pebble's CoreExtension plus Kestra's `??`, `???` and `isIn`. */
export const UNARY_OPERATORS: ReadonlyMap<string, number> = new Map([
  ['not', 500],
  ['+', 500],
  ['-', 500],
]);

export type BinaryKind = 'normal' | 'filter' | 'test';

export const BINARY_OPERATORS: ReadonlyMap<string, { precedence: number; kind: BinaryKind }> = new Map([
  ['or', { precedence: 10, kind: 'normal' }],
  ['and', { precedence: 15, kind: 'normal' }],
  ['is', { precedence: 20, kind: 'test' }],
  ['is not', { precedence: 20, kind: 'test' }],
  ['contains', { precedence: 20, kind: 'normal' }],
  ['==', { precedence: 30, kind: 'normal' }],
  ['equals', { precedence: 30, kind: 'normal' }],
  ['!=', { precedence: 30, kind: 'normal' }],
  ['>', { precedence: 30, kind: 'normal' }],
  ['<', { precedence: 30, kind: 'normal' }],
  ['>=', { precedence: 30, kind: 'normal' }],
  ['<=', { precedence: 30, kind: 'normal' }],
  ['+', { precedence: 40, kind: 'normal' }],
  ['-', { precedence: 40, kind: 'normal' }],
  ['*', { precedence: 60, kind: 'normal' }],
  ['/', { precedence: 60, kind: 'normal' }],
  ['%', { precedence: 60, kind: 'normal' }],
  ['|', { precedence: 100, kind: 'filter' }],
  ['~', { precedence: 110, kind: 'normal' }],
  ['..', { precedence: 120, kind: 'normal' }],
  // core/.../runners/pebble/Extension.java registers both coalescing operators at 120.
  ['??', { precedence: 120, kind: 'normal' }],
  ['???', { precedence: 120, kind: 'normal' }],
  // Added in Kestra 0.24 (kestra-io/kestra#9813, PR #9817) because `in` clashes with `for … in`.
  ['isIn', { precedence: 120, kind: 'normal' }],
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Longest first, like LexerImpl.buildOperatorRegex; word operators must not run into a name.
const OPERATOR_REGEX = new RegExp(
  [...new Set([...UNARY_OPERATORS.keys(), ...BINARY_OPERATORS.keys()])]
    .sort((a, b) => b.length - a.length)
    .map((op) => (/[A-Za-z]$/.test(op) ? `${escapeRegExp(op)}(?![a-zA-Z0-9_])` : escapeRegExp(op)))
    .join('|'),
  'y',
);
const IDENTIFIER_REGEX = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
const LONG_REGEX = /[0-9]+L/y;
const NUMBER_REGEX = /[0-9]+(\.[0-9]+)?/y;
const STRING_PLAIN_REGEX = /"([^#"\\]*(?:\\.[^#"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'/sy;
const STRING_NON_INTERPOLATED_REGEX = /[^#"\\]*(?:(?:\\.|#(?!\{))[^#"\\]*)*/sy;
const START_DELIMITER_REGEX = /\{[{%#]/g;
// Java's `\s` is [ \t\n\v\f\r].
const LEADING_TRIM_REGEX = /-[ \t\n\v\f\r]+/y;
const TRAILING_TRIM_REGEX = /[ \t\n\v\f\r]*-(?:\}\}|%\}|#\})/y;
const PRINT_CLOSE_REGEX = /[ \t\n\v\f\r]*-?\}\}/y;
const EXECUTE_CLOSE_REGEX = /[ \t\n\v\f\r]*-?%\}/y;
const INTERPOLATION_CLOSE_REGEX = /[ \t\n\v\f\r]*\}/y;
const RAW_START_REGEX = /-*[ \t\n\v\f\r]*raw[ \t\n\v\f\r]*-*%\}/y;
const RAW_END_REGEX = /\{%-*[ \t\n\v\f\r]*endraw[ \t\n\v\f\r]*-*%\}/g;
const VERBATIM_START_REGEX = /[ \t\n\v\f\r]*verbatim[ \t\n\v\f\r]*(-)?%\}/y;
const VERBATIM_END_REGEX = /\{%(-)?[ \t\n\v\f\r]*endverbatim[ \t\n\v\f\r]*(-)?%\}/g;
const PUNCTUATION = '()[]{}?:.,|=';

type State = 'DATA' | 'EXECUTE' | 'PRINT' | 'STRING' | 'STRING_INTERPOLATION';

/** Maps offsets to 1-based line and column numbers. */
export class SourcePositions {
  private readonly lineStarts: number[] = [0];
  constructor(text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
  }

  line(pos: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  column(pos: number): number {
    return pos - this.lineStarts[this.line(pos) - 1]! + 1;
  }
}

export function tokenize(template: string, positions: SourcePositions): Token[] {
  return new Lexer(template, positions).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly states: State[] = ['DATA'];
  private readonly brackets: { char: string; pos: number }[] = [];
  private trimNextText = false;

  constructor(
    private readonly src: string,
    private readonly positions: SourcePositions,
  ) {}

  run(): Token[] {
    while (this.pos < this.src.length) {
      switch (this.states[this.states.length - 1]) {
        case 'DATA':
          this.tokenizeData();
          break;
        case 'EXECUTE':
          this.tokenizeBetweenDelimiters(EXECUTE_CLOSE_REGEX, 'EXECUTE_END', '%}');
          break;
        case 'PRINT':
          this.tokenizeBetweenDelimiters(PRINT_CLOSE_REGEX, 'PRINT_END', '}}');
          break;
        case 'STRING':
          this.tokenizeString();
          break;
        case 'STRING_INTERPOLATION':
          this.tokenizeStringInterpolation();
          break;
        default:
          break;
      }
    }
    this.push('EOF', '', this.pos);
    const unclosed = this.brackets[this.brackets.length - 1];
    if (unclosed) this.fail(`Unclosed "${unclosed.char}"`, this.pos);
    return this.tokens;
  }

  private fail(message: string, pos: number): never {
    throw new PebbleError({
      kind: 'syntax',
      pebbleMessage: message,
      template: this.src,
      line: this.positions.line(pos),
      column: this.positions.column(pos),
    });
  }

  private push(type: TokenType, value: string, pos: number): Token | null {
    if (type === 'TEXT' && value === '') return null;
    const token: Token = { type, value, pos };
    this.tokens.push(token);
    return token;
  }

  private match(regex: RegExp): RegExpExecArray | null {
    regex.lastIndex = this.pos;
    return regex.exec(this.src);
  }

  private tokenizeData(): void {
    START_DELIMITER_REGEX.lastIndex = this.pos;
    const found = START_DELIMITER_REGEX.exec(this.src);
    const textStart = this.pos;
    let text: string;
    if (!found) {
      text = this.src.slice(this.pos);
      this.pos = this.src.length;
    } else {
      text = this.src.slice(this.pos, found.index);
      this.pos = found.index + 2;
    }
    if (this.trimNextText) {
      text = javaLtrim(text);
      this.trimNextText = false;
    }
    if (!found) {
      this.push('TEXT', text, textStart);
      return;
    }
    const delimiter = found[0];
    const delimiterPos = found.index;

    if (delimiter === '{%' && this.tryRaw(text, textStart, delimiterPos)) return;

    const textToken = this.push('TEXT', text, textStart);
    const leadingTrim = this.match(LEADING_TRIM_REGEX);
    if (leadingTrim) {
      if (textToken) textToken.value = javaRtrim(textToken.value);
      this.pos += leadingTrim[0].length;
    }

    if (delimiter === '{#') {
      this.skipComment(delimiterPos);
    } else if (delimiter === '{{') {
      this.push('PRINT_START', '{{', delimiterPos);
      this.states.push('PRINT');
    } else {
      const verbatim = this.match(VERBATIM_START_REGEX);
      if (verbatim) this.lexVerbatim(verbatim, delimiterPos);
      else {
        this.push('EXECUTE_START', '{%', delimiterPos);
        this.states.push('EXECUTE');
      }
    }
  }

  /** Kestra replaces raw blocks before parsing, so their content is output untouched (no trimming). */
  private tryRaw(text: string, textStart: number, delimiterPos: number): boolean {
    const start = this.match(RAW_START_REGEX);
    if (!start) return false;
    const contentStart = this.pos + start[0].length;
    RAW_END_REGEX.lastIndex = contentStart;
    const end = RAW_END_REGEX.exec(this.src);
    if (!end) this.fail('Unexpected end of template. Pebble was looking for the "endraw" tag', delimiterPos);
    this.push('TEXT', text, textStart);
    this.push('RAW', this.src.slice(contentStart, end.index), delimiterPos);
    this.pos = end.index + end[0].length;
    return true;
  }

  private skipComment(openPos: number): void {
    const close = this.src.indexOf('#}', this.pos);
    if (close === -1) this.fail('Unclosed comment.', openPos);
    const comment = this.src.slice(this.pos, close);
    // LexerImpl reverses the comment and looks for `-\s+`: the comment ends with whitespace then "-".
    if (comment.length >= 2 && comment.endsWith('-') && /[ \t\n\v\f\r]/.test(comment[comment.length - 2]!)) {
      this.trimNextText = true;
    }
    this.pos = close + 2;
  }

  private lexVerbatim(start: RegExpExecArray, openPos: number): void {
    this.pos += start[0].length;
    VERBATIM_END_REGEX.lastIndex = this.pos;
    const end = VERBATIM_END_REGEX.exec(this.src);
    if (!end) this.fail('Unclosed verbatim tag.', openPos);
    // LexerImpl tests group(0) of the start tag, which always matched: verbatim text is always left-trimmed.
    let text = javaLtrim(this.src.slice(this.pos, end.index));
    if (end[1] !== undefined) text = javaRtrim(text);
    if (end[2] !== undefined) this.trimNextText = true;
    this.push('TEXT', text, this.pos);
    this.pos = end.index + end[0].length;
  }

  private tokenizeBetweenDelimiters(close: RegExp, endType: TokenType, endValue: string): void {
    if (this.match(TRAILING_TRIM_REGEX)) this.trimNextText = true;
    if (this.brackets.length === 0) {
      const closing = this.match(close);
      if (closing) {
        this.push(endType, endValue, this.pos + closing[0].length - endValue.length);
        this.pos += closing[0].length;
        this.states.pop();
        return;
      }
    }
    this.tokenizeExpression();
  }

  private tokenizeExpression(): void {
    while (this.pos < this.src.length && isJavaWhitespace(this.src.charCodeAt(this.pos))) this.pos += 1;
    if (this.pos >= this.src.length) return;
    const start = this.pos;

    let found = this.match(OPERATOR_REGEX);
    if (found) {
      this.push('OPERATOR', found[0], start);
      this.pos += found[0].length;
      return;
    }
    found = this.match(IDENTIFIER_REGEX);
    if (found) {
      this.push('NAME', found[0], start);
      this.pos += found[0].length;
      return;
    }
    found = this.match(LONG_REGEX);
    if (found) {
      this.push('LONG', found[0].slice(0, -1), start);
      this.pos += found[0].length;
      return;
    }
    found = this.match(NUMBER_REGEX);
    if (found) {
      this.push('NUMBER', found[0], start);
      this.pos += found[0].length;
      return;
    }

    const char = this.src[this.pos]!;
    if (PUNCTUATION.includes(char)) {
      if ('([{'.includes(char)) {
        this.brackets.push({ char, pos: this.pos });
      } else if (')]}'.includes(char)) {
        const open = this.brackets.pop();
        if (!open) this.fail(`Unexpected "${char}"`, this.pos);
        const expected = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[open.char];
        if (expected !== char) this.fail(`Unclosed "${expected ?? open.char}"`, this.pos);
      }
      this.push('PUNCTUATION', char, start);
      this.pos += 1;
      return;
    }

    found = this.match(STRING_PLAIN_REGEX);
    if (found) {
      this.push('STRING', unquoteAndUnescape(found[0]), start);
      this.pos += found[0].length;
      return;
    }
    if (char === '"') {
      this.brackets.push({ char: '"', pos: this.pos });
      this.states.push('STRING');
      this.pos += 1;
      return;
    }
    this.fail(`Unexpected character [${char}]`, this.pos);
  }

  private tokenizeString(): void {
    if (this.src.startsWith('#{', this.pos)) {
      this.brackets.push({ char: '#{', pos: this.pos });
      this.push('STRING_INTERPOLATION_START', '#{', this.pos);
      this.pos += 2;
      this.states.push('STRING_INTERPOLATION');
      return;
    }
    const part = this.match(STRING_NON_INTERPOLATED_REGEX);
    if (part && part[0].length > 0) {
      this.push('STRING', part[0], this.pos);
      this.pos += part[0].length;
      return;
    }
    if (this.src[this.pos] === '"') {
      this.brackets.pop();
      this.states.pop();
      this.pos += 1;
      return;
    }
    // A lone trailing backslash: Pebble would loop forever here.
    this.fail('Unclosed """', this.pos);
  }

  private tokenizeStringInterpolation(): void {
    const last = this.brackets[this.brackets.length - 1];
    if (last?.char === '#{') {
      const close = this.match(INTERPOLATION_CLOSE_REGEX);
      if (close) {
        this.brackets.pop();
        this.push('STRING_INTERPOLATION_END', '}', this.pos + close[0].length - 1);
        this.pos += close[0].length;
        this.states.pop();
        return;
      }
    }
    this.tokenizeExpression();
  }
}

/** LexerImpl.unquoteAndUnescape: only the enclosing quote and the backslash are unescaped. */
function unquoteAndUnescape(quoted: string): string {
  const quote = quoted[0];
  let text = quoted.slice(1, -1);
  text = quote === "'" ? text.split("\\'").join("'") : text.split('\\"').join('"');
  return text.split('\\\\').join('\\');
}

// Parser for Pebble templates and expressions: a port of io.pebbletemplates.pebble.parser
// (ParserImpl, ExpressionParser) and the tag parsers Kestra keeps (ExtensionCustomizer removes
// autoescape, extends, embed, flush, import, include, parallel, cache and from).
//
// Precedence climbing with Pebble's operator table (lexer.ts). Surprising but faithful:
// - `|` (100) binds tighter than arithmetic and `~` (110) tighter than `|`, so `'a' ~ 'b' | upper`
//   is "AB" and `1 + 2 | abs` applies abs to 2.
// - Unary `not`, `-`, `+` have precedence 500: `not a == b` is `(not a) == b`.
// - The ternary is parsed only at the top of an expression, and list/map literals take no postfix.

import type { Arguments, Expr, FilterCall, Node, ParsedTemplate } from './ast';
import { PebbleError } from './errors';
import { BINARY_OPERATORS, SourcePositions, UNARY_OPERATORS, tokenize, type Token, type TokenType } from './lexer';
import { makeDouble } from './values';

const RESERVED_NAMES = new Set(['true', 'false', 'null', 'none']);
/** Deeply nested brackets would otherwise overflow the JavaScript stack. */
const MAX_NESTING = 256;

type StopCondition = (token: Token) => boolean;

export function parseTemplate(template: string, positions: SourcePositions): ParsedTemplate {
  const parser = new Parser(template, tokenize(template, positions), positions);
  const body = parser.subparse(null);
  return { body, macros: parser.macros, blocks: parser.blocks };
}

/**
 * Parses a bare expression for `evaluate()`. It is lexed as `{{ expression }}`, which is also the
 * template name its errors show, as Kestra's expression debugger does.
 */
export function parseExpression(expression: string): { expr: Expr; source: string; positions: SourcePositions } {
  const source = `{{ ${expression} }}`;
  const positions = new SourcePositions(source);
  const parser = new Parser(source, tokenize(source, positions), positions);
  parser.expect('PRINT_START');
  const expr = parser.parseExpression(0);
  parser.expect('PRINT_END');
  parser.expect('EOF');
  return { expr, source, positions };
}

class Parser {
  private index = 0;
  private depth = 0;
  readonly macros: ParsedTemplate['macros'] = new Map();
  readonly blocks: ParsedTemplate['blocks'] = new Map();

  constructor(
    private readonly template: string,
    private readonly tokens: Token[],
    private readonly positions: SourcePositions,
  ) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    if (this.index < this.tokens.length - 1) this.index += 1;
    return this.current;
  }

  private test(token: Token, type: TokenType, ...values: string[]): boolean {
    return token.type === type && (values.length === 0 || values.includes(token.value));
  }

  private fail(message: string, token: Token = this.current): never {
    throw new PebbleError({
      kind: 'syntax',
      pebbleMessage: message,
      template: this.template,
      line: this.positions.line(token.pos),
      column: this.positions.column(token.pos),
    });
  }

  /** TokenStream.expect: consume a token of the given type (and value), or fail like Pebble. */
  expect(type: TokenType, value?: string): Token {
    const token = this.current;
    if (!(token.type === type && (value === undefined || token.value === value))) {
      this.fail(`Unexpected token of value "${token.type === 'EOF' ? 'null' : token.value}" and type ${token.type}, expected token of type ${type}`);
    }
    this.next();
    return token;
  }

  subparse(stop: StopCondition | null): Node[] {
    const nodes: Node[] = [];
    while (this.current.type !== 'EOF') {
      const token = this.current;
      switch (token.type) {
        case 'TEXT':
          nodes.push({ type: 'text', text: token.value, pos: token.pos });
          this.next();
          break;
        case 'RAW':
          nodes.push({ type: 'raw', text: token.value, pos: token.pos });
          this.next();
          break;
        case 'PRINT_START': {
          this.next();
          const expr = this.parseExpression(0);
          this.expect('PRINT_END');
          nodes.push({ type: 'print', expr, pos: token.pos });
          break;
        }
        case 'EXECUTE_START': {
          this.next();
          const tag = this.current;
          if (tag.type !== 'NAME') this.fail('A block must start with a tag name.', tag);
          if (stop && stop(tag)) return nodes;
          const node = this.parseTag(tag);
          if (node) nodes.push(node);
          break;
        }
        default:
          this.fail('Parser ended in undefined state.');
      }
    }
    return nodes;
  }

  private parseTag(tag: Token): Node | null {
    switch (tag.value) {
      case 'if':
        return this.parseIf(tag);
      case 'for':
        return this.parseFor(tag);
      case 'set':
        return this.parseSet(tag);
      case 'filter':
        return this.parseFilterBlock(tag);
      case 'block':
        return this.parseBlock(tag);
      case 'macro':
        return this.parseMacro(tag);
      default:
        return this.fail(`Unexpected tag name "${tag.value}"`, tag);
    }
  }

  private endOfTemplate(tagName: string): never {
    return this.fail(`Unexpected end of template. Pebble was looking for the "${tagName}" tag`);
  }

  private parseIf(tag: Token): Node {
    this.next();
    const branches: { condition: Expr; body: Node[] }[] = [];
    const decideFork: StopCondition = (token) => this.test(token, 'NAME', 'elseif', 'else', 'endif');
    let condition = this.parseExpression(0);
    this.expect('EXECUTE_END');
    branches.push({ condition, body: this.subparse(decideFork) });
    let otherwise: Node[] | undefined;
    for (;;) {
      if (this.current.type === 'EOF') this.endOfTemplate('endif');
      const word = this.current.value;
      if (word === 'else') {
        this.next();
        this.expect('EXECUTE_END');
        otherwise = this.subparse((token) => this.test(token, 'NAME', 'endif'));
      } else if (word === 'elseif') {
        this.next();
        condition = this.parseExpression(0);
        this.expect('EXECUTE_END');
        branches.push({ condition, body: this.subparse(decideFork) });
      } else if (word === 'endif') {
        this.next();
        break;
      } else {
        this.fail('Unexpected end of template. Pebble was looking for the following tags "else", "elseif", or "endif"');
      }
    }
    this.expect('EXECUTE_END');
    return { type: 'if', branches, otherwise, pos: tag.pos };
  }

  private parseFor(tag: Token): Node {
    this.next();
    const variable = this.parseNewVariableName();
    if (this.test(this.current, 'PUNCTUATION', ',')) {
      // Pebble has no `for key, value in map`: it fails on the comma. Keep the failure, explain the fix.
      this.fail(
        'Unexpected token of value "," and type PUNCTUATION, expected token of type NAME. ' +
          "Pebble's for tag takes one loop variable: iterate a map with {% for entry in map %} and use entry.key and entry.value",
      );
    }
    this.expect('NAME', 'in');
    const iterable = this.parseExpression(0);
    this.expect('EXECUTE_END');
    const body = this.subparse((token) => this.test(token, 'NAME', 'else', 'endfor'));
    let otherwise: Node[] | undefined;
    if (this.test(this.current, 'NAME', 'else')) {
      this.next();
      this.expect('EXECUTE_END');
      otherwise = this.subparse((token) => this.test(token, 'NAME', 'endfor'));
    }
    if (this.current.type === 'EOF') this.endOfTemplate('endfor');
    this.next();
    this.expect('EXECUTE_END');
    return { type: 'for', variable, iterable, body, otherwise, pos: tag.pos };
  }

  private parseSet(tag: Token): Node {
    this.next();
    const name = this.parseNewVariableName();
    this.expect('PUNCTUATION', '=');
    const value = this.parseExpression(0);
    this.expect('EXECUTE_END');
    return { type: 'set', name, value, pos: tag.pos };
  }

  private parseFilterBlock(tag: Token): Node {
    this.next();
    const filters: FilterCall[] = [this.parseFilterCall()];
    while (this.test(this.current, 'OPERATOR', '|')) {
      this.next();
      filters.push(this.parseFilterCall());
    }
    this.expect('EXECUTE_END');
    const body = this.subparse((token) => this.test(token, 'NAME', 'endfilter'));
    if (this.current.type === 'EOF') this.endOfTemplate('endfilter');
    this.next();
    this.expect('EXECUTE_END');
    return { type: 'filter-block', filters, body, pos: tag.pos };
  }

  private parseBlock(tag: Token): Node {
    this.next();
    const nameToken = this.current;
    if (nameToken.type !== 'NAME' && nameToken.type !== 'STRING') this.expect('NAME');
    const name = nameToken.value;
    this.next();
    this.expect('EXECUTE_END');
    const body = this.subparse((token) => this.test(token, 'NAME', 'endblock'));
    if (this.current.type === 'EOF') this.endOfTemplate('endblock');
    this.next();
    // `{% endblock name %}` may repeat the name.
    if (this.current.type === 'NAME' || this.current.type === 'STRING') this.next();
    this.expect('EXECUTE_END');
    const node = { type: 'block' as const, name, body, pos: tag.pos };
    if (!this.blocks.has(name)) this.blocks.set(name, node);
    return node;
  }

  private parseMacro(tag: Token): Node | null {
    this.next();
    const name = this.parseNewVariableName();
    this.expect('PUNCTUATION', '(');
    const params: { name: string; defaultValue: Expr | undefined }[] = [];
    while (!this.test(this.current, 'PUNCTUATION', ')')) {
      if (params.length > 0) this.expect('PUNCTUATION', ',');
      const paramName = this.parseNewVariableName();
      let defaultValue: Expr | undefined;
      if (this.test(this.current, 'PUNCTUATION', '=')) {
        this.next();
        defaultValue = this.parseExpression(0);
      }
      params.push({ name: paramName, defaultValue });
    }
    this.expect('PUNCTUATION', ')');
    this.expect('EXECUTE_END');
    const body = this.subparse((token) => this.test(token, 'NAME', 'endmacro'));
    if (this.current.type === 'EOF') this.endOfTemplate('endmacro');
    this.next();
    this.expect('EXECUTE_END');
    if (this.macros.has(name)) this.fail(`More than one macro can not share the same name: ${name}`, tag);
    this.macros.set(name, { type: 'macro', name, params, body, pos: tag.pos });
    return null;
  }

  private parseNewVariableName(): string {
    const token = this.expect('NAME');
    if (RESERVED_NAMES.has(token.value)) this.fail(`Can not assign a value to ${token.value}`, token);
    return token.value;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) this.fail(`Expression nesting is deeper than ${MAX_NESTING} levels`);
  }

  parseExpression(minPrecedence: number): Expr {
    this.enter();
    try {
      return this.parseExpressionInner(minPrecedence);
    } finally {
      this.depth -= 1;
    }
  }

  private parseExpressionInner(minPrecedence: number): Expr {
    let token = this.current;
    let expr: Expr;
    const unaryPrecedence = token.type === 'OPERATOR' ? UNARY_OPERATORS.get(token.value) : undefined;
    if (unaryPrecedence !== undefined) {
      this.next();
      const operand = this.parseExpression(unaryPrecedence);
      expr = { type: 'unary', operator: token.value, operand, pos: token.pos };
    } else if (this.test(token, 'PUNCTUATION', '(')) {
      this.next();
      expr = this.parseExpression(0);
      this.expect('PUNCTUATION', ')');
      expr = this.parsePostfix(expr);
    } else if (this.test(token, 'PUNCTUATION', '[')) {
      expr = this.parseList();
    } else if (this.test(token, 'PUNCTUATION', '{')) {
      expr = this.parseMap();
    } else {
      expr = this.parsePrimary();
    }

    token = this.current;
    for (;;) {
      const operator = token.type === 'OPERATOR' ? BINARY_OPERATORS.get(token.value) : undefined;
      if (!operator || operator.precedence < minPrecedence) break;
      this.next();
      if (operator.kind === 'filter') {
        const call = this.parseFilterCall();
        expr = { type: 'filter', input: expr, name: call.name, args: call.args, pos: call.pos };
      } else if (operator.kind === 'test') {
        const name = this.expect('NAME');
        const args = this.test(this.current, 'PUNCTUATION', '(') ? this.parseArguments() : emptyArguments();
        expr = { type: 'test', input: expr, name: name.value, args, negated: token.value === 'is not', pos: name.pos };
      } else {
        // Every Pebble and Kestra binary operator is left-associative.
        const right = this.parseExpression(operator.precedence + 1);
        expr = { type: 'binary', operator: token.value, left: expr, right, pos: token.pos };
      }
      token = this.current;
    }

    if (minPrecedence === 0 && this.test(this.current, 'PUNCTUATION', '?')) {
      const question = this.current;
      this.next();
      const then = this.parseExpression(0);
      this.expect('PUNCTUATION', ':');
      const otherwise = this.parseExpression(0);
      expr = { type: 'ternary', condition: expr, then, otherwise, pos: question.pos };
    }
    return expr;
  }

  private parsePrimary(): Expr {
    const token = this.current;
    let node: Expr;
    switch (token.type) {
      case 'NAME': {
        const word = token.value;
        if (word === 'true' || word === 'TRUE') node = { type: 'literal', value: true, pos: token.pos };
        else if (word === 'false' || word === 'FALSE') node = { type: 'literal', value: false, pos: token.pos };
        else if (word === 'null' || word === 'NULL' || word === 'none' || word === 'NONE') node = { type: 'literal', value: null, pos: token.pos };
        else if (this.test(this.peek(), 'PUNCTUATION', '(')) {
          this.next();
          return this.parsePostfix({ type: 'call', name: word, args: this.parseArguments(), pos: token.pos });
        } else node = { type: 'variable', name: word, pos: token.pos };
        this.next();
        break;
      }
      case 'LONG':
        node = { type: 'literal', value: Number(token.value), pos: token.pos };
        this.next();
        break;
      case 'NUMBER': {
        const value = Number(token.value);
        // LiteralDoubleExpression when the literal has a dot; integral doubles keep their ".0".
        node = { type: 'literal', value: token.value.includes('.') ? makeDouble(value) : value, pos: token.pos };
        this.next();
        break;
      }
      case 'STRING':
      case 'STRING_INTERPOLATION_START':
        node = this.parseString();
        break;
      default:
        return this.fail(`Unexpected token "${token.type}" of value "${token.type === 'EOF' ? 'null' : token.value}"`);
    }
    return this.parsePostfix(node);
  }

  /** Adjacent string parts and `#{…}` interpolations become a chain of `~` concatenations. */
  private parseString(): Expr {
    const parts: Expr[] = [];
    const start = this.current.pos;
    let previous: TokenType | null = null;
    for (;;) {
      if (this.current.type === 'STRING' && previous !== 'STRING') {
        parts.push({ type: 'literal', value: this.current.value, pos: this.current.pos });
        previous = 'STRING';
        this.next();
      } else if (this.current.type === 'STRING_INTERPOLATION_START') {
        this.next();
        parts.push(this.parseExpression(0));
        this.expect('STRING_INTERPOLATION_END');
        previous = 'STRING_INTERPOLATION_END';
      } else break;
    }
    // Like ExpressionParser.parseStringExpression, a lone `"#{x}"` is x itself (not converted to a string).
    let expr = parts[0]!;
    for (const part of parts.slice(1)) expr = { type: 'binary', operator: '~', left: expr, right: part, pos: start };
    return expr;
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      const token = this.current;
      if (this.test(token, 'PUNCTUATION', '.')) {
        this.next();
        const name = this.expect('NAME');
        let args: Expr[] | undefined;
        if (this.test(this.current, 'PUNCTUATION', '(')) {
          const parsed = this.parseArguments();
          if (parsed.named.length > 0) this.fail('Can not use named arguments when calling a bean method');
          args = parsed.positional;
        }
        node = { type: 'attribute', object: node, attribute: { type: 'literal', value: name.value, pos: name.pos }, args, pos: name.pos };
      } else if (this.test(token, 'PUNCTUATION', '[')) {
        this.next();
        const attribute = this.parseExpression(0);
        this.expect('PUNCTUATION', ']');
        node = { type: 'attribute', object: node, attribute, args: undefined, pos: token.pos };
      } else if (this.test(token, 'PUNCTUATION', '(')) {
        // Pebble casts the callee to a function name: `(a)(b)` or `a[0](b)` cannot be called.
        this.fail('Unexpected token of value "(" and type PUNCTUATION: only a function or macro name can be called');
      } else {
        return node;
      }
    }
  }

  private parseFilterCall(): FilterCall {
    const name = this.expect('NAME');
    const args = this.test(this.current, 'PUNCTUATION', '(') ? this.parseArguments() : emptyArguments();
    return { name: name.value, args, pos: name.pos };
  }

  private parseArguments(): Arguments {
    const args: Arguments = emptyArguments();
    this.expect('PUNCTUATION', '(');
    while (!this.test(this.current, 'PUNCTUATION', ')')) {
      if (args.positional.length > 0 || args.named.length > 0) this.expect('PUNCTUATION', ',');
      let name: string | undefined;
      if (this.test(this.peek(), 'PUNCTUATION', '=')) {
        name = this.parseNewVariableName();
        this.expect('PUNCTUATION', '=');
      }
      const value = this.parseExpression(0);
      if (name === undefined) {
        if (args.named.length > 0) this.fail('Positional arguments must be declared before any named arguments.');
        args.positional.push(value);
      } else {
        args.named.push({ name, value });
      }
    }
    this.expect('PUNCTUATION', ')');
    return args;
  }

  private parseList(): Expr {
    const open = this.expect('PUNCTUATION', '[');
    const items: Expr[] = [];
    if (this.test(this.current, 'PUNCTUATION', ']')) {
      this.next();
      return { type: 'list', items, pos: open.pos };
    }
    for (;;) {
      items.push(this.parseExpression(0));
      if (this.test(this.current, 'PUNCTUATION', ']')) break;
      this.expect('PUNCTUATION', ',');
    }
    this.expect('PUNCTUATION', ']');
    return { type: 'list', items, pos: open.pos };
  }

  private parseMap(): Expr {
    const open = this.expect('PUNCTUATION', '{');
    const entries: { key: Expr; value: Expr }[] = [];
    if (this.test(this.current, 'PUNCTUATION', '}')) {
      this.next();
      return { type: 'map', entries, pos: open.pos };
    }
    for (;;) {
      const key = this.parseExpression(0);
      this.expect('PUNCTUATION', ':');
      const value = this.parseExpression(0);
      entries.push({ key, value });
      if (this.test(this.current, 'PUNCTUATION', '}')) break;
      this.expect('PUNCTUATION', ',');
    }
    this.expect('PUNCTUATION', '}');
    return { type: 'map', entries, pos: open.pos };
  }
}

function emptyArguments(): Arguments {
  return { positional: [], named: [] };
}

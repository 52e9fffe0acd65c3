// The syntax tree produced by the parser. Every node keeps the offset it came from so errors can name
// a line, as Pebble's do.

export interface Arguments {
  positional: Expr[];
  named: { name: string; value: Expr }[];
}

export type Expr =
  | { type: 'literal'; value: unknown; pos: number }
  | { type: 'variable'; name: string; pos: number }
  /** `a.b`, `a[b]`, or a Java-style method call `a.b(args)` (args defined). */
  | { type: 'attribute'; object: Expr; attribute: Expr; args: Expr[] | undefined; pos: number }
  | { type: 'call'; name: string; args: Arguments; pos: number }
  | { type: 'filter'; input: Expr; name: string; args: Arguments; pos: number }
  | { type: 'test'; input: Expr; name: string; args: Arguments; negated: boolean; pos: number }
  | { type: 'unary'; operator: string; operand: Expr; pos: number }
  | { type: 'binary'; operator: string; left: Expr; right: Expr; pos: number }
  | { type: 'ternary'; condition: Expr; then: Expr; otherwise: Expr; pos: number }
  | { type: 'list'; items: Expr[]; pos: number }
  | { type: 'map'; entries: { key: Expr; value: Expr }[]; pos: number };

export interface FilterCall {
  name: string;
  args: Arguments;
  pos: number;
}

export type Node =
  | { type: 'text'; text: string; pos: number }
  | { type: 'raw'; text: string; pos: number }
  | { type: 'print'; expr: Expr; pos: number }
  | { type: 'if'; branches: { condition: Expr; body: Node[] }[]; otherwise: Node[] | undefined; pos: number }
  | { type: 'for'; variable: string; iterable: Expr; body: Node[]; otherwise: Node[] | undefined; pos: number }
  | { type: 'set'; name: string; value: Expr; pos: number }
  | { type: 'filter-block'; filters: FilterCall[]; body: Node[]; pos: number }
  | { type: 'block'; name: string; body: Node[]; pos: number }
  | { type: 'macro'; name: string; params: { name: string; defaultValue: Expr | undefined }[]; body: Node[]; pos: number };

export interface ParsedTemplate {
  body: Node[];
  macros: Map<string, Extract<Node, { type: 'macro' }>>;
  blocks: Map<string, Extract<Node, { type: 'block' }>>;
}

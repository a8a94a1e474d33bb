/**
 * The compiled form of a template: velocityjs's parse tree, normalised once at deploy time into
 * nodes the interpreter can walk without re-parsing anything (interpolated strings included).
 */

export interface SourcePosition {
  readonly line: number
  readonly column: number
}

export type Access =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'method'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'index'; readonly index: Expr }

export interface Reference {
  readonly kind: 'reference'
  readonly id: string
  readonly path: readonly Access[]
  readonly pos?: SourcePosition
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '&&' | '||' | '==' | '!=' | '<' | '<=' | '>' | '>='

export type Expr =
  | Reference
  | { readonly kind: 'string'; readonly value: string }
  /** A double-quoted string with `$` or `#` in it, rendered at run time. */
  | { readonly kind: 'interpolated'; readonly body: readonly TemplateNode[] }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | { readonly kind: 'range'; readonly from: Expr; readonly to: Expr }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, Expr])[] }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'negate'; readonly operand: Expr }

export interface IfBranch {
  /** Absent for `#else`. */
  readonly condition?: Expr
  readonly body: readonly TemplateNode[]
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'print'; readonly reference: Reference }
  | { readonly kind: 'set'; readonly target: Reference; readonly value: Expr }
  | { readonly kind: 'if'; readonly branches: readonly IfBranch[] }
  | { readonly kind: 'foreach'; readonly variable: string; readonly source: Expr; readonly body: readonly TemplateNode[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'break' }
  | { readonly kind: 'stop' }

export interface MacroDefinition {
  readonly name: string
  readonly params: readonly string[]
  readonly body: readonly TemplateNode[]
}

export interface ParsedTemplate {
  readonly nodes: readonly TemplateNode[]
  /** Velocity registers inline macros when it parses, so a call may precede the definition. */
  readonly macros: ReadonlyMap<string, MacroDefinition>
}

/**
 * The SoQL abstract syntax tree, as parsed. Nothing here is SQL text: the compiler renders it, and
 * literals only ever leave it as bound parameters. `pos` is the 0-based character offset in the
 * parameter the node came from, used by error messages.
 */

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type LogicalOp = 'AND' | 'OR';
export type BinaryOp = ComparisonOp | ArithmeticOp | LogicalOp;

export type Expr =
  | {
      readonly kind: 'literal';
      readonly value: string | number | boolean | null;
      /** A number written with a decimal point or an exponent (`1.0`, `1e3`): a double, whatever its value. */
      readonly decimal?: true;
      readonly pos: number;
    }
  | { readonly kind: 'column'; readonly name: string; readonly pos: number }
  /** A system field written `:name` (Socrata's `:id`): not a published column, resolved by the checker. */
  | { readonly kind: 'system'; readonly name: string; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | {
      readonly kind: 'in';
      readonly negated: boolean;
      readonly operand: Expr;
      readonly list: readonly Expr[];
      readonly pos: number;
    }
  | {
      readonly kind: 'between';
      readonly negated: boolean;
      readonly operand: Expr;
      readonly low: Expr;
      readonly high: Expr;
      readonly pos: number;
    }
  | {
      readonly kind: 'like';
      readonly negated: boolean;
      readonly operand: Expr;
      readonly pattern: Expr;
      readonly pos: number;
    }
  | { readonly kind: 'isNull'; readonly negated: boolean; readonly operand: Expr; readonly pos: number }
  | {
      readonly kind: 'call';
      /** Lower-cased function name. */
      readonly name: string;
      readonly args: readonly Expr[];
      /** `count(*)`. */
      readonly star: boolean;
      /** `count(DISTINCT x)`. */
      readonly distinct?: true;
      readonly pos: number;
    };

/** One item of `$select`: an expression with an optional alias, or `*` (every published column). */
export type SelectItem =
  | { readonly kind: 'star'; readonly pos: number }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias: string | null; readonly pos: number };

/** `$select`: its items, and whether it began with DISTINCT (Socrata's `$select=distinct origin`). */
export interface SelectList {
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
}

/** One item of `$order`. */
export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
  /** `NULLS FIRST` / `NULLS LAST` as written; null when not given (then NULLs sort last). */
  readonly nulls: 'first' | 'last' | null;
}

import type { Site, SizeBudget } from './size-budget.ts';
import type { Relation, Scope } from './size-scopes.ts';
import type { Json, Obj } from './sql-tree.ts';
import type { Size } from './value-size.ts';

/**
 * What the parts of the value-size walk (query-sizes, cte-sizes, expression-sizes, call-sizes,
 * lambda-sizes) share: the budget every value is charged to, the walk's step count and numbering, and
 * the entry points each part calls back into (a query holds expressions, an expression holds queries).
 */
export interface SizeWalk {
  readonly budget: SizeBudget;
  /** Counts one step of the walk; gives up (throws) past the most a walk may take. */
  step(): void;
  /** A new name for a lambda parameter's values: `param:1`, `param:2`, … */
  nextParam(): string;
  /** One number per aggregate in the query, the same on every walk (a recursive CTE's steps walk it again). */
  aggregateId(node: Obj): number;
  /** A query node (SELECT, set operation) with its CTEs, as a relation. */
  query(node: Json, outer: Scope): Relation;
  /** A top-level expression; a `COLUMNS(…)` inside it repeats it for every column. */
  top(node: Json, scope: Scope): Size;
  /** An expression's size. */
  expr(node: Json, scope: Scope): Size;
}

/** Where a size is charged: a function by its name, anything else by its label. */
export function site(label: string): Site {
  return {
    label,
    zhLabel: zhLabelOf(label),
    where: label.endsWith('()') ? `function ${label.slice(0, -2)}` : label.replace(/^the /, ''),
  };
}

/** Labels in words, in Chinese; a function, a cast or `ARRAY[…]` is named as SQL writes it. */
const LABELS_ZH: Readonly<Record<string, string>> = {
  query: '查询',
  'the query': '查询',
  expression: '表达式',
  lambda: 'lambda',
  slice: '切片',
};

/** How a Chinese message names a site: `repeat()`, `运算符 ||`, `递归 CTE t`, `表达式`. */
function zhLabelOf(label: string): string {
  if (label.startsWith('the operator ')) return `运算符 ${label.slice('the operator '.length)}`;
  if (label.startsWith('recursive CTE ')) return `递归 CTE ${label.slice('recursive CTE '.length)}`;
  return Object.hasOwn(LABELS_ZH, label) ? (LABELS_ZH[label] ?? label) : label;
}

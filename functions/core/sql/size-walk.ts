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
  return { label, where: label.endsWith('()') ? `function ${label.slice(0, -2)}` : label.replace(/^the /, '') };
}

import { expressionSize, topSize } from './expression-sizes.ts';
import type { SqlViolation } from './inspect-select.ts';
import { querySize } from './query-sizes.ts';
import { SizeBudget } from './size-budget.ts';
import { type Relation, ROOT, type Scope } from './size-scopes.ts';
import type { SizeWalk } from './size-walk.ts';
import { isObj, type Json, type Obj } from './sql-tree.ts';
import type { Size } from './value-size.ts';

/**
 * Bounds every value a SELECT computes (value-size.ts) by walking its parse tree with the scopes
 * DuckDB binds names in: a column of a dataset is one cell (`cell:name`); a column of a CTE, a
 * subquery or VALUES is what its select list computes there; a name the walk cannot place is taken
 * as the largest value in scope. Every function, cast and list is charged to a SizeBudget, which
 * records where a limit is passed. Run only on SQL that already passed inspect-select's other rules
 * (so every function has a rule in function-sizes.ts).
 */
export function checkValueSizes(statement: Json): SqlViolation[] {
  const budget = new SizeBudget();
  const walker = new SizeWalker(budget);
  const node = isObj(statement) ? statement.node : null;
  try {
    walker.query(node ?? null, ROOT);
  } catch (e) {
    if (e !== TOO_COMPLEX) throw e;
    return [
      {
        where: 'query',
        message: `the query is too complex to check the size of its values (more than ${MAX_VISITS} steps)`,
        hint: 'write it with fewer nested recursive CTEs and lambdas',
        zh: {
          message: `查询过于复杂，无法检查其中各值的大小（超过 ${MAX_VISITS} 步）`,
          hint: '请减少嵌套的递归 CTE 和 lambda',
        },
      },
    ];
  }
  return budget.violations;
}

/**
 * Steps of the walk before it gives up: recursive CTEs and list_reduce walk their bodies more than
 * once, so nesting them multiplies the walk (a plain 20,000-character query takes a few thousand).
 */
const MAX_VISITS = 200_000;
const TOO_COMPLEX = new Error('too complex');

/** The walk's state; the walking itself is in query-sizes.ts and expression-sizes.ts. */
class SizeWalker implements SizeWalk {
  private readonly aggregates = new Map<Obj, number>();
  private params = 0;
  private visits = 0;
  readonly budget: SizeBudget;
  constructor(budget: SizeBudget) {
    this.budget = budget;
  }

  step(): void {
    if (++this.visits > MAX_VISITS) throw TOO_COMPLEX;
  }

  nextParam(): string {
    return `param:${++this.params}`;
  }

  aggregateId(node: Obj): number {
    let id = this.aggregates.get(node);
    if (id === undefined) {
      id = this.aggregates.size + 1;
      this.aggregates.set(node, id);
    }
    return id;
  }

  query(node: Json, outer: Scope): Relation {
    return querySize(this, node, outer);
  }

  top(node: Json, scope: Scope): Size {
    return topSize(this, node, scope);
  }

  expr(node: Json, scope: Scope): Size {
    return expressionSize(this, node, scope);
  }
}

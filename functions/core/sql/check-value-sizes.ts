import { castSize, typeName } from './cast-sizes.ts';
import {
  FUNCTION_SIZES,
  LAMBDA_FUNCTIONS,
  type SizeArg,
  type SizeRuleContext,
  STAR_COLUMNS,
} from './function-sizes.ts';
import type { SqlViolation } from './inspect-select.ts';
import { type Site, SizeBudget } from './size-budget.ts';
import {
  datasetTable,
  everything,
  type Item,
  lookupCte,
  NOTHING,
  named,
  opaqueRelation,
  orderedRelation,
  type Relation,
  ROOT,
  renamed,
  resolve,
  type Scope,
  scopeRelations,
  selectRelation,
  starRelations,
  unionOf,
} from './size-scopes.ts';
import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';
import {
  ELEMENT_BYTES,
  EMPTY,
  FIXED_BYTES,
  fixedSize,
  maxSizes,
  nestedSize,
  perRow,
  plusBytes,
  type Size,
  scaleSize,
  sizeWithin,
  sourceSize,
  substitute,
  sumSizes,
  textSize,
  withoutSource,
} from './value-size.ts';

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

class SizeWalker {
  private readonly aggregates = new Map<Obj, number>();
  private params = 0;
  private visits = 0;
  private readonly budget: SizeBudget;
  constructor(budget: SizeBudget) {
    this.budget = budget;
  }

  /** A query node (SELECT, set operation) with its CTEs, as a relation. */
  query(node: Json, outer: Scope): Relation {
    if (!isObj(node)) return NOTHING;
    if (++this.visits > MAX_VISITS) throw TOO_COMPLEX;
    const scope = this.withCtes(node, outer);
    let rel: Relation;
    if (node.type === 'SELECT_NODE') rel = this.select(node, scope);
    else if (node.type === 'SET_OPERATION_NODE') {
      rel = unionOf([this.query(node.left ?? null, scope), this.query(node.right ?? null, scope)]);
      this.modifiers(node, { ...scope, relations: [rel], aliases: new Map() });
    } else if (node.type === 'RECURSIVE_CTE_NODE') {
      rel = this.recursive(nameAt(node, 'cte_name'), arrayAt(node, 'aliases'), node, outer);
    } else {
      this.budget.refuse(site('query'), `this kind of query (${String(node.type)}) is not supported`);
      rel = NOTHING;
    }
    return rel;
  }

  /** The scope extended with the node's CTEs, each seeing those before it (and itself when recursive). */
  private withCtes(node: Obj, outer: Scope): Scope {
    const entries = isObj(node.cte_map) ? arrayAt(node.cte_map, 'map') : [];
    if (!entries.length) return outer;
    const ctes = new Map(outer.ctes);
    for (const entry of entries) {
      if (!isObj(entry) || !isObj(entry.value)) continue;
      const name = nameAt(entry, 'key');
      const aliases = arrayAt(entry.value, 'aliases');
      const q = isObj(entry.value.query) ? entry.value.query.node : null;
      const inner: Scope = { ...outer, ctes: new Map(ctes) };
      const rel =
        isObj(q) && q.type === 'RECURSIVE_CTE_NODE'
          ? this.recursive(name, aliases, q, inner)
          : renamed(this.query(q ?? null, inner), aliases);
      ctes.set(name, rel);
    }
    return { ...outer, ctes };
  }

  /**
   * A recursive CTE: its anchor, then steps, until a step adds nothing larger. A step that makes values
   * larger every time (`s || s`, `path || '/' || name`) has no bound: refused.
   */
  private recursive(name: string, aliases: Json[], node: Obj, outer: Scope): Relation {
    const scope = this.withCtes(node, outer);
    const anchor = renamed(this.query(node.left ?? null, scope), aliases);
    const step = (self: Relation) =>
      renamed(this.query(node.right ?? null, { ...scope, ctes: new Map([...scope.ctes, [name, self]]) }), aliases);
    let current = anchor;
    let settled = false;
    for (let i = 0; i < 4 && !settled; i++) {
      const next = unionOf([current, this.budget.dryRun(() => step(current))]);
      settled = sizeWithin(next.row(), current.row()) && sizeWithin(next.any(), current.any());
      current = next;
    }
    if (!settled) {
      this.budget.refuse(
        site(`recursive CTE ${name}`),
        `the recursive CTE "${name}" makes its values larger at every step; its values could grow without bound`,
        'keep what a recursive step selects to the size of what it reads (ids, numbers, depths), and build longer values outside the recursion',
      );
    }
    step(current);
    return current;
  }

  private select(node: Obj, outer: Scope): Relation {
    const from = this.from(node.from_table ?? null, outer);
    const aliases = new Map<string, Size>();
    const scope: Scope = { ...outer, relations: from, aliases, parent: outer };
    const items: Item[] = [];
    for (const e of arrayAt(node, 'select_list')) {
      if (!isObj(e)) continue;
      if (e.class === 'STAR' && !e.expr) {
        const rels = starRelations(nameAt(e, 'relation_name'), from, scope);
        const replaced = new Map<string, Size>();
        for (const r of arrayAt(e, 'replace_list')) {
          if (isObj(r)) replaced.set(nameAt(r, 'key'), this.top(r.value ?? null, scope));
        }
        items.push({
          star: rels,
          replaced,
          excluded: new Set(arrayAt(e, 'exclude_list').map((x) => String(x).toLowerCase())),
        });
        continue;
      }
      const size = this.top(e, scope);
      const name =
        nameAt(e, 'alias') ||
        (e.class === 'COLUMN_REF' ? String(arrayAt(e, 'column_names').at(-1) ?? '').toLowerCase() : '');
      items.push({ name: name || undefined, size });
      if (name && !aliases.has(name)) aliases.set(name, size);
    }
    // WHERE, GROUP BY, HAVING, QUALIFY and ORDER BY may name the select list's aliases.
    this.top(node.where_clause ?? null, scope);
    for (const g of arrayAt(node, 'group_expressions')) this.top(g, scope);
    this.top(node.having ?? null, scope);
    this.top(node.qualify ?? null, scope);
    this.modifiers(node, scope);
    return selectRelation(items);
  }

  /** ORDER BY, DISTINCT ON, LIMIT and OFFSET expressions. */
  private modifiers(node: Obj, scope: Scope): void {
    for (const m of arrayAt(node, 'modifiers')) {
      if (!isObj(m)) continue;
      for (const o of arrayAt(m, 'orders')) if (isObj(o)) this.top(o.expression ?? null, scope);
      for (const d of arrayAt(m, 'distinct_on_targets')) this.top(d, scope);
      this.top(m.limit ?? null, scope);
      this.top(m.offset ?? null, scope);
    }
  }

  /** The relations a FROM clause offers. */
  private from(ref: Json, outer: Scope): Relation[] {
    if (!isObj(ref)) return [];
    const alias = nameAt(ref, 'alias');
    switch (ref.type) {
      case 'EMPTY':
        return [];
      case 'BASE_TABLE': {
        const table = nameAt(ref, 'table_name');
        const cte = lookupCte(outer, table);
        return [named(cte ?? datasetTable(table), alias || table)];
      }
      case 'SUBQUERY': {
        const q = isObj(ref.subquery) ? ref.subquery.node : null;
        return [named(renamed(this.query(q ?? null, outer), arrayAt(ref, 'column_name_alias')), alias)];
      }
      case 'JOIN': {
        const left = this.from(ref.left ?? null, outer);
        // The right side may be LATERAL: it sees the left's columns.
        const right = this.from(ref.right ?? null, { ...outer, relations: left, aliases: new Map(), parent: outer });
        this.top(ref.condition ?? null, {
          ...outer,
          relations: [...left, ...right],
          aliases: new Map(),
          parent: outer,
        });
        return [...left, ...right];
      }
      case 'EXPRESSION_LIST': {
        const rows = arrayAt(ref, 'values').map((row) =>
          Array.isArray(row) ? row.map((v) => this.top(v, outer)) : [],
        );
        const width = Math.max(0, ...rows.map((r) => r.length));
        const columns = Array.from({ length: width }, (_, i) => maxSizes(rows.map((r) => r[i] ?? EMPTY)));
        return [named(orderedRelation(columns), alias)];
      }
      case 'PIVOT': {
        const source = this.from(ref.source ?? null, outer);
        const scope: Scope = { ...outer, relations: source, aliases: new Map(), parent: outer };
        const aggregates = arrayAt(ref, 'aggregates').map((a) => this.top(a, scope));
        let entries = 0;
        for (const p of arrayAt(ref, 'pivots')) {
          if (!isObj(p)) continue;
          for (const e of arrayAt(p, 'pivot_expressions')) this.top(e, scope);
          entries += Math.max(1, arrayAt(p, 'entries').length);
        }
        const any = maxSizes([...source.map((r) => r.any()), ...aggregates]);
        const row = sumSizes([...source.map((r) => r.row()), scaleSize(maxSizes(aggregates), Math.max(1, entries))]);
        return [named(opaqueRelation(any, row), alias)];
      }
      default:
        // Table functions and the rest are refused by inspect-select.
        return [];
    }
  }

  /** A top-level expression; a `COLUMNS(…)` inside it repeats it for every column. */
  private top(node: Json, scope: Scope): Size {
    if (!isObj(node)) return EMPTY;
    if (!expandsColumns(node)) return this.expr(node, scope);
    const before = this.budget.expansions;
    this.budget.expansions = STAR_COLUMNS;
    try {
      return this.expr(node, scope);
    } finally {
      this.budget.expansions = before;
    }
  }

  private expr(node: Json, scope: Scope): Size {
    if (!isObj(node)) return EMPTY;
    if (++this.visits > MAX_VISITS) throw TOO_COMPLEX;
    switch (node.class) {
      case 'CONSTANT':
        return constantSize(node.value ?? null);
      case 'COLUMN_REF':
        return resolve(
          arrayAt(node, 'column_names').map((n) => String(n).toLowerCase()),
          scope,
        );
      case 'FUNCTION':
        return this.call(node, scope);
      case 'WINDOW':
        return this.window(node, scope);
      case 'CAST':
        return this.cast(node, scope);
      case 'CASE': {
        const results: Size[] = [];
        for (const c of arrayAt(node, 'case_checks')) {
          if (!isObj(c)) continue;
          this.expr(c.when_expr ?? null, scope);
          results.push(this.expr(c.then_expr ?? null, scope));
        }
        results.push(this.expr(node.else_expr ?? null, scope));
        return maxSizes(results);
      }
      case 'COMPARISON':
        return fixedAfter([this.expr(node.left ?? null, scope), this.expr(node.right ?? null, scope)]);
      case 'CONJUNCTION':
        return fixedAfter(arrayAt(node, 'children').map((c) => this.expr(c, scope)));
      case 'BETWEEN':
        return fixedAfter(['input', 'lower', 'upper'].map((k) => this.expr(node[k] ?? null, scope)));
      case 'COLLATE':
        return this.expr(node.child ?? null, scope);
      case 'OPERATOR':
        return this.operator(node, scope);
      case 'SUBQUERY': {
        const q = isObj(node.subquery) ? node.subquery.node : null;
        const rel = this.query(q ?? null, { ...scope, relations: [], aliases: new Map(), parent: scope });
        const child = this.expr(node.child ?? null, scope);
        return node.subquery_type === 'SCALAR' ? perRow(rel.any()) : fixedAfter([child, rel.any()]);
      }
      case 'STAR': {
        const rels = starRelations(nameAt(node, 'relation_name'), [...scopeRelations(scope)], scope);
        return perRow(maxSizes(rels.map((r) => r.any())));
      }
      case 'POSITIONAL_REFERENCE':
        return perRow(everything(scope));
      case 'PARAMETER':
        return EMPTY;
      case 'LAMBDA':
        this.budget.refuse(
          site('lambda'),
          'a lambda is allowed only as the function argument of list_transform, list_filter or list_reduce',
        );
        return EMPTY;
      default:
        this.budget.refuse(site('expression'), `this kind of expression (${String(node.class)}) is not supported`);
        return EMPTY;
    }
  }

  private operator(node: Obj, scope: Scope): Size {
    const children = arrayAt(node, 'children');
    switch (node.type) {
      case 'OPERATOR_COALESCE':
        return maxSizes(children.map((c) => this.expr(c, scope)));
      case 'OPERATOR_TRY':
        return this.expr(children[0] ?? null, scope);
      case 'ARRAY_EXTRACT':
      case 'STRUCT_EXTRACT': {
        const parts = children.map((c) => this.expr(c, scope));
        return parts[0] ?? EMPTY;
      }
      case 'ARRAY_SLICE': {
        const parts = children.map((c) => this.expr(c, scope));
        return this.budget.charge(site('slice'), { ...(parts[0] ?? EMPTY), fixed: false });
      }
      case 'ARRAY_CONSTRUCTOR': {
        const parts = children.map((c) => this.expr(c, scope));
        return this.budget.charge(
          site('ARRAY[…]'),
          nestedSize(plusBytes(sumSizes(parts), parts.length * ELEMENT_BYTES)),
        );
      }
      case 'OPERATOR_UNPACK':
        return this.expr(children[0] ?? null, scope);
      case 'OPERATOR_NOT':
      case 'OPERATOR_IS_NULL':
      case 'OPERATOR_IS_NOT_NULL':
      case 'COMPARE_IN':
      case 'COMPARE_NOT_IN':
      case 'GROUPING_FUNCTION':
        return fixedAfter(children.map((c) => this.expr(c, scope)));
      default:
        this.budget.refuse(site('expression'), `this operator (${String(node.type)}) is not supported`);
        return EMPTY;
    }
  }

  private call(node: Obj, scope: Scope): Size {
    const name = nameAt(node, 'function_name');
    const label = node.is_operator === true ? `the operator ${name}` : `${name}()`;
    const where = site(label);
    const kind = LAMBDA_FUNCTIONS.get(name);
    if (kind) {
      return this.budget.charge(where, this.lambdaCall(kind, node, scope, label));
    }
    const args = arrayAt(node, 'children').map((c) => this.arg(c, scope));
    if (isObj(node.filter)) this.expr(node.filter, scope);
    const orders = isObj(node.order_bys) ? arrayAt(node.order_bys, 'orders') : [];
    for (const o of orders) if (isObj(o)) this.expr(o.expression ?? null, scope);
    const rule = FUNCTION_SIZES.get(name);
    if (!rule) return EMPTY; // refused by inspect-select
    return this.budget.charge(where, rule(args, this.context(label, node)));
  }

  private window(node: Obj, scope: Scope): Size {
    const name = nameAt(node, 'function_name');
    const label = `${name}()`;
    const args = arrayAt(node, 'children').map((c) => this.arg(c, scope));
    for (const p of arrayAt(node, 'partitions')) this.expr(p, scope);
    for (const key of ['orders', 'arg_orders']) {
      for (const o of arrayAt(node, key)) if (isObj(o)) this.expr(o.expression ?? null, scope);
    }
    for (const key of ['filter_expr', 'start_expr', 'end_expr', 'offset_expr']) this.expr(node[key] ?? null, scope);
    const fallback = this.expr(node.default_expr ?? null, scope);
    const rule = FUNCTION_SIZES.get(name);
    if (!rule) return EMPTY; // refused by inspect-select
    return this.budget.charge(site(label), perRow(maxSizes([rule(args, this.context(label, node)), fallback])));
  }

  /** One number per aggregate in the query, the same on every walk (a recursive CTE's steps walk it again). */
  private aggregateId(node: Obj): number {
    let id = this.aggregates.get(node);
    if (id === undefined) {
      id = this.aggregates.size + 1;
      this.aggregates.set(node, id);
    }
    return id;
  }

  private context(label: string, node: Obj): SizeRuleContext {
    return {
      label,
      refuse: (message) => {
        this.budget.refuse(site(label), message);
        return EMPTY;
      },
      gathered: (depth) => sourceSize(`agg:${label}#${this.aggregateId(node)}`, depth),
    };
  }

  /** An argument, with what the query writes literally in it. */
  private arg(node: Json, scope: Scope): SizeArg {
    const size = this.expr(node, scope);
    if (!isObj(node)) return { size };
    const number = literalNumber(node);
    const text = literalText(node);
    const name = nameAt(node, 'alias');
    const elements =
      node.class === 'FUNCTION' && ['list_value', 'list_pack'].includes(nameAt(node, 'function_name'))
        ? arrayAt(node, 'children').length
        : undefined;
    return {
      size,
      ...(number === undefined ? {} : { number }),
      ...(text === undefined ? {} : { text }),
      ...(name ? { name } : {}),
      ...(elements === undefined ? {} : { elements }),
      ...(node.class === 'OPERATOR' && node.type === 'OPERATOR_UNPACK' ? { many: true } : {}),
    };
  }

  /**
   * list_transform / list_filter / list_reduce. The body is walked with its parameters as sources of
   * their own; each body value is charged for all its evaluations (one per element of every row's list).
   */
  private lambdaCall(kind: 'transform' | 'filter' | 'reduce', node: Obj, scope: Scope, label: string): Size {
    const [listNode, lambda, initNode] = arrayAt(node, 'children');
    const list = this.expr(listNode ?? null, scope);
    const params = isObj(lambda) && lambda.class === 'LAMBDA' ? lambdaParams(lambda.lhs ?? null) : undefined;
    if (!isObj(lambda) || !params?.length) {
      this.budget.refuse(site(label), `${label} takes a lambda (x -> …) as its second argument`);
      return EMPTY;
    }
    const walkBody = (bound: Map<string, Size>) =>
      this.expr(lambda.expr ?? null, { ...scope, relations: [], aliases: new Map(), params: bound, parent: scope });
    const perElement = (s: Size, param: string): Size => {
      const total = SizeBudget.perElement(s, param, list);
      if (total) return total;
      this.budget.refuse(
        site(label),
        `${label} would copy other columns into every element of a list read from the data; its lambda may use its parameters and literals`,
      );
      return EMPTY;
    };
    if (kind !== 'reduce') {
      const x = `param:${++this.params}`;
      const bound = new Map<string, Size>([[params[0] as string, sourceSize(x)]]);
      if (params[1]) bound.set(params[1], fixedSize(FIXED_BYTES, true));
      const body = this.budget.inLambda(
        (s) => perElement(s, x),
        () => walkBody(bound),
      );
      if (kind === 'filter') return list;
      const result = perElement(plusBytes(body, ELEMENT_BYTES), x);
      return nestedSize(result, Math.max(list.depth, body.depth + 1));
    }
    const acc = `param:${++this.params}`;
    const x = `param:${++this.params}`;
    const bound = new Map<string, Size>([
      [params[0] as string, sourceSize(acc)],
      [params[1] ?? '', sourceSize(x)],
    ]);
    if (params[2]) bound.set(params[2], fixedSize(FIXED_BYTES, true));
    const body = this.budget.dryRun(() => walkBody(bound));
    const { rest, copies } = withoutSource(body, acc);
    if (copies > 1) {
      this.budget.refuse(
        site(label),
        `${label} uses its accumulator ${copies} times in its lambda: the result could double at every element`,
      );
    }
    const init = initNode === undefined ? list : this.expr(initNode, scope);
    const result = sumSizes([init, perElement(rest, x)]);
    this.budget.inLambda(
      (s) => substitute(substitute(s, acc, result), x, list),
      () => walkBody(bound),
    );
    return result;
  }

  private cast(node: Obj, scope: Scope): Size {
    const child = this.expr(node.child ?? null, scope);
    const type = isObj(node.cast_type) ? node.cast_type : {};
    const at = site(`CAST(… AS ${typeName(type)})`);
    const result = castSize(type, child);
    if (result) return this.budget.charge(at, result);
    this.budget.refuse(
      at,
      `casting to ${typeName(type)} is not supported in /v1/sql`,
      'cast to text, numbers, dates, times, booleans, lists or structs of them',
    );
    return EMPTY;
  }
}

/** A test or count over these values: fixed, computed per row if they are. */
function fixedAfter(parts: readonly Size[]): Size {
  return fixedSize(
    FIXED_BYTES,
    parts.some((p) => p.perRow),
  );
}

function constantSize(value: Json): Size {
  if (!isObj(value) || value.is_null === true) return fixedSize(0);
  const id = isObj(value.type) ? String(value.type.id ?? '') : '';
  if ((id === 'VARCHAR' || id === 'BLOB') && typeof value.value === 'string') return textSize(value.value);
  return fixedSize();
}

/** Whether the expression holds a `COLUMNS(…)` or `*` that DuckDB expands into one expression per column. */
function expandsColumns(node: Json, top = true): boolean {
  if (Array.isArray(node)) return node.some((n) => expandsColumns(n, false));
  if (!isObj(node)) return false;
  if (node.class === 'STAR') return !top;
  if (node.class === 'OPERATOR' && node.type === 'OPERATOR_UNPACK') return false;
  if (node.class === 'SUBQUERY') return false;
  return Object.entries(node).some(([k, v]) => k !== 'subquery' && expandsColumns(v, false));
}

/** The number a literal (or a cast or negation of one) is. */
function literalNumber(node: Json): number | undefined {
  if (!isObj(node)) return undefined;
  if (node.class === 'CAST') return literalNumber(node.child ?? null);
  if (node.class === 'FUNCTION' && ['-', '+'].includes(nameAt(node, 'function_name'))) {
    const children = arrayAt(node, 'children');
    if (children.length !== 1) return undefined;
    const n = literalNumber(children[0] ?? null);
    return n === undefined ? undefined : nameAt(node, 'function_name') === '-' ? -n : n;
  }
  if (node.class !== 'CONSTANT' || !isObj(node.value) || node.value.is_null === true) return undefined;
  const v = node.value.value;
  const type = isObj(node.value.type) ? node.value.type : {};
  if (typeof v === 'number') {
    const info = isObj(type.type_info) ? type.type_info : {};
    return type.id === 'DECIMAL' ? v / 10 ** Number(info.scale ?? 0) : v;
  }
  if (isObj(v)) return Number(v.upper ?? 0) * 2 ** 64 + Number(v.lower ?? 0); // HUGEINT
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return undefined;
}

/** The text a string literal (or a cast of one to text) is. */
function literalText(node: Obj): string | undefined {
  if (node.class === 'CAST' && isObj(node.cast_type) && node.cast_type.id === 'VARCHAR' && isObj(node.child)) {
    return literalText(node.child);
  }
  if (node.class !== 'CONSTANT' || !isObj(node.value)) return undefined;
  const type = isObj(node.value.type) ? node.value.type : {};
  return type.id === 'VARCHAR' && typeof node.value.value === 'string' ? node.value.value : undefined;
}

/** A lambda's parameter names: `x -> …` or `(a, b) -> …` / `lambda a, b: …`. */
function lambdaParams(lhs: Json): string[] | undefined {
  if (!isObj(lhs)) return undefined;
  if (lhs.class === 'COLUMN_REF') return [String(arrayAt(lhs, 'column_names')[0] ?? '').toLowerCase()];
  if (lhs.class === 'FUNCTION' && nameAt(lhs, 'function_name') === 'row') {
    const names = arrayAt(lhs, 'children').map((c) =>
      isObj(c) && c.class === 'COLUMN_REF' ? String(arrayAt(c, 'column_names')[0] ?? '').toLowerCase() : '',
    );
    return names.every(Boolean) ? names : undefined;
  }
  return undefined;
}

function site(label: string): Site {
  return { label, where: label.endsWith('()') ? `function ${label.slice(0, -2)}` : label.replace(/^the /, '') };
}

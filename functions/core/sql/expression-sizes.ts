import { callSize, windowSize } from './call-sizes.ts';
import { castSize, typeName } from './cast-sizes.ts';
import { STAR_COLUMNS } from './function-sizes.ts';
import { everything, resolve, type Scope, scopeRelations, starRelations } from './size-scopes.ts';
import { type SizeWalk, site } from './size-walk.ts';
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
  sumSizes,
  textSize,
} from './value-size.ts';

/** A top-level expression; a `COLUMNS(…)` inside it repeats it for every column. */
export function topSize(w: SizeWalk, node: Json, scope: Scope): Size {
  if (!isObj(node)) return EMPTY;
  if (!expandsColumns(node)) return w.expr(node, scope);
  const before = w.budget.expansions;
  w.budget.expansions = STAR_COLUMNS;
  try {
    return w.expr(node, scope);
  } finally {
    w.budget.expansions = before;
  }
}

/** An expression's size: its own, charged to the budget with those of everything it holds. */
export function expressionSize(w: SizeWalk, node: Json, scope: Scope): Size {
  if (!isObj(node)) return EMPTY;
  w.step();
  switch (node.class) {
    case 'CONSTANT':
      return constantSize(node.value ?? null);
    case 'COLUMN_REF':
      return resolve(
        arrayAt(node, 'column_names').map((n) => String(n).toLowerCase()),
        scope,
      );
    case 'FUNCTION':
      return callSize(w, node, scope);
    case 'WINDOW':
      return windowSize(w, node, scope);
    case 'CAST':
      return cast(w, node, scope);
    case 'CASE': {
      const results: Size[] = [];
      for (const c of arrayAt(node, 'case_checks')) {
        if (!isObj(c)) continue;
        w.expr(c.when_expr ?? null, scope);
        results.push(w.expr(c.then_expr ?? null, scope));
      }
      results.push(w.expr(node.else_expr ?? null, scope));
      return maxSizes(results);
    }
    case 'COMPARISON':
      return fixedAfter([w.expr(node.left ?? null, scope), w.expr(node.right ?? null, scope)]);
    case 'CONJUNCTION':
      return fixedAfter(arrayAt(node, 'children').map((c) => w.expr(c, scope)));
    case 'BETWEEN':
      return fixedAfter(['input', 'lower', 'upper'].map((k) => w.expr(node[k] ?? null, scope)));
    case 'COLLATE':
      return w.expr(node.child ?? null, scope);
    case 'OPERATOR':
      return operator(w, node, scope);
    case 'SUBQUERY': {
      const q = isObj(node.subquery) ? node.subquery.node : null;
      const rel = w.query(q ?? null, { ...scope, relations: [], aliases: new Map(), parent: scope });
      const child = w.expr(node.child ?? null, scope);
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
      w.budget.refuse(site('lambda'), {
        en: 'a lambda is allowed only as the function argument of list_transform, list_filter or list_reduce',
        zh: 'lambda 只能作为 list_transform、list_filter 或 list_reduce 的函数参数',
      });
      return EMPTY;
    default:
      w.budget.refuse(site('expression'), {
        en: `this kind of expression (${String(node.class)}) is not supported`,
        zh: `不支持这类表达式（${String(node.class)}）`,
      });
      return EMPTY;
  }
}

function operator(w: SizeWalk, node: Obj, scope: Scope): Size {
  const children = arrayAt(node, 'children');
  switch (node.type) {
    case 'OPERATOR_COALESCE':
      return maxSizes(children.map((c) => w.expr(c, scope)));
    case 'OPERATOR_TRY':
      return w.expr(children[0] ?? null, scope);
    case 'ARRAY_EXTRACT':
    case 'STRUCT_EXTRACT': {
      const parts = children.map((c) => w.expr(c, scope));
      return parts[0] ?? EMPTY;
    }
    case 'ARRAY_SLICE': {
      const parts = children.map((c) => w.expr(c, scope));
      return w.budget.charge(site('slice'), { ...(parts[0] ?? EMPTY), fixed: false });
    }
    case 'ARRAY_CONSTRUCTOR': {
      const parts = children.map((c) => w.expr(c, scope));
      return w.budget.charge(site('ARRAY[…]'), nestedSize(plusBytes(sumSizes(parts), parts.length * ELEMENT_BYTES)));
    }
    case 'OPERATOR_UNPACK':
      return w.expr(children[0] ?? null, scope);
    case 'OPERATOR_NOT':
    case 'OPERATOR_IS_NULL':
    case 'OPERATOR_IS_NOT_NULL':
    case 'COMPARE_IN':
    case 'COMPARE_NOT_IN':
    case 'GROUPING_FUNCTION':
      return fixedAfter(children.map((c) => w.expr(c, scope)));
    default:
      w.budget.refuse(site('expression'), {
        en: `this operator (${String(node.type)}) is not supported`,
        zh: `不支持这个运算符（${String(node.type)}）`,
      });
      return EMPTY;
  }
}

function cast(w: SizeWalk, node: Obj, scope: Scope): Size {
  const child = w.expr(node.child ?? null, scope);
  const type = isObj(node.cast_type) ? node.cast_type : {};
  const at = site(`CAST(… AS ${typeName(type)})`);
  const result = castSize(type, child);
  if (result) return w.budget.charge(at, result);
  w.budget.refuse(
    at,
    {
      en: `casting to ${typeName(type)} is not supported in /v1/sql`,
      zh: `/v1/sql 不支持转换为 ${typeName(type)}`,
    },
    {
      en: 'cast to text, numbers, dates, times, booleans, lists or structs of them',
      zh: '请转换为文本、数字、日期、时间、布尔值，或由它们组成的列表或结构体',
    },
  );
  return EMPTY;
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

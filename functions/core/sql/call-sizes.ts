import { FUNCTION_SIZES, LAMBDA_FUNCTIONS, type SizeArg, type SizeRuleContext } from './function-sizes.ts';
import { lambdaCallSize } from './lambda-sizes.ts';
import { literalNumber, literalText } from './literal-values.ts';
import type { Scope } from './size-scopes.ts';
import { type SizeWalk, site } from './size-walk.ts';
import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';
import { EMPTY, maxSizes, perRow, type Size, sourceSize } from './value-size.ts';

/** A function call (or an operator DuckDB parses as one), charged by its rule in function-sizes.ts. */
export function callSize(w: SizeWalk, node: Obj, scope: Scope): Size {
  const name = nameAt(node, 'function_name');
  const label = node.is_operator === true ? `the operator ${name}` : `${name}()`;
  const where = site(label);
  const kind = LAMBDA_FUNCTIONS.get(name);
  if (kind) {
    return w.budget.charge(where, lambdaCallSize(w, kind, node, scope, label));
  }
  const args = arrayAt(node, 'children').map((c) => argument(w, c, scope));
  if (isObj(node.filter)) w.expr(node.filter, scope);
  const orders = isObj(node.order_bys) ? arrayAt(node.order_bys, 'orders') : [];
  for (const o of orders) if (isObj(o)) w.expr(o.expression ?? null, scope);
  const rule = FUNCTION_SIZES.get(name);
  if (!rule) return EMPTY; // refused by inspect-select
  return w.budget.charge(where, rule(args, ruleContext(w, label, node)));
}

/** A window function call: its rule's size or its default's, per row. */
export function windowSize(w: SizeWalk, node: Obj, scope: Scope): Size {
  const name = nameAt(node, 'function_name');
  const label = `${name}()`;
  const args = arrayAt(node, 'children').map((c) => argument(w, c, scope));
  for (const p of arrayAt(node, 'partitions')) w.expr(p, scope);
  for (const key of ['orders', 'arg_orders']) {
    for (const o of arrayAt(node, key)) if (isObj(o)) w.expr(o.expression ?? null, scope);
  }
  for (const key of ['filter_expr', 'start_expr', 'end_expr', 'offset_expr']) w.expr(node[key] ?? null, scope);
  const fallback = w.expr(node.default_expr ?? null, scope);
  const rule = FUNCTION_SIZES.get(name);
  if (!rule) return EMPTY; // refused by inspect-select
  return w.budget.charge(site(label), perRow(maxSizes([rule(args, ruleContext(w, label, node)), fallback])));
}

function ruleContext(w: SizeWalk, label: string, node: Obj): SizeRuleContext {
  const at = site(label);
  return {
    label,
    zhLabel: at.zhLabel,
    refuse: (message) => {
      w.budget.refuse(at, message);
      return EMPTY;
    },
    gathered: (depth) => sourceSize(`agg:${label}#${w.aggregateId(node)}`, depth),
  };
}

/** An argument, with what the query writes literally in it. */
function argument(w: SizeWalk, node: Json, scope: Scope): SizeArg {
  const size = w.expr(node, scope);
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

import { SizeBudget } from './size-budget.ts';
import type { Scope } from './size-scopes.ts';
import { type SizeWalk, site } from './size-walk.ts';
import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';
import {
  ELEMENT_BYTES,
  EMPTY,
  FIXED_BYTES,
  fixedSize,
  nestedSize,
  plusBytes,
  type Size,
  sourceSize,
  substitute,
  sumSizes,
  withoutSource,
} from './value-size.ts';

/**
 * list_transform / list_filter / list_reduce. The body is walked with its parameters as sources of
 * their own; each body value is charged for all its evaluations (one per element of every row's list).
 */
export function lambdaCallSize(
  w: SizeWalk,
  kind: 'transform' | 'filter' | 'reduce',
  node: Obj,
  scope: Scope,
  label: string,
): Size {
  const [listNode, lambda, initNode] = arrayAt(node, 'children');
  const list = w.expr(listNode ?? null, scope);
  const params = isObj(lambda) && lambda.class === 'LAMBDA' ? lambdaParams(lambda.lhs ?? null) : undefined;
  if (!isObj(lambda) || !params?.length) {
    const at = site(label);
    w.budget.refuse(at, {
      en: `${label} takes a lambda (x -> …) as its second argument`,
      zh: `${at.zhLabel} 的第二个参数必须是 lambda（x -> …）`,
    });
    return EMPTY;
  }
  const walkBody = (bound: Map<string, Size>) =>
    w.expr(lambda.expr ?? null, { ...scope, relations: [], aliases: new Map(), params: bound, parent: scope });
  const perElement = (s: Size, param: string): Size => {
    const total = SizeBudget.perElement(s, param, list);
    if (total) return total;
    const at = site(label);
    w.budget.refuse(at, {
      en: `${label} would copy other columns into every element of a list read from the data; its lambda may use its parameters and literals`,
      zh: `${at.zhLabel} 会把其他列复制到从数据读取的列表的每个元素中；它的 lambda 只能使用自己的参数和字面量`,
    });
    return EMPTY;
  };
  if (kind !== 'reduce') {
    const x = w.nextParam();
    const bound = new Map<string, Size>([[params[0] as string, sourceSize(x)]]);
    if (params[1]) bound.set(params[1], fixedSize(FIXED_BYTES, true));
    const body = w.budget.inLambda(
      (s) => perElement(s, x),
      () => walkBody(bound),
    );
    if (kind === 'filter') return list;
    const result = perElement(plusBytes(body, ELEMENT_BYTES), x);
    return nestedSize(result, Math.max(list.depth, body.depth + 1));
  }
  const acc = w.nextParam();
  const x = w.nextParam();
  const bound = new Map<string, Size>([
    [params[0] as string, sourceSize(acc)],
    [params[1] ?? '', sourceSize(x)],
  ]);
  if (params[2]) bound.set(params[2], fixedSize(FIXED_BYTES, true));
  const body = w.budget.dryRun(() => walkBody(bound));
  const { rest, copies } = withoutSource(body, acc);
  if (copies > 1) {
    const at = site(label);
    w.budget.refuse(at, {
      en: `${label} uses its accumulator ${copies} times in its lambda: the result could double at every element`,
      zh: `${at.zhLabel} 在 lambda 中用了 ${copies} 次累加器：结果可能每经过一个元素就翻一倍`,
    });
  }
  const init = initNode === undefined ? list : w.expr(initNode, scope);
  const result = sumSizes([init, perElement(rest, x)]);
  w.budget.inLambda(
    (s) => substitute(substitute(s, acc, result), x, list),
    () => walkBody(bound),
  );
  return result;
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

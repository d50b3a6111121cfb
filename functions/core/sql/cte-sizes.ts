import { type Relation, renamed, type Scope, unionOf } from './size-scopes.ts';
import { type SizeWalk, site } from './size-walk.ts';
import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';
import { sizeWithin } from './value-size.ts';

/** The scope extended with the node's CTEs, each seeing those before it (and itself when recursive). */
export function withCtes(w: SizeWalk, node: Obj, outer: Scope): Scope {
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
        ? recursiveCte(w, name, aliases, q, inner)
        : renamed(w.query(q ?? null, inner), aliases);
    ctes.set(name, rel);
  }
  return { ...outer, ctes };
}

/**
 * A recursive CTE: its anchor, then steps, until a step adds nothing larger. A step that makes values
 * larger every time (`s || s`, `path || '/' || name`) has no bound: refused.
 */
export function recursiveCte(w: SizeWalk, name: string, aliases: Json[], node: Obj, outer: Scope): Relation {
  const scope = withCtes(w, node, outer);
  const anchor = renamed(w.query(node.left ?? null, scope), aliases);
  const step = (self: Relation) =>
    renamed(w.query(node.right ?? null, { ...scope, ctes: new Map([...scope.ctes, [name, self]]) }), aliases);
  let current = anchor;
  let settled = false;
  for (let i = 0; i < 4 && !settled; i++) {
    const next = unionOf([current, w.budget.dryRun(() => step(current))]);
    settled = sizeWithin(next.row(), current.row()) && sizeWithin(next.any(), current.any());
    current = next;
  }
  if (!settled) {
    w.budget.refuse(
      site(`recursive CTE ${name}`),
      {
        en: `the recursive CTE "${name}" makes its values larger at every step; its values could grow without bound`,
        zh: `递归 CTE "${name}" 每一步都让值变大；它的值可能无限增长`,
      },
      {
        en: 'keep what a recursive step selects to the size of what it reads (ids, numbers, depths), and build longer values outside the recursion',
        zh: '递归步骤选出的值不要超过它读取的值的大小（id、数字、深度），较长的值请在递归之外生成',
      },
    );
  }
  step(current);
  return current;
}

import { recursiveCte, withCtes } from './cte-sizes.ts';
import {
  datasetTable,
  type Item,
  lookupCte,
  NOTHING,
  named,
  opaqueRelation,
  orderedRelation,
  type Relation,
  renamed,
  type Scope,
  selectRelation,
  starRelations,
  unionOf,
} from './size-scopes.ts';
import { type SizeWalk, site } from './size-walk.ts';
import { arrayAt, isObj, type Json, nameAt, type Obj } from './sql-tree.ts';
import { EMPTY, maxSizes, type Size, scaleSize, sumSizes } from './value-size.ts';

/** A query node (SELECT, set operation) with its CTEs, as a relation. */
export function querySize(w: SizeWalk, node: Json, outer: Scope): Relation {
  if (!isObj(node)) return NOTHING;
  w.step();
  const scope = withCtes(w, node, outer);
  let rel: Relation;
  if (node.type === 'SELECT_NODE') rel = selectSize(w, node, scope);
  else if (node.type === 'SET_OPERATION_NODE') {
    rel = unionOf([w.query(node.left ?? null, scope), w.query(node.right ?? null, scope)]);
    modifiers(w, node, { ...scope, relations: [rel], aliases: new Map() });
  } else if (node.type === 'RECURSIVE_CTE_NODE') {
    rel = recursiveCte(w, nameAt(node, 'cte_name'), arrayAt(node, 'aliases'), node, outer);
  } else {
    w.budget.refuse(site('query'), {
      en: `this kind of query (${String(node.type)}) is not supported`,
      zh: `不支持这类查询（${String(node.type)}）`,
    });
    rel = NOTHING;
  }
  return rel;
}

function selectSize(w: SizeWalk, node: Obj, outer: Scope): Relation {
  const from = fromRelations(w, node.from_table ?? null, outer);
  const aliases = new Map<string, Size>();
  const scope: Scope = { ...outer, relations: from, aliases, parent: outer };
  const items: Item[] = [];
  for (const e of arrayAt(node, 'select_list')) {
    if (!isObj(e)) continue;
    if (e.class === 'STAR' && !e.expr) {
      const rels = starRelations(nameAt(e, 'relation_name'), from, scope);
      const replaced = new Map<string, Size>();
      for (const r of arrayAt(e, 'replace_list')) {
        if (isObj(r)) replaced.set(nameAt(r, 'key'), w.top(r.value ?? null, scope));
      }
      items.push({
        star: rels,
        replaced,
        excluded: new Set(arrayAt(e, 'exclude_list').map((x) => String(x).toLowerCase())),
      });
      continue;
    }
    const size = w.top(e, scope);
    const name =
      nameAt(e, 'alias') ||
      (e.class === 'COLUMN_REF' ? String(arrayAt(e, 'column_names').at(-1) ?? '').toLowerCase() : '');
    items.push({ name: name || undefined, size });
    if (name && !aliases.has(name)) aliases.set(name, size);
  }
  // WHERE, GROUP BY, HAVING, QUALIFY and ORDER BY may name the select list's aliases.
  w.top(node.where_clause ?? null, scope);
  for (const g of arrayAt(node, 'group_expressions')) w.top(g, scope);
  w.top(node.having ?? null, scope);
  w.top(node.qualify ?? null, scope);
  modifiers(w, node, scope);
  return selectRelation(items);
}

/** ORDER BY, DISTINCT ON, LIMIT and OFFSET expressions. */
function modifiers(w: SizeWalk, node: Obj, scope: Scope): void {
  for (const m of arrayAt(node, 'modifiers')) {
    if (!isObj(m)) continue;
    for (const o of arrayAt(m, 'orders')) if (isObj(o)) w.top(o.expression ?? null, scope);
    for (const d of arrayAt(m, 'distinct_on_targets')) w.top(d, scope);
    w.top(m.limit ?? null, scope);
    w.top(m.offset ?? null, scope);
  }
}

/** The relations a FROM clause offers. */
function fromRelations(w: SizeWalk, ref: Json, outer: Scope): Relation[] {
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
      return [named(renamed(w.query(q ?? null, outer), arrayAt(ref, 'column_name_alias')), alias)];
    }
    case 'JOIN': {
      const left = fromRelations(w, ref.left ?? null, outer);
      // The right side may be LATERAL: it sees the left's columns.
      const right = fromRelations(w, ref.right ?? null, {
        ...outer,
        relations: left,
        aliases: new Map(),
        parent: outer,
      });
      w.top(ref.condition ?? null, {
        ...outer,
        relations: [...left, ...right],
        aliases: new Map(),
        parent: outer,
      });
      return [...left, ...right];
    }
    case 'EXPRESSION_LIST': {
      const rows = arrayAt(ref, 'values').map((row) => (Array.isArray(row) ? row.map((v) => w.top(v, outer)) : []));
      const width = Math.max(0, ...rows.map((r) => r.length));
      const columns = Array.from({ length: width }, (_, i) => maxSizes(rows.map((r) => r[i] ?? EMPTY)));
      return [named(orderedRelation(columns), alias)];
    }
    case 'PIVOT': {
      const source = fromRelations(w, ref.source ?? null, outer);
      const scope: Scope = { ...outer, relations: source, aliases: new Map(), parent: outer };
      const aggregates = arrayAt(ref, 'aggregates').map((a) => w.top(a, scope));
      let entries = 0;
      for (const p of arrayAt(ref, 'pivots')) {
        if (!isObj(p)) continue;
        for (const e of arrayAt(p, 'pivot_expressions')) w.top(e, scope);
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

import type { Json } from './sql-tree.ts';
import {
  EMPTY,
  maxSizes,
  nestedSize,
  perRow,
  plusBytes,
  type Size,
  sourceSize,
  sumSizes,
  utf8Bytes,
} from './value-size.ts';

/**
 * The relations and scopes check-value-sizes.ts binds column names in, as DuckDB does: a dataset's
 * column is one cell of it; a CTE's, a subquery's or VALUES' column is what its select list computes.
 */

/** What a FROM item offers: its columns by name, the largest of them, and a whole row of it. */
export interface Relation {
  /** How the query names it (table name or alias), lower case. */
  readonly names: readonly string[];
  /** Its column `name`, or undefined when it has none (a dataset table has every name). */
  column(name: string): Size | undefined;
  any(): Size;
  /** A whole row, as `SELECT t FROM t` or `to_json(t)` take it (a struct: field names count). */
  row(): Size;
  /** Its columns in order, when known (for `AS t(a, b)` renames). */
  ordered?(): Size[];
}

export interface Scope {
  readonly relations: readonly Relation[];
  /** Select-list aliases visible here (lateral, and in WHERE, GROUP BY, HAVING, ORDER BY). */
  readonly aliases: ReadonlyMap<string, Size>;
  /** Lambda parameters. */
  readonly params?: ReadonlyMap<string, Size>;
  readonly ctes: ReadonlyMap<string, Relation>;
  readonly parent?: Scope;
}

export const ROOT: Scope = { relations: [], aliases: new Map(), ctes: new Map() };

/** One select-list item: a value, or a star passing columns through. */
export type Item =
  | { readonly name: string | undefined; readonly size: Size }
  | {
      readonly star: readonly Relation[];
      readonly replaced: ReadonlyMap<string, Size>;
      readonly excluded: ReadonlySet<string>;
    };

export const NOTHING: Relation = opaqueRelation(EMPTY, EMPTY);

export function selectRelation(items: readonly Item[]): Relation {
  const values = items.filter((i): i is Extract<Item, { size: Size }> => 'size' in i);
  const stars = items.filter((i): i is Extract<Item, { star: readonly Relation[] }> => 'star' in i);
  return cached({
    names: [],
    column(name) {
      const found: Size[] = [];
      // An unnamed item has DuckDB's generated name ("upper(x)"): it may be any name.
      for (const v of values) if (v.name === undefined || v.name === name) found.push(v.size);
      for (const s of stars) {
        const replaced = s.replaced.get(name);
        if (replaced) found.push(replaced);
        else if (!s.excluded.has(name)) for (const r of s.star) addDefined(found, r.column(name));
      }
      return found.length ? maxSizes(found) : undefined;
    },
    any: () =>
      maxSizes([
        ...values.map((v) => v.size),
        ...stars.flatMap((s) => [...s.star.map((r) => r.any()), ...s.replaced.values()]),
      ]),
    row: () =>
      plusBytes(
        sumSizes([
          ...values.map((v) => v.size),
          ...stars.flatMap((s) => [...s.star.map((r) => r.row()), ...s.replaced.values()]),
        ]),
        values.reduce((n, v) => n + utf8Bytes(v.name ?? ''), 0),
      ),
    ...(stars.length ? {} : { ordered: () => values.map((v) => v.size) }),
  });
}

/**
 * The relation with its answers remembered: relations built on relations (CTE after CTE, each joining
 * the one before twice) would otherwise ask the same questions exponentially often.
 */
function cached(rel: Relation): Relation {
  const columns = new Map<string, Size | undefined>();
  let any: Size | undefined;
  let row: Size | undefined;
  let ordered: Size[] | undefined;
  return {
    names: rel.names,
    column(name) {
      if (!columns.has(name)) columns.set(name, rel.column(name));
      return columns.get(name);
    },
    any: () => {
      any ??= rel.any();
      return any;
    },
    row: () => {
      row ??= rel.row();
      return row;
    },
    ...(rel.ordered
      ? {
          ordered: () => {
            ordered ??= rel.ordered?.() ?? [];
            return ordered;
          },
        }
      : {}),
  };
}

/** Columns known by position only (VALUES). */
export function orderedRelation(columns: readonly Size[]): Relation {
  return {
    names: [],
    column: () => maxSizes(columns),
    any: () => maxSizes(columns),
    row: () => sumSizes(columns),
    ordered: () => [...columns],
  };
}

/** A relation known only by its largest column and its row. */
export function opaqueRelation(any: Size, row: Size): Relation {
  return { names: [], column: () => any, any: () => any, row: () => row };
}

/** A published dataset: every name may be one of its columns, each one cell. */
export function datasetTable(table: string): Relation {
  return {
    names: [table],
    column: (name) => sourceSize(`cell:${name}`),
    any: () => sourceSize(`row:${table}`),
    row: () => sourceSize(`row:${table}`),
  };
}

/** The relation under another name (`FROM x AS y`). */
export function named(rel: Relation, name: string): Relation {
  if (!name) return rel;
  return {
    names: [...rel.names, name],
    column: (n) => rel.column(n),
    any: () => rel.any(),
    row: () => rel.row(),
    ...(rel.ordered ? { ordered: () => rel.ordered?.() ?? [] } : {}),
  };
}

/** The relation with its columns renamed by position (`AS t(a, b)`, `WITH t(a, b) AS`). */
export function renamed(rel: Relation, aliases: readonly Json[]): Relation {
  const names = aliases.map((a) => String(a).toLowerCase());
  if (!names.length) return rel;
  const columns = rel.ordered?.();
  return cached({
    names: rel.names,
    column(name) {
      const i = names.indexOf(name);
      if (i < 0) return rel.column(name);
      // Without the column order (a star in the select list), it may be any column.
      return columns ? (columns[i] ?? EMPTY) : rel.any();
    },
    any: () => rel.any(),
    row: () => rel.row(),
    ...(columns ? { ordered: () => columns } : {}),
  });
}

/** UNION and friends: columns by position, named by the first query (the rest may be any of their columns). */
export function unionOf(rels: readonly Relation[]): Relation {
  const [first, ...rest] = rels;
  if (!first) return NOTHING;
  const orders = rels.map((r) => r.ordered?.());
  const ordered = orders.every((o) => o !== undefined)
    ? Array.from({ length: Math.max(...orders.map((o) => o?.length ?? 0)) }, (_, i) =>
        maxSizes(orders.map((o) => o?.[i] ?? EMPTY)),
      )
    : undefined;
  return cached({
    names: [],
    column(name) {
      const own = first.column(name);
      return maxSizes([own ?? first.any(), ...rest.map((r) => r.any())]);
    },
    any: () => maxSizes(rels.map((r) => r.any())),
    row: () => maxSizes(rels.map((r) => r.row())),
    ...(ordered ? { ordered: () => ordered } : {}),
  });
}

export function lookupCte(scope: Scope, name: string): Relation | undefined {
  return scope.ctes.get(name);
}

/**
 * What a column reference holds. DuckDB binds a name to the innermost scope that has it; a dataset
 * table has every name, so a name is taken as the largest of everything it could bind to, in every
 * scope. A name nothing here can hold is taken as the largest value in scope.
 */
export function resolve(parts: readonly string[], scope: Scope): Size {
  const [first, second] = parts;
  if (first === undefined) return everything(scope);
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const p = s.params?.get(first);
    if (p) return p;
  }
  const found: Size[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const tables = second === undefined ? [] : s.relations.filter((r) => r.names.includes(first));
    for (const r of tables) addDefined(found, r.column(second as string));
    if (tables.length && found.length) continue;
    for (const r of s.relations) {
      addDefined(found, r.column(first)); // a column, or a struct column whose field this is
      if (second === undefined && r.names.includes(first)) found.push(nestedSize(r.row()));
    }
    addDefined(found, s.aliases.get(first));
  }
  // A column is computed for every row even when it holds a constant (DuckDB folds only expressions).
  return perRow(found.length ? maxSizes(found) : everything(scope));
}

/** The largest value anything in scope holds. */
export function everything(scope: Scope): Size {
  const found: Size[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    for (const r of s.relations) found.push(r.any());
    found.push(...s.aliases.values(), ...(s.params?.values() ?? []));
  }
  return maxSizes(found);
}

export function* scopeRelations(scope: Scope): Generator<Relation> {
  for (let s: Scope | undefined = scope; s; s = s.parent) yield* s.relations;
}

/**
 * What `*`, `t.*` or `COLUMNS(…)` expands: the relations named, or all of them; `s.*` of a struct
 * column `s` (no relation has that name) expands its fields, each at most the column.
 */
export function starRelations(name: string, relations: readonly Relation[], scope: Scope): Relation[] {
  if (!name) return [...relations];
  const named = relations.filter((r) => r.names.includes(name));
  if (named.length) return named;
  const column = resolve([name], scope);
  return [opaqueRelation(column, column)];
}

function addDefined(list: Size[], s: Size | undefined): void {
  if (s) list.push(s);
}
